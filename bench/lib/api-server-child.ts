// The test Bot API server in its own process, so the bot under measurement does not share
// its event loop or its memory. The parent drives it over IPC: start, offer load, report.
import { TestBotApiServer } from "../../test/helpers/bot-api-server.js";

type Command =
  | { cmd: "load"; rate: number; seconds: number; chats: number; users: number; firstMessageId: number }
  | { cmd: "replay"; count: number; chats: number; users: number; firstMessageId: number }
  | { cmd: "status" }
  | { cmd: "close" };

const server = await TestBotApiServer.start({ recordCalls: false });
const send = (message: unknown) => process.send?.(message);
send({ type: "ready", apiRoot: server.apiRoot, token: server.token, botInfo: server.botInfo });

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
  } else if (command.cmd === "status") {
    send({ type: "status", confirmedOffset: server.confirmedOffset, pending: server.pendingCount() });
  } else if (command.cmd === "close") {
    await server.close();
    process.exit(0);
  }
});
