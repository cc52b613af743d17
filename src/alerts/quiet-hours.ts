// A recipient's quiet hours: `/alerts quiet 23:00-08:00 [Europe/Berlin]`, `/alerts quiet off`.
// They belong to the person (every chat's alerts respect them), in their own time zone.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";

export type QuietParse =
  | { ok: true; quiet: { from: number; to: number; timezone: string } | null }
  | { ok: false; key: string; vars?: Record<string, string> };

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

function minutes(text: string): number | undefined {
  const match = TIME.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

function isZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return name.length <= 64;
  } catch {
    return false;
  }
}

/** Parses the words after `/alerts quiet`; `fallbackZone` is used when none is given. */
export function parseQuietHours(words: readonly string[], fallbackZone: string): QuietParse {
  const [range, zone] = words.filter((w) => w.length > 0);
  if (!range) return { ok: false, key: "alerts-quiet-usage" };
  if (range.toLowerCase() === "off") return { ok: true, quiet: null };
  const [fromText, toText] = range.split("-");
  const from = minutes(fromText ?? "");
  const to = minutes(toText ?? "");
  if (from === undefined || to === undefined) return { ok: false, key: "alerts-quiet-usage" };
  if (from === to) return { ok: false, key: "alerts-quiet-whole-day" };
  const timezone = zone ?? fallbackZone;
  if (!isZone(timezone)) return { ok: false, key: "alerts-quiet-bad-zone", vars: { zone: timezone } };
  return { ok: true, quiet: { from, to, timezone } };
}

export async function setQuietHours(
  database: Database,
  userId: number,
  quiet: { from: number; to: number; timezone: string } | null,
): Promise<void> {
  await database.rows(sql`
    INSERT INTO alert_recipients (user_id, quiet_from, quiet_to, timezone)
    VALUES (${userId}, ${quiet?.from ?? null}, ${quiet?.to ?? null}, ${quiet?.timezone ?? null})
    ON CONFLICT (user_id) DO UPDATE
      SET quiet_from = excluded.quiet_from, quiet_to = excluded.quiet_to, timezone = excluded.timezone`);
}

export function formatMinutes(value: number): string {
  return `${String(Math.floor(value / 60)).padStart(2, "0")}:${String(value % 60).padStart(2, "0")}`;
}
