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

describe('two animators at a stand with no network', () => {
  const databaseFile = join(mkdtempSync(join(tmpdir(), 'etape-e2e-sync-')), 'etape.sqlite');
  let env: Record<string, string>;
  let server: ServerProcess | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    env = { DATABASE_FILE: databaseFile, DATABASE_URL: '', PORT: String(await freePort()), ETAPE_STATIC_DIR: E2E_BUILDS.v1.dir };
    server = await startServerProcess(env);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await server?.stop();
  });

  async function enrolledPhone(name: string): Promise<Page> {
    const { code: exit, output } = await runEtape(['enroll', '--role', 'animator'], { ...env, LOG_LEVEL: 'warn' });
    expect(exit).toBe(0);
    const code = /#code=([\w-]+)/.exec(output)![1];
    const context = await launchProfile();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server!.url}/enroll#code=${code}`);
    await page.getByLabel('Nom de cet appareil').fill(name);
    await page.getByRole('button', { name: 'Inscrire l’appareil' }).click();
    await page.waitForURL('**/scan'); // an animator lands on the check-in screen
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await expect.poll(() => page.getByText('Tout est envoyé').count(), { timeout: 20_000 }).toBe(1);
    await page.getByLabel('Étape', { exact: true }).selectOption({ index: 1 });
    await expect.poll(() => page.getByTestId('presence').textContent()).toMatch(/^Présents\u00a0: \d+ sur 9\d inscrits/);
    return page;
  }

  async function checkIn(page: Page, query: string): Promise<string> {
    await page.getByLabel('Rechercher un nom ou une structure').fill(query);
    const first = page.locator('.people li:not([hidden]) button').first();
    const name = (await first.locator('strong').textContent())!;
    await first.click();
    await expect.poll(() => page.locator('.outcome').textContent()).toContain(name);
    return name;
  }

  const presence = (page: Page) => page.getByTestId('presence').textContent();

  it('record offline on two phones, survive a server restart, and converge: one presence, every scan kept', async () => {
    const phoneA = await enrolledPhone('Téléphone A');
    const phoneB = await enrolledPhone('Téléphone B');
    for (const page of [phoneA, phoneB]) await page.context().setOffline(true);

    // Two different people, each found by one name only (the demo week has two Hélène, and a
    // search for "chely" also finds people of organisations in Saint-Chély).
    const helene = await checkIn(phoneA, 'vezian');
    expect(helene).toBe('Hélène Vézian');
    expect(await checkIn(phoneB, 'vezian')).toBe(helene); // the same person at the other door
    const other = await checkIn(phoneB, 'astruc');
    expect(other).toBe('Thibault Astruc');
    await expect.poll(() => phoneA.getByText('1 en attente d’envoi').count()).toBe(1);
    await expect.poll(() => phoneB.getByText('2 en attente d’envoi').count()).toBe(1);
    await expect.poll(() => presence(phoneA)).toMatch(/^Présents\u00a0: 1 /);

    // The server goes down and comes back while the phones are still offline.
    await server!.stop();
    server = await startServerProcess(env);

    for (const page of [phoneA, phoneB]) await page.context().setOffline(false);
    // Each phone syncs as the animator would, pressing "Synchroniser" until it holds all three scans:
    // a phone only receives what the other has sent before its pull, and under load the syncs that
    // the `online` event started may still be running when the button is first pressed.
    const syncUntilAllScans = (page: Page) =>
      expect
        .poll(
          async () => {
            const button = page.getByRole('button', { name: 'Synchroniser' });
            if (await button.isEnabled()) await button.click();
            return `${await presence(page)} | ${await page.getByTestId('recent').locator('li').count()} scans`;
          },
          { timeout: 30_000, interval: 500 },
        )
        .toMatch(/^Présents\u00a0: 2 .* \| 3 scans$/);
    await syncUntilAllScans(phoneA);
    await syncUntilAllScans(phoneB);

    // Both phones: the same two people present, three scans listed, the repeat shown once.
    for (const page of [phoneA, phoneB]) {
      await syncUntilAllScans(page);
      await expect.poll(() => page.getByText('Tout est envoyé').count(), { timeout: 20_000 }).toBe(1);
      const names = await page.getByTestId('recent').locator('li').allTextContents();
      expect(names.filter((line) => line.includes(helene))).toHaveLength(2);
      expect(names.filter((line) => line.includes(other))).toHaveLength(1);
    }
    const database = await openDatabase({ kind: 'sqlite', file: databaseFile });
    const rows = await database.db.selectFrom('checkins').select(['participantId']).execute();
    await database.close();
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((row) => row.participantId)).size).toBe(2);
  });

  it('keeps ops waiting in a page closed offline, and sends them when reopened online', async () => {
    const phone = await enrolledPhone('Téléphone C');
    const context = phone.context();
    await context.setOffline(true);
    const name = await checkIn(phone, 'noel');
    await expect.poll(() => phone.getByText('1 en attente d’envoi').count()).toBe(1);
    await phone.close();

    const reopened = await context.newPage();
    await reopened.goto(`${server!.url}/scan`); // offline: served by the service worker
    await expect.poll(() => reopened.getByText('1 en attente d’envoi').count(), { timeout: 20_000 }).toBe(1);
    await context.setOffline(false);
    await reopened.getByRole('button', { name: 'Synchroniser' }).click();
    await expect.poll(() => reopened.getByText('Tout est envoyé').count(), { timeout: 20_000 }).toBe(1);

    const database = await openDatabase({ kind: 'sqlite', file: databaseFile });
    const person = await database.db.selectFrom('participants').select('id').where('name', '=', name).executeTakeFirstOrThrow();
    const rows = await database.db.selectFrom('checkins').select('id').where('participantId', '=', person.id).execute();
    await database.close();
    expect(rows).toHaveLength(1);
  });
});
