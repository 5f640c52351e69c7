import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_BUILDS } from '../setup/build-apps.ts';
import { runEtape, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { launchProfile } from './browser.ts';

/*
 * An animator's phone in a browser tab, then as an app added to the home screen (Chromium's
 * `navigator.standalone` true, as Safari has it there): the warning that its data may be deleted is for the tab
 * only, and a camera refused in the installed app is explained without an address bar.
 */
describe('an enrolled phone in a tab, then installed', () => {
  let server: ServerProcess;
  let context: BrowserContext;
  const env = { DATABASE_FILE: join(mkdtempSync(join(tmpdir(), 'etape-e2e-installed-')), 'etape.sqlite'), DATABASE_URL: '', ETAPE_STATIC_DIR: E2E_BUILDS.v1.dir };

  beforeAll(async () => {
    server = await startServerProcess(env);
    // A camera whose permission is refused (no fake UI to accept it).
    context = await launchProfile({ args: ['--use-fake-device-for-media-stream'] });
  });
  afterAll(async () => {
    await context?.close();
    await server?.stop();
  });

  it('warns in the tab only, and says where to allow the camera in the installed app', async () => {
    const { output } = await runEtape(['enroll', '--role', 'animator'], { ...env, LOG_LEVEL: 'warn' });
    const page = await context.newPage();
    await page.goto(`${server.url}/enroll#code=${/#code=([\w-]+)/.exec(output)![1]}`);
    await page.getByLabel('Nom de cet appareil').fill('Téléphone');
    await page.getByRole('button', { name: 'Inscrire l’appareil' }).click();
    await page.waitForURL('**/scan');
    expect(await page.evaluate(() => navigator.storage.persisted())).toBe(false);
    await expect.poll(() => page.getByTestId('storage-at-risk').count()).toBe(1);
    expect(await page.getByTestId('storage-at-risk').textContent()).toContain('après 7 jours sans ouverture');

    // Opened from the home screen, as Safari on an iPhone says it: navigator.standalone is true
    // (Chromium cannot emulate display-mode: standalone).
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'standalone', { get: () => true, configurable: true }));
    await page.reload();
    expect(await page.evaluate(() => (navigator as Navigator & { standalone?: boolean }).standalone)).toBe(true);
    await expect.poll(() => page.getByText('Tout est envoyé').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByTestId('storage-at-risk').count()).toBe(0);
    await page.getByLabel('Étape', { exact: true }).selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Scanner avec la caméra' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'La caméra a été refusée' }).textContent(), { timeout: 20_000 }).toContain('Réglages › Safari › Caméra');
  });
});
