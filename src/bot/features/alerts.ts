// /alerts: a chat's alert rules for its admins, in the group or in private (pick a chat).
// One panel message lists the rules with buttons to pause, resume, test-fire and delete
// them, presets to add in two taps (preset, then severity), and the admin's own
// subscription. Power users type the same things: `/alerts add activity-spike critical`,
// `/alerts add threshold messages_per_hour > 500`, `/alerts pause 3`, `/alerts history`,
// `/alerts on`. Every press and command checks that the person is the chat's admin now.
import { Composer, GrammyError, InlineKeyboard } from "grammy";
import type { User } from "grammy/types";
import { alertText, escapeHtml } from "../../alerts/messages.js";
import { parseAddRule } from "../../alerts/parse.js";
import { formatMinutes, parseQuietHours, setQuietHours } from "../../alerts/quiet-hours.js";
import { type NewRule, PRESET_NAMES, PRESETS, type PresetName, type Severity } from "../../alerts/rules.js";
import {
  alertHistory,
  chatsLeftWithRules,
  createRule,
  deleteRule,
  isSubscribed,
  listRules,
  MAX_RULES_PER_CHAT,
  recordTestEvent,
  type StoredRule,
  setRuleStatus,
  setSubscription,
} from "../../alerts/store.js";
import { type ChatInfo, getChatInfo } from "../../queries/chats.js";
import {
  alertsCreate,
  alertsHistory,
  alertsPanel,
  alertsPreset,
  alertsRule,
  alertsSubscription,
} from "../callback-data.js";
import type { PulseContext } from "../context.js";
import { administeredChats, localeOf } from "../stats-common.js";

export const alertsFeature = new Composer<PulseContext>();

const GONE = new Set(["kicked", "left"]);

function ruleName(ctx: PulseContext, rule: Pick<StoredRule, "kind" | "condition">): string {
  const c = rule.condition as Record<string, string | number>;
  switch (rule.kind) {
    case "anomaly":
      return ctx.t("alerts-describe-anomaly", { metric: ctx.t(`alerts-metric-${c.metric}`) });
    case "threshold":
      return ctx.t("alerts-describe-threshold", {
        metric: ctx.t(`alerts-metric-${c.metric}`),
        op: escapeHtml(String(c.op)),
        value: Number(c.value),
      });
    case "silence":
      return ctx.t("alerts-describe-silence", { hours: Number(c.hours) });
    case "viral-post":
      return ctx.t("alerts-describe-viral", { ratio: Number(c.alertRatio), escalate: Number(c.escalateRatio) });
  }
}

/** What a person typed, made safe to show inside an HTML reply. */
function escapeVars(vars: Record<string, string | number> = {}): Record<string, string | number> {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === "string" ? escapeHtml(v) : v]));
}

