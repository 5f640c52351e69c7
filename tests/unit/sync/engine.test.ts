import { describe, expect, it, vi } from 'vitest';
import { recordCheckin } from '../../../src/db/checkins.ts';
import type { DeviceDatabase } from '../../support/device-database.ts';
import { readSyncRecord } from '../../../src/db/sync-state.ts';
import type { Change } from '../../../src/shared/protocol.ts';
import { createSyncEngine, type SyncEngineOptions } from '../../../src/sync/engine.ts';
import { enrolledDatabase, freshDatabase } from '../db/test-db.ts';
import { answer, fakeSyncServer, idle, offline } from './fake-server.ts';

/** Timers the test fires by hand: the engine's scheduling is what these tests are about. */
function manualTimers() {
  const planned: { run: () => void; ms: number; live: boolean }[] = [];
  const live = () => planned.filter((timer) => timer.live);
  return {
    set: (run: () => void, ms: number) => {
      const timer = { run, ms, live: true };
      planned.push(timer);
      return timer;
    },
    clear: (handle: unknown) => {
      (handle as { live: boolean }).live = false;
    },
    /** Delays of the timers still planned. */
    pending: () => live().map((timer) => timer.ms),
    fire() {
      const [timer] = live();
      if (!timer) throw new Error('no timer planned');
      timer.live = false;
      timer.run();
    },
  };
}

const NOW = new Date('2026-11-26T12:00:00.000Z');

function engineFor(db: DeviceDatabase, server: ReturnType<typeof fakeSyncServer>, extra: Partial<SyncEngineOptions> = {}) {
  const timers = manualTimers();
  const engine = createSyncEngine({
    db,
    fetchImpl: server.fetchImpl,
    triggers: false,
    timers,
    now: () => NOW,
    isOnline: () => true,
    pollMs: 30_000,
    backoff: { baseMs: 1_000, capMs: 60_000, random: () => 0.5 },
    ...extra,
  });
  return { engine, timers };
}

const scan = (db: DeviceDatabase, participantId = 'p-1') => recordCheckin(db, { participantId, stageId: 'stage-florac', method: 'camera' });

