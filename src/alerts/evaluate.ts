// One evaluation of every active rule at one instant. Everything it reads is a rollup row
// (or, for post rules, the post's hourly engagement snapshots), loaded in a few batched
// queries for all chats at once, so its cost follows the number of rules, not the size of
// the chats. State between evaluations (consecutive hits, open episodes, a post's level)
// lives on the rule row; firing claims the rule's cooldown in the database, so a second
// instance or a repeated run at the same instant never fires twice.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import type { Logger } from "../logger.js";
import { localDate } from "../queries/period.js";
import { alertKinds } from "./kinds/index.js";
import type { ChatHistory, HourlyField, Observation, PostEngagement } from "./kinds/types.js";
import type { RuleKind } from "./rules.js";
import { DAY_MS, HOUR_MS } from "./windows.js";

export interface EvaluateDeps {
  database: Database;
  log: Logger;
  config: { defaultTimezone: string };
}

export interface EvaluationSummary {
  rules: number;
  chats: number;
  fired: number;
  escalated: number;
  suppressed: number;
  resolved: number;
  invalid: number;
  /** SQL statements issued, for the benchmark. */
  queries: number;
}

interface EpisodeState {
  hits: number;
  open: boolean;
  level?: "watch" | "alert" | "escalation";
  /** Per-post episodes: when last observed (ms), so they are dropped after a while. */
  seen?: number;
}

interface RuleState {
  episodes?: Record<string, EpisodeState>;
}

interface RuleRow extends Record<string, unknown> {
  id: number;
  chat_id: number;
  kind: string;
  condition: unknown;
  severity: string;
  cooldown_minutes: number;
  state: RuleState | null;
  /** The condition, validated by its kind (set after loading; undefined: invalid, skipped). */
  parsed?: unknown;
}

const LEVEL_RANK = { watch: 1, alert: 2, escalation: 3 } as const;
const PRESENT = ["member", "administrator", "restricted", "creator"];
const CHAT_BATCH = 250;
/** Per-post state is kept this long after the post was last observed. */
const EPISODE_RETENTION_MS = 3 * DAY_MS;

export async function evaluateAlerts(
  deps: EvaluateDeps,
  at: Date,
  options: { signal?: AbortSignal } = {},
): Promise<EvaluationSummary> {
  const { database } = deps;
  const atMs = at.getTime();
  const summary: EvaluationSummary = {
    rules: 0,
    chats: 0,
    fired: 0,
    escalated: 0,
    suppressed: 0,
    resolved: 0,
    invalid: 0,
    queries: 0,
  };

  // Rules of chats the bot is still in; a chat it left stops evaluating (and /alerts says so).
  const rules = await database.rows<RuleRow>(sql`
    SELECT r.id, r.chat_id, r.kind, r.condition, r.severity, r.cooldown_minutes, r.state
    FROM alert_rules r JOIN chats c ON c.id = r.chat_id
    WHERE r.status = 'active' AND c.migrated_to_chat_id IS NULL
      AND (c.bot_status IS NULL OR c.bot_status IN (${sql.join(
        PRESENT.map((s) => sql`${s}`),
        sql`, `,
      )}))
    ORDER BY r.chat_id, r.id`);
  summary.queries++;
  summary.rules = rules.length;

  // Each stored condition is validated once per evaluation; an invalid one is skipped and logged.
  for (const rule of rules) {
    const parsed = alertKinds[rule.kind as RuleKind]?.condition.safeParse(rule.condition);
    if (parsed?.success) rule.parsed = parsed.data;
    else {
      summary.invalid++;
      deps.log.warn({ ruleId: rule.id, kind: rule.kind }, "alert rule has an invalid condition; skipped");
    }
  }
  const byChat = new Map<number, RuleRow[]>();
  for (const rule of rules) {
    if (rule.parsed === undefined) continue;
    const list = byChat.get(rule.chat_id) ?? [];
    list.push(rule);
    byChat.set(rule.chat_id, list);
  }
  summary.chats = byChat.size;
  const chatIds = [...byChat.keys()];

  for (let i = 0; i < chatIds.length; i += CHAT_BATCH) {
    if (options.signal?.aborted) break;
    const batch = chatIds.slice(i, i + CHAT_BATCH);
    const histories = await loadHistories(database, batch, byChat, atMs, deps.config.defaultTimezone, summary);
    const stateUpdates: { id: number; state: RuleState }[] = [];
    const pending: PendingEvent[] = [];
    for (const chatId of batch) {
      const history = histories.get(chatId) as ChatHistory;
      for (const rule of byChat.get(chatId) ?? []) {
        const kind = alertKinds[rule.kind as RuleKind];
        const observations = kind.observe(rule.parsed, atMs, history);
        const state = applyObservations(rule, kind.dwell(rule.parsed), observations, atMs, pending);
        // Most rules end an evaluation as they began (nothing happening): no write for those.
        if (JSON.stringify(state) !== JSON.stringify(rule.state ?? {})) stateUpdates.push({ id: rule.id, state });
      }
    }
    if (pending.length > 0) await writeEvents(database, pending, atMs, summary);
    if (stateUpdates.length > 0) {
      await database.rows(sql`
        UPDATE alert_rules r SET state = x.state, last_evaluated_at = ${at.toISOString()}::timestamptz
        FROM jsonb_to_recordset(${JSON.stringify(stateUpdates)}::jsonb) AS x(id bigint, state jsonb)
        WHERE r.id = x.id`);
      summary.queries++;
    }
  }
  return summary;
}

