// The words of an alert: each kind's numbers as a sentence a chat admin can act on
// ("4.7× your normal rate: 412 messages in the last hour vs about 87 typical for Tuesday
// 21:00"), in the recipient's language, with a link to the chat or the post.
import type { Locale, Translate } from "../i18n/index.js";

export interface AlertEventForText {
  id: number;
  ruleId: number | null;
  kind: string;
  severity: string;
  status: string;
  at: Date;
  values: Record<string, unknown>;
  chatId: number;
  chatTitle: string;
  chatUsername: string | null;
  timezone: string;
}

const SEVERITY_ICON: Record<string, string> = { info: "ℹ️", warning: "⚠️", critical: "🚨" };

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A link to the chat, or to one of its messages when the chat can be linked at all. */
export function chatLink(chatId: number, username: string | null, messageId?: number): string | undefined {
  if (username) return `https://t.me/${username}${messageId ? `/${messageId}` : ""}`;
  const internal = String(chatId).match(/^-100(\d+)$/)?.[1];
  if (internal && messageId) return `https://t.me/c/${internal}/${messageId}`;
  return undefined;
}

function num(value: unknown): number {
  return typeof value === "number" ? value : Number(value ?? 0);
}

/** The alert as HTML for a DM. */
export function alertText(event: AlertEventForText, t: Translate, locale: Locale): string {
  const values = event.values;
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const when = new Intl.DateTimeFormat(locale, {
    weekday: "long",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: event.timezone,
  }).format(new Date(Math.floor(event.at.getTime() / 3_600_000) * 3_600_000));
  const chat = escapeHtml(event.chatTitle);
  const metric = String(values.metric ?? "");
  let body: string;
  switch (event.kind) {
    case "anomaly":
      body = t("alerts-text-anomaly", {
        chat,
        ratio: values.ratio === null ? "∞" : format.format(num(values.ratio)),
        value: format.format(Math.round(num(values.value))),
        unit: t(`alerts-unit-${metric}`, { n: Math.round(num(values.value)) }),
        typical: format.format(Math.round(num(values.median))),
        when,
      });
      break;
    case "threshold":
      body = t("alerts-text-threshold", {
        chat,
        metric: t(`alerts-metric-${metric}`),
        value: format.format(num(values.value)),
        op: escapeHtml(String(values.op ?? ">")),
        limit: format.format(num(values.limit)),
      });
      break;
    case "silence":
      body = t("alerts-text-silence", {
        chat,
        hours: num(values.hours),
        typical: format.format(Math.round(num(values.typical))),
        when,
      });
      break;
    case "viral-post":
      body = t(event.status === "escalated" ? "alerts-text-viral-escalated" : "alerts-text-viral", {
        chat,
        ratio: format.format(num(values.ratio)),
        views: format.format(num(values.views)),
        typical: format.format(num(values.typicalViews)),
        age: num(values.ageHours),
        rate: format.format(num(values.propagationRate)),
      });
      break;
    default:
      body = t("alerts-text-test", { chat, rule: event.ruleId ?? 0 });
  }
  const icon = SEVERITY_ICON[event.severity] ?? "";
  const messageId = typeof values.messageId === "number" ? values.messageId : undefined;
  const link = chatLink(event.chatId, event.chatUsername, messageId);
  const lines = [`${icon} ${body}`];
  if (event.status === "test") lines.unshift(t("alerts-test-banner"));
  if (link) lines.push(`<a href="${link}">${escapeHtml(t(messageId ? "alerts-open-post" : "alerts-open-chat"))}</a>`);
  lines.push(t("alerts-footer", { rule: event.ruleId ?? 0 }));
  return lines.join("\n");
}