/** An HTML answer as the plain text a button's pop-up shows. */
function plain(html: string): string {
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function cooldownText(ctx: PulseContext, minutes: number): string {
  return minutes % 60 === 0 ? ctx.t("alerts-hours", { n: minutes / 60 }) : ctx.t("alerts-minutes", { n: minutes });
}

async function panel(ctx: PulseContext & { from: User }, chat: ChatInfo) {
  const rules = await listRules(ctx.deps.database, chat.id);
  const subscribed = await isSubscribed(ctx.deps.database, chat.id, ctx.from.id);
  const lines = [ctx.t("alerts-panel-title", { chat: escapeHtml(chat.title) })];
  if (chat.botStatus && GONE.has(chat.botStatus)) lines.push("", ctx.t("alerts-bot-left"));
  lines.push("");
  if (rules.length === 0) lines.push(ctx.t("alerts-none"));
  for (const rule of rules) {
    lines.push(
      ctx.t("alerts-rule-line", {
        id: rule.id,
        name: ruleName(ctx, rule),
        severity: ctx.t(`alerts-severity-${rule.severity}`),
        cooldown: cooldownText(ctx, rule.cooldownMinutes),
        paused: rule.status === "paused" ? "yes" : "no",
      }),
    );
  }
  lines.push("", ctx.t(subscribed ? "alerts-you-subscribed" : "alerts-you-not-subscribed"));
  const keyboard = new InlineKeyboard();
  for (const rule of rules.slice(0, 12)) {
    keyboard
      .text(
        ctx.t(rule.status === "paused" ? "alerts-btn-resume" : "alerts-btn-pause", { id: rule.id }),
        alertsRule.pack({ chatId: chat.id, ruleId: rule.id, action: rule.status === "paused" ? "resume" : "pause" }),
      )
      .text(
        ctx.t("alerts-btn-test", { id: rule.id }),
        alertsRule.pack({ chatId: chat.id, ruleId: rule.id, action: "test" }),
      )
      .text(
        ctx.t("alerts-btn-delete", { id: rule.id }),
        alertsRule.pack({ chatId: chat.id, ruleId: rule.id, action: "delete" }),
      )
      .row();
  }
  for (const [index, preset] of PRESET_NAMES.entries()) {
    keyboard.text(ctx.t(`alerts-preset-${preset}`), alertsPreset.pack({ chatId: chat.id, preset }));
    if (index % 2 === 1) keyboard.row();
  }
  keyboard.row();
  keyboard
    .text(
      ctx.t(subscribed ? "alerts-btn-off" : "alerts-btn-on"),
      alertsSubscription.pack({ chatId: chat.id, on: subscribed ? "off" : "on" }),
    )
    .text(ctx.t("alerts-btn-history"), alertsHistory.pack({ chatId: chat.id }));
  return { text: lines.join("\n"), keyboard };
}

/** Shows the panel: edits the pressed message, or sends a new one. */
async function showPanel(ctx: PulseContext & { from: User }, chat: ChatInfo, edit: boolean) {
  const { text, keyboard } = await panel(ctx, chat);
  const options = { parse_mode: "HTML" as const, reply_markup: keyboard };
  if (!edit) {
    await ctx.reply(text, options);
    return;
  }
  await ctx.editMessageText(text, options).catch(async (error: unknown) => {
    // Pressing a button that changes nothing visible is not a failure; a message that can no
    // longer be edited (too old, deleted) gets a fresh panel instead.
    if (error instanceof GrammyError && error.description.includes("message is not modified")) return;
    await ctx.reply(text, options);
  });
}

/** The chat if the person is its admin now; otherwise answers why not. */
async function adminChat(
  ctx: PulseContext & { from: User },
  chatId: number,
  answer: (text: string) => Promise<unknown>,
): Promise<ChatInfo | undefined> {
  // A button belongs to its chat's panel: pressed on a message in another group, it is not honoured.
  if (ctx.chat && ctx.chat.type !== "private" && ctx.chat.id !== chatId) {
    await answer(ctx.t("button-expired"));
    return undefined;
  }
  if (!(await ctx.deps.admins.isAdmin(ctx.api, chatId, ctx.from.id))) {
    await answer(ctx.t("alerts-only-admins"));
    return undefined;
  }
  const chat = await getChatInfo(ctx.deps.database, chatId);
  if (!chat) {
    await answer(ctx.t("alerts-unknown-chat"));
    return undefined;
  }
  return chat;
}

async function createFromSpec(ctx: PulseContext & { from: User }, chat: ChatInfo, rule: NewRule) {
  if (rule.kind === "viral-post" && chat.type !== "channel") return ctx.t("alerts-viral-channels-only");
  const created = await createRule(ctx.deps.database, chat.id, rule, ctx.from.id);
  if (!created.ok) return ctx.t("alerts-too-many", { max: MAX_RULES_PER_CHAT });
  return ctx.t("alerts-created", {
    id: created.id,
    name: ruleName(ctx, rule),
    severity: ctx.t(`alerts-severity-${rule.severity}`),
    cooldown: cooldownText(ctx, rule.cooldownMinutes),
  });
}

async function testFire(ctx: PulseContext & { from: User }, chat: ChatInfo, ruleId: number): Promise<string> {
  const at = ctx.deps.now();
  const eventId = await recordTestEvent(ctx.deps.database, chat.id, ruleId, at);
  if (eventId === undefined) return ctx.t("alerts-no-such-rule", { id: ruleId });
  const rule = (await listRules(ctx.deps.database, chat.id)).find((r) => r.id === ruleId);
  const locale = await localeOf(ctx);
  const text = alertText(
    {
      id: eventId,
      ruleId,
      kind: "test",
      severity: rule?.severity ?? "info",
      status: "test",
      at,
      values: {},
      chatId: chat.id,
      chatTitle: chat.title,
      chatUsername: null,
      timezone: chat.timezone ?? ctx.deps.config.defaultTimezone,
    },
    ctx.t,
    locale,
  );
  const outcome = await ctx.deps.delivery.dm(ctx.from.id, text, { parse_mode: "HTML" });
  return outcome.ok ? ctx.t("alerts-test-sent") : ctx.t("alerts-start-me-first", { bot: ctx.me.username });
}

async function historyText(ctx: PulseContext, chat: ChatInfo): Promise<string> {
  const entries = await alertHistory(ctx.deps.database, chat.id);
  if (entries.length === 0) return ctx.t("alerts-history-empty", { chat: escapeHtml(chat.title) });
  const locale = await localeOf(ctx);
  const format = new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: chat.timezone ?? ctx.deps.config.defaultTimezone,
  });
  const lines = [ctx.t("alerts-history-title", { chat: escapeHtml(chat.title) }), ""];
  for (const entry of entries) {
    lines.push(
      ctx.t("alerts-history-line", {
        when: format.format(entry.at),
        status: ctx.t(`alerts-status-${entry.status}`),
        rule: entry.ruleId ?? 0,
        value: typeof entry.values.value === "number" ? entry.values.value : "—",
      }),
    );
  }
  return lines.join("\n");
}

