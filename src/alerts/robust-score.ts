// How far a value is from its own history, measured so that one past spike does not hide
// the next: the median and the median absolute deviation (MAD) instead of mean and standard
// deviation, combined into the modified z-score of Iglewicz and Hoaglin (1993), the score
// that common anomaly detectors use for "robust" baselines.
//
//   M = 0.6745 · (x − median) / MAD
//
// 0.6745 is the 0.75 quantile of the standard normal, so M reads like a z-score on normal
// data; |M| ≥ 3.5 is the authors' recommended outlier cut-off. When more than half of the
// history is one value (a quiet chat: mostly zeros) MAD is 0; then the mean absolute
// deviation scaled by 1.2533 (√(π/2), the same normal-consistency idea) stands in, and when
// that is 0 too (a perfectly flat history) any difference is infinitely unusual and the
// volume gates of the rules decide.

export const MODIFIED_Z_CONSTANT = 0.6745;
export const MEAN_ABSOLUTE_DEVIATION_CONSTANT = 1.253314;

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function medianAbsoluteDeviation(values: readonly number[], center = median(values)): number {
  return median(values.map((value) => Math.abs(value - center)));
}

export interface RobustScore {
  /** The modified z-score; ±Infinity when the history is flat and the value differs. */
  score: number;
  median: number;
  mad: number;
  /** value / median (Infinity when the median is 0 and the value is not). */
  ratio: number;
}

/** The modified z-score of `value` against `history` (at least one value). */
export function robustScore(value: number, history: readonly number[]): RobustScore {
  const center = median(history);
  const mad = medianAbsoluteDeviation(history, center);
  const ratio = center === 0 ? (value === 0 ? 1 : Number.POSITIVE_INFINITY) : value / center;
  const deviation = value - center;
  let score: number;
  if (mad > 0) {
    score = (MODIFIED_Z_CONSTANT * deviation) / mad;
  } else {
    const meanAbsolute = history.reduce((sum, v) => sum + Math.abs(v - center), 0) / history.length;
    if (meanAbsolute > 0) score = deviation / (MEAN_ABSOLUTE_DEVIATION_CONSTANT * meanAbsolute);
    else score = deviation === 0 ? 0 : deviation > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }
  return { score, median: center, mad, ratio };
}
