import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_BUILDS } from '../setup/build-apps.ts';
import { freePort } from '../support/free-port.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { enrolledDevice, syncUntil } from './enrol.ts';

describe('from check-ins made offline on two phones to the dashboard, the report and the exports', () => {
  let server: ServerProcess;
  let env: Record<string, string>;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    env = {
      DATABASE_FILE: join(mkdtempSync(join(tmpdir(), 'etape-e2e-dashboard-')), 'etape.sqlite'),
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

  async function checkIn(page: Page, stage: string, query: string): Promise<void> {
    const select = page.getByLabel('Étape', { exact: true });
    const value = await select.locator('option', { hasText: new RegExp(`^${stage} `) }).getAttribute('value');
    await select.selectOption(value!);
    await page.getByLabel('Rechercher un nom ou une structure').fill(query);
    const first = page.locator('.people button').first();
    const name = (await first.locator('strong').textContent())!;
    await first.click();
    await expect.poll(() => page.locator('.outcome').textContent()).toContain(name);
  }

  const figure = (page: Page, name: string) => page.locator(`[data-figure="${name}"] dd`).textContent();
  const stageRow = (page: Page, town: string) => page.locator(`[data-testid="per-stage"] tr[data-stage="${town}"] td`).allTextContents();

  it('shows the same figures on the dashboard, in the report and in the exports', async () => {
    const organizer = await enrolledDevice(server, env, 'organizer', 'Portable coordination', contexts);
    const phoneA = await enrolledDevice(server, env, 'animator', 'Téléphone Langogne', contexts);
    const phoneB = await enrolledDevice(server, env, 'animator', 'Téléphone Mende', contexts);
    for (const phone of [phoneA, phoneB]) await phone.context().setOffline(true);

    // Langogne: Hélène Vézian (scanned twice) and Thibault Astruc; Mende: Hélène Vézian again and Noël.
    await checkIn(phoneA, 'Langogne', 'vezian');
    await checkIn(phoneA, 'Langogne', 'astruc');
    await checkIn(phoneA, 'Langogne', 'vezian');
    await checkIn(phoneB, 'Mende', 'vezian');
    await checkIn(phoneB, 'Mende', 'noel');
    for (const phone of [phoneA, phoneB]) {
      await phone.context().setOffline(false);
      await syncUntil(phone, () => phone.locator('.sync-status').textContent(), /Tout est envoyé/);
    }

    await organizer.goto(`${server.url}/dashboard`);
    await syncUntil(organizer, () => figure(organizer, 'unique'), /^3$/);
    expect(await figure(organizer, 'stages')).toBe('8');
    expect(await figure(organizer, 'registered')).toBe('90');
    expect(await figure(organizer, 'returning')).toBe('1');
    expect(await figure(organizer, 'walk-ins')).toBe('0');
    expect(await figure(organizer, 'talks')).toBe('16');
    expect(await figure(organizer, 'partners')).toBe('16');
    // Present, walk-ins, scans, answers, mean rating.
    expect(await stageRow(organizer, 'Langogne')).toEqual(['2', '0', '3', '0', '—']);
    expect(await stageRow(organizer, 'Mende')).toEqual(['2', '0', '2', '0', '—']);
    expect(await stageRow(organizer, 'Chanac')).toEqual(['0', '0', '0', '0', '—']);
    // The chart's figures are written out for screen readers, the same as the table's.
    expect(await organizer.locator('figure', { hasText: 'Présents par étape' }).locator('li').allTextContents()).toContain('Langogne – 2 présents');

    await organizer.getByRole('link', { name: 'Ouvrir le rapport de la semaine' }).click();
    await expect.poll(() => organizer.getByTestId('report-headline').textContent()).toBe('8 étapes, 3 participants, 16 interventions, 16 partenaires.');
    expect(await organizer.getByTestId('report-detail').textContent()).toBe('90 inscrits, dont 1 venus à deux étapes ou plus ; 0 personnes inscrites sur place.');
    expect(await organizer.locator('[data-stage="Langogne"]').textContent()).toContain(': 2 présents dont 0 inscrits sur place, 0 avis.');

    // The check-ins export has every scan: 3 at Langogne (one repeat) and 2 at Mende, by 3 people.
    await organizer.goto(`${server.url}/dashboard`);
    const [download] = await Promise.all([
      organizer.waitForEvent('download'),
      organizer.getByRole('button', { name: 'Exporter les passages (CSV)' }).click(),
    ]);
    const rows = Papa.parse<Record<string, string>>(readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(5);
    expect(rows.filter((row) => row.stage_town === 'Langogne')).toHaveLength(3);
    expect(new Set(rows.map((row) => row.participant_id)).size).toBe(3);
    expect(new Set(rows.map((row) => row.device))).toEqual(new Set(['Téléphone Langogne', 'Téléphone Mende']));
  });
});
