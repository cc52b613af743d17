// /influence end to end: commands in through the local Bot API server, the top influencers
// as a caption and the network chart as a PNG out; in private, an administrator picks a chat.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { XMLValidator } from "fast-xml-parser";
import { DirectedGraph } from "graphology";
import { parse as parseGexf } from "graphology-gexf";
import type { Pulse } from "../../src/app.js";
import type { PulseContext } from "../../src/bot/context.js";
import { isHeavyRequest } from "../../src/bot/rate-limit.js";
import type { Database } from "../../src/db/client.js";
import { refreshSocialGraph } from "../../src/graph/refresh.js";
import { getNetworkEdges } from "../../src/queries/influence.js";
import { CHART_HEIGHT, CHART_WIDTH } from "../../src/render/charts.js";
import { networkPairs } from "../../src/render/network-export.js";
import { CHANNEL, DIETER, GROUP, loadSocialDataset } from "../graph/dataset.js";
import { attachedFile, type RecordedCall, TestBotApiServer } from "../helpers/bot-api-server.js";
import { testEngines } from "../helpers/db.js";
import { pngSize } from "../helpers/png.js";
import { startTestPulse } from "../helpers/pulse.js";
import { member, message, person, supergroup, update } from "../helpers/updates.js";

const club = supergroup(GROUP, "Graph Club");
const anna = person(1, "Anna", "anna");
const bernd = person(2, "Bernd");
const NOW = new Date("2026-04-01T12:00:00Z");
const LATER = "2026-04-01T11:00:00Z";
let nextId = 5000;

function command(
  chat: typeof club | { id: number; type: "private"; first_name: string },
  from: typeof anna,
  text: string,
) {
  return update.message(
    message(chat, nextId++, LATER, {
      from,
      text,
      entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? text.length }],
    }),
  );
}

const privateChat = (user: typeof anna) => ({ id: user.id, type: "private" as const, first_name: user.first_name });

