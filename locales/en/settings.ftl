# /settings: a chat's administrators edit its settings with buttons on one message.
settings-title = ⚙️ Settings of <b>{ $chat }</b>
settings-timezone = Time zone: { $zone }
settings-language = Language: { $language }
settings-language-each = each person's own
settings-recap-on = Weekly recap: { $weekday } at { $hour }
settings-recap-off = Weekly recap: off
settings-access-everyone = Statistics commands: everyone
settings-access-admins = Statistics commands: administrators only
settings-charts-chat = Charts: in the chat
settings-charts-private = Charts: privately to whoever asks

settings-button-timezone = 🕒 Time zone
settings-button-language = 🌐 Language
settings-button-recap-on = ▶️ Turn the recap on
settings-button-recap-off = ⏸ Turn the recap off
settings-button-schedule = 📅 Recap day and hour
settings-button-access-admins = 🔒 Statistics: admins only
settings-button-access-everyone = 🔓 Statistics: everyone
settings-button-charts-private = 📩 Charts: privately
settings-button-charts-chat = 💬 Charts: in the chat
settings-button-done = ✅ Done
settings-button-back = ⬅️ Back
settings-button-timezone-type = ⌨️ Type another zone
settings-button-language-each = Each person's own

settings-pick-chat = Settings of which chat?
settings-no-chats = I don't see a chat you administer. Add me to your group or channel, then use /settings there or here.
settings-not-admin = Only this chat's administrators can change its settings.
settings-not-admin-button = Only the chat's administrators can change its settings.
settings-wrong-chat = This button does not belong to this chat.
settings-chat-unknown = I have not stored this chat yet. Send /settings again in a moment.
settings-saved = Settings saved.

settings-timezone-prompt = Reply to this message with the time zone's name, such as Europe/Berlin, America/New_York or Asia/Kolkata.
settings-timezone-prompt-named = { $name }, reply to this message with the time zone's name, such as Europe/Berlin, America/New_York or Asia/Kolkata.
settings-timezone-invalid = “{ $input }” is not a time zone I know. Reply to my question again with a name from the IANA list, such as Europe/Berlin or America/Sao_Paulo (Area/City, in English): https://en.wikipedia.org/wiki/List_of_tz_database_time_zones
settings-timezone-unchanged = The time zone is already { $zone }.
settings-timezone-changed = Time zone set to { $zone }. I'm recounting the daily statistics in it and will say when that is done.
settings-timezone-done = ✅ The daily statistics of { $chat } are now counted in { $zone }.
settings-timezone-failed = ⚠️ The time zone of { $chat } is { $zone }, but recounting its daily statistics in it failed. Choose the zone again to retry.

settings-stats-admins-only = In this chat, only administrators can ask for statistics.
settings-charts-start-bot = This chat's charts are sent privately, but I can't write to you yet: open @{ $bot }, press Start, then ask again.
settings-charts-sent-privately = Sent you the chart privately.

settings-command-groups = Settings of this chat: time zone, language, recap, who sees statistics (admins)
settings-command-private = Settings of a chat you administer
settings-help-groups = /settings — time zone, language, weekly recap, who may ask for statistics and where charts go (administrators)
settings-help-private = /settings — the settings of a chat you administer: time zone, language, weekly recap, statistics access, charts
