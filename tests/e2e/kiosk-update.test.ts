import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/database/connect.ts';
import { E2E_BUILDS } from '../setup/build-apps.ts';
import { freePort } from '../support/free-port.ts';
import { runEtape, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { launchProfile } from './browser.ts';
import { syncUntil } from './enrol.ts';

const PIN = '8642';

describe('an app update on a kiosk', () => {
  const databaseFile = join(mkdtempSync(join(tmpdir(), 'etape-e2e-kiosk-update-')), 'etape.sqlite');
  let env: Record<string, string>;
  let server: ServerProcess | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    env = { DATABASE_FILE: databaseFile, DATABASE_URL: '', PORT: String(await freePort()) };
    server = await startServerProcess({ ...env, ETAPE_STATIC_DIR: E2E_BUILDS.v1.dir });
  });
  afterAll(async () => {
    await context?.close();
    await server?.stop();
  });

  const waitingWorker = (page: Page) => page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting));
  const reloaded = (page: Page) => page.evaluate(() => !(window as unknown as { firstLoad?: boolean }).firstLoad);

  it('waits while an answer waits to be sent, then applies itself on the idle screen', async () => {
    const database = await openDatabase({ kind: 'sqlite', file: databaseFile });
    const stage = await database.db.selectFrom('stages').select('id').orderBy('startsAt').executeTakeFirstOrThrow();
    await database.close();
    const { output } = await runEtape(['enroll', '--role', 'kiosk', '--stage', stage.id], { ...env, LOG_LEVEL: 'warn' });
    const code = /#code=([\w-]+)/.exec(output)![1];
    context = await launchProfile({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${server!.url}/enroll#code=${code}`);
    await page.getByLabel('Nom de cet appareil').fill('Tablette');
    await page.getByRole('button', { name: 'Inscrire l’appareil' }).click();
    await page.getByLabel('Code PIN de l’organisateur').fill(PIN);
    await page.getByLabel('Le même code, encore une fois').fill(PIN);
    await page.getByRole('button', { name: 'Démarrer le mode kiosque' }).click();
    const faces = page.getByRole('button', { name: /sur 5\)$/ });
    await expect.poll(() => faces.count(), { timeout: 30_000 }).toBe(5);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

    // Pushes fail from now on: the answer stays in the outbox.
    await context.route('**/api/sync/push', (route) => route.abort());
    await faces.nth(4).click();
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByRole('button', { name: 'Au suivant' }).click();
    await expect.poll(() => faces.count()).toBe(5);

    await server!.stop();
    server = await startServerProcess({ ...env, ETAPE_STATIC_DIR: E2E_BUILDS.v2.dir });
    await page.evaluate(() => ((window as unknown as { firstLoad?: boolean }).firstLoad = true));
    await expect
      .poll(
        async () => {
          await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange'))); // the app checks for updates
          return waitingWorker(page);
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(true);
    // Offered, on the idle screen, but an answer waits: not applied (the kiosk looks every 2 s).
    await page.waitForTimeout(6_000);
    expect(await reloaded(page)).toBe(false);
    expect(await waitingWorker(page)).toBe(true);

    await context.unroute('**/api/sync/push');
    await page.getByRole('button', { name: 'Accès organisateur' }).click();
    await page.getByLabel('Code PIN de l’organisateur').fill(PIN);
    await page.getByRole('button', { name: 'Déverrouiller' }).click();
    await syncUntil(page, () => page.getByTestId('kiosk-waiting').textContent(), /^Tout est envoyé$/);
    expect(await reloaded(page)).toBe(false); // the staff panel is not the idle screen
    await page.getByRole('button', { name: 'Reprendre' }).click();
    await expect.poll(() => reloaded(page).catch(() => false), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => faces.count(), { timeout: 30_000 }).toBe(5);
    expect(await waitingWorker(page)).toBe(false);
  });
});