// ------------------------------------------------------------------ commands in a group

const group = alertsFeature.chatType(["group", "supergroup"]);

group.command("alerts", async (ctx) => {
  const chat = await adminChat(ctx, ctx.chat.id, (text) => ctx.reply(text));
  if (!chat) return;
  const [sub, ...rest] = ctx.match.trim().split(/\s+/).filter(Boolean);
  const reply = (text: string) => ctx.reply(text, { parse_mode: "HTML" });
  switch (sub?.toLowerCase()) {
    case undefined: {
      const { text, keyboard } = await panel(ctx, chat);
      return inPrivate(ctx, text, keyboard);
    }
    case "add": {
      const parsed = parseAddRule(rest);
      if (!parsed.ok) return reply(`${ctx.t(parsed.key, escapeVars(parsed.vars))}\n\n${ctx.t("alerts-usage")}`);
      return reply(await createFromSpec(ctx, chat, parsed.rule));
    }
    case "pause":
    case "resume":
    case "delete":
    case "test": {
      const id = Number(rest[0]);
      if (!Number.isSafeInteger(id) || id < 1) return reply(ctx.t("alerts-need-rule-id", { action: sub }));
      const action = sub.toLowerCase();
      if (action === "test") return reply(await testFire(ctx, chat, id));
      const done =
        action === "delete"
          ? await deleteRule(ctx.deps.database, chat.id, id)
          : await setRuleStatus(ctx.deps.database, chat.id, id, action === "pause" ? "paused" : "active");
      return reply(done ? ctx.t(`alerts-${action}d`, { id }) : ctx.t("alerts-no-such-rule", { id }));
    }
    case "history":
      return inPrivate(
        ctx,
        await historyText(ctx, chat),
        new InlineKeyboard().text(ctx.t("alerts-btn-back"), alertsPanel.pack({ chatId: chat.id })),
      );
    case "quiet":
      return reply(await quiet(ctx, rest, chat.timezone ?? ctx.deps.config.defaultTimezone));
    case "on":
    case "off":
      await setSubscription(ctx.deps.database, chat.id, ctx.from.id, sub.toLowerCase() === "on", ctx.deps.now());
      return reply(ctx.t(sub.toLowerCase() === "on" ? "alerts-on-done" : "alerts-off-done", { bot: ctx.me.username }));
    default:
      return reply(ctx.t("alerts-usage"));
  }
});

