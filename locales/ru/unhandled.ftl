# A command sent in private that only works in groups.
unhandled-groups-only = Команда /{ $command } работает в группах: отправьте её в своей группе, где я администратор. Что работает здесь, в личном чате, — в /help.
