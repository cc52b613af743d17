# Меню команд (список по «/»), по описанию на команду и область, и ответы ограничителя
# частоты. Описания — не длиннее 256 символов.
commands-start = Что такое Pulse и как его добавить
commands-help = Как пользоваться Pulse
commands-stats-private = Статистика чата, где вы администратор
commands-stats-groups = Статистика чата: /stats [период] или /stats @участник
commands-top = Самые активные участники: /top [период]
commands-activity = Самые оживлённые часы и дни: /activity [период]
commands-me-private = Ваша активность в группах, где вы пишете
commands-me-groups = Ваши собственные цифры в этом чате
commands-influence-private = Самые влиятельные участники и кто с кем общается в чате, где вы администратор
commands-influence-groups = Самые влиятельные участники и кто кому отвечает и ставит реакции
commands-export-private = Выгрузка в CSV для чата, где вы администратор
commands-export-groups = Выгрузка в CSV (для администраторов; приходит в личные сообщения)
commands-track-private = Следить за каналом или группой: история, просмотры, реакции
commands-track-groups = Следить за этим чатом через пользовательскую сессию (администраторы)
commands-untrack-private = Перестать следить за чатом
commands-untrack-groups = Перестать следить за чатом (администраторы)
commands-optout = Не учитывать меня (/optout delete — ещё и удалить мои данные)
commands-optin = Снова учитывать меня

rate-limit-user = Не так быстро — вы запросили слишком много статистики за последнюю минуту. Попробуйте снова через { $seconds ->
        [one] { $seconds } секунду
        [few] { $seconds } секунды
        [many] { $seconds } секунд
       *[other] { $seconds } секунды
    }.
rate-limit-chat = Не так быстро — этот чат запросил слишком много статистики за последнюю минуту. Попробуйте снова через { $seconds ->
        [one] { $seconds } секунду
        [few] { $seconds } секунды
        [many] { $seconds } секунд
       *[other] { $seconds } секунды
    }.