/**
 * A chat's rules and history are for its admins only: asked in the group, they go to the
 * admin privately and the group sees a one-line note.
 */
async function inPrivate(ctx: PulseContext & { from: User }, text: string, keyboard: InlineKeyboard) {
  const outcome = await ctx.deps.delivery.sendMessage(ctx.from.id, text, {
    parse_mode: "HTML",
    reply_markup: keyboard,
  });
  await ctx.reply(
    outcome.ok ? ctx.t("alerts-sent-private") : ctx.t("alerts-start-me-first", { bot: ctx.me.username }),
    { parse_mode: "HTML" },
  );
}

/** `/alerts quiet …`: the person's own quiet hours, for every chat's alerts. */
async function quiet(ctx: PulseContext & { from: User }, words: string[], fallbackZone: string): Promise<string> {
  const parsed = parseQuietHours(words, fallbackZone);
  if (!parsed.ok) return ctx.t(parsed.key, escapeVars(parsed.vars));
  await setQuietHours(ctx.deps.database, ctx.from.id, parsed.quiet);
  if (!parsed.quiet) return ctx.t("alerts-quiet-off");
  return ctx.t("alerts-quiet-set", {
    from: formatMinutes(parsed.quiet.from),
    to: formatMinutes(parsed.quiet.to),
    zone: parsed.quiet.timezone,
  });
}

// ----------------------------------------------------------------- private: pick a chat

alertsFeature.chatType("private").command("alerts", async (ctx) => {
  const [sub, ...rest] = ctx.match.trim().split(/\s+/).filter(Boolean);
  if (sub?.toLowerCase() === "quiet") {
    await ctx.reply(await quiet(ctx, rest, ctx.deps.config.defaultTimezone), { parse_mode: "HTML" });
    return;
  }
  const chats = await administeredChats(ctx);
  // Chats the bot was removed from cannot be checked for admin rights, but the person who
  // made or follows their rules is told that those rules are not evaluated any more.
  const left = await chatsLeftWithRules(ctx.deps.database, ctx.from.id);
  const notes = left.map((chat) => ctx.t("alerts-left-chat", { chat: escapeHtml(chat.title), rules: chat.rules }));
  if (chats.length === 0) {
    await ctx.reply([ctx.t("alerts-no-admin-chats"), ...notes].join("\n\n"), { parse_mode: "HTML" });
    return;
  }
  const keyboard = new InlineKeyboard();
  for (const chat of chats) keyboard.text(chat.title.slice(0, 48), alertsPanel.pack({ chatId: chat.id })).row();
  await ctx.reply([ctx.t("alerts-which-chat"), ...notes].join("\n\n"), { reply_markup: keyboard, parse_mode: "HTML" });
});

// ------------------------------------------------------------------------------ buttons

alertsFeature.callbackQuery(alertsPanel.filter(), async (ctx) => {
  const { chatId } = alertsPanel.unpack(ctx.callbackQuery.data);
  const chat = await adminChat(ctx, chatId, (text) => ctx.answerCallbackQuery({ text }));
  if (!chat) return;
  await ctx.answerCallbackQuery();
  await showPanel(ctx, chat, true);
});

