import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_BUILDS } from '../setup/build-apps.ts';
import { freePort } from '../support/free-port.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { launchProfile } from './browser.ts';

describe('a new version of the app', () => {
  let server: ServerProcess | undefined;
  let context: BrowserContext;
  const databaseFile = join(mkdtempSync(join(tmpdir(), 'etape-e2e-')), 'etape.sqlite');

  beforeAll(async () => {
    context = await launchProfile();
  });
  afterAll(async () => {
    await context?.close();
    await server?.stop();
  });

  it('is offered with a prompt and loads only once accepted', async () => {
    const port = String(await freePort());
    const env = { DATABASE_FILE: databaseFile, DATABASE_URL: '', PORT: port };
    server = await startServerProcess({ ...env, ETAPE_STATIC_DIR: E2E_BUILDS.v1.dir });
    const page = await context.newPage();
    await page.goto(`${server.url}/settings`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await expect.poll(() => page.locator('main').textContent()).toContain(`build ${E2E_BUILDS.v1.id}`);

    await server.stop();
    server = await startServerProcess({ ...env, ETAPE_STATIC_DIR: E2E_BUILDS.v2.dir });
    await page.reload();

    const prompt = page.getByText('Une nouvelle version d’Étape est prête.');
    await prompt.waitFor({ timeout: 30_000 });
    // Offered, not applied: the page still runs the first version.
    expect(await page.locator('main').textContent()).toContain(`build ${E2E_BUILDS.v1.id}`);

    await page.getByRole('button', { name: 'Mettre à jour' }).click();
    await expect.poll(() => page.locator('main').textContent(), { timeout: 30_000 }).toContain(`build ${E2E_BUILDS.v2.id}`);
    expect(await page.getByText('Une nouvelle version d’Étape est prête.').count()).toBe(0);
  });
});
