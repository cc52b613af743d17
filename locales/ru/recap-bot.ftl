# /recap по запросу, PDF-отчёт, строки меню и справки.
commands-recap = Итоги недели: /recap, /recap last, /recap 2026-11-02, /recap pdf
help-recap = /recap: итоги текущей недели на сегодня; /recap last: последняя полная неделя; /recap 2026-11-02: неделя, в которую входит этот день; добавьте pdf, чтобы получить PDF-отчёт с графиками и таблицей участников. Итоги прошедшей недели группа получает сама каждую неделю (см. /settings).
recap-bot-bad-argument = Не понимаю «{ $input }». Используйте /recap (текущая неделя на сегодня), /recap last, /recap 2026-11-02 (неделя с этим днём) и добавьте pdf для PDF-отчёта.
recap-bot-bad-date = { $input } — такой даты нет в календаре. Пишите год-месяц-день, например /recap 2026-11-02.
recap-bot-future-week = Неделя { $range } ещё не началась. /recap покажет текущую неделю на сегодня.
recap-bot-before-data = У меня нет записей раньше { $first }, поэтому за неделю { $range } подводить нечего. Выберите неделю начиная с { $first } или /recap last.
recap-bot-empty-week = За неделю { $range } ничего не произошло: ни сообщений, ни входов, ни выходов.
recap-bot-no-admin-chats = Я не вижу чатов, где вы администратор. Добавьте меня в группу или канал администратором и используйте /recap там или здесь.
recap-bot-pick-chat = Итоги какого чата?
recap-bot-not-admin = Итоги этого чата здесь видят только его администраторы.
recap-bot-pdf-caption = Отчёт за неделю { $week } · { $range }
recap-pdf-subtitle = Неделя { $week } · { $range }
recap-pdf-subtitle-partial = Неделя { $week } · { $range } (на сегодня)
recap-pdf-footer = Pulse · время: { $timezone }
recap-pdf-page = Страница { $page } из { $pages }
recap-pdf-week-heading = Неделя: { $range }
recap-pdf-month-heading = { $days ->
    [one] Последний { $days } день: { $range }
    [few] Последние { $days } дня: { $range }
    [many] Последние { $days } дней: { $range }
   *[other] Последние { $days } дня: { $range }
}
recap-pdf-chart-activity = Сообщения и активные участники
recap-pdf-chart-hours = Самые активные часы и дни
recap-pdf-chart-top = Самые активные участники
recap-pdf-members-heading = Писали на этой неделе ({ $n })
recap-pdf-col-member = Участник
recap-pdf-col-messages = Сообщения
recap-pdf-col-active-days = Активные дни
recap-pdf-col-replies = Ответы
recap-pdf-col-media = Медиа
recap-pdf-no-members = На этой неделе никто не писал.
# The /export workbook (src/render/xlsx.ts), sent beside the CSV files.
export-file-workbook = Книга XLSX: все три таблицы, по листу на каждую
export-workbook-button = 📊 То же в виде книги XLSX
