# /track and /untrack: what the user session follows (src/bot/features/track.ts), and what
# the user-session collector says when it cannot (src/collectors/mtproto).
track-not-configured = Tracking needs Pulse's user-session collector, which is not running. The server's operator sets TG_API_ID and TG_API_HASH, runs `npm run login` and restarts Pulse (see docs/mtproto.md).
track-usage =
    Usage:
    /track @channel — follow a public channel or group
    /track https://t.me/name, t.me/c/1234567890/5 or -1001234567890 — the same by link or id
    /track in a group — follow that group
    /untrack … — stop following (collected data stays)
track-not-allowed = Only the chat's admins or Pulse's owners can do that.
track-invite-owners-only = Only Pulse's owners can track chats by invite link (it makes the account join).
track-not-admin = Only the chat's admins or Pulse's owners can change what Pulse follows there.
track-cannot-check = I can't check your admin rights in that chat (I'm not in it). Add me to the chat as an admin, or ask one of Pulse's owners.
track-stopped = Stopped following { $name }. What was collected stays; /track resumes where the backfill stopped.
track-not-followed = That chat is not being followed.
track-already = Already following { $name }.
track-now = Now following { $name }, a { $kind ->
    [group] group
    [supergroup] supergroup
   *[channel] channel
  } ({ $chatId }).
track-members = Members: { $count }.
track-linked = Its discussion group ({ $chatId }) is followed too, so comments count.
track-backfill-note = The history is backfilled at the account's safe request rate (it starts within 10 minutes); views, forwards, comments and reactions are polled every hour.
track-list-empty = Nothing is followed yet.
track-list-title = { $count ->
    [one] Following { $count } chat:
   *[other] Following { $count } chats:
  }
track-list-item = • { $name }{ $linked ->
    [yes] {" "}(discussion group)
   *[no] {""}
  } ({ $kind ->
    [group] group
    [supergroup] supergroup
   *[channel] channel
  }, { $chatId }) — { $complete ->
    [yes] history complete
   *[no] { $messages ->
        [one] history: { $messages } message so far
       *[other] history: { $messages } messages so far
    }
  }
track-list-unreadable = { $item } — not readable: { $error }
track-list-unknown-error = unknown

# What the user session could not do
track-peer-usage = Send @username, a t.me link (t.me/name, t.me/c/1234567890/5, t.me/+invite) or a chat id like -1001234567890.
track-error-which-chat = Which chat? { track-peer-usage }
track-error-bad-username = "{ $text }" is not a valid Telegram username (5–32 letters, digits or _). { track-peer-usage }
track-error-not-a-chat = "{ $text }" does not name a Telegram chat. { track-peer-usage }
track-error-not-chat-id = "{ $text }" is not a chat id. { track-peer-usage }
track-error-bad-link = "{ $text }" is not a valid link. { track-peer-usage }
track-error-not-chat-link = "{ $text }" is not a Telegram chat link. { track-peer-usage }
track-error-not-telegram-link = "{ $text }" is not a Telegram link. { track-peer-usage }
track-error-not-telegram-host = { $host } is not Telegram: only t.me, telegram.me and telegram.dog links name chats. { track-peer-usage }
track-error-link-no-chat = That link names no chat. { track-peer-usage }
track-error-bad-invite = "{ $text }" is not a valid invite link.
track-error-bad-c-link = "{ $text }" is not a valid t.me/c/ link: expected t.me/c/<channel id>/<message>.
track-error-not-chat-path = t.me/{ $path }/… links are not chats. { track-peer-usage }
track-error-private = "{ $title }" is private to the account behind Pulse, or the account was banned from it.
track-error-left = The account behind Pulse is no longer in the group "{ $title }".
track-error-upgraded = "{ $title }" was upgraded to a supergroup ({ $chatId }): track that one instead.
track-error-deactivated = The group "{ $title }" was deactivated.
track-error-no-such-username = No Telegram chat is called @{ $username }.
track-error-user-not-chat = @{ $username } is a user or a bot, not a group or channel: Pulse tracks chats.
track-error-not-returned = Telegram did not return the chat @{ $username }; try again later.
track-error-id-is-user = That id belongs to a user, not a group or channel: Pulse tracks chats.
track-error-not-member-no-username = The account behind Pulse is not a member of chat { $chatId }, and the chat has no public username. Add the account to the chat (or send its @username or an invite link), then try again.
track-error-invite-expired = That invite link has expired or was revoked.
track-error-invite-invalid = That invite link is not valid.
track-error-invite-owner-only = The account behind Pulse is not a member of that chat. Only Pulse's owners can make the account join through an invite link.
track-error-join-requested = A join request was sent for the account; track the chat again once an admin approves it.
track-error-already-member = The account is already a member; send the chat's id instead.
track-error-too-many-chats = The account is in too many chats to join another one.
track-error-joined-unknown = The account joined, but Telegram did not say which chat it was; send the chat's id.
track-error-private-id = Chat { $chatId } is private to the account behind Pulse ({ $name }): add the account to the chat first.
track-error-cannot-address = The account cannot address chat { $chatId } ({ $name }); send its @username or a link.
track-error-not-running = The MTProto collector is not running.
track-error-unreachable = Telegram could not be reached (network, firewall or proxy?); nothing was sent.
track-error-session-revoked = Telegram no longer accepts the account's session ({ $reason }): collection through the account has stopped. Run `npm run login` again and restart Pulse; the bot keeps running meanwhile.
track-error-api-credentials = Telegram rejected TG_API_ID / TG_API_HASH ({ $reason }): copy both again from https://my.telegram.org → API development tools.
track-error-flood-wait = Telegram asked the account to wait { $seconds } s before calling { $method } again; the job is parked until { $until } instead of retrying.
track-error-quota = The daily { $kind } quota ({ $limit }) is used up; it resets at { $resetsAt } (00:00 UTC).
track-error-other = { $detail }

# Notices to Pulse's owners about the user session
track-notice-revoked = ⚠️ Pulse: Telegram no longer accepts the user session ({ $reason }). Collection of history, views and reactions has stopped; the bot keeps running. Run `npm run login` on the server and restart Pulse to resume.
track-notice-parked = ⏸ Pulse: Telegram asked the account to wait { $seconds } s ({ $method }). The { $job } job is parked until { $until } and will resume on its own after that.
track-notice-session-refused = ⚠️ Pulse: the user session was refused: { $detail }
track-notice-start-failed = ⚠️ Pulse: the MTProto collector could not start: { $detail }
track-notice-start-failed-running = ⚠️ Pulse: the MTProto collector could not start ({ $detail }); the bot keeps running.
