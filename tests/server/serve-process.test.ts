import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE, createTestDatabase, type TestDatabase } from './test-database.ts';
import { runEtape, startServerProcess } from '../support/server-process.ts';

describe(`etape serve as a process (${ENGINE})`, () => {
  let test: TestDatabase;
  const staticDir = mkdtempSync(join(tmpdir(), 'etape-static-'));
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.drop());

  it('migrates, seeds the demo week on first start, serves the API and stops cleanly on SIGTERM', async () => {
    const linkFile = join(mkdtempSync(join(tmpdir(), 'etape-link-')), 'first-link.txt');
    const server = await startServerProcess({ ...test.env, ETAPE_STATIC_DIR: staticDir, ETAPE_FIRST_LINK_FILE: linkFile, LOG_LEVEL: 'info' });
    await expect.poll(() => server.output()).toContain(`was written to ${linkFile} (readable by this user only)`);
    // The link itself is in no stream a log collector reads: only in a file its owner alone can read.
    expect(server.output()).not.toMatch(/#code=/);
    expect(statSync(linkFile).mode & 0o777).toBe(0o600);
    const code = /\/enroll#code=([\w-]{20,})/.exec(readFileSync(linkFile, 'utf8'))![1]!;
    const database = await test.open();
    try {
      const row = await database.db.selectFrom('enrolmentCodes').select(['createdAt', 'expiresAt']).where('role', '=', 'organizer').executeTakeFirstOrThrow();
      expect(Date.parse(row.expiresAt) - Date.parse(row.createdAt)).toBe(24 * 3_600_000);
    } finally {
      await database.close();
    }
    const enrol = () =>
      fetch(`${server.url}/api/devices/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name: 'Portable' }) });
    expect((await enrol()).status).toBe(201);
    expect((await enrol()).status).toBe(409);
    const health = await fetch(`${server.url}/api/health`);
    expect(await health.json()).toMatchObject({ ok: true, database: ENGINE });
    const programme = await fetch(`${server.url}/api/public/events/tiers-lieux-lozere/programme.json`);
    expect(programme.status).toBe(200);
    expect(await server.stop('SIGTERM')).toBe(0);
  });

  it('starts empty with ETAPE_DEMO=0', async () => {
    const empty = await createTestDatabase();
    const server = await startServerProcess({ ...empty.env, ETAPE_STATIC_DIR: staticDir, ETAPE_DEMO: '0' });
    await expect.poll(() => server.output()).toContain('No event yet. Create the first one:');
    // The lines after it may come in a later chunk of the process's output: waited for too.
    await expect.poll(() => server.output()).toContain('npx etape event create --name "Semaine des tiers-lieux 2027" --slug tiers-lieux-2027');
    expect(server.output()).not.toContain('demo week');
    const programme = await fetch(`${server.url}/api/public/events/tiers-lieux-lozere/programme.json`);
    expect(programme.status).toBe(404);
    expect(await server.stop('SIGINT')).toBe(0);
    await empty.drop();
  });

  it('says clearly that the port is in use, and exits non-zero', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    const { code, output } = await runEtape(['serve'], {
      ...test.env,
      ETAPE_STATIC_DIR: staticDir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
    });
    blocker.close();
    expect(code).toBe(1);
    expect(output).toContain(`Port ${port} on 127.0.0.1 is already in use`);
  });
});
