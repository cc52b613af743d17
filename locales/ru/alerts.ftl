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
alerts-text-threshold = <b>{ $chat }</b>: { $metric } — { $value } (ваш порог: { $limit }).
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
