// Reads Pulse's sources with the TypeScript compiler's own parser (TypeScript 7's API, which
// runs the native compiler beside the test) to find what the translation tests check: text
// literals handed straight to Telegram, and the keys passed to the translate functions.
import { join, relative } from "node:path";
import {
  type Expression,
  isArrayLiteralExpression,
  isArrowFunction,
  isAsExpression,
  isBinaryExpression,
  isBlock,
  isCallExpression,
  isConditionalExpression,
  isFunctionDeclaration,
  isFunctionExpression,
  isIdentifier,
  isNonNullExpression,
  isNoSubstitutionTemplateLiteral,
  isObjectLiteralExpression,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isReturnStatement,
  isSatisfiesExpression,
  isSpreadElement,
  isStringLiteral,
  isTemplateExpression,
  isVariableDeclaration,
  type Node,
  type SourceFile,
  SyntaxKind,
} from "typescript/unstable/ast";
import { API } from "typescript/unstable/sync";

export const ROOT = join(import.meta.dirname, "..", "..");

/** The project opened once in the compiler; `close` stops the compiler process. */
export function openProject(): {
  parse: (file: string) => SourceFile;
  /** The project's .ts files under the given folders (relative paths, sorted). */
  files: (...folders: string[]) => string[];
  close: () => void;
} {
  const api = new API({ cwd: ROOT });
  const snapshot = api.updateSnapshot({ openProject: join(ROOT, "tsconfig.json") });
  const project = snapshot.getProjects()[0];
  if (!project) throw new Error("tsconfig.json did not open as a project");
  return {
    parse(file) {
      const source = project.program.getSourceFile(join(ROOT, file));
      if (!source) throw new Error(`${file} is not part of the TypeScript project`);
      return source;
    },
    files(...folders) {
      return project.program
        .getSourceFileNames()
        .map((name) => relative(ROOT, name))
        .filter((name) => !name.endsWith(".d.ts") && folders.some((folder) => name.startsWith(`${folder}/`)))
        .sort();
    },
    close: () => api.close(),
  };
}

function forEachNode(node: Node, visit: (node: Node) => void): void {
  visit(node);
  node.forEachChild((child) => {
    forEachNode(child, visit);
    return undefined;
  });
}

function position(source: SourceFile, node: Node): string {
  const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
  return `${line + 1}:${character + 1}`;
}

// ---------------------------------------------------------------------------------------------
// Untranslated literals

export interface Literal {
  /** "src/bot/features/optout.ts:27:5" */
  at: string;
  /** Where it goes: "ctx.reply", "InlineKeyboard.text", "{ caption }"…, and from which line. */
  sink: string;
  sinkAt: string;
  text: string;
}

/**
 * Strings that are no language though they hold letters: units and symbols every language
 * writes the same way. Keep it short; a word a person reads belongs in locales/.
 */
export const ALLOWED_LITERALS = new Set<string>([
  "UTC",
  "CSV",
  "XLSX",
  "PDF",
  "PNG",
  "GEXF",
  "JSON",
  "ID",
  "HTML",
  // The recap card's info mark, drawn as a glyph in a circle.
  "i",
]);

/** Methods whose text argument is at the given position (grammY's context, Api and keyboards). */
const TEXT_ARGUMENT: Record<string, number> = {
  reply: 0,
  sendMessage: 1,
  // Pulse's own sender (src/delivery): a DM to a user, a notice to every owner.
  dm: 1,
  notifyOwners: 0,
  setMyDescription: 0,
  setMyShortDescription: 0,
  setMyName: 0,
  // InlineKeyboard and Keyboard buttons: the label comes first.
  text: 0,
  url: 0,
  switchInline: 0,
  switchInlineCurrent: 0,
  switchInlineChosen: 0,
  webApp: 0,
  login: 0,
  game: 0,
  pay: 0,
  copyText: 0,
  requestContact: 0,
  requestLocation: 0,
  requestPoll: 0,
  requestUsers: 0,
  requestChat: 0,
  // Canvas drawing in the renderers.
  fillText: 0,
  strokeText: 0,
};

/** Object properties that carry a text a person reads (options of sends, button objects, chart specs). */
const TEXT_PROPERTIES = new Set([
  "text",
  "caption",
  "question",
  "label",
  "labels",
  "title",
  "subtitle",
  "footer",
  "note",
]);

/** Calls that only pass their first argument on (escaping, trimming). */
const PASS_THROUGH = new Set(["escapeHtml", "truncate", "String", "ellipsize", "emojiPresentation"]);
/** String methods whose result is still the receiver's text. */
const STRING_METHODS = new Set([
  "join",
  "concat",
  "trim",
  "trimEnd",
  "trimStart",
  "replace",
  "replaceAll",
  "slice",
  "padEnd",
  "padStart",
]);
const TRANSLATE = new Set(["t", "translate"]);

