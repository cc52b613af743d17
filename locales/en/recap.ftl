# The weekly recap card and its caption.
recap-kicker = Weekly recap
recap-week-label = Week { $week } · { $range }
recap-so-far = so far
recap-messages = Messages
recap-posts = Posts
recap-change-up = ▲ { $percent } vs last week
recap-change-down = ▼ { $percent } vs last week
recap-change-flat = same as last week
recap-change-new = new
recap-change-new-hint = too little last week to compare
recap-active = Active members
recap-active-share = { $percent } of { $members }
recap-active-no-count = member count unknown
recap-newcomers = Newcomers
recap-newcomers-detail = { $left } left · net { $net }
recap-reactions = Reactions
recap-replies = Replies
recap-per-day = Per day
recap-busiest = Busiest hour: { $day } { $time }
recap-podium = Top contributors
recap-n-messages = { $n ->
    [one] { $n } message
   *[other] { $n } messages
}
recap-n-posts = { $n ->
    [one] { $n } post
   *[other] { $n } posts
}
recap-n-reactions = { $n ->
    [one] { $n } reaction
   *[other] { $n } reactions
}
recap-n-replies = { $n ->
    [one] { $n } reply
   *[other] { $n } replies
}
recap-n-views = { $n ->
    [one] { $n } view
   *[other] { $n } views
}
recap-n-active = { $n ->
    [one] { $n } active member
   *[other] { $n } active members
}
recap-newcomer = Newcomer of the week
recap-newcomer-joined = joined { $day }
recap-no-newcomer = No newcomers wrote this week
recap-most-reacted = Most reacted
recap-most-replied = Most replied
recap-media = { $kind ->
    [photo] 📷 Photo
    [video] 🎬 Video
    [animation] GIF
    [sticker] Sticker
    [voice] 🎤 Voice message
    [video_note] Video message
    [audio] 🎵 Audio
    [document] 📎 File
    [poll] 📊 Poll
    [location] 📍 Location
   *[other] (no text)
}
recap-trend = { $weeks ->
    [one] This week
   *[other] Last { $weeks } weeks
}
recap-week-short = W{ $week }
recap-trend-messages = Messages
recap-trend-active = Active members
recap-trend-posts = Posts
recap-quiet-title = A quiet week
recap-quiet-body = { $n ->
    [one] Just one message this week. Quiet weeks happen: a question or a hello is all it takes to get talking again.
   *[other] Just { $n } messages this week. Quiet weeks happen: a question or a hello is all it takes to get talking again.
}
recap-footer = Made with Pulse
recap-channel-views = Views per post
recap-channel-forwards = Forwards
recap-channel-err = ERR
recap-channel-err-hint = reactions and forwards per view
recap-channel-subscribers = Subscribers
recap-channel-top-post = Top post
recap-not-measured = not measured
recap-missing-user-session = Views and forwards are read by the user session, which does not follow this channel yet.
recap-missing-subscribers = No subscriber count was recorded around this week.
# Caption: HTML for Telegram; values are escaped before they get here.
recap-caption-head = <b>{ $title }</b>
recap-caption-week = Week { $week } · { $range }
recap-caption-change-new = new
recap-caption-active-share = { $percent } of members
recap-caption-movement = 🌱 { $joined } joined · { $left } left
recap-caption-podium = 🏆 { $names }
recap-caption-newcomer = 👋 Newcomer of the week: { $name }
recap-caption-reacted = ❤️ Most reacted: { $snippet }
recap-caption-replied = 💬 Most replied: { $snippet }
recap-caption-top-post = ⭐ Top post: { $snippet }
recap-caption-busiest = 🕘 Busiest hour: { $day } { $time }
recap-caption-quiet = A quiet week: thanks to everyone who dropped by.
recap-caption-open = open
recap-caption-views = 👁 { $n } views per post
recap-caption-forwards = 🔁 { $n } forwards
recap-caption-err = ERR { $percent }
recap-caption-subscribers = 👤 subscribers { $change }
recap-caption-missing = Views and forwards not measured (no user session).
