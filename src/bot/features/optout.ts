// /optout, /optout delete and /optin: a member decides whether Pulse counts them. Works in
// private and in groups, and applies to every chat Pulse serves (a person is one `users` row).
// What each step does to stored data is in src/ingest/optout.ts.
import { Composer } from "grammy";
import { eraseMember, optIn, optOut } from "../../ingest/optout.js";
import type { PulseContext } from "../context.js";

export const optoutFeature = new Composer<PulseContext>();

// People, not channels: a channel post has no person to opt out.
const people = optoutFeature.chatType(["private", "group", "supergroup"]);

const ANONYMOUS =
  "You're posting anonymously (as the group or a channel), so I can't tell who you are. Send this from your own account, or to me in private.";

const OPTED_OUT = [
  "Done: I no longer count you, in any chat.",
  "• Your name never appears: not in leaderboards, /stats, charts, top messages or exports.",
  "• Your messages still count in each chat's totals, without your name.",
  "• I don't keep the text of messages you send from now on.",
].join("\n");

people.command("optout", async (ctx) => {
  const from = ctx.from;
  if (!from || ctx.msg.sender_chat) {
    await ctx.reply(ANONYMOUS);
    return;
  }
  const argument = ctx.match.trim().toLowerCase();
  if (argument !== "" && argument !== "delete") {
    await ctx.reply("Send /optout to stop being counted, or /optout delete to also delete what I stored about you.");
    return;
  }
  const { database, writer } = ctx.deps;
  const erase = argument === "delete";
  const { already } = await optOut(database, { userId: from.id, username: erase ? null : (from.username ?? null) });
  if (!erase) {
    await ctx.reply(
      [
        already ? "You had already opted out; nothing changed." : OPTED_OUT,
        "• What I stored before (message texts, your past numbers) is kept but hidden. To delete it, send /optout delete.",
        "• Send /optin to be counted again.",
      ].join("\n"),
    );
    return;
  }
  // Messages of yours already queued were read before you opted out: commit them first, so
  // the erasure below also covers them.
  await writer.flush();
  const erased = await eraseMember(database, from.id);
  const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
  await ctx.reply(
    [
      already ? "You had already opted out; now I also deleted what I stored about you." : OPTED_OUT,
      `• Deleted: the text of ${plural(erased.texts, "message")} in ${plural(erased.chats, "chat")}, ${plural(erased.memberDays, "day")} of your per-day numbers, and your name.`,
      "• Chat totals (how many messages a chat had) stay as they were, without your name.",
      "• Send /optin to be counted again from your next message; what was deleted stays deleted.",
    ].join("\n"),
  );
});

people.command("optin", async (ctx) => {
  const from = ctx.from;
  if (!from || ctx.msg.sender_chat) {
    await ctx.reply(ANONYMOUS);
    return;
  }
  const { wasOptedOut } = await optIn(ctx.deps.database, from.id);
  await ctx.reply(
    wasOptedOut
      ? "Welcome back: I count you again from your next message, and your name shows again once you write. Anything you deleted stays deleted."
      : "You haven't opted out, so I already count you. Send /optout to stop.",
  );
});
