import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_BUILDS } from '../setup/build-apps.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { launchProfile } from './browser.ts';

describe('a phone that opened Étape once, at a stand with no network', () => {
  let server: ServerProcess;
  let context: BrowserContext;
  const databaseFile = join(mkdtempSync(join(tmpdir(), 'etape-e2e-')), 'etape.sqlite');

  beforeAll(async () => {
    server = await startServerProcess({ DATABASE_FILE: databaseFile, DATABASE_URL: '', ETAPE_STATIC_DIR: E2E_BUILDS.v1.dir });
    context = await launchProfile();
  });
  afterAll(async () => {
    await context?.close();
    await server?.stop();
  });

  it('shows the week, then renders /programme and / with the server stopped', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/programme`);
    await expect.poll(() => page.getByRole('heading', { name: 'Florac Trois Rivières' }).count()).toBe(1);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // Times are in the event's zone (Paris) although this browser is in New York.
    await expect.poll(() => page.locator('.stage', { hasText: 'Langogne' }).first().textContent()).toContain('14:00');

    expect(await server.stop()).toBe(0);

    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: 'Semaine des tiers-lieux en Lozère' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('heading', { level: 3 }).count()).toBe(8);
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Hors connexion');

    const second = await context.newPage();
    await second.goto(`${server.url}/`);
    await expect.poll(() => second.getByRole('heading', { name: 'Le Pont-de-Montvert' }).count()).toBe(1);
    await expect.poll(() => second.getByRole('heading', { level: 3 }).count()).toBe(8);
  });

  it('remembers English once chosen, offline too', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/settings`);
    await page.getByRole('button', { name: 'Switch to English' }).first().click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Settings');
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Settings');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  });
});
