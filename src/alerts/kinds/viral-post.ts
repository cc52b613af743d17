// Viral post (channels followed by the user session, which snapshots each post's views and
// forwards hourly): a post at 1, 3, 6 or 24 hours of age against the median of the
// channel's previous 30 posts at the same age. 2× is watched, 3× alerts, 10× escalates once;
// after that the post is left alone.
import { median } from "../robust-score.js";
import { viralPostCondition } from "../rules.js";
import type { AlertKindDefinition, Observation, PostEngagement } from "./types.js";

type Condition = typeof viralPostCondition._output;

export const VIRAL_AGES = [1, 3, 6, 24] as const;
/** Fewer comparable posts than this and there is no "normal" for the channel yet. */
export const MIN_COMPARABLE_POSTS = 5;

/** The post's snapshot nearest `age` hours, if one lies within a quarter of it. */
function at(post: PostEngagement, age: number) {
  let best: PostEngagement["snapshots"][number] | undefined;
  for (const snapshot of post.snapshots) {
    if (Math.abs(snapshot.ageHours - age) > age * 0.25 + 0.25) continue;
    if (!best || Math.abs(snapshot.ageHours - age) < Math.abs(best.ageHours - age)) best = snapshot;
  }
  return best;
}

export const viralPostKind: AlertKindDefinition<Condition> = {
  kind: "viral-post",
  condition: viralPostCondition,
  hours: () => [],
  needsPosts: () => true,
  dwell: () => 1,
  observe(condition, _atMs, history) {
    const posts = history.posts;
    if (!posts) return [];
    const observations: Observation[] = [];
    for (const post of posts.recent) {
      const latest = post.snapshots.at(-1);
      if (!latest) continue;
      const age = [...VIRAL_AGES].reverse().find((a) => latest.ageHours >= a * 0.75);
      if (age === undefined) continue;
      const own = at(post, age);
      if (!own) continue;
      const comparable = posts.older.map((older) => at(older, age)).filter((s) => s !== undefined);
      if (comparable.length < MIN_COMPARABLE_POSTS) continue;
      const typicalViews = median(comparable.map((s) => s.views ?? 0));
      const typicalForwards = median(comparable.map((s) => s.forwards ?? 0));
      const viewsRatio = typicalViews > 0 ? (own.views ?? 0) / typicalViews : 0;
      const forwardsRatio = typicalForwards > 0 ? (own.forwards ?? 0) / typicalForwards : 0;
      const ratio = Math.max(viewsRatio, forwardsRatio);
      const level =
        ratio >= condition.escalateRatio
          ? "escalation"
          : ratio >= condition.alertRatio
            ? "alert"
            : ratio >= condition.watchRatio
              ? "watch"
              : undefined;
      observations.push({
        episode: `post:${post.messageId}`,
        breach: level === "alert" || level === "escalation",
        clear: false,
        level,
        values: {
          messageId: post.messageId,
          ageHours: age,
          views: own.views,
          forwards: own.forwards,
          typicalViews: Math.round(typicalViews),
          typicalForwards: Math.round(typicalForwards),
          ratio: Math.round(ratio * 100) / 100,
          propagationRate:
            own.forwards === null ? null : Math.round((own.forwards / Math.max(own.ageHours, 0.1)) * 100) / 100,
          comparablePosts: comparable.length,
        },
      });
    }
    return observations;
  },
};
