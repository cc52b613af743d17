// Which fetched updates are not yet safe, and so which offset Telegram may be told.
// Telegram forgets every update below the offset a getUpdates call sends, so Pulse only ever
// sends the lowest update id that is still unsafe: an update becomes safe once its records
// are committed (or its handler has finished, for updates that carry no records). A process
// killed at any moment has then confirmed nothing it has not stored, and Telegram delivers
// the rest again after the restart; the records' keys make that re-delivery a no-op.

export class UpdateWatermark {
  /** Fetched and not yet safe. Never more than one getUpdates answer (100) past the watermark. */
  private readonly unsafe = new Set<number>();
  /** Never to be confirmed by this process: their records could not be stored. */
  private readonly held = new Set<number>();
  private highestFetched: number | undefined;
  private waiters: (() => void)[] = [];

  /**
   * Takes a fetched update into account. False when it was fetched before: Telegram sends
   * everything from the offset again, including updates still in flight or already safe.
   */
  take(updateId: number): boolean {
    if (this.highestFetched !== undefined && updateId <= this.highestFetched) return false;
    this.highestFetched = updateId;
    this.unsafe.add(updateId);
    return true;
  }

  /** The update's records are committed (or it had none and its handler ended). Idempotent. */
  settle(updateId: number): void {
    if (this.held.has(updateId) || !this.unsafe.delete(updateId)) return;
    for (const wake of this.waiters.splice(0)) wake();
  }

  /**
   * The update's records were not stored and will not be (the writer gave up at shutdown):
   * it stays below the watermark for the rest of this process, so it is never confirmed.
   */
  hold(updateId: number): void {
    if (this.unsafe.has(updateId)) this.held.add(updateId);
  }

  /** Updates fetched and not yet safe. */
  get pending(): number {
    return this.unsafe.size;
  }

  /**
   * The offset to send: every update below it is safe. Undefined before the first fetch
   * (Telegram then starts at the oldest update it still holds).
   */
  offset(): number | undefined {
    let lowest: number | undefined;
    for (const id of this.unsafe) if (lowest === undefined || id < lowest) lowest = id;
    if (lowest !== undefined) return lowest;
    return this.highestFetched === undefined ? undefined : this.highestFetched + 1;
  }

  /** How many update ids from the offset on were fetched already (Telegram would send them again). */
  span(): number {
    const offset = this.offset();
    return offset === undefined || this.highestFetched === undefined ? 0 : this.highestFetched + 1 - offset;
  }

  /** Resolves when some update settles, after `timeoutMs`, or when `signal` aborts. */
  settled(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener("abort", done, { once: true });
      this.waiters.push(done);
    });
  }
}
