import { describe, expect, it } from 'vitest';
import { SYNC_LOCK_NAME, createSyncLock, type LockManagerLike } from '../../../src/sync/lock.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('the sync lock', () => {
  it('uses the Web Lock "etape-sync" where the browser has navigator.locks', async () => {
    const names: string[] = [];
    const locks: LockManagerLike = { request: (name, work) => (names.push(name), work()) };
    expect(await createSyncLock(locks)(async () => 'done')).toBe('done');
    expect(names).toEqual([SYNC_LOCK_NAME]);
  });

  it('falls back to one mutex for the page: syncs never overlap, and a failure does not keep the lock', async () => {
    const lock = createSyncLock(undefined);
    const other = createSyncLock(undefined);
    const log: string[] = [];
    const job = (name: string, fail = false) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([lock(job('a', true)), other(job('b')), lock(job('c'))]);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
  });
});
