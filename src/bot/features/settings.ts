// /settings: a chat's administrators choose its time zone, language, weekly recap schedule,
// who may ask for statistics and where charts go, with buttons that edit one message. In a
// group it edits that group; in private the user first picks one of the chats they
// administer. Every press is checked again (the button's chat, the presser's rights), since
// anyone in a group can press an admin's buttons and callback data comes from the client.
import { Composer, GrammyError, type InlineKeyboard } from "grammy";
import type { Message } from "grammy/types";
import { isLocale, type Locale, pickLocale, type Translate, translator } from "../../i18n/index.js";
import { getChatInfo } from "../../queries/chats.js";
import { getChatSettings, resolveTimezone, setChatTimezone, updateChatSettings } from "../../settings/chat-settings.js";
import { RollupRebuilds } from "../../settings/rezone.js";
import { setChatMenu } from "../commands.js";
import type { BotDeps, PulseContext } from "../context.js";
import { escapeHtml } from "../format.js";
import {
  COMMON_ZONES,
  homeKeyboard,
  languageKeyboard,
  type SettingsAction,
  type SettingsScreen,
  scheduleKeyboard,
  settingsButton,
  settingsText,
  timezoneKeyboard,
} from "../settings/view.js";
import { administeredChats } from "../stats-common.js";

export const settingsFeature = new Composer<PulseContext>();

/** A "type the zone" prompt waiting for its reply: which chat, from whom, and the settings message to refresh. */
interface ZonePrompt {
  chatId: number;
  userId: number;
  settingsMessageId: number;
  expires: number;
}
const PROMPT_TTL_MS = 15 * 60_000;

/** Per running bot: the background rebuilds and the open prompts (a test starts several bots in one process). */
interface SettingsState {
  rebuilds: RollupRebuilds;
  prompts: Map<string, ZonePrompt>;
  /** Chats whose last rebuild failed: choosing the same zone again retries it. */
  failed: Set<number>;
}
const states = new WeakMap<BotDeps, SettingsState>();

function stateOf(deps: BotDeps): SettingsState {
  let state = states.get(deps);
  if (!state) {
    state = {
      rebuilds: new RollupRebuilds(deps.database, deps.config.defaultTimezone, deps.log.child({ module: "settings" })),
      prompts: new Map(),
      failed: new Set(),
    };
    states.set(deps, state);
  }
  return state;
}

/** For the shutdown path: no new rebuilds, and the ones under way get `timeoutMs` to commit. */
export async function stopSettings(deps: BotDeps, timeoutMs: number): Promise<void> {
  await states.get(deps)?.rebuilds.stop(timeoutMs);
}

const groups = settingsFeature.chatType(["group", "supergroup"]);

groups.command("settings", async (ctx) => {
  // An anonymous administrator writes as the group itself.
  const anonymousAdmin = ctx.msg.sender_chat?.id === ctx.chat.id;
  if (!anonymousAdmin && !(await mayChange(ctx, ctx.chat.id, ctx.from.id, true))) {
    await ctx.reply(ctx.t("settings-not-admin"), replyTo(ctx.msg));
    return;
  }
  const screen = await loadScreen(ctx, ctx.chat.id);
  if (!screen) {
    await ctx.reply(ctx.t("settings-chat-unknown"), replyTo(ctx.msg));
    return;
  }
  await ctx.reply(settingsText(ctx.t, screen), { parse_mode: "HTML", reply_markup: homeKeyboard(ctx.t, screen) });
});

settingsFeature.chatType("private").command("settings", async (ctx) => {
  const chats = await administeredChats(ctx);
  if (chats.length === 0) {
    await ctx.reply(ctx.t("settings-no-chats"));
    return;
  }
  const keyboard = settingsPicker(chats);
  await ctx.reply(ctx.t("settings-pick-chat"), { reply_markup: keyboard });
});

function settingsPicker(chats: { id: number; title: string }[]) {
  const rows = chats.map((chat) => [
    {
      text: chat.title.slice(0, 48),
      callback_data: settingsButton.pack({ chatId: chat.id, action: "home", value: "" }),
    },
  ]);
  return { inline_keyboard: rows };
}

