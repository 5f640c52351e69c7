import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readProgramme, saveProgramme } from '../../../src/db/programme.ts';
import { DeviceDatabase } from '../../support/device-database.ts';
import { HttpFailure } from '../../../src/sync/http.ts';
import { refreshProgramme } from '../../../src/sync/programme-refresh.ts';
import { sampleProgramme } from '../fixtures.ts';

/** A real HTTP server on loopback that answers every request with `answer`. */
async function serveOnce(answer: (res: ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => answer(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('refreshProgramme', () => {
  let db: DeviceDatabase;
  let server: Server | undefined;
  beforeEach(async () => {
    db = new DeviceDatabase(`test-${crypto.randomUUID()}`);
    await db.open();
    await saveProgramme(db, sampleProgramme(), '2026-11-25T09:00:00.000Z');
  });
  afterEach(() => {
    server?.close();
    server = undefined;
  });

  it('stores a valid programme from the server', async () => {
    const fresh = sampleProgramme();
    fresh.event.name = 'Semaine 2026';
    const served = await serveOnce((res) => res.setHeader('content-type', 'application/json').end(JSON.stringify(fresh)));
    server = served.server;
    await refreshProgramme(db, 'tiers-lieux-lozere', { baseUrl: served.url, now: () => new Date('2026-11-25T10:00:00Z') });
    const stored = await readProgramme(db, 'tiers-lieux-lozere');
    expect(stored?.event.name).toBe('Semaine 2026');
    expect(stored?.fetchedAt).toBe('2026-11-25T10:00:00.000Z');
  });

  it.each([
    ['not JSON', (res: ServerResponse) => res.end('<html>proxy login</html>'), 'invalid'],
    ['malformed', (res: ServerResponse) => res.end(JSON.stringify({ event: {} })), 'invalid'],
    ['an error', (res: ServerResponse) => res.writeHead(500).end(), 'server'],
  ] as const)('keeps the stored copy when the server answers %s', async (_what, answer, kind) => {
    const served = await serveOnce(answer);
    server = served.server;
    const failure = await refreshProgramme(db, 'tiers-lieux-lozere', { baseUrl: served.url }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(HttpFailure);
    expect((failure as HttpFailure).kind).toBe(kind);
    expect((await readProgramme(db, 'tiers-lieux-lozere'))?.stages).toHaveLength(2);
  });

  it('says "offline" when nothing listens, and keeps the stored copy', async () => {
    const served = await serveOnce((res) => res.end());
    served.server.close();
    const failure = await refreshProgramme(db, 'tiers-lieux-lozere', { baseUrl: served.url }).catch((e: unknown) => e);
    expect((failure as HttpFailure).kind).toBe('offline');
    expect((await readProgramme(db, 'tiers-lieux-lozere'))?.event.name).toBe('Semaine des tiers-lieux en Lozère');
  });
});
