# /optout, /optout delete and /optin (src/bot/features/optout.ts).
optout-anonymous = You're posting anonymously (as the group or a channel), so I can't tell who you are. Send this from your own account, or to me in private.
optout-usage = Send /optout to stop being counted, or /optout delete to also delete what I stored about you.
optout-done = Done: I no longer count you, in any chat.
optout-done-name = • Your name never appears: not in leaderboards, /stats, charts, top messages or exports.
optout-done-totals = • Your messages still count in each chat's totals, without your name.
optout-done-texts = • I don't keep the text of messages you send from now on.
optout-already = You had already opted out; nothing changed.
optout-kept-hidden = • What I stored before (message texts, your past numbers) is kept but hidden. To delete it, send /optout delete.
optout-how-to-return = • Send /optin to be counted again.
optout-already-deleted = You had already opted out; now I also deleted what I stored about you.
optout-deleted = • Deleted: the text of { $texts ->
    [one] { $texts } message
   *[other] { $texts } messages
  } in { $chats ->
    [one] { $chats } chat
   *[other] { $chats } chats
  }, { $days ->
    [one] { $days } day
   *[other] { $days } days
  } of your per-day numbers, and your name.
optout-deleted-totals = • Chat totals (how many messages a chat had) stay as they were, without your name.
optout-deleted-return = • Send /optin to be counted again from your next message; what was deleted stays deleted.
optin-welcome-back = Welcome back: I count you again from your next message, and your name shows again once you write. Anything you deleted stays deleted.
optin-welcome-back-kept = Welcome back: I count you again from your next message, and your name and the numbers I kept from before show again.
optin-not-opted-out = You haven't opted out, so I already count you. Send /optout to stop.
