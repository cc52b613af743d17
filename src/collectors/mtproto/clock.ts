// Time comes in through here so tests can run a day of polling, a FLOOD_WAIT or a UTC
// midnight in microseconds: `now` reads the clock, `sleep` waits on it (and gives up early
// when its signal aborts, so shutdown never sits out a long wait).

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export class AbortedError extends Error {
  override name = "AbortedError";
  constructor() {
    super("stopped: Pulse is shutting down");
  }
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new AbortedError());
      if (ms <= 0) return resolve();
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new AbortedError());
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

/** A clock that only moves when something sleeps on it (tests). */
export class ManualClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(private time: number) {}
  now(): number {
    return this.time;
  }
  set(iso: string | number): void {
    this.time = typeof iso === "number" ? iso : Date.parse(iso);
  }
  advance(ms: number): void {
    this.time += ms;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new AbortedError();
    this.sleeps.push(ms);
    if (ms > 0) this.time += ms;
    await Promise.resolve();
  }
}

/** The UTC calendar day of an instant, as YYYY-MM-DD. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The next 00:00 UTC after an instant. */
export function nextUtcMidnight(ms: number): Date {
  const d = new Date(ms);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1));
}
