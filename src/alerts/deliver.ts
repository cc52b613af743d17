// Sends what the evaluation recorded: each new event to every admin who subscribed to the
// chat's alerts and is still its admin, in their language, through delivery (Telegram's
// limits, remembered 403s). Quiet hours hold an alert; when they end the held ones arrive
// as one summary, not one by one. A daily cap per admin keeps a noisy rule from flooding
// anyone. Admins the bot cannot DM (they never started it) are named once in the group.
// Every decision is a row in alert_deliveries, so a re-run never sends twice.
import { sql } from "drizzle-orm";
import { type Api, InputFile } from "grammy";
import type { Database } from "../db/client.js";
import type { Delivery } from "../delivery/sender.js";
import { type Locale, pickLocale, translator } from "../i18n/index.js";
import type { Logger } from "../logger.js";
import type { ChartRenderer } from "../render/renderer.js";
import { alertChartSpec } from "./chart.js";
import { type AlertEventForText, alertText, escapeHtml } from "./messages.js";

export interface DeliverDeps {
  database: Database;
  delivery: Delivery;
  api: Api;
  /** Draws the chart sent with an alert; without it alerts go as text. */
  renderer?: ChartRenderer;
  log: Logger;
  config: { defaultTimezone: string; alerts: { dailyCap: number } };
}

export interface DeliverySummary {
  sent: number;
  held: number;
  capped: number;
  unreachable: number;
  summaries: number;
  failed: number;
}

/** Events older than this are history, not news: they are never sent late. */
const FRESH_MS = 6 * 3_600_000;
const ADMIN = new Set(["creator", "administrator"]);

interface EventRow extends Record<string, unknown> {
  id: number;
  rule_id: number | null;
  chat_id: number;
  kind: string;
  severity: string;
  status: string;
  at: Date;
  values: Record<string, unknown>;
  title: string | null;
  username: string | null;
  timezone: string | null;
  type: string;
}

interface RecipientRow extends Record<string, unknown> {
  user_id: number;
  first_name: string | null;
  username: string | null;
  language_code: string | null;
  dm_status: string | null;
  quiet_from: number | null;
  quiet_to: number | null;
  timezone: string | null;
  daily_cap: number | null;
}

export async function deliverAlertEvents(
  deps: DeliverDeps,
  at: Date,
  options: { signal?: AbortSignal } = {},
): Promise<DeliverySummary> {
  const { database } = deps;
  const summary: DeliverySummary = { sent: 0, held: 0, capped: 0, unreachable: 0, summaries: 0, failed: 0 };
  const events = await database.rows<EventRow>(sql`
    SELECT e.id, e.rule_id, e.chat_id, e.kind, e.severity, e.status, e.at, e.values,
           c.title, c.username, c.timezone, c.type
    FROM alert_events e JOIN chats c ON c.id = e.chat_id
    WHERE e.status IN ('fired', 'escalated')
      AND e.at > ${new Date(at.getTime() - FRESH_MS).toISOString()}::timestamptz
      AND e.at <= ${at.toISOString()}::timestamptz
      -- Someone subscribed is still owed it: no row yet, or a send that failed (retried while fresh).
      AND EXISTS (
        SELECT 1 FROM alert_subscriptions s
        LEFT JOIN alert_deliveries d ON d.event_id = e.id AND d.user_id = s.user_id
        WHERE s.chat_id = e.chat_id AND s.created_at <= e.at AND (d.event_id IS NULL OR d.status = 'failed'))
    ORDER BY e.at, e.id`);
  const adminCache = new Map<string, boolean>();
  const charts = new Map<string, Promise<Buffer | undefined>>();

  for (const event of events) {
    if (options.signal?.aborted) break;
    const recipients = await database.rows<RecipientRow>(sql`
      SELECT s.user_id, u.first_name, u.username, u.language_code, u.dm_status,
             r.quiet_from, r.quiet_to, r.timezone, r.daily_cap
      FROM alert_subscriptions s
      LEFT JOIN users u ON u.id = s.user_id
      LEFT JOIN alert_recipients r ON r.user_id = s.user_id
      LEFT JOIN alert_deliveries d ON d.event_id = ${event.id} AND d.user_id = s.user_id
      WHERE s.chat_id = ${event.chat_id} AND s.created_at <= ${new Date(event.at).toISOString()}::timestamptz
        AND (d.event_id IS NULL OR d.status = 'failed')
      ORDER BY s.user_id`);
    const unreachable: RecipientRow[] = [];
    for (const recipient of recipients) {
      if (!(await isAdmin(deps, adminCache, event.chat_id, recipient.user_id))) {
        // Someone who is no longer an admin no longer hears about the chat.
        await database.rows(
          sql`DELETE FROM alert_subscriptions WHERE chat_id = ${event.chat_id} AND user_id = ${recipient.user_id}`,
        );
        continue;
      }
      const status = await deliverOne(deps, event, recipient, at, unreachable, charts);
      summary[
        status === "sent"
          ? "sent"
          : status === "held"
            ? "held"
            : status === "capped"
              ? "capped"
              : status === "blocked"
                ? "unreachable"
                : "failed"
      ]++;
    }
    // Named in groups only: in a channel the note would be a post to every subscriber.
    if (unreachable.length > 0 && (event.type === "group" || event.type === "supergroup"))
      await nameUnreachable(deps, event, unreachable);
  }
  summary.summaries = await sendQuietHourSummaries(deps, at);
  return summary;
}

