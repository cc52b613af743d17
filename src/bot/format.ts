// Number and text formatting for replies: compact, locale-neutral, safe for HTML parse mode.

export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

export function formatNumber(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

export function formatPercent(share: number, digits = 0): string {
  return `${(share * 100).toFixed(digits)}%`;
}

/** "▲ 12%" / "▼ 3%" / "= 0%" against the previous period; "new" when it had none. */
export function formatDelta(current: number, previous: number): string {
  if (previous === 0) return current === 0 ? "" : "new";
  const change = (current - previous) / previous;
  if (Math.abs(change) < 0.005) return "= 0%";
  return `${change > 0 ? "▲" : "▼"} ${Math.abs(change * 100).toFixed(0)}%`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3_600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${(seconds / 3_600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}

export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

export function formatDate(date: Date, timezone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone,
    day: "numeric",
    month: "short",
    year: "numeric",
  }).format(date);
}