async function loadHistories(
  database: Database,
  chatIds: number[],
  byChat: Map<number, RuleRow[]>,
  atMs: number,
  defaultTimezone: string,
  summary: EvaluationSummary,
): Promise<Map<number, ChatHistory>> {
  const idList = `{${chatIds.join(",")}}`;
  const facts = await database.rows<{ chat_id: number; timezone: string; first_ms: number | null }>(sql`
    SELECT c.id AS chat_id, coalesce(c.timezone, ${defaultTimezone}) AS timezone,
           (SELECT (extract(epoch FROM h.hour) * 1000)::float8 FROM chat_hourly_activity h
             WHERE h.chat_id = c.id ORDER BY h.hour LIMIT 1) AS first_ms
    FROM chats c WHERE c.id = ANY(${idList}::bigint[])`);
  summary.queries++;

  // Which hours each chat's rules need, as runs of consecutive hours (an index range scan
  // each, several times cheaper than one probe per hour), then all of them in one round trip.
  const rangeChat: number[] = [];
  const rangeFrom: number[] = [];
  const rangeTo: number[] = [];
  const needsPosts = new Set<number>();
  for (const fact of facts) {
    const hours = new Set<number>();
    for (const rule of byChat.get(fact.chat_id) ?? []) {
      const kind = alertKinds[rule.kind as RuleKind];
      for (const hour of kind.hours(rule.parsed, atMs, { firstActivityMs: fact.first_ms, timezone: fact.timezone }))
        hours.add(hour);
      if (kind.needsPosts?.(rule.parsed)) needsPosts.add(fact.chat_id);
    }
    for (const [from, to] of hourRuns(hours)) {
      rangeChat.push(fact.chat_id);
      rangeFrom.push(from / 1000);
      rangeTo.push(to / 1000);
    }
  }
  const hourly = new Map<number, Map<number, Record<HourlyField, number>>>();
  if (rangeChat.length > 0) {
    const rows = await database.rows<{
      chat_id: number;
      ms: number;
      messages: number;
      joins: number;
      leaves: number;
    }>(sql`
      SELECT h.chat_id, (extract(epoch FROM h.hour) * 1000)::float8 AS ms, h.messages, h.joins, h.leaves
      FROM unnest(${`{${rangeChat.join(",")}}`}::bigint[], ${`{${rangeFrom.join(",")}}`}::float8[],
                  ${`{${rangeTo.join(",")}}`}::float8[]) AS p(chat_id, from_epoch, to_epoch)
      JOIN chat_hourly_activity h
        ON h.chat_id = p.chat_id AND h.hour BETWEEN to_timestamp(p.from_epoch) AND to_timestamp(p.to_epoch)`);
    summary.queries++;
    for (const row of rows) {
      const chatId = Number(row.chat_id);
      const hours = hourly.get(chatId) ?? new Map<number, Record<HourlyField, number>>();
      hourly.set(chatId, hours);
      hours.set(row.ms, { messages: row.messages, joins: row.joins, leaves: row.leaves });
    }
  }

  const days = facts.map((fact) => localDate(new Date(atMs), fact.timezone));
  const active = new Map<number, number>();
  if (facts.length > 0) {
    const rows = await database.rows<{ chat_id: number; active_senders: number }>(sql`
      SELECT a.chat_id, a.active_senders
      FROM unnest(${`{${facts.map((f) => f.chat_id).join(",")}}`}::bigint[], ${`{${days.join(",")}}`}::date[]) AS p(chat_id, day)
      JOIN chat_daily_activity a ON a.chat_id = p.chat_id AND a.day = p.day`);
    summary.queries++;
    for (const row of rows) active.set(row.chat_id, row.active_senders);
  }

  const posts = needsPosts.size > 0 ? await loadPosts(database, [...needsPosts], atMs, summary) : new Map();
  const histories = new Map<number, ChatHistory>();
  for (const fact of facts) {
    const chatId = fact.chat_id;
    const chatHours = hourly.get(Number(chatId));
    histories.set(chatId, {
      chatId,
      timezone: fact.timezone,
      firstActivityMs: fact.first_ms,
      hourly: (field, hourMs) => chatHours?.get(hourMs)?.[field] ?? 0,
      activeMembersToday: active.get(chatId) ?? 0,
      posts: needsPosts.has(chatId) ? (posts.get(chatId) ?? { recent: [], older: [] }) : undefined,
    });
  }
  return histories;
}

