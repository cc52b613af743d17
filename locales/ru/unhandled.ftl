# A command sent in private that only works in groups.
unhandled-groups-only = Команда /{ $command } работает в группах: отправьте её в своей группе, где я администратор. Что работает здесь, в личном чате, — в /help.
# Anything else sent in private: an unknown command, a text, a sticker.
unhandled-private = Этого я не знаю. Что я умею здесь — в /help; экспорт Telegram Desktop (result.json), присланный сюда, я импортирую.
