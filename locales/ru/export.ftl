# /export: CSV-файлы и сеть для администраторов чата.
export-only-admins = Экспортировать данные этого чата могут только его администраторы.
export-only-admins-there = Экспортировать данные того чата могут только его администраторы.
export-sent = 📎 Отправил вам CSV-файлы в личный чат.
export-cant-message = Я пока не могу вам написать: откройте @{ $bot }, нажмите «Старт» и снова отправьте здесь /export.
export-no-admin-chats = Я не вижу чатов, где вы администратор. Сначала добавьте меня в группу администратором.
export-which-chat = Какой чат экспортировать?
export-file-daily = Активность по дням
export-file-members = Активность по участникам
export-file-messages = Сообщения с вовлечённостью
export-file-messages-capped = Сообщения с вовлечённостью (первые { $n })
export-caption = { $label } · <b>{ $title }</b> · { $period } ({ $timezone })
export-network-later = Файлы сети (список рёбер и GEXF) появятся после первого ежедневного расчёта социального графа, в 03:00 UTC.
export-network-edges = Список рёбер сети (кто кому отвечает, на кого реагирует, кого пересылает)
export-network-gexf = Сеть для Gephi или Cytoscape (GEXF)
export-network-title = { $title }: кто кому отвечает, на кого реагирует и кого пересылает, на { $asOf } UTC
export-network-caption = { $label } · <b>{ $title }</b> · за всё время, на { $asOf } UTC
export-last-build = последний пересчёт
