# A command sent in private that only works in groups.
unhandled-groups-only = /{ $command } works in groups: send it in your group, where I'm an administrator. /help lists what works here in private.
# Anything else sent in private: an unknown command, a text, a sticker.
unhandled-private = I don't know that one. /help lists what I can do here; a Telegram Desktop export (result.json) sent here is imported.