/** Per chat: posts of the last 26 hours and the 30 posts before them, with their hourly snapshots. */
async function loadPosts(
  database: Database,
  chatIds: number[],
  atMs: number,
  summary: EvaluationSummary,
): Promise<Map<number, { recent: PostEngagement[]; older: PostEngagement[] }>> {
  const at = new Date(atMs).toISOString();
  const recentFrom = new Date(atMs - 26 * HOUR_MS).toISOString();
  const rows = await database.rows<{
    chat_id: number;
    message_id: number;
    date_ms: number;
    age_hours: number;
    views: number | null;
    forwards: number | null;
    recent: boolean;
  }>(sql`
    WITH posts AS (
      SELECT chat_id, message_id, min(message_date) AS message_date
      FROM message_engagement_timeline
      WHERE chat_id = ANY(${`{${chatIds.join(",")}}`}::bigint[]) AND captured_at <= ${at}::timestamptz
        AND captured_at > ${at}::timestamptz - interval '60 days'
      GROUP BY chat_id, message_id
    ), ranked AS (
      SELECT chat_id, message_id, message_date >= ${recentFrom}::timestamptz AS recent,
             row_number() OVER (PARTITION BY chat_id, message_date >= ${recentFrom}::timestamptz
                                ORDER BY message_date DESC) AS age_rank
      FROM posts
    )
    SELECT t.chat_id, t.message_id, (extract(epoch FROM t.message_date) * 1000)::float8 AS date_ms,
           t.age_hours, t.views, t.forwards, r.recent
    FROM ranked r JOIN message_engagement_timeline t ON t.chat_id = r.chat_id AND t.message_id = r.message_id
    WHERE (r.recent OR r.age_rank <= 30) AND t.captured_at <= ${at}::timestamptz
    ORDER BY t.chat_id, t.message_id, t.captured_at`);
  summary.queries++;
  const byChat = new Map<number, { recent: Map<number, PostEngagement>; older: Map<number, PostEngagement> }>();
  for (const row of rows) {
    const chatId = Number(row.chat_id);
    const chat = byChat.get(chatId) ?? { recent: new Map(), older: new Map() };
    byChat.set(chatId, chat);
    const target = row.recent ? chat.recent : chat.older;
    const post = target.get(row.message_id) ?? { messageId: row.message_id, messageDate: row.date_ms, snapshots: [] };
    post.snapshots.push({ ageHours: row.age_hours, views: row.views, forwards: row.forwards });
    target.set(row.message_id, post);
  }
  const out = new Map<number, { recent: PostEngagement[]; older: PostEngagement[] }>();
  for (const [chatId, chat] of byChat)
    out.set(chatId, { recent: [...chat.recent.values()], older: [...chat.older.values()] });
  return out;
}

/** An event an evaluation decided on, written with the others of its batch in one statement. */
interface PendingEvent {
  id: number;
  chat_id: number;
  kind: string;
  severity: string;
  status: "fired" | "escalated" | "resolved";
  dedupe_key: string;
  values: Record<string, unknown>;
  /** A first alert claims the rule's cooldown; escalations and resolutions do not. */
  claim: boolean;
  /** Order within the batch: of several claims on one rule, the first wins. */
  seq: number;
}