async function isAdmin(deps: DeliverDeps, cache: Map<string, boolean>, chatId: number, userId: number) {
  const key = `${chatId}:${userId}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  let admin: boolean;
  try {
    admin = ADMIN.has((await deps.api.getChatMember(chatId, userId)).status);
  } catch (error) {
    // Telegram not answering is not "no": keep the subscription, skip nothing silently.
    deps.log.warn({ err: error, chatId, userId }, "admin check for an alert recipient failed; sending anyway");
    admin = true;
  }
  cache.set(key, admin);
  return admin;
}

type Decision = "sent" | "held" | "capped" | "blocked" | "failed";

async function deliverOne(
  deps: DeliverDeps,
  event: EventRow,
  recipient: RecipientRow,
  at: Date,
  unreachable: RecipientRow[],
  charts: Map<string, Promise<Buffer | undefined>>,
): Promise<Decision> {
  const { database } = deps;
  // A row per decision; a send that failed earlier may be claimed again, nothing else may.
  const record = async (status: string, error?: string) => {
    const rows = await database.rows<{ event_id: number }>(sql`
      INSERT INTO alert_deliveries (event_id, user_id, status, at, error)
      VALUES (${event.id}, ${recipient.user_id}, ${status}, ${at.toISOString()}::timestamptz, ${error ?? null})
      ON CONFLICT (event_id, user_id) DO UPDATE
        SET status = excluded.status, at = excluded.at, error = excluded.error
        WHERE alert_deliveries.status = 'failed'
      RETURNING event_id`);
    return rows.length > 0;
  };
  const timezone = recipient.timezone ?? event.timezone ?? deps.config.defaultTimezone;
  if (event.status !== "test" && inQuietHours(at, recipient.quiet_from, recipient.quiet_to, timezone)) {
    await record("held");
    return "held";
  }
  if (event.status !== "test") {
    const [sent] = await database.rows<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM alert_deliveries
      WHERE user_id = ${recipient.user_id} AND status = 'sent'
        AND at > ${new Date(at.getTime() - 86_400_000).toISOString()}::timestamptz`);
    if ((sent?.n ?? 0) >= (recipient.daily_cap ?? deps.config.alerts.dailyCap)) {
      await record("capped");
      return "capped";
    }
  }
  // Claimed before sending: a second instance finds the row and sends nothing.
  if (!(await record("sending"))) return "failed";
  const locale: Locale = pickLocale(recipient.language_code);
  const text = alertText(forText(event, deps.config.defaultTimezone), translator(locale), locale);
  // The chart is drawn once per event and language, and sent with the text as its caption.
  const chartKey = `${event.id}:${locale}`;
  if (!charts.has(chartKey)) charts.set(chartKey, drawChart(deps, event, locale));
  const png = await charts.get(chartKey);
  const outcome =
    png && text.length <= 1024
      ? await deps.delivery.sendPhoto(recipient.user_id, new InputFile(png, "pulse-alert.png"), {
          caption: text,
          parse_mode: "HTML",
        })
      : await deps.delivery.dm(recipient.user_id, text, {
          parse_mode: "HTML",
          link_preview_options: { is_disabled: true },
        });
  const status: Decision = outcome.ok ? "sent" : outcome.reason === "blocked" ? "blocked" : "failed";
  await database.rows(sql`
    UPDATE alert_deliveries SET status = ${status}, error = ${outcome.ok ? null : outcome.description}
    WHERE event_id = ${event.id} AND user_id = ${recipient.user_id}`);
  if (!outcome.ok && outcome.reason === "blocked") unreachable.push(recipient);
  return status;
}

/** The alert's chart, or undefined (a kind without one, no renderer, or drawing failed: text is sent). */
async function drawChart(deps: DeliverDeps, event: EventRow, locale: Locale): Promise<Buffer | undefined> {
  if (!deps.renderer) return undefined;
  try {
    const spec = await alertChartSpec(
      deps.database,
      {
        chatId: event.chat_id,
        chatTitle: event.title ?? String(event.chat_id),
        kind: event.kind,
        values: event.values,
        at: new Date(event.at),
        timezone: event.timezone ?? deps.config.defaultTimezone,
      },
      translator(locale),
      locale,
    );
    return spec ? await deps.renderer.render(spec) : undefined;
  } catch (error) {
    deps.log.warn({ err: error, eventId: event.id }, "alert chart failed; sending the alert as text");
    return undefined;
  }
}

