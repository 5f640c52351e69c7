/**
 * A fixed-window counter per key (a client's address): at most `limit` attempts per `windowMs`.
 * In memory, per server process: enough to slow down guessing of enrolment codes. The table is
 * bounded: past `maxKeys`, the oldest windows are forgotten one by one, never the whole table, so
 * that flooding it with new addresses does not free an address that was just limited.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  /** Whether the last hit was the first one refused in its window (worth one line in the security log). */
  firstRefusal = false;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /** Counts an attempt; returns the seconds to wait if it is over the limit, else 0. */
  hit(key: string): number {
    const now = this.now();
    const window = this.windows.get(key);
    this.firstRefusal = false;
    if (!window || now - window.start >= this.windowMs) {
      // Re-inserted, so the map stays in order of window start: the first entries are the oldest.
      this.windows.delete(key);
      this.windows.set(key, { start: now, count: 1 });
      this.evict();
      return 0;
    }
    window.count += 1;
    this.firstRefusal = window.count === this.limit + 1;
    return window.count > this.limit ? Math.ceil((window.start + this.windowMs - now) / 1000) : 0;
  }

  /** Entries kept (for tests and the security log). */
  get size(): number {
    return this.windows.size;
  }

  /** Forgets the oldest windows until the table fits again (usually one; they are mostly over already). */
  private evict(): void {
    for (const key of this.windows.keys()) {
      if (this.windows.size <= this.maxKeys) return;
      this.windows.delete(key);
    }
  }
}
