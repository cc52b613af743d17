# /export: CSV files and the network for a chat's administrators.
export-only-admins = Only this chat's administrators can export its data.
export-only-admins-there = Only that chat's administrators can export its data.
export-sent = 📎 Sent you the CSV files in a private chat.
export-cant-message = I can't message you yet: open @{ $bot }, press Start, then send /export here again.
export-no-admin-chats = I don't see a chat you administer. Add me to your group as an administrator first.
export-which-chat = Export which chat?
export-file-daily = Daily activity
export-file-members = Activity per member
export-file-messages = Messages with engagement
export-file-messages-capped = Messages with engagement (first { $n } messages)
export-caption = { $label } · <b>{ $title }</b> · { $period } ({ $timezone })
export-network-later = The network files (edge list and GEXF) come with the first daily build of the social graph, at 03:00 UTC.
export-network-edges = Network edge list (who replies to, reacts to, forwards whom)
export-network-gexf = Network for Gephi or Cytoscape (GEXF)
export-network-title = { $title }: who replies to, reacts to and forwards whom, as of { $asOf } UTC
export-network-caption = { $label } · <b>{ $title }</b> · all time, as of { $asOf } UTC
export-last-build = the last build