describe('the sync engine', () => {
  it('shows the last error while it retries with a growing backoff, then the success, and starts the backoff over', async () => {
    const db = await enrolledDatabase();
    await scan(db);
    const server = fakeSyncServer();
    server.failNext(offline, answer(503, 'unavailable', 'Maintenance'));
    const { engine, timers } = engineFor(db, server);

    engine.start();
    let status = await idle(engine);
    expect(status).toMatchObject({ lastError: { kind: 'offline' }, lastSuccessAt: null, failures: 1, waiting: 1 });
    expect(timers.pending()).toEqual([500]);
    expect(status.nextAttemptAt).toBe('2026-11-26T12:00:00.500Z');

    timers.fire();
    status = await idle(engine);
    expect(status).toMatchObject({ lastError: { kind: 'server', status: 503, code: 'unavailable' }, failures: 2 });
    expect(timers.pending()).toEqual([1_000]);

    timers.fire();
    status = await idle(engine);
    expect(status).toMatchObject({ lastError: null, lastSuccessAt: NOW.toISOString(), failures: 0, waiting: 0 });
    expect(server.applied).toHaveLength(1);
    expect(timers.pending()).toEqual([30_000]);
    expect(await readSyncRecord(db)).toEqual({ lastSuccessAt: NOW.toISOString(), lastError: null });

    server.failNext(offline);
    timers.fire();
    status = await idle(engine);
    expect(status).toMatchObject({ lastError: { kind: 'offline' }, lastSuccessAt: NOW.toISOString(), failures: 1 });
    expect(timers.pending()).toEqual([500]);
    engine.stop();
  });

  it('says "unauthorized" when the server refuses the token, keeps the ops, and stops retrying by itself', async () => {
    const db = await enrolledDatabase();
    await scan(db);
    const server = fakeSyncServer();
    server.failNext(answer(401, 'revoked', 'This device was removed by an organizer'));
    const { engine, timers } = engineFor(db, server);
    engine.start();
    const status = await idle(engine);
    expect(status.lastError).toMatchObject({ kind: 'unauthorized', code: 'revoked', status: 401 });
    expect(status.waiting).toBe(1);
    expect(timers.pending()).toEqual([]);
    engine.stop();
  });

  it('does not pull after a push that got no answer (the server may have applied it)', async () => {
    const db = await enrolledDatabase();
    await scan(db);
    const server = fakeSyncServer();
    server.loseNextAnswer();
    const { engine } = engineFor(db, server);
    const status = await engine.syncNow();
    expect(status.lastError?.kind).toBe('offline');
    expect(server.pulls()).toHaveLength(0);
    expect((await engine.syncNow()).lastError).toBeNull();
    expect(server.applied).toHaveLength(1);
    expect(server.pulls()).toHaveLength(1);
  });

  it('coalesces requests made during a sync into one more sync', async () => {
    const db = await enrolledDatabase();
    const server = fakeSyncServer();
    const { engine } = engineFor(db, server);
    await Promise.all([engine.syncNow(), engine.syncNow(), engine.syncNow(), engine.syncNow()]);
    expect(server.pulls()).toHaveLength(2);
  });

  it('reports the progress of a long pull', async () => {
    const db = await enrolledDatabase({ role: 'organizer' });
    const server = fakeSyncServer();
    server.changes.push(
      ...Array.from({ length: 5 }, (_, i): Change => ({ seq: i + 1, entity: 'talk', id: `t-${i}`, deleted: false, data: { stageId: 's' } })),
    );
    const { engine } = engineFor(db, server, { pullLimit: 2 });
    const seen: number[] = [];
    engine.subscribe((status) => {
      if (status.pull && seen.at(-1) !== status.pull.applied) seen.push(status.pull.applied);
    });
    const status = await engine.syncNow();
    expect(seen).toEqual([2, 4, 5]);
    expect(status.pull).toBeNull();
    expect(await db.talks.count()).toBe(5);
  });

  it('syncs after a local write and when the network comes back', async () => {
    const db = await enrolledDatabase();
    const server = fakeSyncServer();
    const window = new EventTarget();
    const { engine, timers } = engineFor(db, server, { triggers: { window } });
    engine.start();
    await idle(engine);
    await scan(db);
    await vi.waitFor(() => expect(timers.pending()).toEqual([1_500])); // once writes pause
    timers.fire();
    await vi.waitFor(() => expect(server.applied).toHaveLength(1));
    await idle(engine);

    const pullsBefore = server.pulls().length;
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(server.pulls().length).toBeGreaterThan(pullsBefore));
    engine.stop();
  });

  it('sends local writes once they pause for 1.5 s, or with the first write 10 s after the first one not sent', async () => {
    const db = await enrolledDatabase();
    const server = fakeSyncServer();
    let clock = NOW.getTime();
    const { engine, timers } = engineFor(db, server, { now: () => new Date(clock) });
    engine.start();
    await idle(engine);
    expect(timers.pending()).toEqual([30_000]);
    const pushes = () => server.pushes().length;

    // A door scanning a badge a second: each scan puts the sync off until the scans pause, with no
    // timer at the 10 s mark (it would fire between two scans, maybe just before the next one)...
    for (let second = 0; second < 10; second += 1) {
      await scan(db, `p-${second}`);
      await vi.waitFor(() => expect(engine.getStatus().waiting).toBe(second + 1));
      expect(timers.pending()).toEqual([1_500]);
      clock += 1_000;
    }
    clock += 300; // the next scan comes a little after the 10 s mark
    expect(pushes()).toBe(0);
    // ...and the first scan after it is sent at once, with the ten before it: the sync runs in the
    // gap after a scan.
    await scan(db, 'p-10');
    await vi.waitFor(() => expect(server.applied).toHaveLength(11));
    await idle(engine);
    expect(pushes()).toBe(1);
    expect(engine.getStatus().waiting).toBe(0);
    expect(timers.pending()).toEqual([30_000]);

    // The writes paused: the next one waits 1.5 s again.
    await scan(db, 'p-11');
    await vi.waitFor(() => expect(timers.pending()).toEqual([1_500]));
    timers.fire();
    await vi.waitFor(() => expect(server.applied).toHaveLength(12));
    await idle(engine);

    // Scans that stop just before the 10 s mark are sent once they have paused for 1.5 s: a write
    // waits at most 11.5 s.
    for (let second = 0; second < 10; second += 1) {
      await scan(db, `q-${second}`);
      await vi.waitFor(() => expect(engine.getStatus().waiting).toBe(second + 1));
      clock += 999;
    }
    expect(timers.pending()).toEqual([1_500]);
    timers.fire();
    await vi.waitFor(() => expect(server.applied).toHaveLength(22));
    engine.stop();
  });

  it('sends the writes waiting for a pause when the page is hidden (a phone put away), and nothing more', async () => {
    const db = await enrolledDatabase();
    const server = fakeSyncServer();
    const document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    const { engine, timers } = engineFor(db, server, { triggers: { document } });
    engine.start();
    await idle(engine);
    const requests = server.requests.length;
    const hide = () => {
      document.visibilityState = 'hidden';
      document.dispatchEvent(new Event('visibilitychange'));
    };
    hide(); // nothing waits: no sync
    await idle(engine);
    expect(server.requests).toHaveLength(requests);

    await scan(db);
    await vi.waitFor(() => expect(timers.pending()).toEqual([1_500]));
    hide();
    await vi.waitFor(() => expect(server.applied).toHaveLength(1));
    await idle(engine);
    expect(engine.getStatus().waiting).toBe(0);
    engine.stop();
  });

  it('takes navigator.onLine === false as a hint to wait longer, not as a reason to skip the try', async () => {
    const db = await enrolledDatabase();
    const server = fakeSyncServer();
    server.failNext(offline);
    const { engine, timers } = engineFor(db, server, { isOnline: () => false });
    engine.start();
    await idle(engine);
    expect(server.requests).toHaveLength(1);
    expect(timers.pending()).toEqual([60_000]);
    engine.stop();
    expect(timers.pending()).toEqual([]);
  });

  it('says "not-enrolled" on a device without a token, without a request', async () => {
    const db = await freshDatabase();
    const server = fakeSyncServer();
    const { engine } = engineFor(db, server);
    expect((await engine.syncNow()).lastError?.kind).toBe('not-enrolled');
    expect(server.requests).toHaveLength(0);
  });
});
