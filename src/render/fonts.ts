// Registers the chart fonts with node-canvas, once per thread and before the first canvas.
// Registering the files explicitly (rather than trusting whatever fontconfig picks for
// "sans-serif") keeps charts identical across hosts that have the same Noto/DejaVu packages.
import { existsSync } from "node:fs";
import { registerFont } from "canvas";

interface FontFile {
  path: string;
  family: string;
  weight?: "bold";
}

const NOTO = "/usr/share/fonts/truetype/noto";
const NOTO_CJK = "/usr/share/fonts/opentype/noto";
const DEJAVU = "/usr/share/fonts/truetype/dejavu";

/** Debian's fonts-noto-core, fonts-noto-cjk, fonts-noto-color-emoji and fonts-dejavu-core. */
export const FONT_FILES: readonly FontFile[] = [
  { path: `${NOTO}/NotoSans-Regular.ttf`, family: "Noto Sans" },
  { path: `${NOTO}/NotoSans-Bold.ttf`, family: "Noto Sans", weight: "bold" },
  { path: `${NOTO_CJK}/NotoSansCJK-Regular.ttc`, family: "Noto Sans CJK SC" },
  { path: `${NOTO_CJK}/NotoSansCJK-Bold.ttc`, family: "Noto Sans CJK SC", weight: "bold" },
  { path: `${NOTO}/NotoSansArabic-Regular.ttf`, family: "Noto Sans Arabic" },
  { path: `${NOTO}/NotoSansArabic-Bold.ttf`, family: "Noto Sans Arabic", weight: "bold" },
  { path: `${NOTO}/NotoSansHebrew-Regular.ttf`, family: "Noto Sans Hebrew" },
  // Reached through fontconfig fallback, not by name (see FONT_FAMILY in charts.ts).
  { path: `${NOTO}/NotoColorEmoji.ttf`, family: "Noto Color Emoji" },
  { path: `${DEJAVU}/DejaVuSans.ttf`, family: "DejaVu Sans" },
  { path: `${DEJAVU}/DejaVuSans-Bold.ttf`, family: "DejaVu Sans", weight: "bold" },
];

let registered: string[] | undefined;

/**
 * Registers the fonts that exist on this host and returns the missing ones' paths, so the
 * worker can say which package to install instead of silently drawing boxes.
 */
export function registerFonts(): string[] {
  if (registered) return registered;
  const missing: string[] = [];
  for (const file of FONT_FILES) {
    if (!existsSync(file.path)) {
      missing.push(file.path);
      continue;
    }
    registerFont(file.path, { family: file.family, ...(file.weight ? { weight: file.weight } : {}) });
  }
  registered = missing;
  return missing;
}
