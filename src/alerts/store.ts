// A chat's alert rules, subscriptions and history as the /alerts command reads and changes
// them. Every statement names the chat, so a rule id from one chat never touches another's.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import type { NewRule, RuleKind, Severity } from "./rules.js";

export interface StoredRule {
  id: number;
  chatId: number;
  kind: RuleKind;
  condition: Record<string, unknown>;
  severity: Severity;
  cooldownMinutes: number;
  status: "active" | "paused";
  lastFiredAt: Date | null;
}

/** More rules than this per chat is a mistake, not a configuration. */
export const MAX_RULES_PER_CHAT = 50;

export async function listRules(database: Database, chatId: number): Promise<StoredRule[]> {
  const rows = await database.rows<{
    id: number;
    chat_id: number;
    kind: RuleKind;
    condition: Record<string, unknown>;
    severity: Severity;
    cooldown_minutes: number;
    status: "active" | "paused";
    last_fired_at: Date | null;
  }>(sql`
    SELECT id, chat_id, kind, condition, severity, cooldown_minutes, status, last_fired_at
    FROM alert_rules WHERE chat_id = ${chatId} ORDER BY id`);
  return rows.map((r) => ({
    id: Number(r.id),
    chatId: Number(r.chat_id),
    kind: r.kind,
    condition: r.condition,
    severity: r.severity,
    cooldownMinutes: r.cooldown_minutes,
    status: r.status,
    lastFiredAt: r.last_fired_at ? new Date(r.last_fired_at) : null,
  }));
}

export type CreateResult = { ok: true; id: number } | { ok: false; reason: "too_many" };

export async function createRule(
  database: Database,
  chatId: number,
  rule: NewRule,
  createdBy: number,
): Promise<CreateResult> {
  const rows = await database.rows<{ id: number }>(sql`
    INSERT INTO alert_rules (chat_id, kind, condition, severity, cooldown_minutes, created_by)
    SELECT ${chatId}, ${rule.kind}, ${JSON.stringify(rule.condition)}::jsonb, ${rule.severity},
           ${rule.cooldownMinutes}, ${createdBy}
    WHERE (SELECT count(*) FROM alert_rules WHERE chat_id = ${chatId}) < ${MAX_RULES_PER_CHAT}
    RETURNING id`);
  const row = rows[0];
  return row ? { ok: true, id: Number(row.id) } : { ok: false, reason: "too_many" };
}

/** Pauses or resumes a rule of this chat; false when the chat has no such rule. */
export async function setRuleStatus(
  database: Database,
  chatId: number,
  ruleId: number,
  status: "active" | "paused",
): Promise<boolean> {
  // A resumed rule starts afresh: no dwell counted while it was paused.
  const rows = await database.rows<{ id: number }>(sql`
    UPDATE alert_rules SET status = ${status}, state = CASE WHEN ${status} = 'active' THEN '{}'::jsonb ELSE state END
    WHERE chat_id = ${chatId} AND id = ${ruleId} RETURNING id`);
  return rows.length > 0;
}

export async function deleteRule(database: Database, chatId: number, ruleId: number): Promise<boolean> {
  const rows = await database.rows<{ id: number }>(
    sql`DELETE FROM alert_rules WHERE chat_id = ${chatId} AND id = ${ruleId} RETURNING id`,
  );
  return rows.length > 0;
}

/** Subscribes (from `at`: alerts fired before it are not sent late) or unsubscribes. */
export async function setSubscription(
  database: Database,
  chatId: number,
  userId: number,
  on: boolean,
  at: Date,
): Promise<void> {
  if (on) {
    await database.rows(sql`
      INSERT INTO alert_subscriptions (chat_id, user_id, created_at)
      VALUES (${chatId}, ${userId}, ${at.toISOString()}::timestamptz)
      ON CONFLICT (chat_id, user_id) DO NOTHING`);
  } else {
    await database.rows(sql`DELETE FROM alert_subscriptions WHERE chat_id = ${chatId} AND user_id = ${userId}`);
  }
}

export async function isSubscribed(database: Database, chatId: number, userId: number): Promise<boolean> {
  const rows = await database.rows<{ one: number }>(
    sql`SELECT 1 AS one FROM alert_subscriptions WHERE chat_id = ${chatId} AND user_id = ${userId}`,
  );
  return rows.length > 0;
}

export interface HistoryEntry {
  id: number;
  ruleId: number | null;
  kind: string;
  severity: string;
  status: string;
  at: Date;
  values: Record<string, unknown>;
}

export async function alertHistory(database: Database, chatId: number, limit = 15): Promise<HistoryEntry[]> {
  const rows = await database.rows<{
    id: number;
    rule_id: number | null;
    kind: string;
    severity: string;
    status: string;
    at: Date;
    values: Record<string, unknown>;
  }>(sql`
    SELECT id, rule_id, kind, severity, status, at, values FROM alert_events
    WHERE chat_id = ${chatId} ORDER BY at DESC, id DESC LIMIT ${limit}`);
  return rows.map((r) => ({
    id: Number(r.id),
    ruleId: r.rule_id === null ? null : Number(r.rule_id),
    kind: r.kind,
    severity: r.severity,
    status: r.status,
    at: new Date(r.at),
    values: r.values,
  }));
}

/**
 * Records a test event for a rule of this chat, addressed to the admin who asked; the
 * delivery step sends it at once, outside quiet hours and the daily cap.
 */
export async function recordTestEvent(
  database: Database,
  chatId: number,
  ruleId: number,
  at: Date,
): Promise<number | undefined> {
  const rows = await database.rows<{ id: number }>(sql`
    INSERT INTO alert_events (rule_id, chat_id, kind, severity, status, dedupe_key, at, values)
    SELECT id, chat_id, kind, severity, 'test', ${`test:${at.getTime()}`}, ${at.toISOString()}::timestamptz, '{}'::jsonb
    FROM alert_rules WHERE chat_id = ${chatId} AND id = ${ruleId}
    ON CONFLICT (rule_id, dedupe_key) DO NOTHING
    RETURNING id`);
  return rows[0] ? Number(rows[0].id) : undefined;
}

/** Chats the bot is no longer in whose rules this person made or follows, with how many rules. */
export async function chatsLeftWithRules(
  database: Database,
  userId: number,
): Promise<{ id: number; title: string; rules: number }[]> {
  const rows = await database.rows<{ id: number; title: string | null; rules: number }>(sql`
    SELECT c.id, c.title, count(r.id)::int AS rules
    FROM chats c JOIN alert_rules r ON r.chat_id = c.id
    WHERE c.bot_status IN ('kicked', 'left')
      AND (r.created_by = ${userId}
           OR EXISTS (SELECT 1 FROM alert_subscriptions s WHERE s.chat_id = c.id AND s.user_id = ${userId}))
    GROUP BY c.id, c.title ORDER BY c.title`);
  return rows.map((r) => ({ id: Number(r.id), title: r.title ?? String(r.id), rules: r.rules }));
}
