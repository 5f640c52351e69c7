/** Full-jitter exponential backoff ("Exponential Backoff and Jitter", AWS Architecture Blog, 2015). */

export interface BackoffOptions {
  /** Ceiling of the first retry's delay. */
  baseMs: number;
  /** No delay ever exceeds this. */
  capMs: number;
  /** A uniform random number in [0, 1); injectable for tests. */
  random?: () => number;
}

/** The delay before retry number `attempt` (1 = first retry): uniform in [0, min(cap, base · 2^(attempt − 1))). */
export function fullJitterDelay(attempt: number, { baseMs, capMs, random = Math.random }: BackoffOptions): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 52)));
  return Math.floor(random() * ceiling);
}

/** Failures in a row and the next delay; reset on success. */
export interface Backoff {
  /** Counts one more failure and returns the delay before the next try. */
  next(): number;
  /** Forgets the failures (after a success). */
  reset(): void;
  readonly attempts: number;
}

/** A backoff that grows with each failure in a row and starts over after a success. */
export function createBackoff(options: BackoffOptions): Backoff {
  let attempts = 0;
  return {
    next: () => fullJitterDelay(++attempts, options),
    reset: () => {
      attempts = 0;
    },
    get attempts() {
      return attempts;
    },
  };
}
