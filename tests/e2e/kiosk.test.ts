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

const PIN = '2468';

describe('a feedback kiosk on a tablet, offline all afternoon', () => {
  const databaseFile = join(mkdtempSync(join(tmpdir(), 'etape-e2e-kiosk-')), 'etape.sqlite');
  let server: ServerProcess | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    const env = { DATABASE_FILE: databaseFile, DATABASE_URL: '', PORT: String(await freePort()), ETAPE_STATIC_DIR: E2E_BUILDS.v1.dir };
    server = await startServerProcess(env);
  });
  afterAll(async () => {
    await context?.close();
    await server?.stop();
  });

  const serverFeedback = async () => {
    const database = await openDatabase({ kind: 'sqlite', file: databaseFile });
    try {
      return await database.db.selectFrom('feedback').select(['id', 'stageId', 'rating', 'comment']).execute();
    } finally {
      await database.close();
    }
  };
  const faces = (page: Page) => page.getByRole('button', { name: /sur 5\)$/ });
  const staffPanel = async (page: Page, pin = PIN) => {
    await page.getByRole('button', { name: 'Accès organisateur' }).click();
    await page.getByLabel('Code PIN de l’organisateur').fill(pin);
    await page.getByRole('button', { name: 'Déverrouiller' }).click();
  };

  it('takes twenty answers offline, survives a reload, clears an idle answer, guards its exit, and sends each answer exactly once', async () => {
    const { code: exit, output } = await runEtape(['enroll', '--role', 'kiosk'], {
      DATABASE_FILE: databaseFile,
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
    });
    expect(exit).toBe(0);
    const code = /#code=([\w-]+)/.exec(output)![1];
    context = await launchProfile({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${server!.url}/enroll#code=${code}`);
    await page.getByLabel('Nom de cet appareil').fill('Tablette Chanac');
    await page.getByRole('button', { name: 'Inscrire l’appareil' }).click();
    await page.waitForURL('**/kiosk');

    // Enrolment set no stage: it is chosen once, with the organizer's PIN.
    await page.getByLabel('Code PIN de l’organisateur').fill(PIN);
    await page.getByLabel('Le même code, encore une fois').fill('1357');
    await page.getByRole('button', { name: 'Démarrer le mode kiosque' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('pas les mêmes');
    await page.getByLabel('Le même code, encore une fois').fill(PIN);
    await page.getByRole('button', { name: 'Démarrer le mode kiosque' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Choisissez l’étape');
    const stageSelect = page.getByLabel('Étape de cette borne');
    await expect.poll(() => stageSelect.locator('option').count(), { timeout: 30_000 }).toBe(9);
    const chanac = await stageSelect.locator('option', { hasText: 'Chanac' }).getAttribute('value');
    await stageSelect.selectOption(chanac!);
    await page.getByRole('button', { name: 'Démarrer le mode kiosque' }).click();
    await expect.poll(() => faces(page).count()).toBe(5);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // Kiosk mode: no navigation, and no participant data on this device.
    expect(await page.getByRole('navigation').count()).toBe(0);

    // The demo form arrives with the first sync: its first question shows after a face.
    await expect
      .poll(
        async () => {
          await faces(page).nth(3).click();
          const shown = await page.getByText('Vous êtes…').count();
          await page.getByRole('button', { name: 'Recommencer' }).click();
          return shown;
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(1);
    const participantsHere = await page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('etape');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const request = open.result.transaction('participants').objectStore('participants').count();
            request.onsuccess = () => resolve(request.result);
          };
        }),
    );
    expect(participantsHere).toBe(0);

    await context.setOffline(true);
    for (let i = 0; i < 20; i += 1) {
      await faces(page).nth(i % 5).click();
      await page.getByRole('radio', { name: i % 2 ? 'Élu·e' : 'Élève' }).click();
      if (i % 3 === 0) await page.getByRole('checkbox', { name: 'Les rencontres' }).click();
      await page.getByLabel('Un commentaire ? (facultatif)').fill(`réponse ${i + 1}`);
      const send = page.getByRole('button', { name: 'Envoyer' });
      if (i === 7) await send.dblclick(); // a double tap sends once
      else await send.click();
      await page.getByText('Merci !').waitFor();
      if (i === 0) await faces(page).first().waitFor({ timeout: 15_000 }); // back to the start on its own
      else await page.getByRole('button', { name: 'Au suivant' }).click();
    }

    // The faces never appear above the placeholder title, to be pushed down when the stage's title
    // (four lines on a narrow header) replaces it: that moved the whole form (a layout shift).
    await page.addInitScript(() => {
      const seen = { title: null as string | null };
      (window as unknown as { titleWithFaces: typeof seen }).titleWithFaces = seen;
      new MutationObserver(() => {
        if (seen.title === null && document.querySelector('.kiosk-faces')) seen.title = document.querySelector('.kiosk__stage')?.textContent ?? '';
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    for (let reload = 0; reload < 5; reload++) {
      await page.reload();
      await expect.poll(() => faces(page).count(), { timeout: 20_000 }).toBe(5);
      expect(await page.evaluate(() => (window as unknown as { titleWithFaces: { title: string | null } }).titleWithFaces.title)).toMatch(/^Chanac · /);
    }

    // A half-filled answer left alone for a minute is cleared (the page's clock is moved on).
    await page.clock.install();
    await faces(page).nth(1).click();
    await page.getByLabel('Un commentaire ? (facultatif)').fill('partie sans finir');
    await page.clock.runFor(61_000);
    await expect.poll(() => faces(page).count(), { timeout: 10_000 }).toBe(5);
    await faces(page).nth(1).click();
    expect(await page.getByLabel('Un commentaire ? (facultatif)').inputValue()).toBe('');
    await page.getByRole('button', { name: 'Recommencer' }).click();

    // The PIN guards the exit: a wrong one is refused in words, and other pages lead back here.
    await staffPanel(page, '0000');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Code incorrect.');
    await page.getByRole('button', { name: 'Annuler' }).click();
    await page.goto(`${server!.url}/settings`);
    await page.waitForURL('**/kiosk');
    await expect.poll(() => faces(page).count(), { timeout: 20_000 }).toBe(5);
    await staffPanel(page);
    await expect.poll(() => page.getByTestId('kiosk-waiting').textContent()).toBe('20 réponses en attente d’envoi');
    expect(await page.getByTestId('kiosk-stored').textContent()).toContain('20 réponses enregistrées');
    expect(await serverFeedback()).toHaveLength(0);

    // Back online: press "Synchroniser" until everything is sent.
    await context.setOffline(false);
    await syncUntil(page, () => page.getByTestId('kiosk-waiting').textContent(), /^Tout est envoyé$/);
    const rows = await serverFeedback();
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((row) => row.comment))).toEqual(new Set(Array.from({ length: 20 }, (_, i) => `réponse ${i + 1}`)));
    expect(new Set(rows.map((row) => row.stageId)).size).toBe(1);
    expect(rows.filter((row) => row.rating === 5)).toHaveLength(4);

    // One more answer offline, then an organizer revokes the tablet (it was lost, say): at its next
    // sync the kiosk says it no longer takes feedback instead of showing a form that would only fail,
    // and the staff door still opens, to export the answer it kept.
    await page.getByRole('button', { name: 'Reprendre' }).click();
    await context.setOffline(true);
    await faces(page).nth(4).click();
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByText('Merci !').waitFor();
    await page.getByRole('button', { name: 'Au suivant' }).click();
    const env = { DATABASE_FILE: databaseFile, DATABASE_URL: '', LOG_LEVEL: 'warn' };
    const { output: listed } = await runEtape(['devices'], env);
    const kioskId = listed.split('\n').find((line) => line.split('\t')[1] === 'Tablette Chanac')?.split('\t')[0];
    expect(kioskId).toBeDefined();
    expect((await runEtape(['revoke', kioskId!], env)).code).toBe(0);
    await context.setOffline(false);
    await staffPanel(page);
    await page.getByRole('button', { name: 'Synchroniser' }).click();
    await page.getByRole('button', { name: 'Reprendre' }).click();
    await expect.poll(() => page.locator('.kiosk-revoked').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByRole('alert').textContent()).toBe(
      'Cette borne a été retirée par les organisateurs\u00a0: elle ne prend plus d’avis. Merci de vous adresser à l’équipe.',
    );
    expect(await faces(page).count()).toBe(0);
    expect(await serverFeedback()).toHaveLength(20);
    await staffPanel(page);
    await expect.poll(() => page.getByTestId('kiosk-waiting').textContent()).toBe('1 réponse en attente d’envoi');

    await page.getByRole('button', { name: 'Quitter le mode kiosque' }).click();
    await page.waitForURL('**/settings');
    await page.getByRole('navigation').waitFor();
    await expect.poll(() => page.getByText('Un organisateur a retiré cet appareil.', { exact: false }).textContent()).toContain('gardées ici\u00a0: 1.');
  });
});
