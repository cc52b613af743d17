# Цифры одного участника: /stats @user, /me.
member-title = 👤 <b>{ $name }</b> в <b>{ $chat }</b> · { $period }
member-never-seen = От этого участника нет сообщений с тех пор, как Pulse начал здесь запись.
member-no-messages = 💬 за этот период сообщений нет
member-messages = 💬 <b>{ $count }</b> { $count ->
    [one] сообщение
    [few] сообщения
    [many] сообщений
   *[other] сообщения
} · { $share } чата · место <b>#{ $rank }</b> из { $senders }
member-days = 📅 { $active ->
    [one] { $active } активный день
    [few] { $active } активных дня
    [many] { $active } активных дней
   *[other] { $active } активного дня
} · 🔥 серия { $streak ->
    [one] { $streak } день
    [few] { $streak } дня
    [many] { $streak } дней
   *[other] { $streak } дня
} (рекорд { $best ->
    [one] { $best } день
    [few] { $best } дня
    [many] { $best } дней
   *[other] { $best } дня
})
member-interactions = ↩️ { $replies } { $replies ->
    [one] ответ
    [few] ответа
    [many] ответов
   *[other] ответа
} · 🖼 { $media } медиа · ❤️ { $reactions } { $reactions ->
    [one] реакция получена
    [few] реакции получено
    [many] реакций получено
   *[other] реакции получено
}
member-seen = 🕐 впервые { $first } · последний раз { $last }
me-private-title = <b>Вы, последние 30 дней</b>
me-private-line = • <b>{ $chat }</b>: { $rank } · серия { $streak ->
    [one] { $streak } день
    [few] { $streak } дня
    [many] { $streak } дней
   *[other] { $streak } дня
} (рекорд { $best ->
    [one] { $best } день
    [few] { $best } дня
    [many] { $best } дней
   *[other] { $best } дня
})
me-private-no-messages = нет сообщений
me-private-rank = { $count } { $count ->
    [one] сообщение
    [few] сообщения
    [many] сообщений
   *[other] сообщения
}, #{ $rank } из { $senders }
me-anonymous = Вы пишете анонимно, и я не знаю, кто вы. Отправьте /me со своего аккаунта.
me-someone-else = /me показывает только ваши собственные числа. Чтобы увидеть чужие, отправьте /stats { $who }.
me-opted-out = Вы отказались от подсчёта, поэтому я вас не считаю и показать нечего. Отправьте /optin, чтобы вас снова считали.
me-never-wrote = Я пока не видел, чтобы вы писали в группах, где я есть.
