// The translations are complete and well-formed: every Fluent file parses, every key of English
// exists in every language and no language has keys English lacks, translations use only the
// variables English passes, plural selectors name every form the language needs, every message
// formats without an error, and every key the code passes to a translate function exists.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { FluentBundle, FluentResource } from "@fluent/bundle";
import {
  type Entry,
  Identifier,
  Junk,
  Message,
  type MessageReference,
  parse,
  type SelectExpression,
  Term,
  type TermReference,
  type VariableReference,
  Visitor,
} from "@fluent/syntax";
import { LOCALES, LOCALES_DIR } from "../../src/i18n/index.js";
import { findKeyUses, openProject } from "./source-scan.js";

interface Entries {
  /** key → file it is defined in */
  files: Map<string, string>;
  entries: Map<string, Message | Term>;
  duplicates: string[];
  junk: string[];
}

/** Plural forms a selector must name in each language (besides the default variant). */
const REQUIRED_PLURALS: Record<string, string[]> = {
  en: ["one"],
  es: ["one"],
  // 1, 21 сообщение · 2, 22 сообщения · 5, 11 сообщений
  ru: ["one", "few", "many"],
};
const PLURAL_CATEGORIES = new Set(["zero", "one", "two", "few", "many", "other"]);

function ftlFiles(locale: string): string[] {
  return readdirSync(join(LOCALES_DIR, locale))
    .filter((name) => name.endsWith(".ftl"))
    .sort();
}

function load(locale: string): Entries {
  const result: Entries = { files: new Map(), entries: new Map(), duplicates: [], junk: [] };
  for (const file of ftlFiles(locale)) {
    const source = readFileSync(join(LOCALES_DIR, locale, file), "utf8");
    const resource = parse(source, { withSpans: true });
    for (const entry of resource.body as Entry[]) {
      if (entry instanceof Junk) {
        const line = source.slice(0, entry.span?.start ?? 0).split("\n").length;
        const why = entry.annotations.map((a) => `${a.code} ${a.message}`).join("; ");
        result.junk.push(`locales/${locale}/${file}:${line}: ${why}: ${JSON.stringify(entry.content.slice(0, 60))}`);
      } else if (entry instanceof Message || entry instanceof Term) {
        const id = entry instanceof Term ? `-${entry.id.name}` : entry.id.name;
        const earlier = result.files.get(id);
        if (earlier) result.duplicates.push(`${id} in locales/${locale}/${earlier} and ${file}`);
        result.files.set(id, file);
        result.entries.set(id, entry);
      }
    }
  }
  return result;
}

/** What an entry refers to: its variables, the messages and terms it uses, its plural selectors. */
function references(entry: Message | Term) {
  const variables = new Set<string>();
  const refs = new Set<string>();
  const selects: SelectExpression[] = [];
  class Collect extends Visitor {
    override visitVariableReference(node: VariableReference) {
      variables.add(node.id.name);
    }
    override visitMessageReference(node: MessageReference) {
      refs.add(node.id.name);
    }
    override visitTermReference(node: TermReference) {
      refs.add(`-${node.id.name}`);
      this.genericVisit(node);
    }
    override visitSelectExpression(node: SelectExpression) {
      selects.push(node);
      this.genericVisit(node);
    }
  }
  new Collect().visit(entry);
  return { variables, refs, selects };
}

const locales = Object.fromEntries(LOCALES.map((locale) => [locale, load(locale)])) as Record<string, Entries>;
const english = locales.en as Entries;

