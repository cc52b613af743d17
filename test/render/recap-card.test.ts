// The recap card and caption: a valid 1080×1350 PNG with text where the layout puts it, in
// every language and for awkward titles; captions within Telegram's 1,024 characters.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createCanvas } from "canvas";
import { LOCALES, translator } from "../../src/i18n/index.js";
import { CAPTION_LIMIT, recapCaption, recapCardSpec, renderRecapCard } from "../../src/render/recap-card.js";
import { createChartRenderer } from "../../src/render/renderer.js";
import type { RecapView } from "../../src/reports/recap.js";
import { weekContaining } from "../../src/reports/weeks.js";
import { countPixels, pngPixels, pngSize } from "../helpers/png.js";

const week = weekContaining("2026-11-25", "Europe/Berlin");

function sampleView(overrides: Partial<RecapView> = {}): RecapView {
  return {
    chatId: -1001234567890,
    chatType: "supergroup",
    isChannel: false,
    title: "Elm Street Neighbours",
    username: null,
    locale: "en",
    timezone: "Europe/Berlin",
    week,
    partial: false,
    generatedAt: new Date("2026-11-30T09:00:00Z"),
    quiet: false,
    messages: 1482,
    previousMessages: 1300,
    messagesChange: 182 / 1300,
    activeMembers: 64,
    previousActiveMembers: 60,
    memberCount: 410,
    activeShare: 64 / 410,
    newcomers: 7,
    leavers: 2,
    reactions: 530,
    replies: 388,
    days: Array.from({ length: 7 }, (_, i) => ({
      day: `2026-11-${23 + i}`,
      messages: [180, 240, 310, 220, 200, 150, 182][i] as number,
      activeMembers: 20 + i,
    })),
    heatmap: Array.from({ length: 7 }, () => Array<number>(24).fill(3)),
    busiest: { weekday: 2, hour: 21, messages: 61 },
    podium: [
      { senderId: 1, name: "Anna", messages: 210 },
      { senderId: 2, name: "Bernd", messages: 150 },
      { senderId: 3, name: "Clara Zetkin", messages: 97 },
    ],
    newcomer: { senderId: 4, name: "Dmitri", messages: 12, joinedAt: new Date("2026-11-24T10:00:00Z") },
    topReacted: {
      messageId: 77,
      date: new Date("2026-11-25T18:00:00Z"),
      senderName: "Anna",
      kind: "text",
      snippet: "The bakery on Elm St reopens on Saturday, with the old recipes",
      count: 41,
      link: "https://t.me/c/1234567890/77",
    },
    topReplied: {
      messageId: 78,
      date: new Date("2026-11-26T18:00:00Z"),
      senderName: "Bernd",
      kind: "text",
      snippet: "Who is coming to the street party?",
      count: 23,
      link: "https://t.me/c/1234567890/78",
    },
    trend: Array.from({ length: 8 }, (_, i) => ({
      weekStart: `w${i}`,
      isoWeek: 41 + i,
      messages: [900, 1100, 1000, 1250, 1180, 1320, 1300, 1482][i] as number,
      activeMembers: [50, 55, 52, 58, 57, 61, 60, 64][i] as number,
    })),
    channel: null,
    ...overrides,
  };
}

const channelView = (missing: boolean) =>
  sampleView({
    chatType: "channel",
    isChannel: true,
    title: "Elm Street News",
    messages: 14,
    previousMessages: 9,
    messagesChange: null,
    podium: [],
    newcomer: null,
    topReacted: null,
    topReplied: null,
    channel: {
      posts: 14,
      viewsPerPost: missing ? null : 1830,
      forwards: missing ? null : 95,
      reactions: 240,
      err: missing ? null : (240 + 95) / (14 * 1830),
      subscribers: 5400,
      subscriberChange: 42,
      topPost: {
        messageId: 9,
        date: new Date("2026-11-25T18:00:00Z"),
        senderName: null,
        kind: "text",
        snippet: "Our December meetup: talks, pizza and a surprise guest",
        count: 60,
        link: null,
        views: missing ? null : 4100,
        reactions: 60,
      },
      missing: missing ? ["views", "forwards"] : [],
    },
  });

