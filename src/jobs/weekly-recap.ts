// Weekly recap job: every 15 minutes (zones differ by half and quarter hours), posts the last
// complete week's recap of each chat whose weekday and hour have come on its own clock, once
// per chat and week (src/recap/claims.ts), and retries failed sends within the day. A manual
// run posts for every chat with recaps on whose last week is not posted yet, whatever the hour.
import { fetchChatPhoto } from "../recap/chat-photo.js";
import { postWeeklyRecaps } from "../recap/post.js";
import { deliveryRecapSender } from "../recap/send.js";
import type { JobDefinition } from "./types.js";

export const weeklyRecapJob: JobDefinition = {
  name: "weekly-recap",
  cron: "*/15 * * * *",
  catchUp: true,
  async run(deps, { signal, trigger, log }) {
    const files = { apiRoot: deps.config.telegramApiRoot, botToken: deps.config.botToken };
    const totals = await postWeeklyRecaps(
      {
        database: deps.database,
        config: deps.config,
        now: deps.now,
        log,
        send: deliveryRecapSender(deps.delivery),
        renderer: deps.renderer,
        chatPhoto: (chatId, photoSignal) => fetchChatPhoto(deps.api, files, chatId, photoSignal ?? signal),
      },
      { trigger, signal },
    );
    if (totals.sent + totals.failed + totals.retrying + totals.empty > 0 || totals.recovered > 0) {
      log.info(
        {
          due: totals.due,
          sent: totals.sent,
          empty: totals.empty,
          retrying: totals.retrying,
          failed: totals.failed,
          blocked: totals.blocked,
        },
        "weekly recaps posted",
      );
    }
    if (totals.interrupted) return { outcome: "interrupted", totals: { ...totals } };
    return { outcome: "ok", totals: { ...totals } };
  },
};
