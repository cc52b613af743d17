# /stats, /top, /activity: подписи, кнопки и ответы.
stats-title = 📊 <b>{ $title }</b> · { $period }
stats-delta = {" "}<i>{ $change }</i>
stats-delta-new = новое
stats-delta-same = = { $percent }
stats-delta-up = ▲ { $percent }
stats-delta-down = ▼ { $percent }
stats-duration-seconds = { $n } с
stats-duration-minutes = { $n } мин
stats-duration-hours = { $n } ч
stats-duration-days = { $n } дн.
stats-messages = 💬 <b>{ $count }</b> { $count ->
    [one] сообщение
    [few] сообщения
    [many] сообщений
   *[other] сообщения
}{ $delta }
stats-active = 👤 <b>{ $count }</b> { $count ->
    [one] участник писал
    [few] участника писали
    [many] участников писали
   *[other] участника писали
}{ $delta } · <b>{ $engaged }</b> из них { $min }+ сообщений
stats-active-share = 📈 писали { $share } из всех { $members } участников · { $engagedShare } написали { $min }+ сообщений
stats-joined = ➕ { $count } { $count ->
    [one] вступил
    [few] вступили
    [many] вступили
   *[other] вступили
}
stats-left = ➖ { $count } { $count ->
    [one] вышел
    [few] вышли
    [many] вышли
   *[other] вышли
}
stats-retention = 🔁 { $share } писавших в прошлом периоде написали снова
stats-replies = ↩️ { $count } { $count ->
    [one] ответ
    [few] ответа
    [many] ответов
   *[other] ответа
}{ $delta }
stats-first-reply = ⏱ первый ответ ~{ $duration }
stats-media-line = 🖼 медиа { $media } · 🔀 { $forwards } { $forwards ->
    [one] пересылка
    [few] пересылки
    [many] пересылок
   *[other] пересылки
} · ✍️ в среднем { $chars } симв.
stats-join-1 = { $p0 }
stats-join-2 = { $p0 } · { $p1 }
stats-join-3 = { $p0 } · { $p1 } · { $p2 }
stats-join-4 = { $p0 } · { $p1 } · { $p2 } · { $p3 }
stats-posts = 📝 <b>{ $count }</b> { $count ->
    [one] пост
    [few] поста
    [many] постов
   *[other] поста
}{ $delta }
stats-needs-user-session = 👁 просмотры и пересылки собирает только пользовательская сессия: см. /track
stats-views-known = {" "}({ $known } из { $posts } постов)
stats-views-per-post = 👁 <b>{ $views }</b> просмотров на пост{ $delta }{ $known }
stats-forwards = 🔀 <b>{ $count }</b> { $count ->
    [one] пересылка
    [few] пересылки
    [many] пересылок
   *[other] пересылки
}{ $delta }
stats-reactions = ❤️ <b>{ $count }</b> { $count ->
    [one] реакция
    [few] реакции
    [many] реакций
   *[other] реакции
}{ $delta }
stats-reactions-per-post = { $value } на пост
stats-reactions-total = ❤️ { $count } { $count ->
    [one] реакция
    [few] реакции
    [many] реакций
   *[other] реакции
}
stats-no-change = без изменений
stats-change-since = {" "}<i>{ $amount } с { $day }</i>
stats-audience-members = 👥 <b>{ $count }</b> { $count ->
    [one] участник
    [few] участника
    [many] участников
   *[other] участника
}{ $change }
stats-audience-subscribers = 👥 <b>{ $count }</b> { $count ->
    [one] подписчик
    [few] подписчика
    [many] подписчиков
   *[other] подписчика
}{ $change }
stats-native-title = 📡 Статистика Telegram ({ $date }):
stats-native-line = {"   "}{ $label }: <b>{ $value }</b>{ $delta }
stats-native-followers = Подписчики
stats-native-viewsPerPost = Просмотры на пост
stats-native-sharesPerPost = Репосты на пост
stats-native-reactionsPerPost = Реакции на пост
stats-native-members = Участники
stats-native-messages = Сообщения
stats-native-viewers = Зрители
stats-native-posters = Авторы
stats-native-notificationsEnabledPct = Уведомления включены (%)
stats-busiest-hours = 🕒 самые активные часы: { $hours }
stats-empty-line = {""}
stats-top-line = { $rank }. { $name } — { $count } ({ $share })
stats-recorded-since = данные с { $day }
stats-partial-so-far = { $interval ->
    [hour] час ещё не закончился
    [day] день ещё не закончился
    [week] неделя ещё не закончилась
   *[month] месяц ещё не закончился
}
stats-partial-single = { $interval ->
    [hour] неполный час
    [day] неполный день
    [week] неполная неделя
   *[month] неполный месяц
}
stats-partial-several = { $interval ->
    [hour] неполные часы
    [day] неполные дни
    [week] неполные недели
   *[month] неполные месяцы
}
stats-partial-and-so-far = { $partial }, { $soFar }
stats-button-today = Сегодня
stats-button-7d = 7 дн.
stats-button-30d = 30 дн.
stats-button-90d = 90 дн.
stats-button-365d = Год
stats-button-all = Всё
stats-button-selected = • { $label }
stats-chart-activity = 📈 Активность
stats-chart-hours = 🕒 Часы
stats-chart-top = 🏆 Топ
stats-chart-kinds = 🧩 Типы
stats-chart-reactions = ❤️ Реакции
stats-unknown-chat = У меня нет данных об этом чате. Добавьте меня туда (администратором), и я начну считать.
stats-nothing-recorded = Здесь пока ничего не записано: я считаю сообщения с момента, когда меня добавили. Загляните после того, как здесь пообщаются.
stats-privacy-mode = Режим приватности Telegram скрывает от меня сообщения этой группы, поэтому я пока не могу их считать. Сделайте меня администратором группы (особые права не нужны) или отключите режим приватности для @{ $bot } в @BotFather (/setprivacy → Disable), затем удалите меня и добавьте снова.
stats-no-admin-chats = Я не вижу чатов, где вы администратор. Добавьте меня в свою группу или канал администратором, затем используйте /{ $command } там или здесь.
stats-which-chat = Какой чат?
stats-only-admins = Статистику этого чата здесь видят только его администраторы.
stats-button-invalid = Эта кнопка недействительна.
stats-view-expired = Этот вид устарел. Отправьте /stats ещё раз.
stats-button-other-chat = Эта кнопка не относится к этому чату.
stats-already-showing = Уже показано.
stats-nothing-to-show = Нечего показать.
stats-member-opted-out = Этот участник отказался от статистики Pulse, поэтому я не показываю его цифры.
stats-unknown-member = Я не видел, чтобы { $username } здесь писал. Проверьте написание или ответьте на одно из его сообщений командой /stats.
stats-one-member = По одному участнику за раз: /stats @имя, можно с периодом (/stats @имя 30d).
