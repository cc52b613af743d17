// A small seeded PRNG (mulberry32) with the draws the community generator needs: the same
// seed gives the same community on every machine and Node version.

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError("pick from an empty list");
    return item;
  }

  /** Index drawn with the given cumulative weights (ascending, last = total). */
  weighted(cumulative: Float64Array | readonly number[], count = cumulative.length): number {
    const total = cumulative[count - 1] ?? 0;
    const target = this.next() * total;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Roughly normal (mean 0, sd 1): the sum of uniforms. */
  normal(): number {
    return this.next() + this.next() + this.next() + this.next() - 2 + (this.next() + this.next() - 1) * 0.7;
  }
}
