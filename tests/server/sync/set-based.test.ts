import { randomUUID } from 'node:crypto';
import { sql, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWeek } from '../../../src/server/demo/seed.ts';
import { applyPush } from '../../../src/server/sync/push.ts';
import { checkin, demoIds, enrolDevice, type TestDevice } from '../sync-fixtures.ts';
import { createTestApp, type TestApp } from '../test-app.ts';
import { ENGINE } from '../test-database.ts';

/*
 * A push of check-ins is applied set-based: what its ops name is read once, and its rows are
 * written in one statement per table, so the statements a batch sends do not grow with its ops.
 */
describe(`a batch of check-ins, set-based (${ENGINE})`, () => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoWeek(t.database.db);
    ids = await demoIds(t.database);
  });
  afterAll(() => t.close());

  /** Pushes `ops` of `device` straight through applyPush, counting the SQL statements sent (transaction control aside). */
  async function countedPush(device: TestDevice, count: number) {
    let statements = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        statements += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const ops = Array.from({ length: count }, (_, i) =>
      device.op('checkin.record', checkin(ids.participants[i % ids.participants.length]!.id, ids.stages[i % ids.stages.length]!.id)),
    );
    const eventId = (await t.database.db.selectFrom('devices').select('eventId').where('id', '=', device.deviceId).executeTakeFirstOrThrow()).eventId;
    const answer = await applyPush(t.database.db.withPlugin(counter), { id: device.deviceId, eventId }, ops, 0);
    return { statements, answer, ops };
  }

  it('sends as many statements for 1,000 check-ins as for 2, and applies each once', async () => {
    const phone = await enrolDevice(t.app, t.database, 'animator');
    const small = await countedPush(phone, 2);
    const large = await countedPush(phone, 1000);
    expect(small.answer.acked[phone.deviceId]).toBe(2);
    expect(large.answer).toMatchObject({ acked: { [phone.deviceId]: 1002 }, rejections: [] });
    expect(large.statements).toBe(small.statements);
    // Read what exists (check-ins, early undos, stages, participants, device, event, last change seq),
    // write check-ins, changes and op log once each, then the device's seq and last contact. (On
    // SQLite each insert is one statement prepared once and run per row: src/server/database/sqlite-rows.ts.)
    expect(large.statements).toBe(ENGINE === 'postgres' ? 13 : 12);
    const stored = await t.database.db
      .selectFrom('checkins')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('id', 'in', large.ops.map((op) => (op.payload as { id: string }).id))
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(1000);
  });

  it('writes each check-in and its op log row into one index only, its primary key (every other index of a random key costs a batch most of its pages)', async () => {
    const tables = ['checkins', 'op_log'];
    const indexes =
      ENGINE === 'postgres'
        ? await sql<{ owner: string; name: string }>`select tablename as owner, indexname as name from pg_indexes where tablename in (${sql.join(tables)})`.execute(t.database.db)
        : await sql<{ owner: string; name: string }>`select tbl_name as owner, name from sqlite_master where type = 'index' and tbl_name in (${sql.join(tables)})`.execute(t.database.db);
    const perTable = Object.fromEntries(tables.map((table) => [table, indexes.rows.filter((row) => row.owner === table).length]));
    expect(perTable).toEqual({ checkins: 1, op_log: 1 });
  });

  it('lets the event loop turn while it applies a batch of 1,000 (every 200 ops at least), so that other requests are answered', async () => {
    const phone = await enrolDevice(t.app, t.database, 'animator');
    let done = false;
    let turns = 0;
    const turn = () => {
      turns += 1;
      if (!done) setImmediate(turn);
    };
    const push = countedPush(phone, 1000).finally(() => (done = true));
    setImmediate(turn);
    const { answer } = await push;
    expect(answer.acked[phone.deviceId]).toBe(1000);
    // SQLite answers synchronously: without yields a push runs whole in one turn of the loop.
    expect(turns).toBeGreaterThanOrEqual(1000 / 200);
  });

  it('takes a check-in undone when its undo came first in the same batch', async () => {
    const phone = await enrolDevice(t.app, t.database, 'animator');
    const id = randomUUID();
    const undo = phone.op('checkin.void', { id, voidedAt: new Date().toISOString() });
    const record = phone.op('checkin.record', checkin(ids.participants[0]!.id, ids.stages[0]!.id, id));
    const { body } = await phone.push([undo, record]);
    expect(body).toMatchObject({ acked: { [phone.deviceId]: 2 }, rejections: [] });
    const row = await t.database.db.selectFrom('checkins').select(['voided', 'voidedAt']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ voided: 1, voidedAt: undo.payload && (undo.payload as { voidedAt: string }).voidedAt });
  });

  it('still refuses a check-in at a stage or of a participant of another event, and takes a walk-in not synced yet', async () => {
    const phone = await enrolDevice(t.app, t.database, 'animator');
    const walkIn = randomUUID();
    const ops = [
      phone.op('checkin.record', checkin(ids.participants[0]!.id, 'no-such-stage')),
      phone.op('checkin.record', checkin(walkIn, ids.stages[0]!.id)),
      phone.op('checkin.record', checkin(walkIn, ids.stages[1]!.id)),
    ];
    const { body } = await phone.push(ops);
    expect(body.acked[phone.deviceId]).toBe(3);
    expect(body.rejections.map((r) => [r.seq, r.code])).toEqual([[1, 'unknown-stage']]);
    const held = await t.database.db.selectFrom('checkins').select('stageId').where('participantId', '=', walkIn).orderBy('stageId').execute();
    expect(held.map((row) => row.stageId)).toEqual([ids.stages[0]!.id, ids.stages[1]!.id].sort());
  });
});
