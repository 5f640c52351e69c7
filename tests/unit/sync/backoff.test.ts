import { describe, expect, it } from 'vitest';
import { createBackoff, fullJitterDelay } from '../../../src/sync/backoff.ts';

describe('full-jitter backoff', () => {
  const options = { baseMs: 1_000, capMs: 60_000 };

  it('draws each delay between 0 and base·2^(attempt−1), never above the cap', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8, 30].map((attempt) => fullJitterDelay(attempt, { ...options, random: () => 0.999999 }));
    expect(ceilings).toEqual([999, 1_999, 3_999, 7_999, 15_999, 31_999, 59_999, 59_999, 59_999]);
    expect([1, 5, 30].map((attempt) => fullJitterDelay(attempt, { ...options, random: () => 0 }))).toEqual([0, 0, 0]);
    expect(fullJitterDelay(3, { ...options, random: () => 0.5 })).toBe(2_000);
  });

  it('spreads the delays of devices that failed together (jitter), within the bounds', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const delays = Array.from({ length: 200 }, () => fullJitterDelay(4, { ...options, random }));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(8_000);
    expect(new Set(delays).size).toBeGreaterThan(150);
  });

  it('grows with failures in a row and starts over after a success', () => {
    const backoff = createBackoff({ ...options, random: () => 0.999999 });
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([999, 1_999, 3_999]);
    expect(backoff.attempts).toBe(3);
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.next()).toBe(999);
  });
});
