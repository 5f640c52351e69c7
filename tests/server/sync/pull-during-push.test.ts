import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWeek } from '../../../src/server/demo/seed.ts';
import { lockChangeLog, takeChangeSeq, insertChanges } from '../../../src/server/sync/change-log.ts';
import { enrolDevice } from '../sync-fixtures.ts';
import { createTestApp, type TestApp } from '../test-app.ts';
import { ENGINE } from '../test-database.ts';

/*
 * A crowd of pushes takes the writing connection in turns; a pull (and the token check before it)
 * must not queue behind them: it is answered while a push's transaction is still open, with what
 * was committed before it.
 */
describe(`a pull while a push is being applied (${ENGINE})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoWeek(t.database.db);
  });
  afterAll(() => t.close());

  it('is answered before the push commits, without what the push has not committed', async () => {
    const tablet = await enrolDevice(t.app, t.database, 'organizer');
    const before = await tablet.pullAll();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const inside = new Promise<void>((resolve) => (written = resolve));
    const eventId = (await t.database.db.selectFrom('devices').select('eventId').where('id', '=', tablet.deviceId).executeTakeFirstOrThrow()).eventId;
    const push = t.database.db.transaction().execute(async (trx) => {
      await lockChangeLog(trx);
      const seq = await takeChangeSeq(trx);
      await insertChanges(trx, [{ seq, eventId, entity: 'stage', id: 'not-committed', deleted: true, data: null, changedAt: new Date().toISOString() }]);
      written();
      await gate;
    });
    await inside;
    const pulled = await tablet.pull(0);
    release();
    await push;
    expect(pulled.status).toBe(200);
    expect(pulled.body.changes.map((change) => change.id)).toEqual(before.map((change) => change.id));
    expect((await tablet.pull(pulled.body.nextCursor)).body.changes.map((change) => change.id)).toEqual(['not-committed']);
  });
});
