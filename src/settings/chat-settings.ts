// Per-chat settings that /settings edits and the recap job, the stats commands and the
// language negotiation read. Time zone and language have columns of their own (rollups
// and exports use them in SQL); the rest lives in `chats.settings` (jsonb), parsed here so
// a hand-edited or older row never breaks a reader: unknown or invalid fields fall back to
// their defaults.
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/client.js";
import { isLocale, type Locale } from "../i18n/index.js";

const recapSchema = z.object({
  enabled: z.boolean().catch(true),
  /** ISO weekday the recap is posted on: 1 = Monday … 7 = Sunday. */
  weekday: z.number().int().min(1).max(7).catch(1),
  /** Hour of the day (0–23) in the chat's time zone. */
  hour: z.number().int().min(0).max(23).catch(10),
});

const storedSchema = z.object({
  recap: recapSchema.catch({ enabled: true, weekday: 1, hour: 10 }),
  /** Who may run the statistics commands in the chat. */
  statsAccess: z.enum(["everyone", "admins"]).catch("everyone"),
  /** Where charts asked for in the group are sent: into the chat or privately to the asker. */
  chartsTo: z.enum(["chat", "private"]).catch("chat"),
});

export type RecapSchedule = z.infer<typeof recapSchema>;
export type StoredChatSettings = z.infer<typeof storedSchema>;

export interface ChatSettings extends StoredChatSettings {
  /** The chat's IANA time zone (DEFAULT_TIMEZONE when unset). */
  timezone: string;
  /** Whether the time zone was chosen for this chat (false: the default applies). */
  timezoneSet: boolean;
  /** The chat's language; null: each person's Telegram language. */
  locale: Locale | null;
}

export const DEFAULT_STORED_SETTINGS: StoredChatSettings = storedSchema.parse({ recap: {} });

export function parseStoredSettings(value: unknown): StoredChatSettings {
  return storedSchema.parse(value && typeof value === "object" ? { recap: {}, ...value } : { recap: {} });
}

/** A chat's settings, or undefined for a chat Pulse does not know. */
export async function getChatSettings(
  database: Database,
  chatId: number,
  defaultTimezone: string,
): Promise<ChatSettings | undefined> {
  const [row] = await database.rows<{ timezone: string | null; locale: string | null; settings: unknown }>(
    sql`SELECT timezone, locale, settings FROM chats WHERE id = ${chatId}`,
  );
  if (!row) return undefined;
  return {
    ...parseStoredSettings(row.settings),
    timezone: row.timezone ?? defaultTimezone,
    timezoneSet: row.timezone !== null,
    locale: isLocale(row.locale) ? row.locale : null,
  };
}

export interface ChatSettingsPatch {
  locale?: Locale | null;
  recap?: Partial<RecapSchedule>;
  statsAccess?: StoredChatSettings["statsAccess"];
  chartsTo?: StoredChatSettings["chartsTo"];
}

/**
 * Changes some settings of a known chat in one statement (jsonb merge in SQL, so two admins
 * pressing different buttons at once do not undo each other). Time zone changes go through
 * their own path, since they rebuild the chat's day-based rollups.
 */
export async function updateChatSettings(
  database: Database,
  chatId: number,
  patch: ChatSettingsPatch,
): Promise<boolean> {
  const { locale, recap, ...top } = patch;
  const rows = await database.rows<{ id: number }>(sql`
    UPDATE chats SET
      locale = ${locale === undefined ? sql`locale` : locale},
      settings = jsonb_set(
        settings || ${JSON.stringify(top)}::jsonb,
        '{recap}',
        coalesce(settings -> 'recap', '{}'::jsonb) || ${JSON.stringify(recap ?? {})}::jsonb
      )
    WHERE id = ${chatId}
    RETURNING id`);
  return rows.length > 0;
}

/**
 * Settings are read on every update that is answered (the language), so they are cached
 * for a short time; /settings invalidates a chat's entry when it writes.
 */
export class ChatSettingsCache {
  private readonly entries = new Map<number, { at: number; value: ChatSettings | undefined }>();

  constructor(
    private readonly database: Database,
    private readonly defaultTimezone: string,
    private readonly ttlMs = 60_000,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  async get(chatId: number): Promise<ChatSettings | undefined> {
    const now = this.clock();
    const cached = this.entries.get(chatId);
    if (cached && now - cached.at < this.ttlMs) return cached.value;
    const value = await getChatSettings(this.database, chatId, this.defaultTimezone);
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(chatId, { at: now, value });
    return value;
  }

  invalidate(chatId: number): void {
    this.entries.delete(chatId);
  }
}

/**
 * The IANA name for a time zone someone typed ("europe/berlin" → "Europe/Berlin"), or
 * undefined when it is not one both Node's ICU data and the database know. Only "UTC"/"GMT"
 * and Area/Location names are taken: abbreviations like "EST" resolve to a surprising place
 * (America/Panama) and offsets like "+03:00" are not zones (no daylight saving).
 */
export async function resolveTimezone(database: Database, input: string): Promise<string | undefined> {
  const text = input.trim();
  if (text.length > 64) return undefined;
  if (!/^(utc|gmt)$/i.test(text) && !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){1,2}$/.test(text)) return undefined;
  let zone: string;
  try {
    zone = new Intl.DateTimeFormat("en-US", { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  // The writer and every query compute local days in SQL: a zone the database's own tz data
  // lacks would make every write of the chat fail.
  try {
    await database.rows(sql`SELECT now() AT TIME ZONE ${zone} AS local`);
  } catch {
    return undefined;
  }
  return zone;
}

/**
 * Sets a known chat's time zone (null: back to DEFAULT_TIMEZONE); answers whether the chat
 * exists. Per-member days already stored stay in the old zone until the chat's rollups are
 * rebuilt (src/settings/rezone.ts does that in the background); until then the chat carries
 * `rollupsPendingSince` in its settings, so a rebuild cut short by a crash is found and done
 * later (the rollups.rezone job).
 */
export async function setChatTimezone(
  database: Database,
  chatId: number,
  timezone: string | null,
  at: Date = new Date(),
): Promise<boolean> {
  const rows = await database.rows<{ id: number }>(sql`
    UPDATE chats SET timezone = ${timezone},
      settings = settings || jsonb_build_object('rollupsPendingSince', ${at.toISOString()}::text)
    WHERE id = ${chatId} RETURNING id`);
  return rows.length > 0;
}

/** Chats whose zone changed before `before` and whose rollups were not rebuilt since. */
export async function getChatsAwaitingRebuild(database: Database, before: Date): Promise<number[]> {
  const rows = await database.rows<{ id: number }>(sql`
    SELECT id FROM chats
    WHERE settings -> 'rollupsPendingSince' IS NOT NULL AND (settings ->> 'rollupsPendingSince')::timestamptz < ${before.toISOString()}::timestamptz
    ORDER BY id`);
  return rows.map((row) => Number(row.id));
}

/**
 * The chat's rollups were rebuilt in `timezone`: no rebuild is owed any more, unless the
 * zone changed again meanwhile (that change's own rebuild clears it).
 */
export async function clearRollupsPending(
  database: Database,
  chatId: number,
  timezone: string,
  defaultTimezone: string,
): Promise<void> {
  await database.rows(sql`
    UPDATE chats SET settings = settings - 'rollupsPendingSince'
    WHERE id = ${chatId} AND coalesce(timezone, ${defaultTimezone}) = ${timezone} AND settings -> 'rollupsPendingSince' IS NOT NULL
    RETURNING id`);
}
