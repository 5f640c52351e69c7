import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { announceChanges } from '../../../src/db/table-changes.ts';
import { sameIdentity, watchQuery, type LiveResult } from '../../../src/db/live-query.ts';
import { putMeta, write } from '../../../src/db/database.ts';
import { readIdentity, saveDeviceIdentity, type DeviceIdentity } from '../../../src/db/device.ts';
import { META } from '../../../src/db/meta.ts';
import { enrolledDatabase, identity } from './test-db.ts';

describe('a live query', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs again once after changes during a run, and only after resting twice as long as that run took', async () => {
    const ref = { name: `live-query-${crypto.randomUUID()}` };
    let started = 0;
    const query = async () => {
      started += 1;
      await new Promise((resolve) => setTimeout(resolve, 100)); // a slow read: 100 ms
      return started;
    };
    const results: LiveResult<number>[] = [];
    const stop = watchQuery(query, ['checkins'], ref, (result) => results.push(result));
    // Three pull pages land while the first run reads.
    for (let page = 0; page < 3; page += 1) announceChanges(ref.name, ['checkins', 'meta']);
    announceChanges(ref.name, ['participants']); // a table it does not read
    await vi.advanceTimersByTimeAsync(100);
    expect(results).toEqual([{ status: 'ready', value: 1 }]);
    await vi.advanceTimersByTimeAsync(199);
    expect(started).toBe(1); // resting: 200 ms after a 100 ms run
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toBe(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(results).toEqual([
      { status: 'ready', value: 1 },
      { status: 'ready', value: 2 },
    ]);
    expect(started).toBe(2); // the three changes made one run, not three
    stop();
  });
});

describe('a live query with `same` (the identity every screen watches)', () => {
  it('gives a value again only when it changed, not for each write to its table', async () => {
    const db = await enrolledDatabase();
    const results: LiveResult<DeviceIdentity | undefined>[] = [];
    let runs = 0;
    const query = () => {
      runs += 1;
      return readIdentity(db);
    };
    const stop = watchQuery(query, ['meta'], db, (result) => results.push(result), sameIdentity);
    await vi.waitFor(() => expect(results).toHaveLength(1));
    // A pull page stores its cursor, a scan its seq and clock: the meta table changes, the identity does not.
    for (const cursor of [1, 2, 3]) {
      const before = runs;
      await write(db, ['meta'], (tx) => putMeta(tx, META.cursor, cursor));
      await vi.waitFor(() => expect(runs).toBeGreaterThan(before));
    }
    expect(results).toHaveLength(1);
    // Enrolled again, as a kiosk: the screens see it.
    await saveDeviceIdentity(db, identity({ deviceId: 'kiosk-florac', role: 'kiosk' }));
    await vi.waitFor(() => expect(results).toHaveLength(2));
    expect(results[1]).toMatchObject({ status: 'ready', value: { deviceId: 'kiosk-florac', role: 'kiosk' } });
    stop();
  });
});