describe("translations", () => {
  test("every Fluent file parses, and no key is defined twice in one language", () => {
    const problems = LOCALES.flatMap((l) => [...(locales[l]?.junk ?? []), ...(locales[l]?.duplicates ?? [])]);
    assert.deepEqual(problems, []);
  });

  test("every language has the same files as English", () => {
    for (const locale of LOCALES) assert.deepEqual(ftlFiles(locale), ftlFiles("en"), `locales/${locale}`);
  });

  for (const locale of LOCALES.filter((l) => l !== "en")) {
    test(`${locale} has every English key, in the same file, and none English lacks`, () => {
      const theirs = locales[locale] as Entries;
      const missing = [...english.files].filter(([key]) => !theirs.files.has(key)).map(([k, f]) => `${f}: ${k}`);
      const extra = [...theirs.files].filter(([key]) => !english.files.has(key)).map(([k, f]) => `${f}: ${k}`);
      const moved = [...theirs.files]
        .filter(([key, file]) => english.files.has(key) && english.files.get(key) !== file)
        .map(([k, f]) => `${k} is in ${f}, in English in ${english.files.get(k)}`);
      assert.deepEqual({ missing, extra, moved }, { missing: [], extra: [], moved: [] }, `locales/${locale}`);
    });

    test(`${locale} uses only the variables English is given`, () => {
      const wrong: string[] = [];
      for (const [key, entry] of (locales[locale] as Entries).entries) {
        const theirs = references(entry).variables;
        const ours = english.entries.get(key);
        if (!ours) continue;
        const known = references(ours).variables;
        for (const name of theirs) if (!known.has(name)) wrong.push(`${key}: $${name}`);
      }
      assert.deepEqual(wrong, []);
    });
  }

  for (const locale of LOCALES) {
    test(`${locale}: references resolve and plural selectors name every form`, () => {
      const problems: string[] = [];
      const { entries, files } = locales[locale] as Entries;
      for (const [key, entry] of entries) {
        const { refs, selects } = references(entry);
        for (const ref of refs)
          if (!entries.has(ref)) problems.push(`${files.get(key)}: ${key} uses ${ref}, not defined`);
        for (const select of selects) {
          const keys = select.variants.map((v): string => (v.key instanceof Identifier ? v.key.name : v.key.value));
          if (!keys.some((k) => PLURAL_CATEGORIES.has(k) && k !== "other")) continue; // not a plural selector
          for (const form of REQUIRED_PLURALS[locale] ?? []) {
            if (!keys.includes(form)) problems.push(`${files.get(key)}: ${key} has no [${form}] form`);
          }
          const valid = new Set(new Intl.PluralRules(locale).resolvedOptions().pluralCategories);
          for (const k of keys) {
            if (PLURAL_CATEGORIES.has(k) && !valid.has(k as Intl.LDMLPluralRule))
              problems.push(`${files.get(key)}: ${key} has [${k}], which ${locale} never uses`);
          }
        }
      }
      assert.deepEqual(problems, []);
    });

    test(`${locale}: every message formats without an error`, () => {
      const bundle = new FluentBundle(locale, { useIsolating: false });
      for (const file of ftlFiles(locale)) {
        bundle.addResource(new FluentResource(readFileSync(join(LOCALES_DIR, locale, file), "utf8")));
      }
      const problems: string[] = [];
      for (const [key, entry] of (locales[locale] as Entries).entries) {
        if (entry instanceof Term) continue;
        const message = bundle.getMessage(key);
        const args = Object.fromEntries([...references(entry).variables].map((name) => [name, 2]));
        const patterns = [message?.value, ...Object.values(message?.attributes ?? {})];
        for (const pattern of patterns) {
          if (!pattern) continue;
          const errors: Error[] = [];
          bundle.formatPattern(pattern, args, errors);
          for (const error of errors) problems.push(`${key}: ${error.message}`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }

  describe("keys used in code", () => {
    let project: ReturnType<typeof openProject>;
    before(() => {
      project = openProject();
    });
    after(() => project.close());

    test("the scanner reads literal keys, both branches of a conditional, and i18n.t's second argument", () => {
      const keys = findKeyUses(project.parse, ["test/i18n/fixtures/untranslated.ts"]).map((use) => use.key);
      assert.deepEqual(keys.sort(), [
        "common-many",
        "common-one",
        "common-x",
        "common-x",
        "common-x",
        "common-x",
        "common-x",
        "common-x",
        "common-y",
        "common-z",
      ]);
    });

    test("every key passed to ctx.t, t or i18n.t under src/ exists in English", () => {
      const uses = findKeyUses(project.parse, project.files("src"));
      assert.ok(uses.length > 0, "no translate calls found: the scanner is broken");
      const keys = [...english.entries.keys()];
      const missing = uses
        .filter((use) =>
          use.pattern ? !keys.some((key) => new RegExp(`^${use.key}$`).test(key)) : !english.entries.has(use.key),
        )
        .map((use) => `${use.at}: ${use.key}`);
      assert.deepEqual(missing, []);
    });
  });
});