function applyObservations(
  rule: RuleRow,
  dwell: number,
  observations: Observation[],
  atMs: number,
  pending: PendingEvent[],
): RuleState {
  const episodes: Record<string, EpisodeState> = { ...(rule.state?.episodes ?? {}) };
  const event = (observation: Observation, status: PendingEvent["status"], dedupeKey: string, claim: boolean) =>
    pending.push({
      id: rule.id,
      chat_id: rule.chat_id,
      kind: rule.kind,
      severity: rule.severity,
      status,
      dedupe_key: dedupeKey,
      values: observation.values,
      claim,
      seq: pending.length,
    });
  for (const observation of observations) {
    const state: EpisodeState = { hits: 0, open: false, ...episodes[observation.episode] };
    if (observation.episode !== "chat") state.seen = atMs;
    state.hits = observation.breach ? state.hits + 1 : 0;
    if (observation.level) {
      // Per-post levels only climb: each of alert and escalation is sent at most once.
      const previous = state.level ? LEVEL_RANK[state.level] : 0;
      const now = LEVEL_RANK[observation.level];
      if (now > previous) {
        state.level = observation.level;
        if (observation.level !== "watch") {
          const escalation = observation.level === "escalation" && previous >= LEVEL_RANK.alert;
          event(
            observation,
            escalation ? "escalated" : "fired",
            `${observation.episode}:${observation.level}`,
            !escalation,
          );
        }
      }
    } else if (!state.open && observation.breach && state.hits >= dwell) {
      state.open = true;
      event(observation, "fired", `${observation.episode}:${atMs}`, true);
    } else if (state.open && observation.clear) {
      state.open = false;
      event(observation, "resolved", `${observation.episode}:resolved:${atMs}`, false);
    }
    episodes[observation.episode] = state;
  }
  for (const [key, state] of Object.entries(episodes)) {
    if (key !== "chat" && atMs - (state.seen ?? 0) > EPISODE_RETENTION_MS) delete episodes[key];
  }
  return { episodes };
}

/**
 * Writes a batch's events in one statement (one commit, however many rules fired). A first
 * alert claims its rule's cooldown in the same statement that checks it; an episode that
 * starts inside the cooldown is recorded as suppressed and nobody is sent anything. A second
 * instance evaluating the same instant waits on the rule's row lock, finds the cooldown
 * claimed, and its event collides with the first one's dedupe key: nothing is written twice.
 */
async function writeEvents(database: Database, pending: PendingEvent[], atMs: number, summary: EvaluationSummary) {
  const at = new Date(atMs).toISOString();
  const rows = await database.rows<{ status: string }>(sql`
    WITH fires AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(pending)}::jsonb)
        AS f(id bigint, chat_id bigint, kind text, severity text, status text, dedupe_key text, values jsonb,
             claim boolean, seq int)
    ), ranked AS (
      -- Several posts of one rule may cross its line in the same run: the first claims the
      -- cooldown, the others are held back like a later run's would be.
      SELECT *, CASE WHEN claim THEN row_number() OVER (PARTITION BY id, claim ORDER BY seq) END AS claim_rank
      FROM fires
    ), claimed AS (
      UPDATE alert_rules r SET last_fired_at = ${at}::timestamptz
      FROM (SELECT DISTINCT id FROM fires WHERE claim) f
      WHERE r.id = f.id
        AND (r.last_fired_at IS NULL
             OR r.last_fired_at <= ${at}::timestamptz - make_interval(mins => r.cooldown_minutes))
      RETURNING r.id
    )
    INSERT INTO alert_events (rule_id, chat_id, kind, severity, status, dedupe_key, at, values)
    SELECT f.id, f.chat_id, f.kind, f.severity,
           CASE WHEN f.claim AND (c.id IS NULL OR f.claim_rank > 1) THEN 'suppressed' ELSE f.status END,
           f.dedupe_key, ${at}::timestamptz, f.values
    FROM ranked f LEFT JOIN claimed c ON c.id = f.id
    ON CONFLICT (rule_id, dedupe_key) DO NOTHING
    RETURNING status`);
  summary.queries++;
  for (const row of rows) {
    if (row.status === "fired") summary.fired++;
    else if (row.status === "escalated") summary.escalated++;
    else if (row.status === "resolved") summary.resolved++;
    else if (row.status === "suppressed") summary.suppressed++;
  }
}

/** Sorted runs [first, last] of consecutive hour starts. */
export function hourRuns(hours: Iterable<number>): [number, number][] {
  const sorted = [...new Set(hours)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const hour of sorted) {
    const last = runs.at(-1);
    if (last && hour - last[1] === HOUR_MS) last[1] = hour;
    else runs.push([hour, hour]);
  }
  return runs;
}