for (const engine of testEngines()) {
  describe(`/influence through the Bot API on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    let pulse: Pulse;
    let top: { influencer_id: number; score: number }[];

    before(async () => {
      server = await TestBotApiServer.start();
      database = await engine.open();
      await loadSocialDataset(database);
      await refreshSocialGraph(database, { now: () => new Date("2026-04-01T03:00:00Z") });
      top = await database.rows(
        sql`SELECT influencer_id, score FROM top_influencers WHERE chat_id = ${GROUP} ORDER BY score DESC, influencer_id`,
      );
      server.setChatMember(GROUP, member(anna, "administrator"));
      server.setChatMember(GROUP, member(bernd, "member"));
      pulse = await startTestPulse(server, database, {}, () => NOW);
    });
    after(async () => {
      await pulse.stop();
      await database.close();
      await server.close();
    });
    beforeEach(() => server.reset());

    const photoTo = (chatId: number) =>
      server.waitForCall("sendPhoto", (c: RecordedCall) => c.payload.chat_id === chatId, 15_000);

    test("in a group: the top influencers, ranked by score, and the network chart", async () => {
      server.pushUpdate(command(club, bernd, "/influence"));
      const call = await photoTo(GROUP);
      const caption = String(call.payload.caption);
      assert.match(caption, /Top influencers<\/b> · <b>Graph Club<\/b>/);
      const first = top[0];
      assert.equal(first?.influencer_id, 1, "Anna leads the crafted community");
      assert.match(
        caption,
        new RegExp(`\\n1\\. Anna — <b>${first?.score}</b> · 2 replies · 5 reactions · 1 forward · 4 people`),
      );
      // HTML-escaped channel and member names, and the score explained.
      assert.match(caption, /Club &lt;News&gt; &amp; Co 📣/);
      assert.match(caption, /Eva &lt;&amp;&gt; "Q"/);
      assert.match(caption, /score = 2 × replies \+ reactions \+ 3 × forwards \+ 5 × people who interacted/);
      assert.match(caption, /as of 1 Apr 2026, 03:00 UTC \(rebuilt daily\)/);
      assert.doesNotMatch(caption, /Dieter/);
      assert.equal((caption.match(/^\d+\. /gm) ?? []).length, top.length);
      const photo = attachedFile(call, "photo");
      assert.ok(photo, "a PNG was uploaded");
      assert.deepEqual(pngSize(photo.data), { width: CHART_WIDTH, height: CHART_HEIGHT });
    });

    test("in Russian and Spanish: influencers with their plurals, the score and the date in the reader's language", async () => {
      const vera = { ...person(7, "Vera"), language_code: "ru" };
      server.pushUpdate(command(club, vera, "/influence"));
      const ru = String((await photoTo(GROUP)).payload.caption);
      assert.match(ru, /Самые влиятельные<\/b> · <b>Graph Club<\/b>/);
      // 2 ответа (few), 5 реакций (many), 1 пересылка (one), 4 человека (few).
      assert.match(
        ru,
        new RegExp(`\\n1\\. Anna — <b>${top[0]?.score}</b> · 2 ответа · 5 реакций · 1 пересылка · 4 человека`),
      );
      assert.match(ru, /очки = 2 × ответы/);
      assert.match(ru, /на 1 апр\. 2026 г\., 03:00 UTC \(пересчитывается ежедневно\)/);
      server.reset();
      const elena = { ...person(8, "Elena"), language_code: "es" };
      server.pushUpdate(command(club, elena, "/influence"));
      const es = String((await photoTo(GROUP)).payload.caption);
      assert.match(
        es,
        new RegExp(`\\n1\\. Anna — <b>${top[0]?.score}</b> · 2 respuestas · 5 reacciones · 1 reenvío · 4 personas`),
      );
      assert.match(es, /a fecha de 1 abr 2026, 3:00 UTC|a fecha de 1 abr 2026, 03:00 UTC/);
    });

    test("in private: an administrator picks the chat; others are refused", async () => {
      server.pushUpdate(command(privateChat(anna), anna, "/influence"));
      const list = await server.waitForCall("sendMessage", (c) => c.payload.chat_id === anna.id);
      assert.match(String(list.payload.text), /Influence in which chat/);
      assert.match(JSON.stringify(list.payload.reply_markup), new RegExp(`i\\|${GROUP}`));
      server.pushUpdate({
        callback_query: {
          id: "inf-1",
          from: anna,
          chat_instance: "x",
          data: `i|${GROUP}`,
          message: {
            message_id: 1,
            date: 1,
            chat: privateChat(anna),
            from: server.botInfo,
            text: "Influence in which chat?",
          },
        },
      });
      const sent = await photoTo(anna.id);
      assert.match(String(sent.payload.caption), /1\. Anna — /);
      server.pushUpdate({
        callback_query: {
          id: "inf-2",
          from: bernd,
          chat_instance: "y",
          data: `i|${GROUP}`,
          message: { message_id: 2, date: 1, chat: privateChat(bernd), from: server.botInfo, text: "x" },
        },
      });
      const refused = await server.waitForCall("answerCallbackQuery", (c) => c.payload.callback_query_id === "inf-2");
      assert.match(String(refused.payload.text), /Only that chat's administrators/);
      assert.equal(server.callsTo("sendPhoto").filter((c) => c.payload.chat_id === bernd.id).length, 0);
    });

    test("/export adds the network as a CSV edge list and as GEXF that parse back to the same graph", async () => {
      server.pushUpdate(command(club, anna, "/export 30d"));
      await server.waitForCall(
        "sendMessage",
        (c) => c.payload.chat_id === GROUP && /Sent you/.test(String(c.payload.text)),
      );
      const files = server
        .callsTo("sendDocument")
        .filter((c) => c.payload.chat_id === anna.id)
        .map((c) => attachedFile(c, "document"));
      const names = files.map((f) => f?.filename);
      assert.deepEqual(names.slice(3), [`network-edges-${GROUP}.csv`, `network-${GROUP}.gexf`]);
      const expected = networkPairs((await getNetworkEdges(database, GROUP)) ?? []);
      const nodes = new Set(expected.flatMap((p) => [p.source, p.target]));

      const csv = files[3]?.data.toString("utf8").trim().split("\r\n") ?? [];
      assert.equal(
        csv[0],
        "source,target,type,weight,source_name,target_name,replies,reactions,forwards,first_forward,last_forward",
      );
      assert.equal(csv.length, 1 + expected.length);
      assert.ok(
        csv.includes("3,1,Directed,2,Clara Zetkin,Anna,1,1,0,,"),
        "Clara replied to and reacted to Anna once each",
      );
      assert.ok(
        csv.includes(
          `${CHANNEL},${GROUP},Directed,3,Club <News> & Co,Graph Club,0,0,3,2026-03-12T09:00:00.000Z,2026-03-15T10:00:00.000Z`,
        ),
      );
      assert.ok(
        csv.some((line) => line.includes('"Eva <&> ""Q"""')),
        "quotes in names are doubled",
      );

      const xml = files[4]?.data.toString("utf8") ?? "";
      assert.equal(XMLValidator.validate(xml), true, "well-formed XML");
      assert.doesNotMatch(
        xml,
        /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u,
        "only characters XML allows",
      );
      assert.match(xml, /<gexf version="1\.3"/);
      const graph = parseGexf(DirectedGraph, xml);
      assert.equal(graph.order, nodes.size);
      assert.equal(graph.size, expected.length);
      assert.equal(graph.getNodeAttribute(String(CHANNEL), "label"), "Club <News> & Co");
      assert.equal(graph.getNodeAttribute("5", "label"), 'Eva <&> "Q"');
      assert.equal(graph.getEdgeAttribute(graph.edge("3", "1"), "weight"), 2);
      assert.equal(graph.getEdgeAttribute(graph.edge(String(CHANNEL), String(GROUP)), "forwards"), 3);
      assert.ok(!graph.hasNode(String(DIETER)), "opted out: not a node");
      assert.doesNotMatch(xml + csv.join("\n"), /Dieter/);
    });

    test("/export in a chat with no interactions as of the last build sends no empty network files", async () => {
      const quiet = supergroup(-1007000000003, "Quiet Club");
      server.setChatMember(quiet.id, member(anna, "administrator"));
      for (const text of ["first", "second"]) {
        const id = server.pushUpdate(update.message(message(quiet, nextId++, LATER, { from: anna, text })));
        await server.waitUntilConfirmed(id, 15_000);
      }
      server.pushUpdate(command(quiet, anna, "/export 30d"));
      const said = await server.waitForCall(
        "sendMessage",
        (c) => c.payload.chat_id === anna.id && /No network files/.test(String(c.payload.text)),
        15_000,
      );
      assert.equal(
        said.payload.text,
        "No network files: as of the last build of the social graph (1 Apr 2026, 03:00 UTC) nobody here had replied to, reacted to or forwarded anyone. It is built again daily at 03:00 UTC.",
      );
      const names = server
        .callsTo("sendDocument")
        .filter((c) => c.payload.chat_id === anna.id)
        .map((c) => attachedFile(c, "document")?.filename);
      assert.ok(names.length > 0, "the period's files were sent");
      assert.ok(!names.some((name) => name?.startsWith("network")), "no network files");
    });

    test("an opted-out member is never named, and /influence is rate-limited like /stats", () => {
      assert.ok(!top.some((t) => t.influencer_id === DIETER));
      const asked = (text: string) => ({ message: { text } }) as unknown as PulseContext;
      assert.equal(isHeavyRequest(asked("/influence")), true);
      assert.equal(isHeavyRequest(asked("/influence@PulseBot")), true);
      assert.equal(isHeavyRequest({ callbackQuery: { data: `i|${GROUP}` } } as unknown as PulseContext), true);
    });
  });
}