const LIGHT = (r: number, g: number, b: number) => r > 200 && g > 200 && b > 200;

async function lightPixels(png: Buffer, region: { x: number; y: number; width: number; height: number }) {
  return countPixels(await pngPixels(png, region), LIGHT);
}

/** Distinct colours in a coarse sample: a blank or single-colour image has one or two. */
async function colours(png: Buffer): Promise<number> {
  const data = await pngPixels(png, { x: 0, y: 0, width: 1080, height: 1350 });
  const seen = new Set<number>();
  for (let i = 0; i < data.length; i += 4 * 97) {
    seen.add(((data[i] as number) << 16) | ((data[i + 1] as number) << 8) | (data[i + 2] as number));
  }
  return seen.size;
}

// Regions of the layout (see src/render/recap/draw.ts) that must hold text.
const TITLE = { x: 188, y: 70, width: 820, height: 60 };
const HERO_NUMBER = { x: 90, y: 250, width: 420, height: 100 };
const TILE_VALUES = { x: 80, y: 490, width: 920, height: 60 };
const PODIUM_NAMES = { x: 80, y: 640, width: 600, height: 110 };
const RIGHT_MARGIN = { x: 1032, y: 60, width: 48, height: 80 };

describe("recap card", () => {
  for (const locale of LOCALES) {
    test(`a full week in ${locale}: 1080×1350 PNG with text in its regions`, async () => {
      const png = await renderRecapCard(sampleView({ locale }), translator(locale));
      assert.deepEqual(pngSize(png), { width: 1080, height: 1350 });
      assert.ok((await colours(png)) > 50, "not blank");
      assert.ok((await lightPixels(png, TITLE)) > 800, "title drawn");
      assert.ok((await lightPixels(png, HERO_NUMBER)) > 4000, "hero number drawn");
      assert.ok((await lightPixels(png, TILE_VALUES)) > 2000, "tile values drawn");
      assert.ok((await lightPixels(png, PODIUM_NAMES)) > 500, "podium names drawn");
      assert.ok(png.length < 400_000, `${png.length} bytes`);
    });
  }

  test("texts come from the language's files, numbers and dates from Intl", () => {
    const en = recapCardSpec(sampleView(), translator("en"));
    assert.equal(en.hero.value, "1,482");
    assert.equal(en.hero.change?.text, "▲ 14% vs last week");
    assert.equal(en.hero.change?.tone, "up");
    assert.match(en.weekLabel, /^Week 48 · 23\s?–\s?29 Nov · Europe\/Berlin$/);
    assert.equal(en.strip.busiest, "Busiest hour: Wed 21:00");
    assert.equal(en.tiles[0]?.[0]?.detail, "16% of 410");
    assert.equal(en.tiles[0]?.[1]?.value, "+7");
    assert.equal(en.tiles[0]?.[1]?.detail, "2 left · net +5");
    assert.deepEqual(
      en.podium?.entries.map((e) => e.value),
      ["210 messages", "150 messages", "97 messages"],
    );
    const ru = recapCardSpec(sampleView({ locale: "ru", messages: 1482 }), translator("ru"));
    assert.equal(ru.hero.value.replace(/\s/gu, " "), "1 482");
    assert.match(ru.weekLabel, /^Неделя 48 · 23\s?–\s?29 нояб\. · Europe\/Berlin$/);
    assert.deepEqual(
      ru.podium?.entries.map((e) => e.value),
      ["210 сообщений", "150 сообщений", "97 сообщений"],
    );
    const es = recapCardSpec(sampleView({ locale: "es" }), translator("es"));
    assert.equal(es.strip.busiest, "Hora pico: Mié 21:00");
  });

  test("a previous week under 20 messages shows 'new', not a percentage; a partial week shows neither", () => {
    const t = translator("en");
    const fresh = recapCardSpec(sampleView({ previousMessages: 4, messagesChange: null }), t);
    assert.deepEqual(fresh.hero.change, { text: "new", tone: "new" });
    const small = recapCardSpec(sampleView({ messagesChange: -0.007 }), t);
    assert.deepEqual(small.hero.change, { text: "▼ 0.7% vs last week", tone: "down" });
    const flat = recapCardSpec(sampleView({ messagesChange: 0.0003 }), t);
    assert.deepEqual(flat.hero.change, { text: "same as last week", tone: "flat" });
    const partial = recapCardSpec(sampleView({ partial: true }), t);
    assert.equal(partial.hero.change, null);
    assert.match(partial.weekLabel, /so far/);
  });

  test("a message without text is named by its kind", () => {
    const photo = {
      ...(sampleView().topReacted as NonNullable<RecapView["topReacted"]>),
      snippet: null,
      kind: "photo",
    };
    const spec = recapCardSpec(sampleView({ topReacted: photo }), translator("en"));
    assert.equal(spec.messages[0]?.snippet, "📷 Photo");
    assert.match(recapCaption(sampleView({ locale: "ru", topReacted: photo }), translator("ru")), /📷 Фото/);
  });

  test("a quiet week: a gentle panel instead of the podium", async () => {
    const view = sampleView({
      quiet: true,
      messages: 6,
      previousMessages: 3,
      messagesChange: null,
      podium: [{ senderId: 1, name: "Anna", messages: 4 }],
      topReplied: null,
    });
    const spec = recapCardSpec(view, translator("en"));
    assert.equal(spec.podium, null);
    assert.match(spec.quiet?.body ?? "", /Just 6 messages this week/);
    const png = await renderRecapCard(view, translator("en"));
    assert.deepEqual(pngSize(png), { width: 1080, height: 1350 });
    assert.ok((await lightPixels(png, { x: 180, y: 630, width: 700, height: 50 })) > 500, "quiet title drawn");
  });

  test("a channel without the user session's counters says 'not measured', never 0", async () => {
    const t = translator("en");
    const spec = recapCardSpec(channelView(true), t);
    const tiles = spec.tiles.flat();
    const byLabel = new Map(tiles.map((tile) => [tile.label, tile]));
    for (const label of ["Views per post", "Forwards", "ERR"]) {
      assert.equal(byLabel.get(label)?.value, "not measured");
      assert.equal(byLabel.get(label)?.missing, true);
    }
    assert.equal(byLabel.get("Subscribers")?.value, "+42");
    assert.match(spec.note ?? "", /user session/);
    assert.equal(spec.hero.label, "Posts");
    const png = await renderRecapCard(channelView(true), t);
    assert.deepEqual(pngSize(png), { width: 1080, height: 1350 });

    const full = recapCardSpec(channelView(false), t);
    assert.equal(full.note, null);
    assert.equal(new Map(full.tiles.flat().map((tile) => [tile.label, tile.value])).get("Views per post"), "1,830");
  });

  for (const [name, title] of [
    ["emoji-only", "🎉🔥🎉"],
    ["right-to-left", "مجتمع المطورين العرب"],
    ["200-character", `${"Neighbourhood association of the long street ".repeat(5)}`.slice(0, 200)],
    ["CJK", "东京开发者社区 🗼"],
  ] as const) {
    test(`a ${name} title is drawn inside the card`, async () => {
      const png = await renderRecapCard(sampleView({ title }), translator("en"));
      // Bright or colourful pixels: emoji are drawn in colour, text in near-white.
      const drawn = countPixels(await pngPixels(png, TITLE), (r, g, b) => Math.max(r, g, b) > 150);
      assert.ok(drawn > 300, "title drawn");
      assert.equal(await lightPixels(png, RIGHT_MARGIN), 0, "nothing spills into the right margin");
    });
  }

  test("the chat photo fills the avatar", async () => {
    const canvas = createCanvas(64, 64);
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#ff0000";
    ctx.fillRect(0, 0, 64, 64);
    const png = await renderRecapCard(sampleView({ photo: canvas.toBuffer("image/png") }), translator("en"));
    const red = countPixels(
      await pngPixels(png, { x: 76, y: 64, width: 72, height: 72 }),
      (r, g, b) => r > 240 && g < 30 && b < 30,
    );
    assert.equal(red, 72 * 72);
    // An unreadable photo falls back to the initial.
    const broken = await renderRecapCard(sampleView({ photo: Buffer.from("not an image") }), translator("en"));
    assert.deepEqual(pngSize(broken), { width: 1080, height: 1350 });
  });
});

