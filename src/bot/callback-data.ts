// Every inline button's callback data, declared once: a kind has a prefix, typed fields and a
// rate-limit class, and this module turns values into data (`pack`, checked against Telegram's
// 64-byte limit) and data back into values (`unpack`), so no feature parses `a|b|c` by hand.
// The wire format is `prefix|field|field…`, the one the buttons used before this module, so
// keyboards already sent keep working.
//
// Using a kind in a feature:
//
//   import { statsPicker } from "../callback-data.js";
//   keyboard.text(chat.title, statsPicker.pack({ chatId: chat.id }));
//   feature.callbackQuery(statsPicker.filter(), async (ctx) => {
//     const { chatId } = statsPicker.unpack(ctx.callbackQuery.data); // typed: { chatId: number }
//     …
//   });
//
// `filter()` matches only well-formed data of its kind, so an old, forged or malformed press
// falls through to the last handler, which answers it. `filter({ chart: "top" })` narrows to
// fixed field values. A new kind is one `callbackData(...)` declaration below; its prefix must
// be new (checked when the module loads) and "heavy" puts its presses under the rate limits.

/** How one field is written into callback data and read back. */
export interface FieldCodec<T> {
  /** Regular-expression source (no anchors, no groups that capture, never matching "|"). */
  readonly source: string;
  encode(value: T): string | undefined;
  decode(text: string): T | undefined;
}

type Values<F extends Record<string, FieldCodec<unknown>>> = {
  [K in keyof F]: F[K] extends FieldCodec<infer T> ? T : never;
};

/** Telegram's limit for callback_data, in bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;
const SEPARATOR = "|";

export class CallbackDataError extends Error {}

export const field = {
  /** A safe integer (a chat id, an index), optionally bounded. */
  int(bounds: { min?: number; max?: number } = {}): FieldCodec<number> {
    const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = bounds;
    const fits = (n: number) => Number.isSafeInteger(n) && n >= min && n <= max;
    return {
      source: min >= 0 ? "\\d{1,16}" : "-?\\d{1,16}",
      encode: (value) => (fits(value) ? String(value) : undefined),
      decode(text) {
        if (!/^-?\d{1,16}$/.test(text)) return undefined;
        const value = Number(text);
        return fits(value) ? value : undefined;
      },
    };
  },
  /** Text matching `pattern` (whole value; the pattern must not allow "|"). */
  text(pattern: RegExp): FieldCodec<string> {
    const source = pattern.source.replace(/^\^/, "").replace(/\$$/, "");
    if (new RegExp(`^(?:${source})$`).test(SEPARATOR)) throw new Error(`field pattern ${pattern} allows "|"`);
    const whole = new RegExp(`^(?:${source})$`);
    return {
      source: `(?:${source})`,
      encode: (value) => (whole.test(value) && !value.includes(SEPARATOR) ? value : undefined),
      decode: (text) => (whole.test(text) ? text : undefined),
    };
  },
  /** One of a fixed list of words. */
  oneOf<const T extends readonly string[]>(values: T): FieldCodec<T[number]> {
    const known = new Set<string>(values);
    return {
      source: `(?:${values.map(escapeRegExp).join("|")})`,
      encode: (value) => (known.has(value) && !value.includes(SEPARATOR) ? value : undefined),
      decode: (text) => (known.has(text) ? (text as T[number]) : undefined),
    };
  },
} as const;

/** Heavy presses run queries or draw charts and are rate limited; light ones are not. */
export type RateLimitClass = "heavy" | "light";

export interface CallbackKind<V> {
  readonly prefix: string;
  readonly rateLimit: RateLimitClass;
  /** The callback data for these values; throws if a value does not fit or the data exceeds 64 bytes. */
  pack(values: V): string;
  /** The values in well-formed data of this kind; throws CallbackDataError otherwise. */
  unpack(data: string): V;
  /** Like unpack, but undefined for data that is not of this kind or not well formed. */
  parse(data: string): V | undefined;
  /** For `composer.callbackQuery(...)`: well-formed data of this kind, some fields optionally fixed. */
  filter(fixed?: Partial<V>): RegExp;
}

const kinds = new Map<string, CallbackKind<unknown>>();