/** Whether a literal's text is words in some language (not markup, numbers, emoji or punctuation). */
export function isLanguage(text: string): boolean {
  if (ALLOWED_LITERALS.has(text.trim())) return false;
  // A translation key ("commands-start" in a command table) is not itself a text.
  if (/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(text)) return false;
  const bare = text
    .replace(/<\/?[a-z][a-z0-9-]*(\s[^>]*)?>/gi, " ") // HTML tags of parse_mode HTML
    .replace(/&(amp|lt|gt|quot|#\d+);/g, " ")
    .replace(/https?:\/\/\S+/g, " ");
  return /\p{L}/u.test(bare);
}

/** Literals with words that reach Telegram (or a chart) without going through a translation. */
export function findLiterals(parse: (file: string) => SourceFile, files: string[]): Literal[] {
  const found: Literal[] = [];
  for (const file of files) {
    const source = parse(file);
    const scope = new FileScope(source);
    const seen = new Set<Node>();
    const report = (node: Node, sink: string, text: string, from: Node) => {
      if (seen.has(node) || ignored(source, node)) return;
      seen.add(node);
      found.push({ at: `${file}:${position(source, node)}`, sink, sinkAt: position(source, from), text });
    };
    forEachNode(source, (node) => {
      if (isCallExpression(node)) {
        const callee = node.expression;
        const name = isPropertyAccessExpression(callee)
          ? callee.name.text
          : isIdentifier(callee)
            ? callee.text
            : undefined;
        if (name === undefined) return;
        const receiver = isPropertyAccessExpression(callee) ? callee.expression.getText(source) : "";
        const sink = receiver ? `${receiver.split(/\s+/).join(" ").slice(-30)}.${name}` : name;
        const textArguments: Expression[] = [];
        const index = TEXT_ARGUMENT[name];
        if (index !== undefined && isPropertyAccessExpression(callee)) {
          const argument = node.arguments[index];
          if (argument) textArguments.push(argument);
        } else if (name === "editMessageText" && isPropertyAccessExpression(callee)) {
          // ctx.editMessageText(text) / api.editMessageText(chatId, messageId, text)
          const argument = node.arguments[/(^|\.)api$/.test(receiver) ? 2 : 0];
          if (argument) textArguments.push(argument);
        } else if (name === "answerCallbackQuery") {
          const argument = node.arguments[0];
          if (argument && !isObjectLiteralExpression(argument)) textArguments.push(argument);
        }
        for (const argument of textArguments) {
          for (const [literal, text] of scope.literals(argument)) report(literal, sink, text, node);
        }
      } else if (isPropertyAssignment(node)) {
        const name = node.name.getText(source).replace(/^["']|["']$/g, "");
        if (!TEXT_PROPERTIES.has(name) && !(name === "description" && isBotCommand(node.parent, source))) return;
        for (const [literal, text] of scope.literals(node.initializer)) report(literal, `{ ${name} }`, text, node);
      }
    });
  }
  return found;
}

/**
 * A `description` is a text people read in a command menu ({ command, description }); elsewhere
 * (a delivery result, a log field) it is a note for operators.
 */
function isBotCommand(object: Node, source: SourceFile): boolean {
  if (!isObjectLiteralExpression(object)) return false;
  return object.properties.some(
    (property) => isPropertyAssignment(property) && property.name.getText(source) === "command",
  );
}

/**
 * A literal marked `i18n-ignore: <why>` on its line or the line above is an internal marker
 * no one reads (a chart dataset's id that the legend filters out, say); the reason is required.
 */
function ignored(source: SourceFile, node: Node): boolean {
  const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
  const lines = source.text.split("\n");
  return [lines[line], lines[line - 1]].some((text) => /i18n-ignore: \S/.test(text ?? ""));
}

/** Follows a text expression through the file it is in to the literals it is made of. */
class FileScope {
  private readonly values = new Map<string, Expression[]>();
  private readonly functions = new Map<string, Node>();

  constructor(private readonly source: SourceFile) {
    forEachNode(source, (node) => {
      if (isVariableDeclaration(node) && isIdentifier(node.name) && node.initializer) {
        const init = node.initializer;
        if (isArrowFunction(init) || isFunctionExpression(init)) this.functions.set(node.name.text, init);
        else this.add(node.name.text, init);
      } else if (isFunctionDeclaration(node) && node.name) {
        this.functions.set(node.name.text, node);
      } else if (
        isBinaryExpression(node) &&
        node.operatorToken.kind === SyntaxKind.EqualsToken &&
        isIdentifier(node.left)
      ) {
        this.add(node.left.text, node.right);
      }
    });
  }

  private add(name: string, value: Expression) {
    const list = this.values.get(name) ?? [];
    list.push(value);
    this.values.set(name, list);
  }

  /** [node, text] of each literal with words that `expression` can evaluate to or contain. */
  literals(expression: Expression, depth = 0, visited = new Set<Node>()): [Node, string][] {
    if (depth > 8 || visited.has(expression)) return [];
    visited.add(expression);
    const next = (inner: Expression) => this.literals(inner, depth + 1, visited);
    const e = expression;
    if (isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e)) return isLanguage(e.text) ? [[e, e.text]] : [];
    if (isTemplateExpression(e)) {
      const pieces = [e.head.text, ...e.templateSpans.map((span) => span.literal.text)].join(" ");
      const own: [Node, string][] = isLanguage(pieces) ? [[e, e.getText(this.source)]] : [];
      return [...own, ...e.templateSpans.flatMap((span) => next(span.expression))];
    }
    if (isConditionalExpression(e)) return [...next(e.whenTrue), ...next(e.whenFalse)];
    if (isBinaryExpression(e)) {
      const operator = e.operatorToken.kind;
      if (
        operator === SyntaxKind.PlusToken ||
        operator === SyntaxKind.QuestionQuestionToken ||
        operator === SyntaxKind.BarBarToken
      )
        return [...next(e.left), ...next(e.right)];
      if (operator === SyntaxKind.AmpersandAmpersandToken) return next(e.right);
      return [];
    }
    if (isParenthesizedExpression(e) || isAsExpression(e) || isNonNullExpression(e) || isSatisfiesExpression(e))
      return next(e.expression);
    if (isArrayLiteralExpression(e))
      return e.elements.flatMap((element) => next(isSpreadElement(element) ? element.expression : element));
    if (isIdentifier(e)) return (this.values.get(e.text) ?? []).flatMap(next);
    if (isPropertyAccessExpression(e)) {
      // An error's message is English prose written where it was thrown.
      if (e.name.text === "message" && e.expression.getText(this.source) !== "ctx")
        return [[e, `${e.getText(this.source)} (an error's English message)`]];
      return [];
    }
    if (isCallExpression(e)) {
      const callee = e.expression;
      if (isPropertyAccessExpression(callee)) {
        if (TRANSLATE.has(callee.name.text)) return [];
        if (STRING_METHODS.has(callee.name.text)) return next(callee.expression);
        return [];
      }
      if (!isIdentifier(callee) || TRANSLATE.has(callee.text)) return [];
      if (PASS_THROUGH.has(callee.text)) return e.arguments[0] ? next(e.arguments[0]) : [];
      const fn = this.functions.get(callee.text);
      return fn ? this.returned(fn).flatMap(next) : [];
    }
    return [];
  }

  /** The expressions a function returns (not those of functions nested in it). */
  private returned(fn: Node): Expression[] {
    const body = (fn as { body?: Node }).body;
    if (!body) return [];
    if (!isBlock(body)) return [body as Expression];
    const results: Expression[] = [];
    const visit = (node: Node) => {
      if (isArrowFunction(node) || isFunctionExpression(node) || isFunctionDeclaration(node)) return;
      if (isReturnStatement(node) && node.expression) results.push(node.expression);
      node.forEachChild((child) => {
        visit(child);
        return undefined;
      });
    };
    visit(body);
    return results;
  }
}

// ---------------------------------------------------------------------------------------------
// Translation keys used in code

/** The key literals an argument can be: itself, or each branch of `a ? "x" : "y"` / `a ?? "x"`. */
function keysIn(e: Expression | undefined): Expression[] {
  if (!e) return [];
  if (isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e) || isTemplateExpression(e)) return [e];
  if (isParenthesizedExpression(e)) return keysIn(e.expression);
  if (isConditionalExpression(e)) return [...keysIn(e.whenTrue), ...keysIn(e.whenFalse)];
  return [];
}

export interface KeyUse {
  at: string;
  /** The key, or for a template literal a pattern (`recap-tile-.+`). */
  key: string;
  pattern: boolean;
}

/** Keys passed to `ctx.t`, `t`, `i18n.t(locale, key)`, `translate`… as literals or templates. */
export function findKeyUses(parse: (file: string) => SourceFile, files: string[]): KeyUse[] {
  const uses: KeyUse[] = [];
  for (const file of files) {
    const source = parse(file);
    forEachNode(source, (node) => {
      if (!isCallExpression(node)) return;
      const callee = node.expression;
      const name = isPropertyAccessExpression(callee)
        ? callee.name.text
        : isIdentifier(callee)
          ? callee.text
          : undefined;
      if (name === undefined || !TRANSLATE.has(name)) return;
      const [first, second] = node.arguments;
      // i18n.t(locale, key, vars) takes the key second; ctx.t(key, vars) and t(key) first (their
      // second argument, when there is one, is the variables object).
      const keysSecond = keysIn(second);
      for (const argument of keysSecond.length > 0 ? keysSecond : keysIn(first)) {
        const at = `${file}:${position(source, argument)}`;
        if (isStringLiteral(argument) || isNoSubstitutionTemplateLiteral(argument)) {
          uses.push({ at, key: argument.text, pattern: false });
        } else if (isTemplateExpression(argument)) {
          const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          const key = [
            literal(argument.head.text),
            ...argument.templateSpans.map((s) => `.+${literal(s.literal.text)}`),
          ].join("");
          uses.push({ at, key, pattern: true });
        }
      }
    });
  }
  return uses;
}