/** An event row as the text of an alert reads it. */
function forText(event: EventRow, defaultTimezone: string): AlertEventForText {
  return {
    id: event.id,
    ruleId: event.rule_id,
    kind: event.kind,
    severity: event.severity,
    status: event.status,
    at: new Date(event.at),
    values: event.values,
    chatId: event.chat_id,
    chatTitle: event.title ?? String(event.chat_id),
    chatUsername: event.username,
    timezone: event.timezone ?? defaultTimezone,
  };
}

/** Whether `at` falls in [from, to) minutes after local midnight (wrapping past midnight). */
export function inQuietHours(at: Date, from: number | null, to: number | null, timezone: string): boolean {
  if (from === null || to === null || from === to) return false;
  const parts = new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: timezone,
  }).formatToParts(at);
  const minute =
    Number(parts.find((p) => p.type === "hour")?.value) * 60 + Number(parts.find((p) => p.type === "minute")?.value);
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

/** Names, once per chat and admin, the admins the bot could not DM, so they can start it. */
async function nameUnreachable(deps: DeliverDeps, event: EventRow, recipients: RecipientRow[]) {
  const named: RecipientRow[] = [];
  for (const recipient of recipients) {
    const rows = await deps.database.rows<{ chat_id: number }>(sql`
      UPDATE alert_subscriptions SET named_unreachable_at = now()
      WHERE chat_id = ${event.chat_id} AND user_id = ${recipient.user_id} AND named_unreachable_at IS NULL
      RETURNING chat_id`);
    if (rows.length > 0) named.push(recipient);
  }
  if (named.length === 0) return;
  const [chat] = await deps.database.rows<{ locale: string | null }>(
    sql`SELECT locale FROM chats WHERE id = ${event.chat_id}`,
  );
  const t = translator(pickLocale(chat?.locale ?? named[0]?.language_code));
  const names = named
    .map(
      (r) =>
        `<a href="tg://user?id=${r.user_id}">${escapeHtml(r.first_name ?? (r.username ? `@${r.username}` : String(r.user_id)))}</a>`,
    )
    .join(", ");
  await deps.delivery.sendMessage(event.chat_id, t("alerts-start-me", { names }), { parse_mode: "HTML" });
}

/** One DM per admin whose quiet hours are over, folding every alert held meanwhile. */
async function sendQuietHourSummaries(deps: DeliverDeps, at: Date): Promise<number> {
  const { database } = deps;
  const held = await database.rows<{
    user_id: number;
    language_code: string | null;
    quiet_from: number | null;
    quiet_to: number | null;
    timezone: string | null;
    event_ids: number[];
  }>(sql`
    SELECT d.user_id, u.language_code, r.quiet_from, r.quiet_to, r.timezone,
           array_agg(d.event_id ORDER BY d.event_id) AS event_ids
    FROM alert_deliveries d
    LEFT JOIN users u ON u.id = d.user_id
    LEFT JOIN alert_recipients r ON r.user_id = d.user_id
    WHERE d.status = 'held'
    GROUP BY d.user_id, u.language_code, r.quiet_from, r.quiet_to, r.timezone`);
  let sent = 0;
  for (const user of held) {
    const timezone = user.timezone ?? deps.config.defaultTimezone;
    if (inQuietHours(at, user.quiet_from, user.quiet_to, timezone)) continue;
    const ids = user.event_ids.map(Number);
    // Claimed as "folding" first, so a second instance does not send the same summary.
    const folded = await database.rows<{ event_id: number }>(sql`
      UPDATE alert_deliveries SET status = 'folding', at = ${at.toISOString()}::timestamptz
      WHERE user_id = ${user.user_id} AND status = 'held' AND event_id = ANY(${`{${ids.join(",")}}`}::bigint[])
      RETURNING event_id`);
    if (folded.length === 0) continue;
    const events = await database.rows<EventRow>(sql`
      SELECT e.id, e.rule_id, e.chat_id, e.kind, e.severity, e.status, e.at, e.values, c.title, c.username, c.timezone
      FROM alert_events e JOIN chats c ON c.id = e.chat_id
      WHERE e.id = ANY(${`{${folded.map((f) => f.event_id).join(",")}}`}::bigint[])
      ORDER BY e.at, e.id`);
    const locale = pickLocale(user.language_code);
    const t = translator(locale);
    const lines = [t("alerts-summary", { count: events.length })];
    for (const event of events.slice(0, 10)) {
      lines.push("", alertText(forText(event, deps.config.defaultTimezone), t, locale));
    }
    const outcome = await deps.delivery.dm(user.user_id, lines.join("\n"), {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    });
    // Sent: folded. Blocked: nobody can be told. Anything else: held again for the next run.
    const next = outcome.ok ? "folded" : outcome.reason === "blocked" ? "blocked" : "held";
    await database.rows(sql`
      UPDATE alert_deliveries SET status = ${next}, error = ${outcome.ok ? null : outcome.description}
      WHERE user_id = ${user.user_id} AND status = 'folding'
        AND event_id = ANY(${`{${folded.map((f) => f.event_id).join(",")}}`}::bigint[])`);
    if (outcome.ok) sent++;
  }
  return sent;
}
