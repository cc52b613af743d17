// A chunk of an import, encoded for COPY: what src/ingest/bulk.ts writes in one transaction.
// Its own module, so the import's worker thread (collectors/tdesktop/import-worker.ts), which
// only builds chunks, does not load the database client and the writer's SQL with bulk.ts:
// that cost the worker 0.65–0.93 s of CPU before it read a byte (measured; 0.04–0.06 s with
// this module alone).
import { copyDate, copyText, messageCopyLine } from "./copy-text.js";
import { capText, LIMITS, limitMessage } from "./limits.js";
import type { ChatRecord, IngestBatch, MemberEventRecord, UserRecord } from "./records.js";

/**
 * One chunk, encoded: messages and reactions as COPY text, the rest as records. The text is
 * kept as byte arrays made batch by batch: outside the JavaScript heap, it costs the garbage
 * collector nothing while the chunk waits for its turn, and each array owns its memory, so a
 * chunk built in a worker thread can be transferred without copying (see transferables).
 */
export interface EncodedChunk {
  chats: ChatRecord[];
  users: UserRecord[];
  memberEvents: MemberEventRecord[];
  messages: Uint8Array[];
  messageCount: number;
  /** Message id range per chat, to look for stored rows. */
  ranges: Map<number, { low: number; high: number }>;
  states: Uint8Array[];
  stateCount: number;
  reactions: Uint8Array[];
  /**
   * message_reaction_counts rows of the chunk's messages, counted here as the server's recount
   * counts them (ingest/reaction-counts.ts), with the message's date for its local day:
   * chat_id, message_id, reaction, count, date, sender_id. A chunk nothing of which is stored
   * yet copies them in instead of recounting every reacted message on the server.
   */
  reactionCounts: Uint8Array[];
  /** False when some reactions came without their message in the same batch: then the server recounts. */
  reactionCountsExact: boolean;
}

const utf8 = new TextEncoder();

/** One message's reactions by label: [label, count, label, count, …]. */
interface Tally {
  aggregate: (string | number)[];
  visible: (string | number)[];
  /** Its message was met in the batch. */
  seen: boolean;
}

function addTo(counts: (string | number)[], label: string, n: number): void {
  for (let i = 0; i < counts.length; i += 2) {
    if (counts[i] === label) {
      counts[i + 1] = (counts[i + 1] as number) + n;
      return;
    }
  }
  counts.push(label, n);
}

/** Builds chunks from ingest batches. */
export class ChunkBuilder {
  private chunk = ChunkBuilder.empty();

  private static empty(): EncodedChunk {
    return {
      chats: [],
      users: [],
      memberEvents: [],
      messages: [],
      messageCount: 0,
      ranges: new Map(),
      states: [],
      stateCount: 0,
      reactions: [],
      reactionCounts: [],
      reactionCountsExact: true,
    };
  }

  get messageCount(): number {
    return this.chunk.messageCount;
  }

  get isEmpty(): boolean {
    const c = this.chunk;
    return (
      c.messageCount === 0 &&
      c.stateCount === 0 &&
      c.chats.length === 0 &&
      c.users.length === 0 &&
      c.memberEvents.length === 0
    );
  }

  /** The chunk built so far; the builder starts a new one. */
  take(): EncodedChunk {
    const chunk = this.chunk;
    this.chunk = ChunkBuilder.empty();
    return chunk;
  }

