# Уведомления администраторам и команда /alerts.
alerts-unit-messages_per_hour = { $n ->
    [one] сообщение
    [few] сообщения
    [many] сообщений
   *[other] сообщения
}
alerts-unit-joins_per_hour = { $n ->
    [one] вступление
    [few] вступления
    [many] вступлений
   *[other] вступления
}
alerts-unit-leaves_per_hour = { $n ->
    [one] выход
    [few] выхода
    [many] выходов
   *[other] выхода
}
alerts-metric-messages_per_hour = сообщений в час
alerts-metric-messages_per_day = сообщений в сутки
alerts-metric-active_members_per_day = активных участников сегодня
alerts-metric-joins_per_hour = вступлений в час
alerts-metric-joins_per_day = вступлений в сутки
alerts-metric-leaves_per_hour = выходов в час
alerts-metric-leaves_per_day = выходов в сутки
alerts-metric-post_views = просмотров поста
alerts-text-anomaly = <b>{ $chat }</b>: в { $ratio } раза выше обычного — { $value } { $unit } за последний час; обычно в это время ({ $when }) около { $typical }.
alerts-text-threshold = <b>{ $chat }</b>: { $metric } — { $value } (ваше правило: { $op } { $limit }).
alerts-text-silence = В <b>{ $chat }</b> тишина уже { $hours ->
    [one] { $hours } час
    [few] { $hours } часа
   *[many] { $hours } часов
}; обычно в это время ({ $when }) за такой срок бывает около { $typical } сообщений.
alerts-text-viral = <b>{ $chat }</b>: пост расходится — { $views } просмотров за { $age } ч, в { $ratio } раза больше обычных { $typical }; { $rate } пересылок в час.
alerts-text-viral-escalated = <b>{ $chat }</b>: пост продолжает расходиться — { $views } просмотров за { $age } ч, уже в { $ratio } раза больше обычных { $typical }; { $rate } пересылок в час.
alerts-text-test = <b>{ $chat }</b>: так будет выглядеть уведомление правила №{ $rule }.
alerts-test-banner = 🧪 Тестовое уведомление
alerts-open-chat = Открыть чат
alerts-open-post = Открыть пост
alerts-footer = Правило №{ $rule } · /alerts — приостановить или изменить
alerts-summary = Пока у вас были тихие часы: { $count ->
    [one] { $count } уведомление
    [few] { $count } уведомления
   *[many] { $count } уведомлений
}.
alerts-start-me = { $names }: я пока не могу присылать вам уведомления. Откройте личный чат со мной и нажмите «Старт».

# /alerts
alerts-describe-anomaly = Необычно много: { $metric }
alerts-describe-threshold = { $metric } { $op } { $value }
alerts-describe-silence = Тишина { $hours ->
    [one] { $hours } час
    [few] { $hours } часа
   *[many] { $hours } часов
}, когда в чате обычно оживлённо
alerts-describe-viral = Вирусные посты (в { $ratio } раза выше обычного, повторно при { $escalate }×)
alerts-hours = { $n ->
    [one] { $n } час
    [few] { $n } часа
   *[many] { $n } часов
}
alerts-minutes = { $n ->
    [one] { $n } минуту
    [few] { $n } минуты
   *[many] { $n } минут
}
alerts-panel-title = 🔔 <b>Уведомления для { $chat }</b>
alerts-bot-left = Меня больше нет в этом чате, поэтому его правила не проверяются. Добавьте меня обратно, чтобы они снова заработали.
alerts-none = Правил пока нет. Добавьте кнопками ниже или командой, например /alerts add activity-spike.
alerts-rule-line = { $paused ->
    [yes] ⏸
   *[no] ▶️
} <b>№{ $id }</b> { $name } · { $severity } · пауза { $cooldown } после уведомления
alerts-severity-info = к сведению
alerts-severity-warning = внимание
alerts-severity-critical = критично
alerts-you-subscribed = Вы получаете эти уведомления в личные сообщения.
alerts-you-not-subscribed = Вы пока не получаете эти уведомления: нажмите «Присылать мне».
alerts-btn-pause = ⏸ №{ $id }
alerts-btn-resume = ▶️ №{ $id }
alerts-btn-test = 🧪 №{ $id }
alerts-btn-delete = 🗑 №{ $id }
alerts-preset-activity-spike = + Всплеск активности
alerts-preset-joins-spike = + Всплеск вступлений
alerts-preset-leaves-spike = + Всплеск выходов
alerts-preset-silence = + Тишина
alerts-preset-viral-post = + Вирусный пост
alerts-btn-on = 🔔 Присылать мне
alerts-btn-off = 🔕 Не присылать мне
alerts-btn-history = 📜 История
alerts-btn-back = ← Назад
alerts-only-admins = Видеть и менять уведомления чата могут только его администраторы.
alerts-unknown-chat = Я ещё не знаю этот чат. Сначала добавьте меня в него.
alerts-viral-channels-only = Уведомления о вирусных постах — для каналов, за которыми следит пользовательская сессия.
alerts-too-many = В чате может быть не больше { $max } правил. Сначала удалите одно.
alerts-created = ✅ Правило <b>№{ $id }</b>: { $name } ({ $severity }, пауза { $cooldown } после уведомления). Администраторы получат его после /alerts on.
alerts-no-such-rule = В этом чате нет правила №{ $id }.
alerts-test-sent = Отправил вам тестовое уведомление в личные сообщения.
alerts-start-me-first = Я пока не могу вам написать: откройте личный чат с @{ $bot }, нажмите «Старт» и попробуйте снова.
alerts-history-empty = В { $chat } уведомлений пока не было.
alerts-history-title = 📜 <b>Последние уведомления в { $chat }</b>
alerts-history-line = { $when } · { $status } · правило №{ $rule } · значение { $value }
alerts-status-fired = сработало
alerts-status-escalated = усилилось
alerts-status-resolved = всё в норме
alerts-status-suppressed = придержано (пауза)
alerts-status-test = тест
alerts-need-rule-id = Какое правило? Отправьте /alerts { $action } и его номер, например /alerts { $action } 3.
alerts-paused = Правило №{ $id } приостановлено.
alerts-resumed = Правило №{ $id } снова работает.
alerts-deleted = Правило №{ $id } удалено.
alerts-on-done = Уведомления этого чата будут приходить вам в личные сообщения. Если вы ещё не начали чат с @{ $bot }, откройте его и нажмите «Старт».
alerts-off-done = Уведомления этого чата больше не будут вам приходить.
alerts-usage = Как пользоваться:
    /alerts — правила и кнопки
    /alerts add activity-spike | joins-spike | leaves-spike | silence | viral-post [info|warning|critical] [cooldown=6h]
    /alerts add threshold messages_per_hour &gt; 500
    /alerts pause 3 · /alerts resume 3 · /alerts delete 3 · /alerts test 3
    /alerts history · /alerts on · /alerts off
    /alerts quiet 23:00-08:00 [Europe/Moscow] · /alerts quiet off
