import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src/shared/hlc.ts';
import { SCHEMA_VERSION } from '../../src/shared/protocol.ts';
import { E2E_BUILDS } from '../setup/build-apps.ts';
import { freePort } from '../support/free-port.ts';
import { runEtape, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { enrolledDevice, syncUntil } from './enrol.ts';

describe('a flooded poster on the dashboard: answers per poster, a burst flagged, set aside offline, in the security log', () => {
  let server: ServerProcess;
  let env: Record<string, string>;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    env = {
      DATABASE_FILE: join(mkdtempSync(join(tmpdir(), 'etape-e2e-flood-')), 'etape.sqlite'),
      DATABASE_URL: '',
      PORT: String(await freePort()),
      ETAPE_STATIC_DIR: E2E_BUILDS.v1.dir,
    };
    server = await startServerProcess(env);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await server?.stop();
  });

  const api = async (path: string, init: { token?: string; body?: unknown } = {}) => {
    const response = await fetch(`${server.url}/api${path}`, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return response;
  };

  /** An organizer's token made from the command line, as a script would (not the browser's). */
  async function organizerToken(): Promise<string> {
    const { output } = await runEtape(['enroll', '--role', 'organizer'], { ...env, LOG_LEVEL: 'warn' });
    const code = /#code=([\w-]+)/.exec(output)![1];
    return ((await (await api('/devices/enroll', { body: { code, name: 'Script' } })).json()) as { token: string }).token;
  }

  const figure = (page: Page, name: string) => page.locator(`[data-figure="${name}"] dd`).textContent();

  it('shows the poster that sent 30 one-star answers in a minute, and leaves them out once set aside, offline, then on the server', async () => {
    const organizer = await enrolledDevice(server, env, 'organizer', 'Portable coordination', contexts);
    const token = await organizerToken();
    const programme = (await (await api('/public/events/tiers-lieux-lozere/programme.json')).json()) as { stages: { id: string; town: string }[] };
    const stage = programme.stages.find((candidate) => candidate.town.startsWith('Florac'))!;
    const poster = (await (await api('/posters', { token, body: { stageId: stage.id } })).json()) as { id: string; token: string };

    // Three phones through the photographed poster, ten one-star answers each, within a minute.
    const start = Date.now();
    for (let phoneIndex = 0; phoneIndex < 3; phoneIndex += 1) {
      const phone = (await (await api('/posters/enroll', { body: { token: poster.token, stageId: stage.id } })).json()) as { token: string; deviceId: string };
      const ops = Array.from({ length: 10 }, (_, i) => ({
        opId: randomUUID(),
        deviceId: phone.deviceId,
        seq: i + 1,
        type: 'feedback.record',
        payload: { id: randomUUID(), stageId: stage.id, rating: 1, answers: {}, comment: '', createdAt: new Date(start + phoneIndex * 10_000 + i * 1000).toISOString() },
        hlc: encodeHlc({ wallMs: start, counter: i + 1, node: phone.deviceId }),
        schemaVersion: SCHEMA_VERSION,
      }));
      const pushed = (await (await api('/sync/push', { token: phone.token, body: { ops } })).json()) as { rejections: unknown[] };
      expect(pushed.rejections).toEqual([]);
    }

    await organizer.goto(`${server.url}/dashboard`);
    await syncUntil(organizer, () => figure(organizer, 'feedback'), /^30$/);
    const line = organizer.locator(`li[data-poster="${poster.id}"]`);
    await expect.poll(() => line.textContent()).toMatch(/Florac.* · affiche \w{8}\u00a0: 30 avis, 3 téléphones/);
    expect(await line.textContent()).toContain('Afflux\u00a0: 30 avis en 10 minutes');

    // Offline: setting one phone's answers aside, then the whole poster's, takes them out of the figures at once.
    await organizer.context().setOffline(true);
    await line.getByText('Ses 3 téléphones').click();
    await line.getByRole('button', { name: 'Mettre de côté les avis de ce téléphone' }).first().click();
    await expect.poll(() => figure(organizer, 'feedback')).toBe('20');
    await line.getByRole('button', { name: 'Mettre ses avis de côté' }).click();
    await expect.poll(() => figure(organizer, 'feedback')).toBe('0');
    await expect.poll(() => line.textContent()).toContain('Mis de côté');

    // Back online, the edit reaches the server: the export leaves them out unless asked.
    await organizer.context().setOffline(false);
    const exported = async (query = '') =>
      Papa.parse<Record<string, string>>((await (await api(`/events/tiers-lieux-lozere/exports/feedback.csv${query}`, { token })).text()).replace(/^\uFEFF/, ''), {
        header: true,
        skipEmptyLines: true,
      }).data;
    await syncUntil(organizer, async () => String((await exported()).length), /^0$/);
    expect((await exported('?setAside=include')).filter((row) => row.set_aside === 'yes')).toHaveLength(30);

    // The organizer reads it in the security log, with the enrolments.
    await organizer.reload();
    const log = organizer.getByTestId('security-log');
    await expect.poll(() => log.textContent()).toContain('Avis mis de côté');
    expect(await log.textContent()).toContain('Appareil inscrit');
  });
});
