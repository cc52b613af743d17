# Importing a Telegram Desktop export sent to the bot in private (src/bot/features/import.ts).
import-how-to-export = To export a chat as JSON in Telegram Desktop: open the chat → ⋮ menu → <b>Export chat history</b> → <b>Format: Machine-readable JSON</b>; uncheck photos, videos, files and the other media (I don't need them, and they make the export big) → <b>Export</b>. Then send me the <code>result.json</code> it saves.
import-not-export-html = That is an HTML export (Telegram Desktop's default format), made for reading. I can import only the JSON format.
import-not-export-archive = That is an archive. I can't unpack archives: send me the export's <code>result.json</code> itself.
import-not-export-named = I can't import “{ $name }”: I import Telegram Desktop chat exports in JSON format (<code>result.json</code>).
import-not-export-unnamed = I can't import that file: I import Telegram Desktop chat exports in JSON format (<code>result.json</code>).
import-too-big = That file is { $size }; I accept exports up to { $limit } here. For bigger ones, run `npm run import -- result.json` on the server.
import-busy = An import of yours is still queued or running. Send the next file when it has finished.
import-button-expired = This button has expired: send the file again.
import-button-not-yours = Only the person who sent this export can change how it is read.
import-button-busy = An import of yours is still queued or running: try again when it has finished.
import-button-rereading = Reading the export again in { $zone }…
import-downloading = 📥 Downloading the export…
import-importing = 📥 Importing…
import-progress = 📥 Importing… { $count ->
    [one] { $count } message so far
   *[other] { $count } messages so far
  }
import-rereading = 📥 Reading the export again in <b>{ $zone }</b>…
import-queued = ⏳ Other imports are running. { $ahead ->
    [0] Yours is next
    [one] { $ahead } import is ahead of yours
   *[other] { $ahead } imports are ahead of yours
  }; it starts by itself when a slot is free (you can go on using the bot meanwhile).

# How it ended
import-stopped = Pulse is shutting down, so this import stopped.
import-failed = The import failed; the error has been logged.
import-kept-parts = Parts already imported are kept, and sending the file again adds only what is missing.
import-rejected-nothing-stored = Nothing from the rejected part was stored.
import-rezone-unchanged = Nothing changed: the messages are still as read in <b>{ $zone }</b>, not { $wanted }.
import-rezone-retry = Press a zone below to try again.
import-rezone-after-restart = These buttons stop working when Pulse restarts; send the file again later to import anything still missing.
import-rezone-expired = These buttons have expired.
import-not-admin = “{ $name }” ({ $chatId }) is not a chat I'm in where you are an administrator, so I can't import it. Add me to it as an administrator first.
import-no-longer-admin = You are no longer an administrator of chat { $chatId }, so I can't import into it.
import-download-no-path = Telegram did not give me that file to download; please send it again.
import-download-failed = Downloading the file failed (HTTP { $status }).

# The summary
import-summary-chats = ✅ Imported { $chats }
import-summary-no-chats = ✅ Imported no group or channel
import-summary-messages = 💬 { $imported ->
    [one] { $imported } new message
   *[other] { $imported } new messages
  } · { $present } already present
import-summary-events = 👥 { $events ->
    [one] { $events } join or leave
   *[other] { $events } joins and leaves
  } · ❤️ { $reactions ->
    [one] { $reactions } reaction state
   *[other] { $reactions } reaction states
  }
import-summary-skipped = ⏭ skipped: { $list }
import-summary-invalid-some = ⚠️ The first { $shown } of the { $total } messages left out, and why:
import-summary-invalid-all = ⚠️ Left out, and why:
import-summary-zone-chosen = 🕐 Times read as <b>{ $zone }</b>, as you chose.
import-summary-zone-chosen-moved = 🕐 Times read as <b>{ $zone }</b>, as you chose; the { $moved ->
    [one] { $moved } message of the earlier reading was moved
   *[other] { $moved } messages of the earlier reading were moved
  }.
import-summary-zone-assumed = 🕐 This export was made by an older Telegram Desktop: its times are the clock of the computer that made it, without a time zone. I read them as <b>{ $zone }</b> ({ $from ->
    [chat] this chat's time zone
   *[default] the time zone this Pulse uses by default
  }).
import-summary-zone-offer = If that computer was set to another zone, pick it below: I'll read the file again in that zone and move these messages.

# What was skipped, counted
import-skip-invalid = { $count ->
    [one] { $count } message with invalid fields
   *[other] { $count } messages with invalid fields
  }
import-skip-unsupported = { $count ->
    [one] { $count } unsupported message
   *[other] { $count } unsupported messages
  }
import-skip-message-type = { $count ->
    [one] { $count } message of type { $type }
   *[other] { $count } messages of type { $type }
  }
import-skip-service-without-user = { $count ->
    [one] { $count } service action without a user id
   *[other] { $count } service actions without a user id
  }
import-skip-member-by-name = { $count ->
    [one] { $count } member listed by name without a known user id
   *[other] { $count } members listed by name without a known user id
  }
import-skip-chat = { $count ->
    [one] { $count } message of a { $kind ->
        [personal] personal chat
        [bot] bot chat
        [saved] saved messages chat
        [replies] replies chat
        [codes] verification codes chat
       *[other] chat of type { $type }
    }
   *[other] { $count } messages of a { $kind ->
        [personal] personal chat
        [bot] bot chat
        [saved] saved messages chat
        [replies] replies chat
        [codes] verification codes chat
       *[other] chat of type { $type }
    }
  }
import-skip-other = { $count } × { $reason }

# Notes on the whole file
import-warning-repaired = { $count ->
    [one] Repaired { $count } raw control character inside strings (invalid JSON written by some Telegram Desktop versions); it was read as the character it stands for.
   *[other] Repaired { $count } raw control characters inside strings (invalid JSON written by some Telegram Desktop versions); they were read as the characters they stand for.
  }
import-warning-migrated = { $count ->
    [one] Chat { $chatId }: { $count } message comes from the basic group it was migrated from; the export does not name that group, so it is stored under this supergroup with its export id (a negative number).
   *[other] Chat { $chatId }: { $count } messages come from the basic group it was migrated from; the export does not name that group, so they are stored under this supergroup with their export ids (negative numbers).
  }

# A broken export: the problem, then where it is
import-error-located = { $problem } ({ $where })
import-error-where-line-column = line { $line }, column { $column }
import-error-where-line = line { $line }
import-error-where-byte = byte { $byte }
import-error-empty = the file is empty
import-error-whitespace = the file contains only whitespace
import-error-truncated = unexpected end of file: the export is truncated (Telegram Desktop may still have been writing it, or the copy is incomplete)
import-error-value-too-large = a single value is larger than { $megabytes } MB: the file is probably damaged (an unclosed bracket or string)
import-error-not-export = not a Telegram Desktop export: expected "messages" (an export of one chat) or "chats" (an export of a whole account) in the top-level object
import-error-header-order = the chat's "type" and "id" must come before its "messages" (Telegram Desktop writes them first)
import-error-chat-id = expected a positive numeric chat id up to { $max }, found { $found }
import-error-chat-type = expected a chat type string, found { $found }
import-error-chat-id-range = a { $type } id is at most { $max } (the largest id Telegram gives such chats), found { $found }
import-error-json = invalid JSON: { $detail }
import-error-field = { $detail }
