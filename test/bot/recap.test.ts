// /recap end to end: commands go in through the local Bot API server; the card, the PDF and
// every refusal come out. A Berlin group with data from Tuesday 20 October 2026; "now" is
// Wednesday 18 November (week 47), so "last" is week 46 and week 44 holds nothing.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import pino from "pino";
import type { Pulse } from "../../src/app.js";
import type { Database } from "../../src/db/client.js";
import type { MessageRecord } from "../../src/ingest/records.js";
import { BatchWriter } from "../../src/ingest/writer.js";
import { pdfPageCount, TABLE_ROWS_PER_PAGE } from "../../src/render/pdf-report.js";
import { attachedFile, type RecordedCall, TestBotApiServer } from "../helpers/bot-api-server.js";
import { testEngines } from "../helpers/db.js";
import { pngSize } from "../helpers/png.js";
import { startTestPulse } from "../helpers/pulse.js";
import { chatRecord, messageRecord } from "../helpers/records.js";
import { member, message, person, supergroup, update } from "../helpers/updates.js";

const CHAT = -1003000000001;
const club = supergroup(CHAT, "Recap Club");
const anna = person(1, "Anna", "anna"); // administrator
const bernd = person(2, "Bernd"); // member
const vera = { ...person(3, "Vera"), language_code: "ru" };
const outsider = person(50, "Olaf"); // never wrote anywhere, administers nothing
const NOW = new Date("2026-11-18T12:00:00Z");
const ZONE = "Europe/Berlin";
let nextId = 10_000;

/** Messages per week (local Monday → count); each from one of 40 members, so the table spans two pages. */
const WEEKS: Record<string, number> = {
  "2026-10-19": 30, // week 43: the first data, from Tuesday 20 Oct
  // week 44 (26 Oct – 1 Nov): nothing
  "2026-11-02": 45, // week 45
  "2026-11-09": 60, // week 46: "last"
  "2026-11-16": 12, // week 47 so far (Mon, Tue, Wed morning)
};
const MEMBERS = 40;

function dataset(): MessageRecord[] {
  const out: MessageRecord[] = [];
  let id = 1;
  for (const [monday, count] of Object.entries(WEEKS)) {
    const start = Date.parse(`${monday}T09:00:00Z`) + (monday === "2026-10-19" ? 86_400_000 : 0);
    for (let i = 0; i < count; i++) {
      const at = new Date(start + (i % 3) * 86_400_000 + i * 60_000);
      out.push(messageRecord(CHAT, id++, at.toISOString(), { userId: 100 + (i % MEMBERS), text: `hello ${i}` }));
    }
  }
  // Anna, Bernd and Vera wrote once too (before "now"), so a private /recap can offer the chat.
  for (const user of [anna, bernd, vera])
    out.push(messageRecord(CHAT, id++, "2026-11-17T10:00:00Z", { userId: user.id }));
  return out;
}

async function load(database: Database): Promise<void> {
  const writer = new BatchWriter(
    database,
    { flushMs: 1, batchSize: 1000, queueLimit: 10_000, defaultTimezone: "UTC" },
    pino({ level: "silent" }),
  );
  await writer.write({ chats: [chatRecord(CHAT, { title: "Recap Club", botStatus: "administrator" })] });
  await writer.flush();
  await database.db.execute(sql`UPDATE chats SET timezone = ${ZONE} WHERE id = ${CHAT}`);
  await writer.write({ messages: dataset() });
  await writer.close();
}

function command(
  from: typeof anna,
  text: string,
  chat: typeof club | { id: number; type: "private"; first_name: string } = club,
) {
  const length = text.split(" ")[0]?.length ?? text.length;
  return update.message(
    message(chat as never, nextId++, NOW.toISOString(), {
      from,
      text,
      entities: [{ type: "bot_command", offset: 0, length }],
    }),
  );
}
const inPrivate = (from: typeof anna) => ({ id: from.id, type: "private" as const, first_name: from.first_name });

