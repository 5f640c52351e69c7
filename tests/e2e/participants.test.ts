import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/database/connect.ts';
import { readBadge } from '../../src/shared/badge.ts';
import { E2E_BUILDS } from '../setup/build-apps.ts';
import { decodeQr } from '../support/decode-qr.ts';
import { freePort } from '../support/free-port.ts';
import { runEtape, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { launchProfile } from './browser.ts';

const BAD_FILE = '\uFEFFPrénom;Nom;Structure;Profil\r\nHélène;Chély;Mairie de Mende;élue\r\nAnaïs;;Sur place;astronaute\r\n';
const GOOD_FILE = '\uFEFFPrénom;Nom;Structure;Profil;Email\r\nHélène;Chély-Aubrac;Mairie de Mende;élue;helene.chely@example.org\r\nAnaïs;Calculatrice;=1+1;association;\r\n';

describe('an organizer imports registrations offline and prints their badges', () => {
  const databaseFile = join(mkdtempSync(join(tmpdir(), 'etape-e2e-participants-')), 'etape.sqlite');
  let env: Record<string, string>;
  let server: ServerProcess | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    env = { DATABASE_FILE: databaseFile, DATABASE_URL: '', PORT: String(await freePort()), ETAPE_STATIC_DIR: E2E_BUILDS.v1.dir };
    server = await startServerProcess(env);
  });
  afterAll(async () => {
    await context?.close();
    await server?.stop();
  });

  async function enrolledLaptop(): Promise<Page> {
    const { code: exit, output } = await runEtape(['enroll', '--role', 'organizer'], { ...env, LOG_LEVEL: 'warn' });
    expect(exit).toBe(0);
    const code = /#code=([\w-]+)/.exec(output)![1];
    context = await launchProfile({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server!.url}/enroll#code=${code}`);
    await page.getByLabel('Nom de cet appareil').fill('Portable coordination');
    await page.getByRole('button', { name: 'Inscrire l’appareil' }).click();
    await page.waitForURL('**/dashboard');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await expect.poll(() => page.getByText('Tout est envoyé').count(), { timeout: 20_000 }).toBe(1);
    // A device that scans keeps the QR decoder (this Chromium has no native one) from its enrolment on, /scan never opened.
    await expect.poll(() => page.evaluate(async () => (await (await caches.open('etape-wasm')).keys()).length), { timeout: 20_000 }).toBe(1);
    return page;
  }

  const csv = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

  it('previews, imports all or nothing offline, then shows signed badges after sync', async () => {
    const page = await enrolledLaptop();
    await page.context().setOffline(true);
    await page.getByRole('link', { name: 'Participants' }).click();
    await expect.poll(() => page.getByTestId('participants-count').textContent(), { timeout: 20_000 }).toBe('90 affiché·e·s sur 90');

    // A file with a bad row: every problem is listed with its line, and nothing can be imported.
    await page.getByLabel('Fichier CSV (UTF-8, séparateur virgule ou point-virgule)').setInputFiles(csv('inscrits.csv', BAD_FILE));
    await expect.poll(() => page.getByTestId('import-preview').textContent()).toContain('Ligne 3\u00a0: profil «\u00a0astronaute\u00a0» inconnu');
    expect(await page.getByRole('button', { name: /^Importer \d+ participants$/ }).count()).toBe(0);

    // The corrected file: imported at once, offline; badges to come.
    await page.getByLabel('Fichier CSV (UTF-8, séparateur virgule ou point-virgule)').setInputFiles(csv('inscrits.csv', GOOD_FILE));
    await page.getByRole('button', { name: 'Importer 2 participants' }).click();
    await expect.poll(() => page.getByText('2 participants importés, 0 mis à jour.', { exact: false }).count()).toBe(1);
    await expect.poll(() => page.getByTestId('participants-count').textContent()).toBe('92 affiché·e·s sur 92');
    await page.getByLabel('Rechercher un nom, une structure ou une adresse').fill('helene aubrac');
    await expect.poll(() => page.getByTestId('participants').textContent()).toContain('badge à venir');

    // Back online: the server signs the two badges and they come back at the next pull.
    await page.context().setOffline(false);
    await expect
      .poll(
        async () => {
          const button = page.getByRole('button', { name: 'Synchroniser' });
          if (await button.isEnabled()) await button.click();
          return page.getByTestId('participants').textContent();
        },
        { timeout: 30_000, interval: 500 },
      )
      .not.toContain('badge à venir');

    // The badge sheet of the filtered list: each QR decodes to a code the event's key verifies.
    await page.getByRole('link', { name: /^Imprimer les badges/ }).click();
    await page.waitForURL('**/participants/badges?q=helene+aubrac');
    const image = page.locator('img.badge__qr');
    await expect.poll(() => image.count()).toBe(1);
    const decoded = await decodeQr((await image.getAttribute('src'))!);
    const database = await openDatabase({ kind: 'sqlite', file: databaseFile });
    const event = await database.db.selectFrom('events').select(['id', 'badgePublicKey']).executeTakeFirstOrThrow();
    const person = await database.db.selectFrom('participants').selectAll().where('name', '=', 'Hélène Chély-Aubrac').executeTakeFirstOrThrow();
    const imported = await database.db.selectFrom('participants').select('organisation').where('name', '=', 'Anaïs Calculatrice').executeTakeFirstOrThrow();
    await database.close();
    expect(decoded).toEqual([person.badgeCode]);
    expect(await readBadge(decoded[0]!, event)).toEqual({ ok: true, kind: 'signed', eventId: event.id, participantId: person.id });
    expect(imported.organisation).toBe('=1+1'); // kept as text
    expect(await page.locator('.badge__name').textContent()).toBe('Hélène Chély-Aubrac');

    // The organizer downloads the participants export from the list: UTF-8 with BOM, badge codes in it.
    await page.getByRole('link', { name: 'Retour à la liste' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter les participants (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('tiers-lieux-lozere-participants.csv');
    const exported = readFileSync((await download.path())!);
    expect([...exported.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(exported.toString('utf8')).toContain(`Hélène Chély-Aubrac,Mairie de Mende,elected-official,helene.chely@example.org,import,no,${person.badgeCode}`);
    expect(exported.toString('utf8')).toContain("Anaïs Calculatrice,'=1+1,association");

    // The updated registration file, imported again: Hélène (same e-mail) changes organisation, Anaïs
    // (no e-mail: same name and organisation) is already up to date, one person is new. Nobody twice.
    await page.goto(`${server!.url}/participants`);
    const UPDATED = GOOD_FILE.replace('Hélène;Chély-Aubrac;Mairie de Mende', 'Hélène;Chély-Aubrac;Mairie de Mende – élus') + 'Zoé;Nouvelle;Tiers-lieu;autre;\r\n';
    await page.getByLabel('Fichier CSV (UTF-8, séparateur virgule ou point-virgule)').setInputFiles(csv('inscrits-v2.csv', UPDATED));
    await expect.poll(() => page.getByTestId('import-summary').textContent()).toBe('Prêt\u00a0: 1 nouvelle personne, 1 mise à jour, 1 déjà à jour. Personne n’aura deux badges.');
    expect(await page.getByTestId('import-preview').locator('tr', { hasText: 'Chély-Aubrac' }).locator('td').last().textContent()).toBe('mise à jour\u00a0: structure');
    await page.getByRole('button', { name: 'Importer : 1 nouvelle, 1 mise à jour' }).click();
    await expect.poll(() => page.getByTestId('participants-count').textContent()).toBe('93 affiché·e·s sur 93');
    await expect
      .poll(
        async () => {
          const button = page.getByRole('button', { name: 'Synchroniser' });
          if (await button.isEnabled()) await button.click();
          const check = await openDatabase({ kind: 'sqlite', file: databaseFile });
          const rows = await check.db.selectFrom('participants').select(['name', 'organisation', 'badgeCode']).where('name', 'in', ['Hélène Chély-Aubrac', 'Zoé Nouvelle', 'Anaïs Calculatrice']).execute();
          await check.close();
          return rows.map((row) => `${row.name}|${row.organisation}|${row.badgeCode === person.badgeCode ? 'same badge' : row.badgeCode ? 'badge' : 'none'}`).sort();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toEqual(['Anaïs Calculatrice|=1+1|badge', 'Hélène Chély-Aubrac|Mairie de Mende – élus|same badge', 'Zoé Nouvelle|Tiers-lieu|badge']);
  });
});
