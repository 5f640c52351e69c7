import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { launchProfile } from './browser.ts';
import { buildWithChunkMap, HEAVY_LIBRARIES, heavyLibrariesIn, missingStaticImports, type ChunkMap } from './budgets/chunk-map.ts';
import { measureFirstVisit, type FirstVisit } from './budgets/first-visit-js.ts';
import { enrolledDevice } from './enrol.ts';

/** The budget of the public programme and of the kiosk: JS of a first visit, gzip, 1 KB = 1024 bytes. */
const BUDGET = 50 * 1024;
const OUT_DIR = join(fileURLToPath(new URL('../..', import.meta.url)), '.tmp', 'budgets', 'app');

/*
 * The sizes are measured on a production build whose chunks' contents are known (chunk-map.ts):
 * Chromium tells which scripts a page fetched (its static imports and the dynamic imports it
 * performed; an empty profile, or the enrolled kiosk's own, with the HTTP cache disabled and the
 * service worker bypassed), the bundler tells which modules each script holds.
 */
describe('the JS of a first visit, on the pages with a 50 KB budget', () => {
  const databaseFile = join(mkdtempSync(join(tmpdir(), 'etape-e2e-budgets-')), 'etape.sqlite');
  const env = { DATABASE_FILE: databaseFile, DATABASE_URL: '', ETAPE_STATIC_DIR: OUT_DIR };
  const contexts: BrowserContext[] = [];
  let map: ChunkMap;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    mkdirSync(join(OUT_DIR, '..'), { recursive: true });
    map = buildWithChunkMap(OUT_DIR);
    server = await startServerProcess({ ...env, PORT: String(await freePort()) });
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await server?.stop();
  });

  const fresh = async () => {
    const context = await launchProfile();
    contexts.push(context);
    return context;
  };

  /** The budget, no heavy library, and a measurement that missed nothing the page's scripts import. */
  const expectWithinBudget = (visit: FirstVisit) => {
    const chunks = visit.scripts.map((script) => script.chunk);
    const entry = Object.keys(map).find((chunk) => map[chunk]!.modules.some((id) => id.endsWith('/src/app/main.tsx')));
    expect(chunks).toContain(entry);
    expect(chunks.filter((chunk) => !(chunk in map))).toEqual([]);
    expect(missingStaticImports(map, chunks)).toEqual([]);
    expect(chunks.flatMap((chunk) => heavyLibrariesIn(map, chunk).map((name) => `${name} in ${chunk}`))).toEqual([]);
    const breakdown = visit.scripts.map((script) => `${script.chunk} ${script.bytes} B ${script.encoding}`).join(', ');
    expect(visit.total, `first-visit JS: ${breakdown}`).toBeLessThanOrEqual(BUDGET);
  };

  it('finds the scanner in the build, in chunks that the check can name', () => {
    const found = new Set(Object.keys(map).flatMap((chunk) => heavyLibrariesIn(map, chunk)));
    // zxing-wasm's own JS is bundled inside barcode-detector's build: only its wasm's URL is imported.
    expect(HEAVY_LIBRARIES.filter((name) => found.has(name))).toEqual(['html5-qrcode', 'barcode-detector']);
  });

  it('/programme, on a first visit, stays within budget and does not load the scanner', async () => {
    const visit = await measureFirstVisit(await fresh(), `${server!.url}/programme`, (page) =>
      page.getByRole('heading', { level: 3 }).first().waitFor(),
    );
    expectWithinBudget(visit);
  });

  it('/kiosk on a device that is not a kiosk stays within budget and does not load the scanner', async () => {
    const visit = await measureFirstVisit(await fresh(), `${server!.url}/kiosk`, (page) =>
      page.getByText('Le mode kiosque demande un appareil inscrit comme borne').waitFor(),
    );
    expectWithinBudget(visit);
  });

  it('/kiosk on an enrolled kiosk, in kiosk mode and syncing, stays within budget and does not load the scanner', async () => {
    const faces = (page: Page) => page.getByRole('button', { name: /sur 5\)$/ });
    const page = await enrolledDevice(server!, env, 'kiosk', 'Borne budget', contexts);
    await page.getByLabel('Code PIN de l’organisateur').fill('2468');
    await page.getByLabel('Le même code, encore une fois').fill('2468');
    const stageSelect = page.getByLabel('Étape de cette borne');
    await expect.poll(() => stageSelect.locator('option').count(), { timeout: 30_000 }).toBeGreaterThan(1);
    await stageSelect.selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Démarrer le mode kiosque' }).click();
    await faces(page).first().waitFor();

    const visit = await measureFirstVisit(page.context(), `${server!.url}/kiosk`, async (reloaded) => {
      await faces(reloaded).first().waitFor();
      // The sync engine is part of the kiosk's load: wait until it has talked to the server.
      await expect
        .poll(() => reloaded.evaluate(() => performance.getEntriesByType('resource').some((entry) => entry.name.includes('/api/sync/'))), {
          timeout: 30_000,
        })
        .toBe(true);
    });
    expectWithinBudget(visit);
  });
});