alertsFeature.callbackQuery(alertsRule.filter(), async (ctx) => {
  const { chatId, ruleId, action } = alertsRule.unpack(ctx.callbackQuery.data);
  const chat = await adminChat(ctx, chatId, (text) => ctx.answerCallbackQuery({ text }));
  if (!chat) return;
  if (action === "test") {
    await ctx.answerCallbackQuery({ text: plain(await testFire(ctx, chat, ruleId)).slice(0, 200) });
    return;
  }
  const done =
    action === "delete"
      ? await deleteRule(ctx.deps.database, chat.id, ruleId)
      : await setRuleStatus(ctx.deps.database, chat.id, ruleId, action === "pause" ? "paused" : "active");
  await ctx.answerCallbackQuery({
    text: done ? ctx.t(`alerts-${action}d`, { id: ruleId }) : ctx.t("alerts-no-such-rule", { id: ruleId }),
  });
  await showPanel(ctx, chat, true);
});

alertsFeature.callbackQuery(alertsPreset.filter(), async (ctx) => {
  const { chatId, preset } = alertsPreset.unpack(ctx.callbackQuery.data);
  const chat = await adminChat(ctx, chatId, (text) => ctx.answerCallbackQuery({ text }));
  if (!chat) return;
  if (!(PRESET_NAMES as string[]).includes(preset)) {
    await ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
    return;
  }
  await ctx.answerCallbackQuery();
  const keyboard = new InlineKeyboard();
  for (const severity of ["info", "warning", "critical"] as const)
    keyboard.text(ctx.t(`alerts-severity-${severity}`), alertsCreate.pack({ chatId, preset, severity }));
  keyboard.row().text(ctx.t("alerts-btn-back"), alertsPanel.pack({ chatId }));
  await ctx.editMessageText(
    ctx.t("alerts-choose-severity", {
      name: ruleName(ctx, PRESETS[preset as PresetName]),
      chat: escapeHtml(chat.title),
    }),
    { parse_mode: "HTML", reply_markup: keyboard },
  );
});

alertsFeature.callbackQuery(alertsCreate.filter(), async (ctx) => {
  const { chatId, preset, severity } = alertsCreate.unpack(ctx.callbackQuery.data);
  const chat = await adminChat(ctx, chatId, (text) => ctx.answerCallbackQuery({ text }));
  if (!chat) return;
  const parsed = parseAddRule([preset, severity as Severity]);
  if (!parsed.ok) {
    await ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
    return;
  }
  const answer = await createFromSpec(ctx, chat, parsed.rule);
  await ctx.answerCallbackQuery({ text: plain(answer).slice(0, 200) });
  await showPanel(ctx, chat, true);
});

alertsFeature.callbackQuery(alertsSubscription.filter(), async (ctx) => {
  const { chatId, on } = alertsSubscription.unpack(ctx.callbackQuery.data);
  const chat = await adminChat(ctx, chatId, (text) => ctx.answerCallbackQuery({ text }));
  if (!chat) return;
  await setSubscription(ctx.deps.database, chat.id, ctx.from.id, on === "on", ctx.deps.now());
  await ctx.answerCallbackQuery({
    text: ctx.t(on === "on" ? "alerts-on-done" : "alerts-off-done", { bot: ctx.me.username }),
  });
  await showPanel(ctx, chat, true);
});

alertsFeature.callbackQuery(alertsHistory.filter(), async (ctx) => {
  const { chatId } = alertsHistory.unpack(ctx.callbackQuery.data);
  const chat = await adminChat(ctx, chatId, (text) => ctx.answerCallbackQuery({ text }));
  if (!chat) return;
  await ctx.answerCallbackQuery();
  const keyboard = new InlineKeyboard().text(ctx.t("alerts-btn-back"), alertsPanel.pack({ chatId }));
  await ctx.editMessageText(await historyText(ctx, chat), { parse_mode: "HTML", reply_markup: keyboard });
});