/** Pages in a PDF: page objects, not the page tree. */
function pdfPages(bytes: Buffer): number {
  return (bytes.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}

for (const engine of testEngines()) {
  describe(`/recap through the Bot API on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    let pulse: Pulse;

    before(async () => {
      server = await TestBotApiServer.start();
      database = await engine.open();
      await load(database);
      server.setChatMember(CHAT, member(anna, "administrator"));
      server.setChatMember(CHAT, member(bernd, "member"));
      server.setChatMember(CHAT, member(vera, "member"));
      server.setChatMember(CHAT, member(outsider, "member"));
      pulse = await startTestPulse(
        server,
        database,
        { RATE_LIMIT_USER_PER_MINUTE: "60", RATE_LIMIT_CHAT_PER_MINUTE: "120" },
        () => NOW,
      );
    });
    after(async () => {
      await pulse.stop();
      await database.close();
      await server.close();
    });
    beforeEach(() => server.reset());

    const reply = (chatId: number, method = "sendMessage") =>
      server.waitForCall(method, (c: RecordedCall) => Number(c.payload.chat_id) === chatId, 30_000);

    test("/recap: this week so far, as a 1080×1350 card with its caption", async () => {
      server.pushUpdate(command(bernd, "/recap"));
      const call = await reply(CHAT, "sendPhoto");
      const photo = attachedFile(call, "photo");
      assert.ok(photo);
      assert.deepEqual(pngSize(photo.data), { width: 1080, height: 1350 });
      const caption = String(call.payload.caption);
      assert.match(caption, /Recap Club/);
      assert.match(caption, /Week 47/);
      assert.equal(call.payload.parse_mode, "HTML");
    });

    test("/recap last: week 46; /recap 2026-11-04: the week holding that day, week 45", async () => {
      server.pushUpdate(command(bernd, "/recap last"));
      const last = await reply(CHAT, "sendPhoto");
      assert.match(String(last.payload.caption), /Week 46/);
      server.reset();
      server.pushUpdate(command(bernd, "/recap 2026-11-04"));
      const dated = await reply(CHAT, "sendPhoto");
      assert.match(String(dated.payload.caption), /Week 45/);
    });

    test("bad, impossible, future, too early and empty weeks get their own answers", async () => {
      const cases: [string, RegExp][] = [
        ["/recap banana", /I don't know “banana” here/],
        ["/recap 2026-02-30", /2026-02-30 is not a date in the calendar/],
        // Intl puts thin spaces around the dash of a range across months.
        ["/recap 2026-11-30", /The week of 30 Nov\s–\s6 Dec 2026 has not begun yet/],
        ["/recap 2026-10-12", /no records before 20 Oct 2026, so the week of 12\s?–\s?18 Oct 2026 has nothing/],
        ["/recap 2026-10-28", /Nothing happened in the week of 26 Oct\s–\s1 Nov 2026/],
      ];
      for (const [text, expected] of cases) {
        server.reset();
        server.pushUpdate(command(bernd, text));
        const call = await reply(CHAT);
        assert.match(String(call.payload.text), expected, text);
      }
      assert.equal(server.callsTo("sendPhoto").length, 0);
    });

    test("answers in the asker's language", async () => {
      server.pushUpdate(command(vera, "/recap banana"));
      const call = await reply(CHAT);
      assert.match(String(call.payload.text), /^Не понимаю «banana»/);
    });

    test("/recap pdf: a PDF with the card, the week's and month's charts and the member table", async () => {
      server.pushUpdate(command(bernd, "/recap last pdf"));
      const call = await reply(CHAT, "sendDocument");
      const document = attachedFile(call, "document");
      assert.ok(document);
      assert.match(document.filename, /^pulse-recap-.*-2026-11-09\.pdf$/);
      assert.equal(document.data.subarray(0, 5).toString("latin1"), "%PDF-");
      assert.match(document.data.subarray(-32).toString("latin1"), /%%EOF\s*$/);
      // Week 46: all 40 members wrote (60 messages over 40 ids), so the table takes two pages.
      const tableRows = MEMBERS;
      const expected = 1 + 2 + Math.ceil(tableRows / TABLE_ROWS_PER_PAGE);
      assert.equal(expected, 5);
      assert.equal(pdfPageCount({ sections: [{}, {}] as never, table: { rows: new Array(tableRows) } as never }), 5);
      assert.equal(pdfPages(document.data), expected);
      assert.match(String(call.payload.caption), /week 46/);
    });

    test("in private: an admin picks the chat and gets the card there; others are refused", async () => {
      server.pushUpdate(command(anna, "/recap last", inPrivate(anna)));
      const picker = await reply(anna.id);
      const markup = JSON.stringify(picker.payload.reply_markup);
      assert.match(String(picker.payload.text), /Which chat's recap\?/);
      assert.match(markup, new RegExp(`"callback_data":"rc\\|${CHAT}\\|last\\|card"`));
      const pickerMessage = server.sentMessages(anna.id).at(-1);
      server.reset();
      server.pushUpdate({
        callback_query: {
          id: "press-1",
          from: anna,
          chat_instance: "x",
          message: pickerMessage,
          data: `rc|${CHAT}|last|card`,
        },
      });
      const card = await reply(anna.id, "sendPhoto");
      assert.match(String(card.payload.caption), /Week 46/);

      // Bernd wrote in the chat but does not administer it: no chat to offer.
      server.reset();
      server.pushUpdate(command(bernd, "/recap", inPrivate(bernd)));
      const refusal = await reply(bernd.id);
      assert.match(String(refusal.payload.text), /I don't see a chat you administer/);
      // A button press made up by a non-admin is refused too.
      server.reset();
      server.pushUpdate({
        callback_query: { id: "press-2", from: bernd, chat_instance: "y", data: `rc|${CHAT}|now|card` },
      });
      const answer = await server.waitForCall("answerCallbackQuery", (c) => c.payload.callback_query_id === "press-2");
      assert.match(String(answer.payload.text), /Only that chat's administrators/);
      assert.equal(server.callsTo("sendPhoto").length, 0);
    });

    test("/export offers the same tables as one XLSX workbook under the CSV files", async () => {
      server.pushUpdate(command(anna, "/export 2026-11-09..2026-11-15"));
      const csv = await server.waitForCall(
        "sendDocument",
        (c) => Number(c.payload.chat_id) === anna.id && /^messages-/.test(attachedFile(c, "document")?.filename ?? ""),
        30_000,
      );
      const button = JSON.stringify(csv.payload.reply_markup);
      const data = `xw|${CHAT}|2026-11-09..2026-11-15`;
      assert.ok(button.includes(`"callback_data":"${data}"`), button);
      const offer = server.sentMessages(anna.id).at(-1);
      server.reset();
      server.pushUpdate({ callback_query: { id: "xlsx-1", from: anna, chat_instance: "z", message: offer, data } });
      const sent = await server.waitForCall(
        "sendDocument",
        (c) => attachedFile(c, "document")?.filename.endsWith(".xlsx") ?? false,
        30_000,
      );
      assert.equal(Number(sent.payload.chat_id), anna.id);
      const file = attachedFile(sent, "document");
      assert.ok(file);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(file.data as unknown as ArrayBuffer);
      assert.deepEqual(
        workbook.worksheets.map((w) => w.name),
        ["Daily activity", "Activity per member", "Messages with engagement"],
      );
      const [daily, members, messages] = workbook.worksheets as [
        ExcelJS.Worksheet,
        ExcelJS.Worksheet,
        ExcelJS.Worksheet,
      ];
      const column = (sheet: ExcelJS.Worksheet, header: string) => {
        const index = (sheet.getRow(1).values as unknown[]).indexOf(header);
        return sheet.getColumn(index).values.slice(2) as number[];
      };
      const sum = (values: number[]) => values.reduce((a, b) => a + Number(b ?? 0), 0);
      assert.equal(daily.rowCount - 1, 7, "a row per day of week 46");
      assert.equal(sum(column(daily, "messages")), WEEKS["2026-11-09"]);
      assert.equal(members.rowCount - 1, MEMBERS, "every one of the 40 members wrote that week");
      assert.equal(sum(column(members, "messages")), WEEKS["2026-11-09"]);
      assert.equal(messages.rowCount - 1, WEEKS["2026-11-09"]);

      // Bernd is no administrator: a press of the same button is refused.
      server.reset();
      server.pushUpdate({ callback_query: { id: "xlsx-2", from: bernd, chat_instance: "z", data } });
      const refused = await server.waitForCall("answerCallbackQuery", (c) => c.payload.callback_query_id === "xlsx-2");
      assert.match(String(refused.payload.text), /Only that chat's administrators can export/);
      assert.equal(server.callsTo("sendDocument").length, 0);
    });
  });
}
