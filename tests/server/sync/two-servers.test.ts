import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/server/database/connect.ts';
import type { PullResponse } from '../../../src/shared/protocol.ts';
import { enrolDirect, pushAtOnce, type LoadDevice } from '../../support/many-devices.ts';
import { startServerProcess, type ServerProcess } from '../../support/server-process.ts';
import { ENGINE, createTestDatabase, type TestDatabase } from '../test-database.ts';

const DEVICES = 8;
const OPS = 500;

async function pullEverything(url: string, device: LoadDevice): Promise<PullResponse['changes']> {
  const changes: PullResponse['changes'] = [];
  let cursor = 0;
  for (;;) {
    const res = await fetch(`${url}/api/sync/pull?cursor=${cursor}&limit=5000`, { headers: { authorization: `Bearer ${device.token}` } });
    const page = (await res.json()) as PullResponse;
    changes.push(...page.changes);
    cursor = page.nextCursor;
    if (!page.hasMore) return changes;
  }
}

/*
 * Two `etape serve` processes on one database, devices sending each request to either at
 * random: every op exactly once, a gap-free change sequence, and the same state from both.
 */
describe(`two server processes on one database (${ENGINE})`, () => {
  let test: TestDatabase;
  let database: Database;
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    test = await createTestDatabase();
    const env = { ...test.env, ETAPE_STATIC_DIR: mkdtempSync(join(tmpdir(), 'etape-static-')), DATABASE_POOL_SIZE: '3' };
    servers.push(await startServerProcess(env));
    servers.push(await startServerProcess(env));
    database = await test.open();
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
    await database?.close();
    await test?.drop();
  });

  it('applies every op once, keeps the change sequence gap-free, and both serve the same state', async () => {
    const devices = [];
    for (let i = 0; i < DEVICES; i += 1) devices.push(await enrolDirect(database.db, 'animator', `Téléphone ${i}`));
    const bystander = await enrolDirect(database.db, 'organizer', 'Tablette');
    const stages = (await database.db.selectFrom('stages').select('id').execute()).map((row) => row.id);
    const participants = (await database.db.selectFrom('participants').select('id').execute()).map((row) => row.id);

    // Batches of 250 so that each device's ops travel through both servers.
    const report = await pushAtOnce({ urls: servers.map((s) => s.url), devices, bystander, opsPerDevice: OPS, batchSize: 250, ids: { stages, participants } });
    expect(report.timedOut).toBe(0);
    expect(report.pushStatuses.filter((status) => status !== 200)).toEqual([]);
    expect(report.pullStatuses.filter((status) => status !== 200)).toEqual([]);

    const checkins = await database.db.selectFrom('checkins').select(['id', 'deviceId']).execute();
    expect(checkins).toHaveLength(DEVICES * OPS);
    const seqs = (await database.db.selectFrom('changes').select('seq').orderBy('seq').execute()).map((row) => Number(row.seq));
    expect(seqs).toEqual(seqs.map((_, index) => index + 1));
    const [fromA, fromB] = await Promise.all(servers.map((server) => pullEverything(server.url, bystander)));
    expect(fromA!.filter((change) => change.entity === 'checkin')).toHaveLength(DEVICES * OPS);
    expect(fromB).toEqual(fromA);
  });
});
