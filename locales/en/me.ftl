# One member's numbers: /stats @user, /me.
member-title = 👤 <b>{ $name }</b> in <b>{ $chat }</b> · { $period }
member-never-seen = No messages from them since Pulse started recording here.
member-no-messages = 💬 no messages in this period
member-messages = 💬 <b>{ $count }</b> { $count ->
    [one] message
   *[other] messages
} · { $share } of the chat · rank <b>#{ $rank }</b> of { $senders }
member-days = 📅 { $active ->
    [one] { $active } day
   *[other] { $active } days
} active · 🔥 streak { $streak ->
    [one] { $streak } day
   *[other] { $streak } days
} (best { $best ->
    [one] { $best } day
   *[other] { $best } days
})
member-interactions = ↩️ { $replies } { $replies ->
    [one] reply
   *[other] replies
} · 🖼 { $media } media · ❤️ { $reactions } { $reactions ->
    [one] reaction
   *[other] reactions
} received
member-seen = 🕐 first seen { $first } · last seen { $last }
me-private-title = <b>You, last 30 days</b>
me-private-line = • <b>{ $chat }</b>: { $rank } · streak { $streak ->
    [one] { $streak } day
   *[other] { $streak } days
} (best { $best ->
    [one] { $best } day
   *[other] { $best } days
})
me-private-no-messages = no messages
me-private-rank = { $count } { $count ->
    [one] message
   *[other] messages
}, #{ $rank } of { $senders }
me-anonymous = You're posting anonymously, so I can't tell who you are. Use /me from your own account.
me-someone-else = /me shows only your own numbers. For someone else’s, send /stats { $who }.
me-opted-out = You opted out, so I don't count you and have no numbers of yours to show. Send /optin to be counted again.
me-never-wrote = I haven't seen you write in any group I'm in yet.
