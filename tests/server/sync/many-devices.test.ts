import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/server/database/connect.ts';
import { enrolDirect, pushAtOnce } from '../../support/many-devices.ts';
import { startServerProcess, type ServerProcess } from '../../support/server-process.ts';
import { ENGINE, createTestDatabase, type TestDatabase } from '../test-database.ts';

const DEVICES = 10;
const OPS = 1000;

/*
 * Many devices pushing at once against a server process: no 5xx, no request past the app's
 * timeout, a bystander's pulls answered meanwhile, and every op exactly once. (The full size,
 * 50 devices × 1,000 ops, is a benchmark: npm run bench, docs/benchmarks.md.) The pool is small
 * (2 connections) so that this size already shows what a larger crowd does to the default pool.
 */
describe(`${DEVICES} devices pushing ${OPS} ops each at once (${ENGINE})`, () => {
  let test: TestDatabase;
  let database: Database;
  let server: ServerProcess;
  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startServerProcess({ ...test.env, ETAPE_STATIC_DIR: mkdtempSync(join(tmpdir(), 'etape-static-')), DATABASE_POOL_SIZE: '2' });
    database = await test.open();
  });
  afterAll(async () => {
    await server?.stop();
    await database?.close();
    await test?.drop();
  });

  it('applies every op exactly once, with no 5xx, no timeout, and pulls answered meanwhile', async () => {
    const devices = [];
    for (let i = 0; i < DEVICES; i += 1) devices.push(await enrolDirect(database.db, 'animator', `Téléphone ${i}`));
    const bystander = await enrolDirect(database.db, 'organizer', 'Tablette');
    const stages = (await database.db.selectFrom('stages').select('id').execute()).map((row) => row.id);
    const participants = (await database.db.selectFrom('participants').select('id').execute()).map((row) => row.id);

    const report = await pushAtOnce({ urls: [server.url], devices, bystander, opsPerDevice: OPS, ids: { stages, participants } });
    expect(report.timedOut).toBe(0);
    expect(report.pushStatuses.filter((status) => status !== 200)).toEqual([]);
    expect(report.pullStatuses.length).toBeGreaterThan(0);
    expect(report.pullStatuses.filter((status) => status !== 200)).toEqual([]);

    const rows = await database.db
      .selectFrom('devices')
      .leftJoin('checkins', 'checkins.deviceId', 'devices.id')
      .select(['devices.id', 'devices.lastAppliedSeq', (eb) => eb.fn.count('checkins.id').as('checkins')])
      .where('devices.id', 'in', devices.map((device) => device.deviceId))
      .groupBy(['devices.id', 'devices.lastAppliedSeq'])
      .execute();
    expect(rows.map((row) => [Number(row.lastAppliedSeq), Number(row.checkins)])).toEqual(devices.map(() => [OPS, OPS]));
    // The change log holds each check-in once, with gap-free seqs.
    const logged = await database.db.selectFrom('changes').select(['seq', 'entityId']).where('entity', '=', 'checkin').execute();
    expect(new Set(logged.map((row) => row.entityId)).size).toBe(DEVICES * OPS);
    const seqs = (await database.db.selectFrom('changes').select('seq').orderBy('seq').execute()).map((row) => Number(row.seq));
    expect(seqs).toEqual(seqs.map((_, index) => index + 1));
  });
});
