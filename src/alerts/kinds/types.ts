// What a rule kind is: which hourly rollups it needs, and how it reads them into
// observations. The evaluator (src/alerts/evaluate.ts) owns state, dwell, cooldown and
// events, so a kind is only the decision.
import type { z } from "zod";
import type { RuleKind } from "../rules.js";

export type HourlyField = "messages" | "joins" | "leaves";

export interface PostSnapshot {
  ageHours: number;
  views: number | null;
  forwards: number | null;
}

export interface PostEngagement {
  messageId: number;
  messageDate: number;
  /** Oldest first. */
  snapshots: PostSnapshot[];
}

/** What the evaluator loaded for one chat; every read is a rollup row or a handful. */
export interface ChatHistory {
  chatId: number;
  timezone: string;
  /** Start of the first hour with any activity; null when the chat has none. */
  firstActivityMs: number | null;
  /** A UTC hour's count; 0 for hours without a rollup row. */
  hourly(field: HourlyField, hourMs: number): number;
  /** Distinct senders on the chat's local day that contains the evaluation time. */
  activeMembersToday: number;
  /** Posts of the last two days and the 30 before them, when a rule of the chat needs them. */
  posts?: { recent: PostEngagement[]; older: PostEngagement[] };
}

export interface Observation {
  /** What the state is kept for: "chat", or "post:<id>" for per-post kinds. */
  episode: string;
  /** The condition holds now. */
  breach: boolean;
  /** The condition is clearly over: an open episode resolves. */
  clear: boolean;
  /** Per-post kinds: how far it went ("watch" is kept in state only, never sent). */
  level?: "watch" | "alert" | "escalation";
  /** The numbers that decided it, stored with the event and used in the message. */
  values: Record<string, number | string | null>;
}

export interface AlertKindDefinition<C> {
  kind: RuleKind;
  /** Validates a stored condition (older rows get defaults). */
  condition: z.ZodType<C>;
  /** UTC hour starts of hourly rollups needed at `atMs`. */
  hours(condition: C, atMs: number, chat: { firstActivityMs: number | null; timezone: string }): number[];
  /** Whether the chat's post engagement (user session) must be loaded. */
  needsPosts?(condition: C): boolean;
  /** Consecutive breaching evaluations before it fires. */
  dwell(condition: C): number;
  observe(condition: C, atMs: number, history: ChatHistory): Observation[];
}
