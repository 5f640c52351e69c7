import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/server/auth/rate-limit.ts';

describe('the rate limiter', () => {
  it('allows `limit` attempts a window, then says how long to wait, then allows again', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 60_000, () => now);
    expect([limiter.hit('a'), limiter.hit('a'), limiter.hit('a')]).toEqual([0, 0, 60]);
    now = 30_000;
    expect(limiter.hit('a')).toBe(30);
    now = 60_000;
    expect(limiter.hit('a')).toBe(0);
  });

  it('forgets the oldest entries one by one when full, never the whole table: a blocked address stays blocked', () => {
    let now = 0;
    const limiter = new RateLimiter(1, 60_000, () => now);
    for (let i = 0; i < 10_000; i += 1) limiter.hit(`10.0.${i >> 8}.${i & 255}`);
    now = 1000;
    expect([limiter.hit('attacker'), limiter.hit('attacker')]).toEqual([0, 60]);
    // New addresses keep coming: the table stays bounded, and the attacker is still limited.
    for (let i = 0; i < 50; i += 1) limiter.hit(`192.168.0.${i}`);
    expect(limiter.size).toBe(10_000);
    expect(limiter.hit('attacker')).toBe(60);
  });
});
