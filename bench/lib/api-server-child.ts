// The test Bot API server in its own process, so the bot under measurement does not share
// its event loop or its memory. The parent drives it over IPC: start, offer load, report.
import { TestBotApiServer } from "../../test/helpers/bot-api-server.js";

type Command =
  | { cmd: "load"; rate: number; seconds: number; chats: number; users: number; firstMessageId: number }
  | { cmd: "replay"; count: number; chats: number; users: number; firstMessageId: number }
  | { cmd: "memberCounts"; limitPerSecond: number }
  | { cmd: "memberCountStatus" }
  | { cmd: "sendLimits"; overallPerSecond: number; perChatGapMs: number; perGroupPerMinute: number }
  | { cmd: "sendStatus" }
  | { cmd: "status" }
  | { cmd: "close" };

const server = await TestBotApiServer.start({ recordCalls: false });
const send = (message: unknown) => process.send?.(message);
send({ type: "ready", apiRoot: server.apiRoot, token: server.token, botInfo: server.botInfo });

const memberCountStats = { calls: 0, tooMany: 0, peakPerSecond: 0 };
const sendStats = {
  sent: 0,
  tooMany: 0,
  /** Which limit each 429 was for. */
  tooManyBy: { overall: 0, chat: 0, group: 0 },
  peakPerSecond: 0,
  minChatGapMs: Number.POSITIVE_INFINITY,
  firstAt: 0,
  lastAt: 0,
};
const baseDate = Math.floor(Date.UTC(2026, 2, 1) / 1000);

function messageUpdate(i: number, chats: number, users: number, firstMessageId: number, sentAt: number) {
  const chatIndex = i % chats;
  const userId = 10_000 + ((i * 7919) % users);
  return {
    message: {
      message_id: firstMessageId + Math.floor(i / chats),
      date: baseDate + Math.floor(i / 10),
      chat: { id: -1004000000000 - chatIndex, type: "supergroup", title: `Bench chat ${chatIndex}` },
      from: { id: userId, is_bot: false, first_name: `User ${userId}` },
      text: `${sentAt} benchmark message number ${i}`,
    },
  };
}

process.on("message", async (command: Command) => {
  if (command.cmd === "load") {
    // Offer `rate` updates/s in 10 ms ticks; each carries the instant it was offered.
    const total = command.rate * command.seconds;
    const started = performance.now();
    let pushed = 0;
    let lastId = 0;
    while (pushed < total) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * command.rate) + 1);
      const batch = [];
      const sentAt = performance.timeOrigin + performance.now();
      for (; pushed < due; pushed++)
        batch.push(messageUpdate(pushed, command.chats, command.users, command.firstMessageId, sentAt));
      if (batch.length > 0) lastId = server.pushUpdates(batch).at(-1) as number;
      await new Promise((r) => setTimeout(r, 10));
    }
    send({ type: "loaded", total, lastId });
  } else if (command.cmd === "replay") {
    const sentAt = performance.timeOrigin + performance.now();
    const batch = Array.from({ length: command.count }, (_, i) =>
      messageUpdate(i, command.chats, command.users, command.firstMessageId, sentAt),
    );
    const lastId = server.pushUpdates(batch).at(-1) as number;
    send({ type: "loaded", total: command.count, lastId });
  } else if (command.cmd === "memberCounts") {
    // getChatMemberCount as Telegram answers a bot: a count for every chat, and 429 with
    // retry_after once more than `limitPerSecond` calls arrive within one second.
    const recent: number[] = [];
    server.setResult("getChatMemberCount", (payload) => {
      const at = performance.now();
      while (recent.length > 0 && (recent[0] as number) <= at - 1000) recent.shift();
      if (recent.length >= command.limitPerSecond) {
        memberCountStats.tooMany++;
        throw { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } };
      }
      recent.push(at);
      memberCountStats.calls++;
      memberCountStats.peakPerSecond = Math.max(memberCountStats.peakPerSecond, recent.length);
      return 100 + (Math.abs(Number(payload.chat_id)) % 9_900);
    });
    send({ type: "memberCountsReady" });
  } else if (command.cmd === "sendLimits") {
    // sendMessage as a strict Telegram would answer it: 429 when a chat gets a second message
    // within perChatGapMs, a group more than perGroupPerMinute in 60 s, or everyone more than
    // overallPerSecond in one second (sliding windows over arrival times).
    const overall: number[] = [];
    const lastByChat = new Map<number, number>();
    const groupWindows = new Map<number, number[]>();
    const ids = new Map<number, number>();
    server.setResult("sendMessage", (payload) => {
      const at = performance.now();
      const chatId = Number(payload.chat_id);
      while (overall.length > 0 && (overall[0] as number) <= at - 1000) overall.shift();
      const group = groupWindows.get(chatId) ?? [];
      while (group.length > 0 && (group[0] as number) <= at - 60_000) group.shift();
      const last = lastByChat.get(chatId);
      const broken =
        overall.length >= command.overallPerSecond
          ? "overall"
          : last !== undefined && at - last < command.perChatGapMs
            ? "chat"
            : chatId < 0 && group.length >= command.perGroupPerMinute
              ? "group"
              : undefined;
      if (broken) {
        sendStats.tooMany++;
        sendStats.tooManyBy[broken]++;
        throw { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } };
      }
      if (last !== undefined) sendStats.minChatGapMs = Math.min(sendStats.minChatGapMs, at - last);
      overall.push(at);
      lastByChat.set(chatId, at);
      if (chatId < 0) groupWindows.set(chatId, [...group, at]);
      sendStats.sent++;
      sendStats.peakPerSecond = Math.max(sendStats.peakPerSecond, overall.length);
      if (sendStats.firstAt === 0) sendStats.firstAt = at;
      sendStats.lastAt = at;
      const id = (ids.get(chatId) ?? 0) + 1;
      ids.set(chatId, id);
      const chat =
        chatId < 0
          ? { id: chatId, type: "supergroup", title: `Chat ${chatId}` }
          : { id: chatId, type: "private", first_name: "User" };
      return { message_id: id, date: Math.floor(Date.now() / 1000), chat, text: String(payload.text) };
    });
    send({ type: "sendLimitsReady" });
  } else if (command.cmd === "sendStatus") {
    send({ type: "sendStatus", ...sendStats });
  } else if (command.cmd === "memberCountStatus") {
    send({ type: "memberCountStatus", ...memberCountStats });
  } else if (command.cmd === "status") {
    send({ type: "status", confirmedOffset: server.confirmedOffset, pending: server.pendingCount() });
  } else if (command.cmd === "close") {
    await server.close();
    process.exit(0);
  }
});