alerts-no-admin-chats = Вы не администрируете ни одного чата, где я есть. Добавьте меня в группу администратором и снова отправьте /alerts здесь.
alerts-which-chat = Уведомления какого чата?
alerts-choose-severity = { $name } в <b>{ $chat }</b>: насколько это важно?
alerts-error-usage = Какое уведомление? Готовые варианты: { $presets }.
alerts-error-unknown-preset = Варианта «{ $name }» нет. Готовые варианты: { $presets }.
alerts-error-threshold-usage = Порог пишется так: /alerts add threshold messages_per_hour &gt; 500 (сравнения: &gt;, &gt;=, &lt;, &lt;=).
alerts-error-unknown-metric = Неизвестная метрика «{ $metric }». Метрики: { $metrics }.
alerts-error-bad-number = «{ $value }» — не число.
alerts-error-negative = Порог не может быть отрицательным.
alerts-error-cooldown = Пауза должна быть от 1 минуты до 7 дней.
alerts-error-duration = «{ $value }» — не длительность: напишите, например, 30m, 6h или 1d.
alerts-error-silence-hours = Тишину можно отслеживать от 1 до 24 часов.
alerts-error-unknown-option = Не понимаю «{ $option }».
alerts-command-private = Уведомления чата, который вы администрируете: всплески, тишина, вирусные посты
alerts-command-groups = Уведомления администраторам в личку: /alerts, /alerts add, /alerts on (админы)
alerts-help-groups = /alerts — уведомления администраторам чата в личку: всплески активности и вступлений, тишина, вирусные посты, пороги; /alerts on — получать их (админы)
alerts-help-private = /alerts — уведомления чата, который вы администрируете
alerts-quiet-usage = Укажите тихие часы так: /alerts quiet 23:00-08:00 (можно с часовым поясом: /alerts quiet 23:00-08:00 Europe/Moscow) или /alerts quiet off.
alerts-quiet-whole-day = Тихие часы не могут занимать весь день — тогда вы ничего не получите. Лучше используйте /alerts off.
alerts-quiet-bad-zone = «{ $zone }» — не часовой пояс. Укажите, например, Europe/Moscow или Asia/Almaty.
alerts-quiet-set = 🌙 Тихие часы { $from }–{ $to } ({ $zone }): уведомления в это время подождут, а после вы получите одну сводку.
alerts-quiet-off = Тихие часы выключены: уведомления приходят сразу.
alerts-error-active-below = Число активных участников за сегодня каждую полночь начинается с нуля, поэтому «меньше чем» срабатывало бы каждую ночь. Для этой метрики используйте > или >=.
alerts-sent-private = Отправил вам уведомления этого чата в личные сообщения (их видят только администраторы).
alerts-left-chat = Меня больше нет в <b>{ $chat }</b>, поэтому { $rules ->
    [one] его { $rules } правило не проверяется
    [few] его { $rules } правила не проверяются
   *[many] его { $rules } правил не проверяются
}. Добавьте меня обратно, чтобы они снова заработали.
alerts-chart-value = Этот чат
alerts-chart-typical = Обычный диапазон (те же часы, 8 недель)
alerts-chart-median = Обычно (медиана)
