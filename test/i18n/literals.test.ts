// No feature sends a person an untranslated text: a string with words handed straight to a
// reply, a caption, a button, a callback answer, an edit, a send or a chart label fails here,
// with file:line:column of each, so it can be moved into locales/ and sent through ctx.t.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { findLiterals, isLanguage, type Literal, openProject } from "./source-scan.js";

/**
 * What a person reads is built here: features, delivery, scheduled jobs, view models, charts,
 * alerts, the recap and settings. (The demo's synthetic messages and the command line's
 * output for operators are not Pulse talking to chat members.)
 */
const SCANNED = [
  "src/bot",
  "src/delivery",
  "src/jobs",
  "src/reports",
  "src/render",
  "src/alerts",
  "src/recap",
  "src/settings",
];

describe("untranslated literals", () => {
  let project: ReturnType<typeof openProject>;
  before(() => {
    project = openProject();
  });
  after(() => project.close());

  const describeAll = (found: Literal[]) =>
    found
      .map((l) => {
        const via = l.sinkAt === l.at.split(":").slice(1).join(":") ? "" : ` (line ${l.sinkAt.split(":")[0]})`;
        return `  ${l.at}  ${JSON.stringify(l.text.slice(0, 90))} → ${l.sink}${via}`;
      })
      .join("\n");

  test("no string with words reaches a reply, caption, button, callback answer, send or chart label", () => {
    const found = findLiterals(project.parse, project.files(...SCANNED));
    assert.equal(
      found.length,
      0,
      `${found.length} untranslated text(s); put them in locales/<lang>/<feature>.ftl and use ctx.t (or a Translate function):\n${describeAll(found)}`,
    );
  });

  // The scanner itself, on a file written for it: it must catch each way a literal travels and
  // leave translated texts, markup and emoji alone.
  test("the scanner finds literals however they reach the sink", () => {
    const found = findLiterals(project.parse, ["test/i18n/fixtures/untranslated.ts"]);
    // The literal's line, then the line of the call or property it reaches.
    const lines = found.map((l) => `${l.at.split(":")[1]}→${l.sinkAt.split(":")[0]} ${l.sink}`);
    assert.deepEqual(lines, [
      "8→8 ctx.reply",
      "9→9 ctx.reply",
      "10→10 ctx.reply",
      "12→12 ctx.answerCallbackQuery",
      "13→13 { text }",
      "14→14 new InlineKeyboard().text",
      "15→15 ctx.api.editMessageText",
      "16→16 { caption }",
      "6→17 ctx.reply",
      "32→18 ctx.reply",
      "19→19 ctx.reply",
      "25→25 ctx.reply",
      "26→27 ctx.reply",
      "35→35 { label }",
      "40→40 { description }",
    ]);
    assert.ok(!isLanguage("<b>12</b> · 🎉"));
    assert.ok(!isLanguage("UTC"));
    assert.ok(!isLanguage("recap-title"));
    assert.ok(isLanguage("<b>Week</b>"));
  });
});
