// /optout, /optout delete and /optin: a member decides whether Pulse counts them. Works in
// private and in groups, and applies to every chat Pulse serves (a person is one `users` row).
// What each step does to stored data is in src/ingest/optout.ts.
import { Composer } from "grammy";
import { eraseMember, optIn, optOut } from "../../ingest/optout.js";
import type { PulseContext } from "../context.js";

export const optoutFeature = new Composer<PulseContext>();

// People, not channels: a channel post has no person to opt out.
const people = optoutFeature.chatType(["private", "group", "supergroup"]);

people.command("optout", async (ctx) => {
  const from = ctx.from;
  if (!from || ctx.msg.sender_chat) {
    await ctx.reply(ctx.t("optout-anonymous"));
    return;
  }
  const argument = ctx.match.trim().toLowerCase();
  if (argument !== "" && argument !== "delete") {
    await ctx.reply(ctx.t("optout-usage"));
    return;
  }
  const { database, writer } = ctx.deps;
  const erase = argument === "delete";
  const { already } = await optOut(database, { userId: from.id, username: erase ? null : (from.username ?? null) });
  const optedOut = () => [
    ctx.t("optout-done"),
    ctx.t("optout-done-name"),
    ctx.t("optout-done-totals"),
    ctx.t("optout-done-texts"),
  ];
  if (!erase) {
    await ctx.reply(
      [
        ...(already ? [ctx.t("optout-already")] : optedOut()),
        ctx.t("optout-kept-hidden"),
        ctx.t("optout-how-to-return"),
      ].join("\n"),
    );
    return;
  }
  // Messages of yours already queued were read before you opted out: commit them first, so
  // the erasure below also covers them.
  await writer.flush();
  const erased = await eraseMember(database, from.id);
  await ctx.reply(
    [
      ...(already ? [ctx.t("optout-already-deleted")] : optedOut()),
      ctx.t("optout-deleted", { texts: erased.texts, chats: erased.chats, days: erased.memberDays }),
      ctx.t("optout-deleted-totals"),
      ctx.t("optout-deleted-return"),
    ].join("\n"),
  );
});

people.command("optin", async (ctx) => {
  const from = ctx.from;
  if (!from || ctx.msg.sender_chat) {
    await ctx.reply(ctx.t("optout-anonymous"));
    return;
  }
  const { wasOptedOut, keptNumbers } = await optIn(ctx.deps.database, from.id);
  await ctx.reply(
    ctx.t(!wasOptedOut ? "optin-not-opted-out" : keptNumbers ? "optin-welcome-back-kept" : "optin-welcome-back"),
  );
});
