# Words drawn on the statistics charts.
chart-untitled = Telegram chat
chart-no-messages = No messages in this period
chart-no-posts = No posts in this period
chart-no-reactions = No reactions in this period
chart-reaction-paid = ⭐ paid
chart-reaction-custom = custom emoji
chart-kind-text = Text
chart-kind-photo = Photo
chart-kind-video = Video
chart-kind-animation = GIF
chart-kind-voice = Voice message
chart-kind-video-note = Video message
chart-kind-audio = Audio
chart-kind-document = File
chart-kind-sticker = Sticker
chart-kind-poll = Poll
chart-kind-location = Location
chart-kind-venue = Venue
chart-kind-contact = Contact
chart-kind-dice = Dice
chart-kind-game = Game
chart-kind-story = Story
chart-kind-paid-media = Paid media
chart-kind-giveaway = Giveaway
chart-kind-checklist = Checklist
chart-kind-service = Service message
chart-kind-other = Other
chart-kind-everything-else = Everything else
chart-top-footer-some = { $messages ->
    [one] { $messages } message
   *[other] { $messages } messages
} by these { $shown } of { $senders ->
    [one] { $senders } active sender
   *[other] { $senders } active senders
}
chart-top-footer-share = {" "}· { $share } of all { $total }
chart-top-footer-only = { $messages ->
    [one] { $messages } message
   *[other] { $messages } messages
}, all by the only active sender
chart-top-footer-all = { $messages ->
    [one] { $messages } message
   *[other] { $messages } messages
} by all { $senders } active senders
chart-total-messages = { $n ->
    [one] { $n } message in total
   *[other] { $n } messages in total
}
chart-total-posts = { $n ->
    [one] { $n } post in total
   *[other] { $n } posts in total
}
chart-total-reactions = { $n ->
    [one] { $n } reaction in total
   *[other] { $n } reactions in total
}
chart-total-messages-short = { $n ->
    [one] { $n } message
   *[other] { $n } messages
}
chart-total-posts-short = { $n ->
    [one] { $n } post
   *[other] { $n } posts
}
chart-reactions-footer-top = Top { $shown } of { $kinds } reactions · { $total } in total
chart-timeline-footer = { $total } · { $interval ->
    [hour] busiest hour: { $label }
    [day] busiest day: { $label }
    [week] busiest: week of { $label }
    [month] busiest month: { $label }
   *[other] busiest: { $label }
} ({ $peak })
chart-partial-default = { $interval ->
    [hour] partial hour
    [day] partial day
    [week] partial week
    [month] partial month
   *[other] partial period
}
chart-partial-note = { $bars ->
    [one] lighter bar: { $note }
   *[other] lighter bars: { $note }
}
chart-heatmap-footer = Busiest: { $day } { $from }–{ $to } ({ $busiest }) · { $total } in total
chart-legend-messages = Messages
# Senders, not members: people and chats posting as themselves (a linked channel, anonymous
# admins), as chat_daily_activity counts them; captions count members (people) apart.
chart-legend-active-users = Active senders
chart-legend-posts = Posts
chart-axis-messages = messages
chart-axis-posts = posts
chart-axis-active-users = active senders
chart-axis-hour = hour of day
chart-scale-fewer = fewer
chart-scale-more = more
chart-network-person = person
chart-network-chat = chat
chart-network-footer-top = { $shown } most connected of { $total } · arrow: replied or reacted to · thicker: more often
chart-network-footer-all = all { $shown } · arrow: replied or reacted to · thicker: more often
