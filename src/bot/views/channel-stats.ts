// The headline numbers of a channel: posts, views per post, forwards, reactions and
// subscribers. A channel has one sender (itself), so a group's "members wrote" would always
// say 0; and views and forwards exist only where the user session collects them, which the
// caption says instead of printing zeros.
import type { Database } from "../../db/client.js";
import type { MessageTotals } from "../../queries/activity.js";
import {
  type ChannelPosts,
  getChannelPosts,
  getSubscriberCounts,
  type SubscriberCounts,
} from "../../queries/channels.js";
import type { Range } from "../../queries/range.js";
import { getReactionMix } from "../../queries/reactions.js";
import { formatDelta, formatNumber } from "../format.js";
import { dayName } from "./timeline.js";

export interface ChannelNumbers {
  posts: ChannelPosts;
  previousPosts: ChannelPosts;
  reactions: number;
  previousReactions: number;
  subscribers: SubscriberCounts;
}

export const NEEDS_USER_SESSION = "views and forwards need the user session: see /track";

export async function loadChannelNumbers(database: Database, range: Range, previous: Range): Promise<ChannelNumbers> {
  const sum = (mix: { count: number }[]) => mix.reduce((total, r) => total + r.count, 0);
  const [posts, previousPosts, reactions, previousReactions, subscribers] = await Promise.all([
    getChannelPosts(database, range),
    getChannelPosts(database, previous),
    getReactionMix(database, range).then(sum),
    getReactionMix(database, previous).then(sum),
    getSubscriberCounts(database, range),
  ]);
  return { posts, previousPosts, reactions, previousReactions, subscribers };
}

/** " <i>▲ 12%</i>" after a number, or nothing without a comparison. */
function delta(current: number, previous: number): string {
  const text = formatDelta(current, previous);
  return text ? ` <i>${text}</i>` : "";
}

function perPost(total: number, posts: number): string {
  const value = total / posts;
  return value >= 100 ? formatNumber(value) : String(Number(value.toFixed(1)));
}

/** The caption lines after the title: each number in words, each delta after its number. */
export function channelLines(
  numbers: ChannelNumbers,
  totals: { current: MessageTotals; previous: MessageTotals },
  subscriberCount: number | null,
): string[] {
  const { posts, previousPosts } = numbers;
  const lines = [
    `📝 <b>${formatNumber(totals.current.messages)}</b> posts${delta(totals.current.messages, totals.previous.messages)}`,
  ];

  if (posts.posts > 0) {
    if (posts.postsWithViews === 0 && posts.postsWithForwards === 0) {
      lines.push(`👁 ${NEEDS_USER_SESSION}`);
    } else {
      const parts: string[] = [];
      if (posts.postsWithViews > 0) {
        const views = posts.views / posts.postsWithViews;
        const before = previousPosts.postsWithViews > 0 ? previousPosts.views / previousPosts.postsWithViews : 0;
        // Counters the user session has not read yet would otherwise pull the average down.
        const known = posts.postsWithViews < posts.posts ? ` (${posts.postsWithViews} of ${posts.posts} posts)` : "";
        parts.push(
          `👁 <b>${perPost(posts.views, posts.postsWithViews)}</b> views per post${delta(views, before)}${known}`,
        );
      }
      if (posts.postsWithForwards > 0) {
        parts.push(
          `🔀 <b>${formatNumber(posts.forwards)}</b> forwards${delta(posts.forwards, previousPosts.forwards)}`,
        );
      }
      lines.push(parts.join(" · "));
    }
  }

  const reactions = [
    `❤️ <b>${formatNumber(numbers.reactions)}</b> reactions${delta(numbers.reactions, numbers.previousReactions)}`,
  ];
  if (posts.posts > 0 && numbers.reactions > 0) reactions.push(`${perPost(numbers.reactions, posts.posts)} per post`);
  lines.push(reactions.join(" · "));

  const audience: string[] = [];
  const count = audienceCount("subscribers", subscriberCount, numbers.subscribers);
  if (count) audience.push(count);
  audience.push(`➕ ${formatNumber(totals.current.joins)} joined`, `➖ ${formatNumber(totals.current.leaves)} left`);
  lines.push(audience.join(" · "));
  return lines;
}

/**
 * "👥 <b>1,234</b> members <i>+56 since 1 Nov 2026</i>": the live count (else the last daily
 * snapshot) and its change since the snapshot at the period's start; null when no count is known.
 */
export function audienceCount(noun: string, liveCount: number | null, counts: SubscriberCounts): string | null {
  const current = liveCount ?? counts.end?.count ?? null;
  if (current === null) return null;
  const { start, end } = counts;
  // A change needs two different moments: the live count against any snapshot, or two snapshots.
  let change = "";
  if (start && (liveCount !== null || (end !== null && start.day < end.day))) {
    const difference = current - start.count;
    const amount =
      difference === 0 ? "no change" : `${difference > 0 ? "+" : "−"}${formatNumber(Math.abs(difference))}`;
    change = ` <i>${amount} since ${dayName(start.day)}</i>`;
  }
  return `👥 <b>${formatNumber(current)}</b> ${noun}${change}`;
}
