// The demo community: reproducible, readable by the export reader, and shaped like a real
// group (a few very active members, quiet nights, weekend dips, growth, media, replies).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { readExport } from "../../src/collectors/tdesktop/index.js";
import { writeCommunityExport } from "../../src/demo/index.js";
import type { ChatRecord, MemberEventRecord, MessageRecord, UserRecord } from "../../src/ingest/records.js";

const dir = mkdtempSync(join(tmpdir(), "pulse-demo-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const endDate = new Date("2025-06-01T00:00:00Z");
const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

interface Read {
  chats: ChatRecord[];
  messages: MessageRecord[];
  users: UserRecord[];
  memberEvents: MemberEventRecord[];
  userReactions: number;
  reactionCounts: number;
  skipped: Map<string, number>;
}

async function read(path: string): Promise<Read> {
  const out: Read = {
    chats: [],
    messages: [],
    users: [],
    memberEvents: [],
    userReactions: 0,
    reactionCounts: 0,
    skipped: new Map(),
  };
  for await (const event of readExport(path, { storeText: true })) {
    if (event.type === "chat") out.chats.push(event.chat);
    if (event.type === "skipped") out.skipped.set(event.reason, event.count);
    if (event.type !== "batch") continue;
    out.messages.push(...(event.batch.messages ?? []));
    out.users.push(...(event.batch.users ?? []));
    out.memberEvents.push(...(event.batch.memberEvents ?? []));
    out.userReactions += event.batch.userReactions?.length ?? 0;
    out.reactionCounts += event.batch.reactionCounts?.length ?? 0;
  }
  return out;
}

describe("writeCommunityExport", () => {
  test("the same seed gives the same file; another seed another", async () => {
    const options = { seed: 3, members: 80, days: 30, messages: 3000, endDate };
    const a = join(dir, "a.json");
    const b = join(dir, "b.json");
    const c = join(dir, "c.json");
    const first = await writeCommunityExport(a, options);
    const second = await writeCommunityExport(b, options);
    await writeCommunityExport(c, { ...options, seed: 4 });
    assert.deepEqual(first, second);
    assert.equal(sha(a), sha(b));
    assert.notEqual(sha(a), sha(c));
    assert.equal(first.bytes, readFileSync(a).length);
  });

  test("a small community is still valid JSON in Telegram Desktop's shape", async () => {
    const path = join(dir, "tiny.json");
    const result = await writeCommunityExport(path, {
      seed: 9,
      members: 10,
      days: 1,
      messages: 50,
      endDate,
      chatId: -1001234567890,
      title: "Tiny",
    });
    const parsed = JSON.parse(readFileSync(path, "utf8")) as {
      name: string;
      type: string;
      id: number;
      messages: unknown[];
    };
    assert.equal(parsed.name, "Tiny");
    assert.equal(parsed.type, "public_supergroup");
    assert.equal(parsed.id, 1234567890);
    assert.equal(parsed.messages.length, result.messages);
  });

  describe("a realistic community", () => {
    const path = join(dir, "community.json");
    const requested = 20000;
    let result: Awaited<ReturnType<typeof writeCommunityExport>>;
    let data: Read;
    let raw: {
      type: string;
      date_unixtime: string;
      media_type?: string;
      photo?: string;
      action?: string;
      reactions?: unknown;
      forwarded_from?: string;
      edited?: string;
    }[];

    before(async () => {
      result = await writeCommunityExport(path, { seed: 1, members: 400, days: 120, messages: requested, endDate });
      data = await read(path);
      raw = (JSON.parse(readFileSync(path, "utf8")) as { messages: typeof raw }).messages;
    });

    test("the reader takes every message; the requested size is respected", () => {
      assert.equal(raw.length, result.messages);
      assert.equal(data.messages.length, result.messages);
      assert.ok(Math.abs(result.messages - requested) / requested < 0.1, `${result.messages} messages`);
      assert.equal(result.members, 400);
      assert.deepEqual(
        data.chats.map((c) => [c.id, c.type]),
        [[-1001734560921, "supergroup"]],
      );
      assert.ok(data.messages.every((m) => m.date.getTime() < endDate.getTime()));
      assert.ok(data.messages.every((m) => m.date.getTime() >= endDate.getTime() - 121 * 86_400_000));
      const ids = data.messages.map((m) => m.messageId);
      assert.deepEqual(
        ids,
        [...ids].sort((x, y) => x - y),
      );
    });

    test("Zipf-like activity: the top 10% of members write more than half", () => {
      const perUser = new Map<number, number>();
      for (const m of data.messages)
        if (m.kind !== "service" && m.userId !== null) perUser.set(m.userId, (perUser.get(m.userId) ?? 0) + 1);
      const counts = [...perUser.values()].sort((x, y) => y - x);
      const total = counts.reduce((sum, n) => sum + n, 0);
      const top = counts.slice(0, result.members / 10).reduce((sum, n) => sum + n, 0);
      assert.ok(top / total > 0.5, `top 10% wrote ${Math.round((top / total) * 100)}%`);
      assert.ok(perUser.size > 100, `${perUser.size} members wrote`); // a long tail, not a handful
    });

    test("daily and weekly rhythm in the chat's time zone, growth over time", () => {
      const hour = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", hour: "numeric", hourCycle: "h23" });
      const weekday = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", weekday: "short" });
      const byHour = new Array<number>(24).fill(0);
      const byDay = new Map<string, number>();
      const user = data.messages.filter((m) => m.kind !== "service");
      for (const m of user) {
        const h = Number(hour.format(m.date));
        byHour[h] = (byHour[h] ?? 0) + 1;
        const d = weekday.format(m.date);
        byDay.set(d, (byDay.get(d) ?? 0) + 1);
      }
      const night = (byHour[2] ?? 0) + (byHour[3] ?? 0) + (byHour[4] ?? 0);
      const evening = (byHour[19] ?? 0) + (byHour[20] ?? 0) + (byHour[21] ?? 0);
      assert.ok(night * 5 < evening, `night ${night}, evening ${evening}`);
      const weekend = ((byDay.get("Sat") ?? 0) + (byDay.get("Sun") ?? 0)) / 2;
      const weekdays = ["Mon", "Tue", "Wed", "Thu"].reduce((sum, d) => sum + (byDay.get(d) ?? 0), 0) / 4;
      assert.ok(weekend < weekdays * 0.85, `weekend ${weekend}, weekdays ${weekdays}`);
      const first = user.filter((m) => m.date.getTime() < endDate.getTime() - 90 * 86_400_000).length;
      const last = user.filter((m) => m.date.getTime() >= endDate.getTime() - 30 * 86_400_000).length;
      assert.ok(last > first * 1.2, `first month ${first}, last month ${last}`);
    });

    test("media, replies, forwards, edits and reactions in realistic shares", () => {
      const user = data.messages.filter((m) => m.kind !== "service");
      const share = (predicate: (m: MessageRecord) => boolean) => user.filter(predicate).length / user.length;
      const within = (name: string, value: number, low: number, high: number) =>
        assert.ok(value >= low && value <= high, `${name}: ${(value * 100).toFixed(1)}%`);
      within(
        "text",
        share((m) => m.kind === "text"),
        0.65,
        0.85,
      );
      within(
        "photos",
        share((m) => m.kind === "photo"),
        0.04,
        0.1,
      );
      within(
        "stickers",
        share((m) => m.kind === "sticker"),
        0.03,
        0.08,
      );
      within(
        "voice",
        share((m) => m.kind === "voice"),
        0.01,
        0.04,
      );
      for (const kind of ["video", "animation", "video_note", "document", "poll"] as const) {
        assert.ok(
          user.some((m) => m.kind === kind),
          kind,
        );
      }
      within(
        "replies",
        share((m) => m.replyToMessageId !== null),
        0.12,
        0.3,
      );
      within(
        "forwards",
        share((m) => m.forwardOrigin !== null),
        0.005,
        0.04,
      );
      assert.ok(user.some((m) => m.forwardOrigin === "channel") && user.some((m) => m.forwardOrigin === "hidden_user"));
      within(
        "edited",
        share((m) => m.editDate !== null),
        0.02,
        0.1,
      );
      within("reacted", data.reactionCounts / user.length, 0.1, 0.3);
      assert.ok(data.userReactions > data.reactionCounts);
      within(
        "links",
        raw.filter((m) => JSON.stringify(m).includes('"type": "link"') || JSON.stringify(m).includes('"type":"link"'))
          .length / user.length,
        0.02,
        0.07,
      );
      const replied = new Set(user.map((m) => m.messageId));
      assert.ok(user.every((m) => m.replyToMessageId === null || replied.has(m.replyToMessageId)));
    });

    test("joins by link and by invite, leaves, removals, pins and one title change", () => {
      const actions = new Map<string, number>();
      for (const m of raw)
        if (m.type === "service" && m.action) actions.set(m.action, (actions.get(m.action) ?? 0) + 1);
      assert.ok((actions.get("join_group_by_link") ?? 0) > 50);
      assert.ok((actions.get("invite_members") ?? 0) > 50);
      assert.ok((actions.get("remove_members") ?? 0) > 10);
      assert.ok((actions.get("pin_message") ?? 0) >= 5);
      assert.equal(actions.get("edit_group_title"), 1);
      const kinds = (kind: string, method?: string) =>
        data.memberEvents.filter((e) => e.kind === kind && (method === undefined || e.method === method)).length;
      assert.ok(kinds("join", "link") > 50);
      assert.ok(kinds("join", "self") > 50);
      assert.ok(kinds("join", "added") > 0);
      assert.ok(kinds("leave") > 10);
      assert.ok(kinds("kick") > 0);
    });

    test("multilingual names: Latin, Cyrillic, CJK, Arabic, some with emoji", () => {
      const names = data.users.map((u) => u.firstName ?? "");
      assert.ok(names.some((n) => /[А-Яа-яЁё]/.test(n)));
      assert.ok(names.some((n) => /[\u4e00-\u9fff\uac00-\ud7af]/.test(n)));
      assert.ok(names.some((n) => /[\u0600-\u06ff]/.test(n)));
      assert.ok(names.some((n) => /\p{Extended_Pictographic}/u.test(n)));
      assert.ok(names.some((n) => /^[A-Z][a-zé]+ [A-Z]/.test(n)));
      const texts = data.messages.map((m) => m.text ?? "");
      assert.ok(
        texts.some((t) => /[а-я]/.test(t)) &&
          texts.some((t) => /Morgen|Abend/.test(t)) &&
          texts.some((t) => /¿|¡/.test(t)),
      );
      assert.ok(!texts.some((t) => /lorem|ipsum/i.test(t)));
    });
  });
});
