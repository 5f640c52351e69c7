import { describe, expect, it, vi } from 'vitest';
import { recordFeedback } from '../../../src/db/feedback.ts';
import { WRITE_DELAY, createSyncEngine } from '../../../src/sync/engine.ts';
import { enrolledDatabase } from '../db/test-db.ts';
import { answer as reply, fakeSyncServer, idle, offline } from './fake-server.ts';

const never = { set: () => 'planned', clear: () => undefined };
const answer = { stageId: 'stage-chanac', rating: 4, answers: {}, comment: '' };

describe('the sync engine and local writes', () => {
  it('after a failed sync, counts new answers without a sync per answer, and sends them at the next sync', async () => {
    const db = await enrolledDatabase({ deviceId: 'kiosk-chanac', role: 'kiosk' });
    const server = fakeSyncServer();
    server.failNext(offline);
    const engine = createSyncEngine({ db, fetchImpl: server.fetchImpl, triggers: false, timers: never, isOnline: () => false });
    engine.start();
    await idle(engine);
    expect(server.requests).toHaveLength(1); // nothing to push: the pull, offline
    expect(engine.getStatus()).toMatchObject({ failures: 1, lastError: { kind: 'offline' } });

    for (let i = 0; i < 5; i += 1) await recordFeedback(db, answer);
    await vi.waitFor(() => expect(engine.getStatus().waiting).toBe(5));
    expect(engine.getStatus().running).toBe(false);
    expect(server.requests).toHaveLength(1);

    // "Sync now" (or the retry) still sends them all.
    const status = await engine.syncNow();
    expect(status).toMatchObject({ waiting: 0, failures: 0, lastError: null });
    expect(server.applied).toHaveLength(5);
    engine.stop();
  });

  it('after a refused token, with no retry planned, sends the next answer once answers pause', async () => {
    const db = await enrolledDatabase({ deviceId: 'kiosk-chanac', role: 'kiosk' });
    const server = fakeSyncServer();
    server.failNext(reply(401, 'unauthorized', 'A one-off refusal, as from a proxy'));
    const planned: { run: () => void; ms: number }[] = [];
    const timers = { set: (run: () => void, ms: number) => planned.push({ run, ms }), clear: () => undefined };
    const engine = createSyncEngine({ db, fetchImpl: server.fetchImpl, triggers: false, timers, isOnline: () => true });
    engine.start();
    await idle(engine);
    expect(engine.getStatus()).toMatchObject({ failures: 1, lastError: { kind: 'unauthorized' }, nextAttemptAt: null });
    expect(planned).toEqual([]);

    await recordFeedback(db, answer);
    await vi.waitFor(() => expect(planned.map((timer) => timer.ms)).toEqual([WRITE_DELAY.quietMs]));
    planned[0]!.run();
    await vi.waitFor(() => expect(server.applied).toHaveLength(1));
    await vi.waitFor(() => expect(engine.getStatus()).toMatchObject({ waiting: 0, failures: 0, lastError: null }));
    engine.stop();
  });
});