describe("recap card in the render worker", () => {
  test("the chart renderer's worker draws the same card, photo included", async () => {
    const renderer = createChartRenderer({ workers: 1, cacheEntries: 0 });
    try {
      const canvas = createCanvas(32, 32);
      const ctx = canvas.getContext("2d");
      ctx.fillStyle = "#ff0000";
      ctx.fillRect(0, 0, 32, 32);
      const view = sampleView({ photo: canvas.toBuffer("image/png") });
      const png = await renderRecapCard(view, translator("en"), renderer);
      assert.equal(renderer.stats().renders, 1);
      assert.deepEqual(pngSize(png), { width: 1080, height: 1350 });
      assert.ok((await lightPixels(png, HERO_NUMBER)) > 4000, "hero number drawn");
      const red = countPixels(
        await pngPixels(png, { x: 76, y: 64, width: 72, height: 72 }),
        (r, g, b) => r > 240 && g < 30 && b < 30,
      );
      assert.equal(red, 72 * 72);
    } finally {
      await renderer.close();
    }
  });
});

describe("recap caption", () => {
  for (const locale of LOCALES) {
    test(`${locale}: the key numbers, at most 1,024 characters`, () => {
      const caption = recapCaption(sampleView({ locale }), translator(locale)).replace(/[\u00a0\u202f]/gu, " ");
      assert.ok(caption.length <= CAPTION_LIMIT);
      assert.match(caption, /<b>Elm Street Neighbours<\/b>/);
      assert.match(caption, locale === "en" ? /1,482 messages/ : locale === "ru" ? /1 482 сообщения/ : /1482 mensajes/);
      assert.match(caption, /href="https:\/\/t\.me\/c\/1234567890\/77"/);
      assert.match(caption, /Anna/);
    });

    test(`${locale}: a 200-character title, long names and snippets still fit`, () => {
      const long = "Ω".repeat(300);
      const view = sampleView({
        locale,
        title: "T".repeat(200),
        podium: [1, 2, 3].map((i) => ({ senderId: i, name: long, messages: 1000 * i })),
        newcomer: { senderId: 9, name: long, messages: 3, joinedAt: new Date("2026-11-24T10:00:00Z") },
        topReacted: { ...(sampleView().topReacted as NonNullable<RecapView["topReacted"]>), snippet: long },
        topReplied: { ...(sampleView().topReplied as NonNullable<RecapView["topReplied"]>), snippet: long },
      });
      const caption = recapCaption(view, translator(locale));
      assert.ok(caption.length <= CAPTION_LIMIT, `${caption.length} characters`);
      assert.ok(caption.split("\n").length >= 6, "key numbers kept");
    });
  }

  test("values are escaped for parse_mode HTML", () => {
    const caption = recapCaption(
      sampleView({
        title: "<b>Tom & Jerry</b>",
        podium: [{ senderId: 1, name: "<script>", messages: 3 }],
        topReacted: {
          ...(sampleView().topReacted as NonNullable<RecapView["topReacted"]>),
          snippet: 'a "quote" & <i>',
        },
      }),
      translator("en"),
    );
    assert.match(caption, /<b>&lt;b&gt;Tom &amp; Jerry&lt;\/b&gt;<\/b>/);
    assert.match(caption, /&lt;script&gt;/);
    assert.match(caption, /a &quot;quote&quot; &amp; &lt;i&gt;/);
    assert.doesNotMatch(caption.replaceAll(/<\/?(b|a)( href="[^"]*")?>/g, ""), /[<>]/);
  });

  test("plurals and the channel's missing counters", () => {
    const one = recapCaption(
      sampleView({ locale: "ru", messages: 1, activeMembers: 1, quiet: true, reactions: 2, replies: 5 }),
      translator("ru"),
    );
    assert.match(one, /1 сообщение/);
    assert.match(one, /1 активный участник/);
    assert.match(one, /2 реакции/);
    assert.match(one, /5 ответов/);
    const channel = recapCaption(channelView(true), translator("en"));
    assert.match(channel, /14 posts/);
    assert.match(channel, /not measured/);
    assert.doesNotMatch(channel, /views per post/);
  });
});
