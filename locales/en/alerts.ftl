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
alerts-text-threshold = <b>{ $chat }</b>: { $metric } is at { $value } (your rule: { $op } { $limit }).
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

# /alerts
alerts-describe-anomaly = Unusual { $metric }
alerts-describe-threshold = { $metric } { $op } { $value }
alerts-describe-silence = Silence for { $hours ->
    [one] an hour
   *[other] { $hours } hours
} when the chat is usually busy
alerts-describe-viral = Viral posts ({ $ratio }× the channel's usual, again at { $escalate }×)
alerts-hours = { $n ->
    [one] { $n } hour
   *[other] { $n } hours
}
alerts-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
alerts-panel-title = 🔔 <b>Alerts for { $chat }</b>
alerts-bot-left = I'm no longer in this chat, so its rules are not evaluated. Add me back to resume them.
alerts-none = No rules yet. Add one with the buttons below, or type e.g. /alerts add activity-spike.
alerts-rule-line = { $paused ->
    [yes] ⏸
   *[no] ▶️
} <b>#{ $id }</b> { $name } · { $severity } · quiet for { $cooldown } after an alert
alerts-severity-info = info
alerts-severity-warning = warning
alerts-severity-critical = critical
alerts-you-subscribed = You get these alerts by private message.
alerts-you-not-subscribed = You don't get these alerts yet: press “Send them to me”.
alerts-btn-pause = ⏸ #{ $id }
alerts-btn-resume = ▶️ #{ $id }
alerts-btn-test = 🧪 #{ $id }
alerts-btn-delete = 🗑 #{ $id }
alerts-preset-activity-spike = + Activity spike
alerts-preset-joins-spike = + Joins spike
alerts-preset-leaves-spike = + Leaves spike
alerts-preset-silence = + Silence
alerts-preset-viral-post = + Viral post
alerts-btn-on = 🔔 Send them to me
alerts-btn-off = 🔕 Stop sending them to me
alerts-btn-history = 📜 History
alerts-btn-back = ← Back
alerts-only-admins = Only the chat's admins can see or change its alerts.
alerts-unknown-chat = I don't know that chat yet. Add me to it first.
alerts-viral-channels-only = Viral-post alerts are for channels followed with the user session.
alerts-too-many = A chat can have at most { $max } rules. Delete one first.
alerts-created = ✅ Rule <b>#{ $id }</b>: { $name } ({ $severity }, quiet for { $cooldown } after an alert). Admins get it after /alerts on.
alerts-no-such-rule = This chat has no rule #{ $id }.
alerts-test-sent = Sent you a test alert in private.
alerts-start-me-first = I can't message you yet: open a private chat with @{ $bot } and press Start, then try again.
alerts-history-empty = No alerts yet in { $chat }.
alerts-history-title = 📜 <b>Recent alerts in { $chat }</b>
alerts-history-line = { $when } · { $status } · rule #{ $rule } · value { $value }
alerts-status-fired = fired
alerts-status-escalated = escalated
alerts-status-resolved = back to normal
alerts-status-suppressed = held back (cooldown)
alerts-status-test = test
alerts-need-rule-id = Which rule? Send /alerts { $action } followed by its number, e.g. /alerts { $action } 3.
alerts-paused = Rule #{ $id } paused.
alerts-resumed = Rule #{ $id } resumed.
alerts-deleted = Rule #{ $id } deleted.
alerts-on-done = You'll get this chat's alerts by private message. If you haven't yet, open a chat with @{ $bot } and press Start.
alerts-off-done = You won't get this chat's alerts any more.
alerts-usage = Usage:
    /alerts — the rules and buttons
    /alerts add activity-spike | joins-spike | leaves-spike | silence | viral-post [info|warning|critical] [cooldown=6h]
    /alerts add threshold messages_per_hour &gt; 500
    /alerts pause 3 · /alerts resume 3 · /alerts delete 3 · /alerts test 3
    /alerts history · /alerts on · /alerts off
    /alerts quiet 23:00-08:00 [Europe/Berlin] · /alerts quiet off
alerts-no-admin-chats = You don't administer any chat I'm in. Add me to a group as an admin, then send /alerts here again.
alerts-which-chat = Which chat's alerts?
alerts-choose-severity = { $name } in <b>{ $chat }</b>: how serious is it?
alerts-error-usage = Which alert? Presets: { $presets }.
alerts-error-unknown-preset = There is no preset “{ $name }”. Presets: { $presets }.
alerts-error-threshold-usage = Write a threshold as: /alerts add threshold messages_per_hour &gt; 500 (comparisons: &gt;, &gt;=, &lt;, &lt;=).
alerts-error-unknown-metric = Unknown metric “{ $metric }”. Metrics: { $metrics }.
alerts-error-bad-number = “{ $value }” is not a number.
alerts-error-negative = A threshold can't be negative.
alerts-error-cooldown = The cooldown must be between 1 minute and 7 days.
alerts-error-duration = “{ $value }” is not a duration: write e.g. 30m, 6h or 1d.
alerts-error-silence-hours = Silence can be watched over 1 to 24 hours.
alerts-error-unknown-option = I don't understand “{ $option }”.
alerts-command-private = Alerts for a chat you administer: spikes, silence, viral posts
alerts-command-groups = Alerts DMed to admins: /alerts, /alerts add, /alerts on (admins)
alerts-help-groups = /alerts — alerts DMed to this chat's admins: activity or joins spikes, silence, viral posts, thresholds; /alerts on to receive them (admins)
alerts-help-private = /alerts — the alerts of a chat you administer
alerts-quiet-usage = Write your quiet hours as /alerts quiet 23:00-08:00 (optionally with a time zone: /alerts quiet 23:00-08:00 Europe/Berlin), or /alerts quiet off.
alerts-quiet-whole-day = Quiet hours can't cover the whole day: then you would get nothing. Use /alerts off instead.
alerts-quiet-bad-zone = “{ $zone }” is not a time zone. Use a name like Europe/Berlin or America/New_York.
alerts-quiet-set = 🌙 Quiet hours { $from }–{ $to } ({ $zone }): alerts in that time wait, and you get one summary when it ends.
alerts-quiet-off = Quiet hours off: alerts arrive when they happen.
alerts-error-active-below = Active members today start from zero every midnight, so “fewer than” would fire every night. Use > or >= for this metric.
alerts-sent-private = I've sent you this chat's alerts privately (only admins see them).
alerts-left-chat = I'm no longer in <b>{ $chat }</b>, so its { $rules ->
    [one] rule is
   *[other] { $rules } rules are
} not evaluated. Add me back to resume them.
alerts-chart-value = This chat
alerts-chart-typical = Usual range (same hours, last 8 weeks)
alerts-chart-median = Usual (median)
