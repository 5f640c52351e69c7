import { mkdtempSync } from 'node:fs';
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
    const server = await startServerProcess({ ...test.env, ETAPE_STATIC_DIR: staticDir });
    await expect.poll(() => server.output()).toMatch(/Enrolment link for a device with the organizer role/);
    expect(server.output()).toMatch(/\/enroll#code=[\w-]{20,}/);
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
    expect(server.output()).toContain('npx etape event create --name "Semaine des tiers-lieux 2027" --slug tiers-lieux-2027');
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
