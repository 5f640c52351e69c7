import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/server/database/connect.ts';
import { createEnrolmentCode } from '../../../src/server/devices/enrolment.ts';
import { encodeHlc } from '../../../src/shared/hlc.ts';
import { signOp, signingKeyOf } from '../../../src/shared/op-signature.ts';
import { SCHEMA_VERSION, type Role } from '../../../src/shared/protocol.ts';
import { runEtape, startServerProcess, type ServerProcess } from '../../support/server-process.ts';
import { ENGINE, createTestDatabase, type TestDatabase } from '../test-database.ts';

const FILES = 3;
const OPS_PER_FILE = 150;

/*
 * A second process writing to the database the server uses (`etape import-ops` at a stand's
 * return) waits its turn: it never fails at once with "database is locked", and neither does the
 * server's push meanwhile.
 */
describe(`etape import-ops while the server takes pushes (${ENGINE})`, () => {
  let test: TestDatabase;
  let database: Database;
  let server: ServerProcess;
  const staticDir = mkdtempSync(join(tmpdir(), 'etape-static-'));
  beforeAll(async () => {
    test = await createTestDatabase();
    server = await startServerProcess({ ...test.env, ETAPE_STATIC_DIR: staticDir });
    database = await test.open();
  });
  afterAll(async () => {
    await server?.stop();
    await database?.close();
    await test?.drop();
  });

  const enrol = async (role: Role, name: string) => {
    const { code } = await createEnrolmentCode(database.db, { eventSlug: 'tiers-lieux-lozere', role, expiresInMs: 60_000 });
    const res = await fetch(`${server.url}/api/devices/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name }) });
    return (await res.json()) as { token: string; deviceId: string };
  };
  const checkinOp = (deviceId: string, seq: number, participantId: string, stageId: string) => ({
    opId: randomUUID(),
    deviceId,
    seq,
    type: 'checkin.record',
    payload: { id: randomUUID(), participantId, stageId, scannedAt: new Date().toISOString(), method: 'camera' },
    hlc: encodeHlc({ wallMs: Date.now(), counter: seq, node: deviceId }),
    schemaVersion: SCHEMA_VERSION,
  });

  it('applies every file and every push, each op once, without "database is locked"', async () => {
    const stage = (await database.db.selectFrom('stages').select('id').executeTakeFirstOrThrow()).id;
    const people = (await database.db.selectFrom('participants').select('id').execute()).map((row) => row.id);
    const phone = await enrol('animator', 'Téléphone connecté');
    const stand = await enrol('animator', 'Téléphone sans réseau');
    const key = await signingKeyOf(stand.token);
    const dir = mkdtempSync(join(tmpdir(), 'etape-ops-'));
    const files: string[] = [];
    for (let f = 0; f < FILES; f += 1) {
      const ops = [];
      for (let i = 1; i <= OPS_PER_FILE; i += 1) {
        const op = checkinOp(stand.deviceId, f * OPS_PER_FILE + i, people[i % people.length]!, stage);
        ops.push({ ...op, sig: await signOp(op, key) });
      }
      const file = join(dir, `ops-${f}.json`);
      writeFileSync(file, JSON.stringify({ format: 'etape-ops', version: 1, exportedAt: new Date().toISOString(), deviceId: stand.deviceId, ops }));
      files.push(file);
    }

    // The connected phone pushes small batches for as long as the imports run.
    const statuses: number[] = [];
    let seq = 0;
    let importing = true;
    const pushing = (async () => {
      while (importing) {
        const batch = Array.from({ length: 20 }, (_, i) => checkinOp(phone.deviceId, seq + i + 1, people[i % people.length]!, stage));
        const res = await fetch(`${server.url}/api/sync/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${phone.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ ops: batch }),
        });
        statuses.push(res.status);
        if (res.status === 200) seq = ((await res.json()) as { acked: Record<string, number> }).acked[phone.deviceId]!;
        else await res.body?.cancel();
      }
    })();
    const outputs: string[] = [];
    try {
      for (const file of files) {
        const { code, output } = await runEtape(['import-ops', file], { ...test.env, LOG_LEVEL: 'warn' });
        outputs.push(`${code}: ${output}`);
      }
    } finally {
      importing = false;
      await pushing;
    }
    expect(outputs).toEqual(files.map(() => expect.stringMatching(new RegExp(`^0: Imported ${OPS_PER_FILE} op\\(s\\) from 1 device\\(s\\); 0 rejected`))));
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    const count = async (deviceId: string) => (await database.db.selectFrom('checkins').select('id').where('deviceId', '=', deviceId).execute()).length;
    expect(await count(stand.deviceId)).toBe(FILES * OPS_PER_FILE);
    expect(await count(phone.deviceId)).toBe(seq);
  });
});
