// Text helpers for replies and terminal output. What a person reads in a language (numbers,
// shares, dates, changes) is formatted with Intl in src/reports/format.ts.

/** Safe for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** "1,234": for the command-line tools, which speak English. */
export function formatNumber(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}
