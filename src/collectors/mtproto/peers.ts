// What people type to name a chat (@username, t.me links, numeric ids, invite links).
// Parsing is pure and strict: anything that is not recognisably Telegram is refused with a
// message saying what is accepted, before any request is made. How the account then finds
// the chat is resolver.ts; this module needs no gramjs, so the bot alone can parse /track.
import { PeerInputError } from "./errors.js";
import { channelChatId } from "./ids.js";

export type PeerInput =
  | { kind: "username"; username: string; messageId?: number }
  | { kind: "chat_id"; chatId: number; messageId?: number }
  | { kind: "invite"; hash: string };

const USAGE =
  "Send @username, a t.me link (t.me/name, t.me/c/1234567890/5, t.me/+invite) or a chat id like -1001234567890.";
const USERNAME = /^[a-zA-Z][a-zA-Z0-9_]{3,31}$/;
const TELEGRAM_HOSTS = new Set(["t.me", "telegram.me", "telegram.dog"]);
// t.me paths that are not chats.
const NOT_CHATS = new Set([
  "addstickers",
  "addemoji",
  "addtheme",
  "addlist",
  "share",
  "proxy",
  "socks",
  "setlanguage",
  "login",
  "invoice",
  "boost",
  "iv",
  "bg",
  "confirmphone",
  "contact",
  "m",
  "giftcode",
  "nft",
]);

export function parsePeerInput(raw: string): PeerInput {
  const text = raw.trim();
  if (text === "") throw new PeerInputError(`Which chat? ${USAGE}`, { key: "track-error-which-chat" });
  if (/^@/.test(text)) {
    const name = text.slice(1);
    if (!USERNAME.test(name))
      throw new PeerInputError(
        `"${short(text)}" is not a valid Telegram username (5–32 letters, digits or _). ${USAGE}`,
        { key: "track-error-bad-username", vars: { text: short(text) } },
      );
    return { kind: "username", username: name };
  }
  if (/^-?\d+$/.test(text)) return { kind: "chat_id", chatId: chatIdFromNumber(text) };
  if (/^tg:\/\//i.test(text)) return parseTgLink(text);
  const looksLikeUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^[\w-]+(\.[\w-]+)+(\/|$)/.test(text);
  if (looksLikeUrl) return parseWebLink(text);
  if (USERNAME.test(text)) return { kind: "username", username: text };
  throw new PeerInputError(`"${short(text)}" does not name a Telegram chat. ${USAGE}`, notAChat(text));
}

const notAChat = (text: string) => ({ key: "track-error-not-a-chat", vars: { text: short(text) } });
const notAChatId = (text: string) => ({ key: "track-error-not-chat-id", vars: { text: short(text) } });
const badLink = (text: string) => ({ key: "track-error-bad-link", vars: { text: short(text) } });
const badInvite = (text: string) => ({ key: "track-error-bad-invite", vars: { text: short(text) } });

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function chatIdFromNumber(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value === 0)
    throw new PeerInputError(`"${short(text)}" is not a chat id. ${USAGE}`, notAChatId(text));
  // A bare positive number is taken as an MTProto channel id (what t.me/c/ links show).
  if (value > 0) {
    if (value >= 1_000_000_000_000) throw new PeerInputError(`"${text}" is not a chat id. ${USAGE}`, notAChatId(text));
    return channelChatId(value);
  }
  return value;
}

function parseTgLink(text: string): PeerInput {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PeerInputError(`"${short(text)}" is not a valid link. ${USAGE}`, badLink(text));
  }
  const domain = url.searchParams.get("domain");
  if (url.hostname === "resolve" && domain && USERNAME.test(domain)) {
    const post = Number(url.searchParams.get("post"));
    return { kind: "username", username: domain, ...(Number.isInteger(post) && post > 0 ? { messageId: post } : {}) };
  }
  const invite = url.searchParams.get("invite");
  if (url.hostname === "join" && invite) return { kind: "invite", hash: invite };
  const channel = url.searchParams.get("channel");
  if (url.hostname === "privatepost" && channel && /^\d+$/.test(channel)) {
    return { kind: "chat_id", chatId: channelChatId(Number(channel)) };
  }
  throw new PeerInputError(`"${short(text)}" is not a Telegram chat link. ${USAGE}`, {
    key: "track-error-not-chat-link",
    vars: { text: short(text) },
  });
}

function parseWebLink(text: string): PeerInput {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new PeerInputError(`"${short(text)}" is not a valid link. ${USAGE}`, badLink(text));
  }
  const host = url.hostname.toLowerCase().replace(/^www\./, "");
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new PeerInputError(`"${short(text)}" is not a Telegram link. ${USAGE}`, {
      key: "track-error-not-telegram-link",
      vars: { text: short(text) },
    });
  }
  // name.t.me is a public username too.
  const subdomain = /^([a-z0-9_]+)\.t\.me$/i.exec(host)?.[1];
  if (subdomain && USERNAME.test(subdomain)) return { kind: "username", username: subdomain };
  if (!TELEGRAM_HOSTS.has(host)) {
    throw new PeerInputError(
      `${short(url.hostname)} is not Telegram: only t.me, telegram.me and telegram.dog links name chats. ${USAGE}`,
      { key: "track-error-not-telegram-host", vars: { host: short(url.hostname) } },
    );
  }
  const parts = url.pathname.split("/").filter(Boolean);
  const [first, second, third] = parts;
  if (!first) throw new PeerInputError(`That link names no chat. ${USAGE}`, { key: "track-error-link-no-chat" });
  if (first.startsWith("+")) {
    const hash = first.slice(1);
    if (!/^[\w-]{8,}$/.test(hash))
      throw new PeerInputError(`"${short(text)}" is not a valid invite link.`, badInvite(text));
    return { kind: "invite", hash };
  }
  if (first === "joinchat") {
    if (!second || !/^[\w-]{8,}$/.test(second))
      throw new PeerInputError(`"${short(text)}" is not a valid invite link.`, badInvite(text));
    return { kind: "invite", hash: second };
  }
  if (first === "c") {
    if (!second || !/^\d{1,13}$/.test(second))
      throw new PeerInputError(
        `"${short(text)}" is not a valid t.me/c/ link: expected t.me/c/<channel id>/<message>.`,
        {
          key: "track-error-bad-c-link",
          vars: { text: short(text) },
        },
      );
    const last = parts.at(-1);
    const messageId = parts.length >= 3 && last && /^\d+$/.test(last) ? Number(last) : undefined;
    return { kind: "chat_id", chatId: channelChatId(Number(second)), ...(messageId ? { messageId } : {}) };
  }
  if (first === "s" && second && USERNAME.test(second)) {
    return {
      kind: "username",
      username: second,
      ...(third && /^\d+$/.test(third) ? { messageId: Number(third) } : {}),
    };
  }
  if (NOT_CHATS.has(first.toLowerCase())) {
    throw new PeerInputError(`t.me/${first}/… links are not chats. ${USAGE}`, {
      key: "track-error-not-chat-path",
      vars: { path: first },
    });
  }
  if (!USERNAME.test(first))
    throw new PeerInputError(`"${short(text)}" does not name a Telegram chat. ${USAGE}`, notAChat(text));
  return {
    kind: "username",
    username: first,
    ...(second && /^\d+$/.test(second) ? { messageId: Number(second) } : {}),
  };
}
