# Command menus (Telegram's "/" list), one description per command and scope, and the rate
# limiter's answers. Descriptions are at most 256 characters.
commands-start = What Pulse is and how to add it
commands-help = How to use Pulse
commands-stats-private = Statistics of a chat you administer
commands-stats-groups = Chat statistics: /stats [period] or /stats @user
commands-top = Most active members: /top [period]
commands-activity = Busiest hours and days: /activity [period]
commands-me-private = Your activity in the groups you write in
commands-me-groups = Your own numbers in this chat
commands-influence-private = Top influencers and who interacts with whom in a chat you administer
commands-influence-groups = Top influencers and who replies to and reacts to whom
commands-export-private = CSV export of a chat you administer
commands-export-groups = CSV export (admins; sent privately)
commands-track-private = Follow a channel or group: history, views, reactions
commands-track-groups = Follow this chat with the user session (admins)
commands-untrack-private = Stop following a chat
commands-untrack-groups = Stop following a chat (admins)
commands-optout = Stop counting me (/optout delete: also delete my data)
commands-optin = Count me again

rate-limit-user = Easy there — you have asked for too many statistics in the last minute. Try again in { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    }.
rate-limit-chat = Easy there — this chat has asked for too many statistics in the last minute. Try again in { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    }.
