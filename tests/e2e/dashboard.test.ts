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

describe('from check-ins and feedback made offline on several devices to the dashboard, the report and the exports', () => {
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
    const first = page.locator('.people li:not([hidden]) button').first();
    const name = (await first.locator('strong').textContent())!;
    await first.click();
    await expect.poll(() => page.locator('.outcome').textContent()).toContain(name);
  }

  const figure = (page: Page, name: string) => page.locator(`[data-figure="${name}"] dd`).textContent();
  const stageRow = (page: Page, town: string) => page.locator(`[data-testid="per-stage"] tr[data-stage="${town}"] td`).allTextContents();

  /** A kiosk bound to a stage at enrolment, its PIN set, answering on its faces screen. */
  async function kioskAt(stageId: string): Promise<Page> {
    const kiosk = await enrolledDevice(server, env, 'kiosk', 'Tablette Langogne', contexts, ['--stage', stageId]);
    await kiosk.getByLabel('Code PIN de l’organisateur').fill(PIN);
    await kiosk.getByLabel('Le même code, encore une fois').fill(PIN);
    await kiosk.getByRole('button', { name: 'Démarrer le mode kiosque' }).click();
    await expect.poll(() => faces(kiosk).count()).toBe(5);
    return kiosk;
  }
  const PIN = '2468';
  const faces = (page: Page) => page.getByRole('button', { name: /sur 5\)$/ });
  async function answer(kiosk: Page, rating: number, comment: string): Promise<void> {
    await faces(kiosk).nth(rating - 1).click();
    await kiosk.getByLabel('Un commentaire ? (facultatif)').fill(comment);
    await kiosk.getByRole('button', { name: 'Envoyer' }).click();
    await kiosk.getByText('Merci !').waitFor();
    await kiosk.getByRole('button', { name: 'Au suivant' }).click();
  }

  it('shows the same figures on the dashboard, in the report and in the exports', async () => {
    const organizer = await enrolledDevice(server, env, 'organizer', 'Portable coordination', contexts);
    const phoneA = await enrolledDevice(server, env, 'animator', 'Téléphone Langogne', contexts);
    const phoneB = await enrolledDevice(server, env, 'animator', 'Téléphone Mende', contexts);
    const programme = (await (await fetch(`${server.url}/api/public/events/tiers-lieux-lozere/programme.json`)).json()) as { stages: { id: string; town: string }[] };
    const kiosk = await kioskAt(programme.stages.find((stage) => stage.town === 'Langogne')!.id);
    for (const device of [phoneA, phoneB, kiosk]) await device.context().setOffline(true);

    // Three answers at Langogne, one with HTML meant to run, one with a spreadsheet formula.
    const html = '<img src=x onerror="window.__xss = 1">Super journée';
    await answer(kiosk, 5, html);
    await answer(kiosk, 4, '=1+1');
    await answer(kiosk, 2, '');

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
    await kiosk.context().setOffline(false);
    await kiosk.getByRole('button', { name: 'Accès organisateur' }).click();
    await kiosk.getByLabel('Code PIN de l’organisateur').fill(PIN);
    await kiosk.getByRole('button', { name: 'Déverrouiller' }).click();
    await syncUntil(kiosk, () => kiosk.getByTestId('kiosk-waiting').textContent(), /^Tout est envoyé$/);

    // Counts the figures' reads of who is present where, on every page the organizer opens from now on.
    await organizer.addInitScript(() => {
      const getAll = IDBObjectStore.prototype.getAll;
      IDBObjectStore.prototype.getAll = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['getAll']>) {
        if (this.name === 'attendance') (window as { __attendanceReads?: number }).__attendanceReads = ((window as { __attendanceReads?: number }).__attendanceReads ?? 0) + 1;
        return getAll.apply(this, args);
      };
    });
    await organizer.goto(`${server.url}/dashboard`);
    await syncUntil(organizer, async () => `${await figure(organizer, 'unique')} ${await figure(organizer, 'feedback')}`, /^3 3$/);
    expect(await figure(organizer, 'stages')).toBe('8');
    expect(await figure(organizer, 'registered')).toBe('90');
    expect(await figure(organizer, 'returning')).toBe('1');
    expect(await figure(organizer, 'walk-ins')).toBe('0');
    expect(await figure(organizer, 'talks')).toBe('16');
    expect(await figure(organizer, 'partners')).toBe('16');
    expect(await figure(organizer, 'mean-rating')).toBe('3,7 / 5');
    // Present, walk-ins, scans, answers, mean rating.
    expect(await organizer.locator('[data-testid="per-stage"] thead th').nth(1).textContent()).toMatch(/^Présents \(sur 9\d inscrits à la semaine\)$/);
    expect(await stageRow(organizer, 'Langogne')).toEqual(['2', '0', '3', '3', '3,7 / 5']);
    expect(await stageRow(organizer, 'Mende')).toEqual(['2', '0', '2', '0', '—']);
    expect(await stageRow(organizer, 'Chanac')).toEqual(['0', '0', '0', '0', '—']);
    // The participants list says who came where, from the same counts (the device's attendance).
    const langogne = programme.stages.find((stage) => stage.town === 'Langogne')!.id;
    await organizer.goto(`${server.url}/participants?stage=${encodeURIComponent(langogne)}&presence=present`);
    await expect.poll(() => organizer.getByTestId('participants-count').textContent()).toBe('2 affiché·e·s sur 90');
    expect(await organizer.getByTestId('participants').locator('strong').allTextContents()).toEqual(['Hélène Vézian', 'Thibault Astruc']);
    await organizer.getByLabel('Présence').selectOption({ label: 'Absents' });
    await expect.poll(() => organizer.getByTestId('participants-count').textContent()).toBe('88 affiché·e·s sur 90');
    await organizer.goto(`${server.url}/dashboard`);
    await expect.poll(() => stageRow(organizer, 'Langogne')).toEqual(['2', '0', '3', '3', '3,7 / 5']);
    // The chart's figures are written out for screen readers, the same as the table's.
    expect(await organizer.locator('figure', { hasText: 'Présents par étape' }).locator('li').allTextContents()).toContain('Langogne – 2 présents');

    expect(await organizer.locator('figure', { hasText: 'Notes données' }).locator('li').allTextContents()).toEqual([
      '1 sur 5 – 0 avis',
      '2 sur 5 – 1 avis',
      '3 sur 5 – 0 avis',
      '4 sur 5 – 1 avis',
      '5 sur 5 – 1 avis',
    ]);

    // Comments come out as text: the HTML is shown, never run.
    const comments = organizer.getByTestId('comments');
    expect(await comments.locator('blockquote').allTextContents()).toEqual(['=1+1', html]);
    expect(await comments.locator('img').count()).toBe(0);
    expect(await organizer.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    await comments.locator('li', { hasText: 'Super journée' }).getByLabel('Dans le rapport').check();

    await organizer.getByRole('link', { name: 'Ouvrir le rapport de la semaine' }).click();
    await expect.poll(() => organizer.getByTestId('report-headline').textContent()).toBe('8 étapes, 3 participants, 16 interventions, 16 partenaires.');
    expect(await organizer.getByTestId('report-detail').textContent()).toBe('90 inscrits, dont 1 venu à deux étapes ou plus\u00a0; 0 personne inscrite sur place.');
    expect(await organizer.locator('[data-stage="Langogne"]').textContent()).toContain(': 2 présents dont 0 inscrit sur place, 3 avis, note moyenne 3,7 sur 5.');
    expect(await organizer.getByTestId('report-feedback').textContent()).toBe('3 avis recueillis, note moyenne 3,7 sur 5.');
    expect(await organizer.locator('.report__comment blockquote').allTextContents()).toEqual([html]);
    expect(await organizer.locator('.report img').count()).toBe(0);

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

    // The feedback export: three answers, the formula neutralised, the HTML kept as plain text.
    const [feedbackDownload] = await Promise.all([
      organizer.waitForEvent('download'),
      organizer.getByRole('button', { name: 'Exporter les avis (CSV)' }).click(),
    ]);
    const answers = Papa.parse<Record<string, string>>(readFileSync((await feedbackDownload.path())!, 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
    expect(answers.map((row) => [row.rating, row.comment, row.stage_town]).sort()).toEqual([
      ['2', '', 'Langogne'],
      ['4', "'=1+1", 'Langogne'],
      ['5', html, 'Langogne'],
    ]);

    // The figures are read again when what they count changes, not at every sync: each sync writes
    // the device's own state, and at festival size the figures cost a second of a slow phone.
    const attendanceReads = () => organizer.evaluate(() => (window as { __attendanceReads?: number }).__attendanceReads ?? 0);
    await expect.poll(() => stageRow(organizer, 'Mende')).toEqual(['2', '0', '2', '0', '—']);
    const reads = await attendanceReads();
    await Promise.all([organizer.waitForResponse((response) => response.url().includes('/api/sync/pull')), organizer.getByRole('button', { name: 'Synchroniser' }).click()]);
    await checkIn(phoneB, 'Mende', 'astruc');
    await syncUntil(phoneB, () => phoneB.locator('.sync-status').textContent(), /Tout est envoyé/);
    await syncUntil(organizer, async () => (await stageRow(organizer, 'Mende')).join(' '), /^3 0 3 0 /);
    expect(await attendanceReads()).toBe(reads + 1);
  });
});