settingsFeature.callbackQuery(settingsButton.filter(), async (ctx) => {
  const { chatId, action, value } = settingsButton.unpack(ctx.callbackQuery.data);
  const message = ctx.callbackQuery.message;
  if (!message) {
    await ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
    return;
  }
  if (message.chat.type !== "private" && message.chat.id !== chatId) {
    await ctx.answerCallbackQuery({ text: ctx.t("settings-wrong-chat") });
    return;
  }
  // Looking costs a cached answer; changing something asks Telegram afresh.
  const changes = !["home", "tz", "lang", "sched", "tztype"].includes(action);
  if (!(await mayChange(ctx, chatId, ctx.from.id, changes))) {
    await ctx.answerCallbackQuery({ text: ctx.t("settings-not-admin-button"), show_alert: true });
    return;
  }
  const screen = await loadScreen(ctx, chatId);
  if (!screen) {
    await ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
    return;
  }
  const deps = ctx.deps;
  let next: "home" | "tz" | "lang" | "sched" = "home";
  let toast: string | undefined;
  switch (action as SettingsAction) {
    case "home":
    case "tz":
    case "lang":
    case "sched":
      next = action as typeof next;
      break;
    case "tztype": {
      // In a group the prompt names the admin: a selective reply field opens for them only.
      const text =
        message.chat.type === "private"
          ? ctx.t("settings-timezone-prompt")
          : ctx.t("settings-timezone-prompt-named", {
              name: `<a href="tg://user?id=${ctx.from.id}">${escapeHtml(ctx.from.first_name)}</a>`,
            });
      const prompt = await ctx.api.sendMessage(message.chat.id, text, {
        parse_mode: "HTML",
        reply_markup: { force_reply: true, selective: true, input_field_placeholder: "Europe/Berlin" },
        reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true },
      });
      rememberPrompt(deps, prompt, { chatId, userId: ctx.from.id, settingsMessageId: message.message_id });
      await ctx.answerCallbackQuery();
      return;
    }
    case "tzset": {
      const zone = COMMON_ZONES[Number(value)];
      if (!zone) {
        await ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
        return;
      }
      next = "tz";
      toast = await changeTimezone(ctx, screen, zone, { chatId: message.chat.id, messageId: message.message_id });
      break;
    }
    case "langset": {
      const locale = value === "each" ? null : isLocale(value) ? value : undefined;
      if (locale === undefined) {
        await ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
        return;
      }
      await updateChatSettings(deps.database, chatId, { locale });
      next = "lang";
      // The group's command menu follows (Telegram has no menus in channels).
      if (screen.chatType !== "channel") {
        await setChatMenu(ctx.api, chatId, locale ?? undefined).catch((error: unknown) =>
          deps.log.warn({ err: error, chatId }, "the chat's command menu was not changed"),
        );
      }
      // In the group itself the chosen language is what the bot speaks from now on, this message included.
      if (message.chat.type !== "private") ctx.i18n.useLocale(locale ?? pickLocale(ctx.from.language_code));
      break;
    }
    case "recap":
      await updateChatSettings(deps.database, chatId, { recap: { enabled: value === "on" } });
      break;
    case "day":
    case "hour": {
      const n = Number(value);
      const valid = action === "day" ? n >= 1 && n <= 7 : n >= 0 && n <= 23;
      if (!/^\d{1,2}$/.test(value) || !valid) {
        await ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
        return;
      }
      // Choosing a time for the recap means wanting it.
      await updateChatSettings(deps.database, chatId, {
        recap: action === "day" ? { weekday: n, enabled: true } : { hour: n, enabled: true },
      });
      next = "sched";
      break;
    }
    case "access":
      if (value !== "everyone" && value !== "admins") return;
      await updateChatSettings(deps.database, chatId, { statsAccess: value });
      break;
    case "charts":
      if (value !== "chat" && value !== "private") return;
      await updateChatSettings(deps.database, chatId, { chartsTo: value });
      break;
    case "close": {
      await editSettingsMessage(ctx, message, settingsText(ctx.t, screen), undefined);
      await ctx.answerCallbackQuery({ text: ctx.t("settings-saved") });
      return;
    }
  }
  deps.chatSettings.invalidate(chatId);
  const updated = changes ? await loadScreen(ctx, chatId) : screen;
  if (!updated) return;
  await editSettingsMessage(ctx, message, settingsText(ctx.t, updated), keyboardFor(ctx, next, updated));
  await ctx.answerCallbackQuery(toast ? { text: toast } : undefined);
});

// The reply to a "type the zone" prompt, from the admin who asked for it.
settingsFeature.on("message:text", async (ctx, next) => {
  const replied = ctx.msg.reply_to_message;
  if (!replied || replied.from?.id !== ctx.me.id) return next();
  const { prompts } = stateOf(ctx.deps);
  const key = promptKey(ctx.chat.id, replied.message_id);
  const prompt = prompts.get(key);
  if (!prompt || prompt.userId !== ctx.from.id) return next();
  if (prompt.expires < ctx.deps.now().getTime()) {
    prompts.delete(key);
    return next();
  }
  if (!(await mayChange(ctx, prompt.chatId, ctx.from.id, true))) {
    prompts.delete(key);
    await ctx.reply(ctx.t("settings-not-admin"), replyTo(ctx.msg));
    return;
  }
  const typed = ctx.msg.text.trim();
  const zone = await resolveTimezone(ctx.deps.database, typed);
  if (!zone) {
    // The prompt stays open: the next reply to it is another try.
    await ctx.reply(ctx.t("settings-timezone-invalid", { input: typed.slice(0, 64) }), replyTo(ctx.msg));
    return;
  }
  prompts.delete(key);
  const screen = await loadScreen(ctx, prompt.chatId);
  if (!screen) return;
  const answer = await changeTimezone(ctx, screen, zone, { chatId: ctx.chat.id, messageId: prompt.settingsMessageId });
  await ctx.reply(answer, replyTo(ctx.msg));
  const updated = await loadScreen(ctx, prompt.chatId);
  if (!updated) return;
  await ctx.api
    .editMessageText(ctx.chat.id, prompt.settingsMessageId, settingsText(ctx.t, updated), {
      parse_mode: "HTML",
      reply_markup: homeKeyboard(ctx.t, updated),
    })
    .catch(() => {}); // the settings message may be gone; the reply above said what changed
});