/** Declares a button kind. Prefixes are short (they count against the 64 bytes) and unique. */
export function callbackData<const F extends Record<string, FieldCodec<unknown>>>(
  prefix: string,
  fields: F,
  options: { rateLimit: RateLimitClass },
): CallbackKind<Values<F>> {
  if (!/^[a-z][a-z0-9]{0,7}$/.test(prefix))
    throw new Error(`callback prefix "${prefix}": 1–8 lowercase letters or digits`);
  if (kinds.has(prefix)) throw new Error(`callback prefix "${prefix}" is declared twice`);
  const names = Object.keys(fields) as (keyof F & string)[];
  const codecs = names.map((name) => fields[name] as FieldCodec<unknown>);
  const whole = new RegExp(`^${prefix}${codecs.map((codec) => `\\|(${codec.source})`).join("")}$`);

  const parse = (data: string): Values<F> | undefined => {
    const match = whole.exec(data);
    if (!match) return undefined;
    const values: Record<string, unknown> = {};
    for (const [index, name] of names.entries()) {
      const value = (codecs[index] as FieldCodec<unknown>).decode(match[index + 1] as string);
      if (value === undefined) return undefined;
      values[name] = value;
    }
    return values as Values<F>;
  };

  const kind: CallbackKind<Values<F>> = {
    prefix,
    rateLimit: options.rateLimit,
    pack(values) {
      const parts = [prefix];
      for (const [index, name] of names.entries()) {
        const encoded = (codecs[index] as FieldCodec<unknown>).encode(values[name]);
        if (encoded === undefined) {
          throw new CallbackDataError(`callback "${prefix}": ${name} = ${JSON.stringify(values[name])} does not fit`);
        }
        parts.push(encoded);
      }
      const data = parts.join(SEPARATOR);
      const bytes = Buffer.byteLength(data, "utf8");
      if (bytes > CALLBACK_DATA_MAX_BYTES) {
        throw new CallbackDataError(`callback "${prefix}": ${bytes} bytes, Telegram allows ${CALLBACK_DATA_MAX_BYTES}`);
      }
      return data;
    },
    unpack(data) {
      const values = parse(data);
      if (!values) throw new CallbackDataError(`not "${prefix}" callback data: ${JSON.stringify(data.slice(0, 64))}`);
      return values;
    },
    parse,
    filter(fixed = {}) {
      const parts = names.map((name, index) => {
        const codec = codecs[index] as FieldCodec<unknown>;
        const value = (fixed as Record<string, unknown>)[name];
        if (value === undefined) return `(${codec.source})`;
        const encoded = codec.encode(value);
        if (encoded === undefined) throw new CallbackDataError(`callback "${prefix}": ${name} filter does not fit`);
        return `(${escapeRegExp(encoded)})`;
      });
      return new KindPattern(
        `^${prefix}${parts.map((part) => `\\|${part}`).join("")}$`,
        (data) => parse(data) !== undefined,
      );
    },
  };
  kinds.set(prefix, kind as CallbackKind<unknown>);
  return kind;
}

/** The declared kind a piece of callback data belongs to, if it is well formed. */
export function callbackKindOf(data: string): CallbackKind<unknown> | undefined {
  const prefix = data.split(SEPARATOR, 1)[0] ?? "";
  const kind = kinds.get(prefix);
  return kind?.parse(data) === undefined ? undefined : kind;
}

/** Every declared kind (for tests and docs). */
export function callbackKinds(): CallbackKind<unknown>[] {
  return [...kinds.values()];
}

/**
 * A pattern that also checks what a regular expression cannot (an integer's bounds, a safe
 * integer), so data that matches the shape but not the values falls through like any other
 * stray press. grammY matches triggers with String#match, which calls exec.
 */
class KindPattern extends RegExp {
  // String#split and #matchAll build copies through the species; plain ones are enough there.
  static override get [Symbol.species]() {
    return RegExp;
  }

  constructor(
    source: string,
    private readonly check: (data: string) => boolean,
  ) {
    super(source);
  }

  override exec(text: string): RegExpExecArray | null {
    const match = super.exec(text);
    return match && this.check(text) ? match : null;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// ---------------------------------------------------------------- the bot's button kinds

/** A period as the statistics commands accept it: "7d", "all", "2026-03-01..2026-03-31". */
const period = field.text(/[0-9a-z.-]{1,24}/);

/** /stats period and chart buttons (the feature checks the chart against its list of charts). */
export const statsView = callbackData(
  "s",
  { chatId: field.int(), period, chart: field.text(/[a-z]{1,12}/) },
  { rateLimit: "heavy" },
);
/** Private /stats: the chat picked. */
export const statsPicker = callbackData("p", { chatId: field.int() }, { rateLimit: "heavy" });
/** Private /stats with a period ("/stats 30d"): the chat picked, for that period. */
export const statsPeriodPicker = callbackData("pp", { chatId: field.int(), period }, { rateLimit: "heavy" });
/** Private /export: the chat picked, for the period asked. */
export const exportPicker = callbackData("e", { chatId: field.int(), period }, { rateLimit: "heavy" });
/** Private /influence: the chat picked. */
export const influencePicker = callbackData("i", { chatId: field.int() }, { rateLimit: "heavy" });
/** An import read again in another time zone: the offer's token and the zone's index in the offered list. */
export const importZone = callbackData(
  "iz",
  { token: field.text(/[A-Za-z0-9_-]{8}/), zone: field.int({ min: 0, max: 99 }) },
  { rateLimit: "light" },
);

/** /alerts: a chat's panel (the picker in private, "back" everywhere). */
export const alertsPanel = callbackData("alp", { chatId: field.int() }, { rateLimit: "light" });
/** /alerts: pause, resume, delete or test-fire one rule. */
export const alertsRule = callbackData(
  "alr",
  { chatId: field.int(), ruleId: field.int({ min: 1 }), action: field.oneOf(["pause", "resume", "delete", "test"]) },
  { rateLimit: "light" },
);
/** /alerts: a preset picked; the next step asks for its severity. */
export const alertsPreset = callbackData(
  "aln",
  { chatId: field.int(), preset: field.text(/[a-z-]{1,16}/) },
  { rateLimit: "light" },
);
/** /alerts: a preset and its severity: create the rule. */
export const alertsCreate = callbackData(
  "alc",
  { chatId: field.int(), preset: field.text(/[a-z-]{1,16}/), severity: field.oneOf(["info", "warning", "critical"]) },
  { rateLimit: "light" },
);
/** /alerts: subscribe to or leave the chat's alerts. */
export const alertsSubscription = callbackData(
  "als",
  { chatId: field.int(), on: field.oneOf(["on", "off"]) },
  { rateLimit: "light" },
);
/** /alerts: the chat's recent alerts. */
export const alertsHistory = callbackData("alh", { chatId: field.int() }, { rateLimit: "light" });
