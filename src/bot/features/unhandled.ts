// Installed last: a button press no feature claimed (a keyboard from an older version, a
// retired feature, data that does not unpack) is answered, so the client's spinner stops and
// the person learns the button is dead rather than waiting.
import { Composer } from "grammy";
import type { PulseContext } from "../context.js";

export const unhandledFeature = new Composer<PulseContext>();

unhandledFeature.on("callback_query", (ctx) => ctx.answerCallbackQuery({ text: ctx.t("button-expired") }));