/**
 * Sets the zone and starts moving the chat's daily statistics into it; answers what to tell
 * the admin now. When the rebuild is done, a note goes to `where` (the settings message).
 */
async function changeTimezone(
  ctx: PulseContext,
  screen: SettingsScreen,
  zone: string,
  where: { chatId: number; messageId: number },
): Promise<string> {
  const { deps } = ctx;
  const state = stateOf(deps);
  if (screen.settings.timezoneSet && screen.settings.timezone === zone && !state.failed.has(screen.chatId)) {
    return ctx.t("settings-timezone-unchanged", { zone });
  }
  await setChatTimezone(deps.database, screen.chatId, zone, deps.now());
  deps.chatSettings.invalidate(screen.chatId);
  // The note is written after this update is done: in the language of this answer.
  const t = translator(toLocale(await ctx.i18n.getLocale()));
  const api = ctx.api;
  void state.rebuilds
    .request(screen.chatId)
    .then(async (outcome) => {
      if (outcome.ok) state.failed.delete(screen.chatId);
      else state.failed.add(screen.chatId);
      const text = outcome.ok
        ? t("settings-timezone-done", { zone: outcome.result.timezone, chat: screen.chatTitle })
        : t("settings-timezone-failed", { zone, chat: screen.chatTitle });
      await api.sendMessage(where.chatId, text, {
        reply_parameters: { message_id: where.messageId, allow_sending_without_reply: true },
      });
    })
    .catch((error: unknown) => deps.log.warn({ err: error, chatId: screen.chatId }, "time zone note not sent"));
  return ctx.t("settings-timezone-changed", { zone });
}

/**
 * Whether the user administers the chat. A "no" from the cache is final (a promotion drops
 * it when its chat_member update arrives), so members pressing away cost no requests; a
 * "yes" is asked again before a change, so a demoted admin changes nothing.
 */
async function mayChange(ctx: PulseContext, chatId: number, userId: number, changes: boolean): Promise<boolean> {
  if (!(await ctx.deps.admins.isAdmin(ctx.api, chatId, userId))) return false;
  return !changes || ctx.deps.admins.isAdmin(ctx.api, chatId, userId, { fresh: true });
}

async function loadScreen(ctx: PulseContext, chatId: number): Promise<SettingsScreen | undefined> {
  const [settings, chat] = await Promise.all([
    getChatSettings(ctx.deps.database, chatId, ctx.deps.config.defaultTimezone),
    getChatInfo(ctx.deps.database, chatId),
  ]);
  if (!settings || !chat) return undefined;
  return {
    chatId,
    chatTitle: chat.title,
    chatType: chat.type,
    settings,
    locale: toLocale(await ctx.i18n.getLocale()),
  };
}

function keyboardFor(ctx: PulseContext, screen: "home" | "tz" | "lang" | "sched", view: SettingsScreen) {
  const t: Translate = ctx.t;
  if (screen === "tz") return timezoneKeyboard(t, view, ctx.deps.now());
  if (screen === "lang") return languageKeyboard(t, view);
  if (screen === "sched") return scheduleKeyboard(t, view);
  return homeKeyboard(t, view);
}

/** Edits the settings message in place; a press that changes nothing visible is not an error. */
async function editSettingsMessage(
  ctx: PulseContext,
  message: Pick<Message, "chat" | "message_id">,
  text: string,
  keyboard: InlineKeyboard | undefined,
): Promise<void> {
  try {
    await ctx.api.editMessageText(message.chat.id, message.message_id, text, {
      parse_mode: "HTML",
      ...(keyboard ? { reply_markup: keyboard } : {}),
    });
  } catch (error) {
    if (error instanceof GrammyError && /not modified/i.test(error.description)) return;
    throw error;
  }
}

function rememberPrompt(
  deps: BotDeps,
  prompt: Message,
  what: { chatId: number; userId: number; settingsMessageId: number },
): void {
  const { prompts } = stateOf(deps);
  const now = deps.now().getTime();
  for (const [key, open] of prompts) if (open.expires < now) prompts.delete(key);
  prompts.set(promptKey(prompt.chat.id, prompt.message_id), { ...what, expires: now + PROMPT_TTL_MS });
}

const promptKey = (chatId: number, messageId: number) => `${chatId}:${messageId}`;

const replyTo = (message: Message) => ({
  reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true },
});

const toLocale = (value: string): Locale => (isLocale(value) ? value : pickLocale(value));
