# What Pulse tells a group when it is added or its rights change (src/bot/features/membership.ts).
membership-recording = ✅ Pulse is recording this group's activity: messages, replies, media, reactions, joins and leaves. Nothing from before this moment is counted.
membership-privacy-hidden = 👋 Pulse is here, but Telegram's privacy mode hides this group's messages from me, so I can't count them yet.
membership-privacy-either = To start recording, either:
membership-privacy-admin = • make me an <b>administrator</b> of this group (no special rights needed; it also lets me count reactions), or
membership-privacy-botfather = • turn privacy mode off for @{ $bot } in @BotFather (/setprivacy → Disable), then remove me and add me again.
