// Imports sent to the bot run a few at a time (IMPORT_CONCURRENCY): each holds a file being
// read, a worker thread and chunks in flight, so six 19 MB uploads at once took the process
// from 295 to 1,160 MB. The rest wait in line, first come first served, and learn their place.

export class ImportQueue {
  private running = 0;
  private readonly waiting: { start: () => void; place: (place: number) => void }[] = [];
  /** Users with an import queued or running: one each at a time. */
  private readonly users = new Set<number>();

  constructor(private readonly limit: number) {}

  /** Imports running now. */
  get active(): number {
    return this.running;
  }

  /** Imports waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** True when the user has no import queued or running; then it is theirs until `release`. */
  claim(userId: number): boolean {
    if (this.users.has(userId)) return false;
    this.users.add(userId);
    return true;
  }

  release(userId: number): void {
    this.users.delete(userId);
  }

  /**
   * Runs `job` once a slot is free. While it waits, `place` hears its place in line (1: next)
   * at once and whenever it moves up; it is not called when a slot is free right away.
   */
  async run<T>(job: () => Promise<T>, place: (place: number) => void = () => {}): Promise<T> {
    if (this.running < this.limit) {
      this.running++;
    } else {
      // The slot is counted when it is handed over (in next), so no later caller can take it
      // between the hand-over and this waiter resuming.
      await new Promise<void>((start) => {
        this.waiting.push({ start, place });
        place(this.waiting.length);
      });
    }
    try {
      return await job();
    } finally {
      this.running--;
      this.next();
    }
  }

  private next(): void {
    if (this.running >= this.limit) return;
    const first = this.waiting.shift();
    if (!first) return;
    this.running++;
    first.start();
    this.waiting.forEach((waiter, index) => {
      waiter.place(index + 1);
    });
  }
}
