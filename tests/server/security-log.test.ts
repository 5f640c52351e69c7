import { mkdtempSync } from 'node:fs';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import type { Database } from '../../src/server/database/connect.ts';
import { seedDemoWeek } from '../../src/server/demo/seed.ts';
import { createEnrolmentCode } from '../../src/server/devices/enrolment.ts';
import { createLogger } from '../../src/server/logger.ts';
import { ENGINE, createMigratedDatabase, type TestDatabase } from './test-database.ts';

describe(`the security log as log lines (${ENGINE})`, () => {
  let test: TestDatabase;
  let database: Database;
  const lines: string[] = [];
  beforeAll(async () => {
    ({ test, database } = await createMigratedDatabase());
    await seedDemoWeek(database.db);
  });
  afterAll(async () => {
    await database.close();
    await test.drop();
  });

  it('writes enrolments, refused codes and rate limits hit as structured JSON lines, without the codes', async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = createApp({ database, logger: createLogger('info', sink), staticDir: mkdtempSync(join(tmpdir(), 'etape-static-')), enrolmentsPerMinute: 2 });
    const enrol = (code: string) =>
      app.request('/api/devices/enroll', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name: 'Téléphone' }) });
    const { code } = await createEnrolmentCode(database.db, { eventSlug: 'tiers-lieux-lozere', role: 'animator', expiresInMs: 60_000 });
    expect((await enrol(code)).status).toBe(201);
    expect((await enrol('guessed-code-1')).status).toBe(404);
    expect((await enrol('guessed-code-2')).status).toBe(429);
    expect((await enrol('guessed-code-3')).status).toBe(429);
    const security = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.security);
    expect(security.map((line) => line.security)).toEqual(['enrolled', 'refused-code', 'rate-limited']);
    expect(security[0]).toMatchObject({ level: 40, role: 'animator', deviceId: expect.any(String) });
    const output = lines.join('');
    for (const secret of [code, 'guessed-code-1']) expect(output).not.toContain(secret);
  });
});
