import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { runCli } from '../../src/server/cli.ts';
import { parseDuration } from '../../src/server/cli-devices.ts';
import type { Database } from '../../src/server/database/connect.ts';
import { createLogger } from '../../src/server/logger.ts';
import { SCHEMA_VERSION } from '../../src/shared/protocol.ts';
import { encodeHlc } from '../../src/shared/hlc.ts';
import { signOp, signingKeyOf } from '../../src/shared/op-signature.ts';
import { ENGINE, createTestDatabase, type TestDatabase } from './test-database.ts';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, (line) => out.push(line), (line) => err.push(line));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe(`etape enroll, devices, revoke, import-ops (${ENGINE})`, () => {
  let test: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    test = await createTestDatabase();
    for (const [name, value] of Object.entries(test.env)) vi.stubEnv(name, value);
    vi.stubEnv('PORT', '8080');
    await run('seed-demo');
    database = await test.open();
  });
  afterEach(() => undefined);
  afterAll(async () => {
    vi.unstubAllEnvs();
    await database.close();
    await test.drop();
  });

  const enrolWith = async (output: string, name: string) => {
    const code = /#code=([\w-]+)/.exec(output)?.[1];
    const app = createApp({ database, logger: createLogger('silent'), staticDir: '/nonexistent' });
    const response = await app.request('/api/devices/enroll', { method: 'POST', body: JSON.stringify({ code, name }) });
    return { status: response.status, body: (await response.json()) as { deviceId: string; token: string; role: string } };
  };

  it('prints a single-use enrolment link with a QR code, which enrols a device with that role', async () => {
    const { code, out } = await run('enroll', '--role', 'animator', '--expires', '2h');
    expect(code).toBe(0);
    expect(out).toMatch(/http:\/\/127\.0\.0\.1:8080\/enroll#code=[\w-]{20,}/);
    expect(out).toMatch(/[▀▄█]/);
    const enrolled = await enrolWith(out, 'Téléphone Florac');
    expect(enrolled.status).toBe(201);
    expect(enrolled.body.role).toBe('animator');
    expect((await enrolWith(out, 'again')).status).toBe(409);
  });

  it('refuses a bad role, a bad duration and an unknown stage in words', async () => {
    expect((await run('enroll', '--role', 'boss')).err).toContain('--role must be one of organizer, animator, kiosk');
    expect((await run('enroll', '--role', 'kiosk', '--expires', 'soon')).err).toContain('--expires takes a duration');
    const stage = await run('enroll', '--role', 'kiosk', '--stage', 'nowhere');
    expect(stage.code).toBe(2);
    expect(stage.err).toContain('No stage "nowhere"');
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('7d')).toBe(604_800_000);
  });

  it('lists devices and revokes one', async () => {
    const { out } = await run('enroll', '--role', 'kiosk');
    const { body } = await enrolWith(out, 'Tablette Chanac');
    const listed = await run('devices');
    expect(listed.out).toContain('Tablette Chanac');
    expect(listed.out).toContain('kiosk');
    const revoked = await run('revoke', body.deviceId);
    expect(revoked.code).toBe(0);
    expect((await run('devices')).out).toMatch(new RegExp(`${body.deviceId}.*\\d{4}-\\d{2}-\\d{2}T`));
    expect((await run('revoke', 'no-such-device')).err).toContain('No device "no-such-device"');
  });

  it('imports a file of ops exported by a device, and a second import changes nothing', async () => {
    const { out } = await run('enroll', '--role', 'animator');
    const { body } = await enrolWith(out, 'Téléphone sans réseau');
    const stage = await database.db.selectFrom('stages').select('id').executeTakeFirstOrThrow();
    const people = await database.db.selectFrom('participants').select('id').limit(3).execute();
    const ops = people.map((p, index) => ({
      opId: randomUUID(),
      deviceId: body.deviceId,
      seq: index + 1,
      type: 'checkin.record',
      payload: { id: randomUUID(), participantId: p.id, stageId: stage.id, scannedAt: new Date().toISOString(), method: 'camera' },
      hlc: encodeHlc({ wallMs: Date.now(), counter: index, node: body.deviceId }),
      schemaVersion: SCHEMA_VERSION,
    }));
    const key = await signingKeyOf(body.token);
    const signed = await Promise.all(ops.map(async (op) => ({ ...op, sig: await signOp(op, key) })));
    const file = join(mkdtempSync(join(tmpdir(), 'etape-ops-')), 'ops.json');
    writeFileSync(file, JSON.stringify({ format: 'etape-ops', version: 1, exportedAt: new Date().toISOString(), deviceId: body.deviceId, ops: signed }));
    const first = await run('import-ops', file);
    expect(first.code).toBe(0);
    expect(first.out).toContain('Imported 3 op(s) from 1 device(s); 0 rejected');
    expect(await run('import-ops', file)).toMatchObject({ code: 0 });
    const checkins = await database.db.selectFrom('checkins').select('id').where('deviceId', '=', body.deviceId).execute();
    expect(checkins).toHaveLength(3);
    // The same ops without their signatures (or altered) are refused, whoever carries the file.
    const tampered = join(mkdtempSync(join(tmpdir(), 'etape-ops-')), 'tampered.json');
    const altered = signed.map((op) => ({ ...op, seq: op.seq + 3, payload: { ...op.payload, method: 'search' } }));
    writeFileSync(tampered, JSON.stringify({ format: 'etape-ops', version: 1, exportedAt: new Date().toISOString(), deviceId: body.deviceId, ops: altered }));
    expect((await run('import-ops', tampered)).out).toContain('3 rejected');
    const garbage = join(mkdtempSync(join(tmpdir(), 'etape-ops-')), 'bad.json');
    writeFileSync(garbage, '{"hello": 1}');
    expect((await run('import-ops', garbage)).err).toContain('is not an Étape ops file');
  });
});