  add(batch: IngestBatch): void {
    const chunk = this.chunk;
    if (batch.chats) chunk.chats.push(...batch.chats);
    if (batch.users) chunk.users.push(...batch.users);
    if (batch.memberEvents) chunk.memberEvents.push(...batch.memberEvents);
    let messages = "";
    for (const m of batch.messages ?? []) {
      messages += messageCopyLine(limitMessage(m));
      this.cover(m.chatId, m.messageId);
    }
    if (messages) chunk.messages.push(utf8.encode(messages));
    chunk.messageCount += batch.messages?.length ?? 0;
    let states = "";
    let reactions = "";
    for (const s of batch.reactionCounts ?? []) {
      const date = copyDate(s.date);
      states += `${s.chatId}\t${s.messageId}\t\\N\t${date}\n`;
      for (const c of s.counts) {
        if (c.count > 0)
          reactions += `${s.chatId}\t${s.messageId}\t${copyText(capText(c.reaction, LIMITS.label))}\t\\N\t${c.count}\t${date}\t${s.source}\n`;
      }
      this.cover(s.chatId, s.messageId);
    }
    for (const s of batch.userReactions ?? []) {
      const date = copyDate(s.date);
      states += `${s.chatId}\t${s.messageId}\t${s.actorId}\t${date}\n`;
      for (const reaction of s.reactions) {
        reactions += `${s.chatId}\t${s.messageId}\t${copyText(capText(reaction, LIMITS.label))}\t${s.actorId}\t1\t${date}\t${s.source}\n`;
      }
      this.cover(s.chatId, s.messageId);
    }
    if (states) chunk.states.push(utf8.encode(states));
    if (reactions) chunk.reactions.push(utf8.encode(reactions));
    if (batch.reactionCounts?.length || batch.userReactions?.length) this.countReactions(batch);
    chunk.stateCount += (batch.reactionCounts?.length ?? 0) + (batch.userReactions?.length ?? 0);
  }

  /**
   * Each reacted message's reactions as counted: per reaction, Telegram's aggregate count
   * when the message has that tier, otherwise one per visible reactor; bot commands have
   * none. The same rule as the recount in ingest/reaction-counts.ts, which the rollup tests
   * hold this to.
   */
  private countReactions(batch: IngestBatch): void {
    // Per chat, per message: counts by label, Telegram's tier and the visible one apart.
    // Numeric keys and small arrays: a batch has thousands of reacted messages with a few labels each.
    const tallies = new Map<number, Map<number, Tally>>();
    const tally = (chatId: number, messageId: number): Tally => {
      let chat = tallies.get(chatId);
      if (!chat) {
        chat = new Map();
        tallies.set(chatId, chat);
      }
      let t = chat.get(messageId);
      if (!t) {
        t = { aggregate: [], visible: [], seen: false };
        chat.set(messageId, t);
      }
      return t;
    };
    for (const s of batch.reactionCounts ?? []) {
      const t = tally(s.chatId, s.messageId);
      for (const c of s.counts) if (c.count > 0) addTo(t.aggregate, capText(c.reaction, LIMITS.label), c.count);
    }
    for (const s of batch.userReactions ?? []) {
      const t = tally(s.chatId, s.messageId);
      for (const reaction of s.reactions) addTo(t.visible, capText(reaction, LIMITS.label), 1);
    }
    let lines = "";
    let found = 0;
    for (const m of batch.messages ?? []) {
      const t = tallies.get(m.chatId)?.get(m.messageId);
      if (!t || t.seen) continue;
      t.seen = true;
      found++;
      const counted = t.aggregate.length > 0 ? t.aggregate : t.visible;
      if (counted.length === 0 || m.kind === "command") continue;
      const sender = m.userId ?? m.senderChatId;
      const prefix = `${m.chatId}\t${m.messageId}\t`;
      const suffix = `\t${copyDate(m.date)}\t${sender === null ? "\\N" : sender}\n`;
      for (let i = 0; i < counted.length; i += 2)
        lines += `${prefix}${copyText(counted[i] as string)}\t${counted[i + 1]}${suffix}`;
    }
    let tallied = 0;
    for (const chat of tallies.values()) tallied += chat.size;
    // Reactions whose message is not in this batch: the server recounts the chunk instead.
    if (found < tallied) this.chunk.reactionCountsExact = false;
    else if (lines) this.chunk.reactionCounts.push(utf8.encode(lines));
  }

  private cover(chatId: number, messageId: number): void {
    const range = this.chunk.ranges.get(chatId);
    if (!range) this.chunk.ranges.set(chatId, { low: messageId, high: messageId });
    else if (messageId < range.low) range.low = messageId;
    else if (messageId > range.high) range.high = messageId;
  }
}

/** The memory a chunk's byte arrays own, for postMessage's transfer list. */
export function transferables(chunk: EncodedChunk): ArrayBuffer[] {
  return [...chunk.messages, ...chunk.states, ...chunk.reactions, ...chunk.reactionCounts].map(
    (bytes) => bytes.buffer as ArrayBuffer,
  );
}
