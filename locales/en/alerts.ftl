# Alert DMs and the /alerts command.
alerts-unit-messages_per_hour = { $n ->
    [one] message
   *[other] messages
}
alerts-unit-joins_per_hour = { $n ->
    [one] join
   *[other] joins
}
alerts-unit-leaves_per_hour = { $n ->
    [one] leave
   *[other] leaves
}
alerts-metric-messages_per_hour = messages per hour
alerts-metric-messages_per_day = messages per day
alerts-metric-active_members_per_day = active members today
alerts-metric-joins_per_hour = joins per hour
alerts-metric-joins_per_day = joins per day
alerts-metric-leaves_per_hour = leaves per hour
alerts-metric-leaves_per_day = leaves per day
alerts-metric-post_views = views of a post
alerts-text-anomaly = <b>{ $chat }</b>: { $ratio }× your normal rate — { $value } { $unit } in the last hour vs about { $typical } typical for { $when }.
alerts-text-threshold = <b>{ $chat }</b>: { $metric } reached { $value } (your line: { $limit }).
alerts-text-silence = <b>{ $chat }</b> has been silent for { $hours ->
    [one] an hour
   *[other] { $hours } hours
}; by { $when } it usually has about { $typical } messages in that time.
alerts-text-viral = <b>{ $chat }</b>: a post is spreading — { $views } views at { $age } h, { $ratio }× the channel's usual { $typical }; { $rate } forwards per hour.
alerts-text-viral-escalated = <b>{ $chat }</b>: the post keeps spreading — { $views } views at { $age } h, now { $ratio }× the channel's usual { $typical }; { $rate } forwards per hour.
alerts-text-test = <b>{ $chat }</b>: this is how alert #{ $rule } will look.
alerts-test-banner = 🧪 Test alert
alerts-open-chat = Open the chat
alerts-open-post = Open the post
alerts-footer = Rule #{ $rule } · /alerts to pause or change it
alerts-summary = While you were in quiet hours: { $count ->
    [one] one alert
   *[other] { $count } alerts
}.
alerts-start-me = { $names }: I can't send you alerts yet. Open a private chat with me and press Start.
