import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../../../src/server/app.ts';
import type { Database } from '../../../src/server/database/connect.ts';
import { seedDemoWeek } from '../../../src/server/demo/seed.ts';
import { createLogger } from '../../../src/server/logger.ts';
import { faultyDatabase, type Fault } from '../fault-injection.ts';
import { checkin, demoIds, enrolDevice, type TestDevice } from '../sync-fixtures.ts';
import { ENGINE, createMigratedDatabase, type TestDatabase } from '../test-database.ts';

/*
 * A failure of ours while a batch is applied (a lock or serialization failure, a full disk, a
 * pool that gives no connection, a constraint on an internal table) is never the op's fault: the
 * batch is answered 503 with Retry-After, nothing is acknowledged nor applied, and the device's
 * retry applies it exactly once.
 */
describe(`failures of ours while pushing (${ENGINE})`, () => {
  let test: TestDatabase;
  let database: Database;
  let faults: ReturnType<typeof faultyDatabase>;
  let app: Hono;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  let organizer: TestDevice;
  beforeAll(async () => {
    ({ test, database } = await createMigratedDatabase());
    await seedDemoWeek(database.db);
    ids = await demoIds(database);
    faults = faultyDatabase(database);
    app = createApp({ database: faults.database, logger: createLogger('silent'), staticDir: mkdtempSync(join(tmpdir(), 'etape-static-')), enrolmentsPerMinute: 1000 });
    organizer = await enrolDevice(app, database, 'organizer');
  });
  afterAll(async () => {
    await database.close();
    await test.drop();
  });

  const appliedSeq = async (deviceId: string) =>
    Number((await database.db.selectFrom('devices').select('lastAppliedSeq').where('id', '=', deviceId).executeTakeFirstOrThrow()).lastAppliedSeq);
  const checkinsOf = async (deviceId: string) => (await database.db.selectFrom('checkins').select('id').where('deviceId', '=', deviceId).execute()).length;
  const rejectionsOf = async (deviceId: string) => (await database.db.selectFrom('rejections').select('opId').where('deviceId', '=', deviceId).execute()).length;

  const cases: [string, string, Fault][] = [
    ['a serialization or lock failure while inserting a check-in', 'insert into checkins', 'serialization'],
    ['a full disk while logging a change', 'insert into changes', 'disk-full'],
    ['a constraint on the op log (an internal table)', 'insert into op_log', 'constraint'],
    ['no connection from the pool', '*', 'pool-timeout'],
  ];
  it.each(cases)('answers 503 with Retry-After on %s, acknowledges nothing, and the retry applies each op once', async (_what, needle, fault) => {
    const phone = await enrolDevice(app, database, 'animator');
    const batch = [0, 1, 2].map((i) => phone.op('checkin.record', checkin(ids.participants[i]!.id, ids.stages[0]!.id)));
    faults.failWhen(needle, fault);
    const res = await app.request('/api/sync/push', {
      method: 'POST',
      headers: { authorization: `Bearer ${phone.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ops: batch }),
    });
    faults.disarm();
    expect(faults.injected()).toBeGreaterThan(0);
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await res.json()) as { error: string; message: string; acked?: unknown };
    expect(body.error).toBe('unavailable');
    expect(body.message).toMatch(/nothing was applied/i);
    expect(body.acked).toBeUndefined();
    expect(await appliedSeq(phone.deviceId)).toBe(0);
    expect(await checkinsOf(phone.deviceId)).toBe(0);
    expect(await rejectionsOf(phone.deviceId)).toBe(0);

    const retry = await phone.push(batch);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ acked: { [phone.deviceId]: 3 }, rejections: [] });
    expect(await checkinsOf(phone.deviceId)).toBe(3);
  });

  it('answers a pull 503 with Retry-After when the database fails, and the next pull works', async () => {
    faults.failWhen('changes', 'pool-timeout');
    const res = await app.request('/api/sync/pull?cursor=0', { headers: { authorization: `Bearer ${organizer.token}` } });
    faults.disarm();
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await organizer.pull()).status).toBe(200);
  });
});
