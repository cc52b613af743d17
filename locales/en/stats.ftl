# /stats, /top, /activity: captions, buttons and answers.
stats-title = 📊 <b>{ $title }</b> · { $period }
stats-delta = {" "}<i>{ $change }</i>
stats-delta-new = new
stats-delta-same = = { $percent }
stats-delta-up = ▲ { $percent }
stats-delta-down = ▼ { $percent }
stats-duration-seconds = { $n } s
stats-duration-minutes = { $n } min
stats-duration-hours = { $n } h
stats-duration-days = { $n } days
stats-messages = 💬 <b>{ $count }</b> { $count ->
    [one] message
   *[other] messages
}{ $delta }
stats-active = 👤 <b>{ $count }</b> { $count ->
    [one] member wrote
   *[other] members wrote
}{ $delta } · <b>{ $engaged }</b> of them { $min }+ messages
stats-active-share = 📈 { $share } of all { $members } members wrote · { $engagedShare } wrote { $min }+ messages
stats-joined = ➕ { $count } joined
stats-left = ➖ { $count } left
stats-retention = 🔁 { $share } of the previous period's writers wrote again
stats-replies = ↩️ { $count } { $count ->
    [one] reply
   *[other] replies
}{ $delta }
stats-first-reply = ⏱ first reply ~{ $duration }
stats-media-line = 🖼 media { $media } · 🔀 { $forwards } { $forwards ->
    [one] forward
   *[other] forwards
} · ✍️ avg { $chars } chars
stats-join-1 = { $p0 }
stats-join-2 = { $p0 } · { $p1 }
stats-join-3 = { $p0 } · { $p1 } · { $p2 }
stats-join-4 = { $p0 } · { $p1 } · { $p2 } · { $p3 }
stats-posts = 📝 <b>{ $count }</b> { $count ->
    [one] post
   *[other] posts
}{ $delta }
stats-needs-user-session = 👁 views and forwards need the user session: see /track
stats-views-known = {" "}({ $known } of { $posts } posts)
stats-views-per-post = 👁 <b>{ $views }</b> views per post{ $delta }{ $known }
stats-forwards = 🔀 <b>{ $count }</b> { $count ->
    [one] forward
   *[other] forwards
}{ $delta }
stats-reactions = ❤️ <b>{ $count }</b> { $count ->
    [one] reaction
   *[other] reactions
}{ $delta }
stats-reactions-per-post = { $value } per post
stats-reactions-total = ❤️ { $count } { $count ->
    [one] reaction
   *[other] reactions
}
stats-no-change = no change
stats-change-since = {" "}<i>{ $amount } since { $day }</i>
stats-audience-members = 👥 <b>{ $count }</b> { $count ->
    [one] member
   *[other] members
}{ $change }
stats-audience-subscribers = 👥 <b>{ $count }</b> { $count ->
    [one] subscriber
   *[other] subscribers
}{ $change }
stats-native-title = 📡 Telegram stats ({ $date }):
stats-native-line = {"   "}{ $label }: <b>{ $value }</b>{ $delta }
stats-native-followers = Followers
stats-native-viewsPerPost = Views per post
stats-native-sharesPerPost = Shares per post
stats-native-reactionsPerPost = Reactions per post
stats-native-members = Members
stats-native-messages = Messages
stats-native-viewers = Viewers
stats-native-posters = Posters
stats-native-notificationsEnabledPct = Notifications enabled (%)
stats-busiest-hours = 🕒 busiest: { $hours }
stats-empty-line = {""}
stats-top-line = { $rank }. { $name } — { $count } ({ $share })
stats-recorded-since = recorded since { $day }
stats-partial-so-far = { $interval ->
    [hour] this hour so far
    [day] today so far
    [week] this week so far
   *[month] this month so far
}
stats-partial-single = { $interval ->
    [hour] a partial hour
    [day] a partial day
    [week] a partial week
   *[month] a partial month
}
stats-partial-several = { $interval ->
    [hour] partial hours
    [day] partial days
    [week] partial weeks
   *[month] partial months
}
stats-partial-and-so-far = { $partial }, { $soFar }

# Buttons under a statistics picture.
stats-button-today = Today
stats-button-7d = 7d
stats-button-30d = 30d
stats-button-90d = 90d
stats-button-365d = 1y
stats-button-all = All
stats-button-selected = • { $label }
stats-chart-activity = 📈 Activity
stats-chart-hours = 🕒 Hours
stats-chart-top = 🏆 Top
stats-chart-kinds = 🧩 Kinds
stats-chart-reactions = ❤️ Reactions

# Answers.
stats-unknown-chat = I have no records of that chat. Add me to it (as an administrator) and I'll start counting.
stats-nothing-recorded = Nothing recorded here yet: I count messages from the moment I was added. Check back after some conversation.
stats-privacy-mode = Telegram's privacy mode hides this group's messages from me, so I can't count them yet. Make me an administrator of this group (no special rights needed), or turn privacy mode off for @{ $bot } in @BotFather (/setprivacy → Disable), then remove me and add me again.
stats-no-admin-chats = I don't see a chat you administer. Add me to your group or channel as an administrator, then use /{ $command } there or here.
stats-which-chat = Which chat?
stats-only-admins = Only that chat's administrators can see its statistics here.
stats-button-invalid = This button is not valid.
stats-view-expired = This view has expired. Send /stats again.
stats-button-other-chat = This button does not belong to this chat.
stats-already-showing = Already showing that.
stats-nothing-to-show = Nothing to show.
stats-member-opted-out = That member opted out of Pulse's statistics, so I don't show their numbers.
stats-unknown-member = I haven't seen { $username } write here. Check the spelling, or reply to one of their messages with /stats.
stats-one-member = One member at a time: /stats @name, optionally with a period (/stats @name 30d).
