# /start and /help. The sections and their command lines are put together from the command
# table (src/bot/commands.ts); one line per command and scope.
help-intro = <b>Pulse</b> — self-hosted analytics for Telegram groups and channels.

    I record a chat's activity as it happens (messages, replies, media, reactions, joins and leaves) and answer with numbers and charts.
help-setup-group = <b>Add me to a group</b>
    1. Open the group → Add members → @{ $bot }.
    2. Make me an <b>administrator</b> (no special rights needed). Admins see every message and reactions; without it Telegram's privacy mode hides members' messages from me.
help-setup-channel = <b>Add me to a channel</b>: add me as an administrator; I record posts and edits.
help-section-groups = <b>In a group</b>
help-section-private = <b>Here in private</b>
help-section-anywhere = <b>In a group or here in private</b>
help-section-anywhere-group = <b>Here or in a private chat with me</b>
help-section-channels = <b>In a channel</b>
help-import = Send me a Telegram Desktop export (result.json) of a chat you administer and I'll import its history.
help-periods = Periods: today, yesterday, 7d, 30d, 90d, 365d, all, a date (2026-03-01) or a range (2026-03-01..2026-03-31).

help-stats-groups = /stats [period] — numbers and a chart; buttons switch period and chart. /stats @user (or as a reply) — one member
help-stats-private = /stats — statistics of a chat you administer: pick it from the list
help-top = /top [period] — most active members
help-activity = /activity [period] — busiest hours and days
help-me-groups = /me [period] — your own numbers in this chat
help-me-private = /me — your numbers in all the groups you write in
help-influence-groups = /influence — top influencers and a chart of who replies to and reacts to whom (rebuilt daily)
help-influence-private = /influence — the same for a chat you administer
help-export-groups = /export [period] — CSV files, for admins, sent privately
help-export-private = /export [period] — CSV files of a chat you administer
help-track = /track @channel, a t.me link or a chat id — follow a chat with the user session: history, views, reactions (admins)
help-untrack = /untrack — stop following a chat; what was collected stays
help-optout = /optout — I stop counting you and never show your name; your messages count only in chat totals. /optout delete — also delete your stored message texts and per-day numbers
help-optin = /optin — count me again
