# A command sent in private that only works in groups.
unhandled-groups-only = /{ $command } works in groups: send it in your group, where I'm an administrator. /help lists what works here in private.
