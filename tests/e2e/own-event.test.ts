import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/database/connect.ts';
import { addDays } from '../../src/shared/zoned-time.ts';
import { E2E_BUILDS } from '../setup/build-apps.ts';
import { freePort } from '../support/free-port.ts';
import { runEtape, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { launchProfile } from './browser.ts';
import { enrolledDevice, syncUntil } from './enrol.ts';

const SLUG = 'tiers-lieux-2027';
const NAME = 'Semaine des tiers-lieux 2027';
const PEOPLE = '\uFEFFNom;Structure;Profil;Email\r\nHélène Martin;La Fabrique;association;helene@example.org\r\nYves Rouvière;Mairie de Mende;élu;\r\nNadia Benali;Coop des Causses;indépendant;\r\n';
const PIN = '2468';

describe('your own event, from an empty database, as a new user would', () => {
  const databaseFile = join(mkdtempSync(join(tmpdir(), 'etape-e2e-own-event-')), 'etape.sqlite');
  const contexts: BrowserContext[] = [];
  let env: Record<string, string>;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    env = { DATABASE_FILE: databaseFile, DATABASE_URL: '', PORT: String(await freePort()), ETAPE_STATIC_DIR: E2E_BUILDS.v1.dir, ETAPE_DEMO: '0' };
    server = await startServerProcess(env);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await server?.stop();
  });

  const query = async <T>(read: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> => {
    const database = await openDatabase({ kind: 'sqlite', file: databaseFile });
    try {
      return await read(database.db);
    } finally {
      await database.close();
    }
  };

  it('creates, enrols, builds, imports, runs a day offline, archives and downloads everything', async () => {
    // 1. An empty server says how to begin; the event is created from the command line.
    await expect.poll(() => server!.output()).toContain('No event yet. Create the first one:');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    const created = await runEtape(
      ['event', 'create', '--name', NAME, '--slug', SLUG, '--starts', today, '--ends', addDays(today, 3), '--timezone', 'Europe/Paris'],
      { ...env, LOG_LEVEL: 'warn' },
    );
    expect(created.output).toContain(`Created "${NAME}" (${SLUG})`);
    expect(created.code).toBe(0);

    // 2. The organizer's laptop enrols (the only event is the default), and builds the programme.
    const laptop = await enrolledDevice(server!, env, 'organizer', 'Portable coordination', contexts);
    await laptop.goto(`${server!.url}/stages/new`);
    const fill = (label: string, value: string) => laptop.getByLabel(label, { exact: true }).fill(value);
    await fill('Titre', 'Florac : ouverture de la semaine');
    await fill('Commune', 'Florac');
    await fill('Lieu', 'La Genette Verte');
    await fill('Adresse', '1 place de la Mairie, 48400 Florac');
    await fill('Latitude', '44.324');
    await fill('Longitude', '3.593');
    await fill('Jour', today);
    await fill('Début', '09:00');
    await fill('Fin', '18:00');
    await laptop.getByRole('button', { name: 'Enregistrer', exact: true }).first().click();
    // Saved on the device: the new stage's editor opens (for its talks).
    await laptop.waitForURL(/\/stages\/[\w-]+\/edit$/);

    // The form: the demo's as a starting point, its comment invitation changed here.
    await laptop.getByRole('link', { name: 'Avis' }).click();
    const commentFr = laptop.getByLabel('Invitation au commentaire en français');
    await expect.poll(() => commentFr.inputValue(), { timeout: 30_000 }).toBe('Un commentaire ? (facultatif)');
    await commentFr.fill('Un mot sur cette journée ? (facultatif)');
    await laptop.getByRole('button', { name: 'Enregistrer le formulaire' }).click();
    await laptop.getByText('Formulaire enregistré sur cet appareil.').waitFor();

    // 3. Registrations imported from a CSV file.
    await laptop.getByRole('link', { name: 'Participants' }).click();
    await laptop.getByLabel('Fichier CSV (UTF-8, séparateur virgule ou point-virgule)').setInputFiles({ name: 'inscrits.csv', mimeType: 'text/csv', buffer: Buffer.from(PEOPLE, 'utf8') });
    await laptop.getByRole('button', { name: 'Importer 3 participants' }).click();
    await expect.poll(() => laptop.getByText('3 participants importés, 0 mis à jour.', { exact: false }).count()).toBe(1);

    // 4. The Événement page, offline: the place, saved as an edit and synced later.
    await laptop.getByRole('link', { name: 'Événement' }).click();
    await laptop.context().setOffline(true);
    await laptop.getByLabel('Lieu', { exact: true }).fill('Lozère');
    await laptop.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await expect.poll(() => laptop.getByText('Enregistré sur cet appareil : part à la prochaine synchronisation.').count()).toBe(1);
    await laptop.context().setOffline(false);
    await syncUntil(laptop, () => query(async (db) => (await db.selectFrom('events').select('place').executeTakeFirstOrThrow()).place), /^Lozère$/);
    await syncUntil(laptop, async () => String(await query(async (db) => (await db.selectFrom('stages').selectAll().execute()).length)), /^1$/);
    const stage = await query((db) => db.selectFrom('stages').select('id').executeTakeFirstOrThrow());

    // 5. An animator's phone and a kiosk tablet, enrolled; the day runs offline.
    const phone = await enrolledDevice(server!, env, 'animator', 'Téléphone accueil', contexts);
    await phone.getByLabel('Étape', { exact: true }).selectOption(stage.id);
    const kiosk = await enrolledDevice(server!, env, 'kiosk', 'Tablette Florac', contexts, ['--stage', stage.id]);
    await kiosk.getByLabel('Code PIN de l’organisateur').fill(PIN);
    await kiosk.getByLabel('Le même code, encore une fois').fill(PIN);
    await kiosk.getByRole('button', { name: 'Démarrer le mode kiosque' }).click();
    const faces = kiosk.getByRole('button', { name: /sur 5\)$/ });
    await expect.poll(() => faces.count(), { timeout: 20_000 }).toBe(5);

    for (const page of [phone, kiosk]) await page.context().setOffline(true);
    await phone.getByLabel('Rechercher un nom ou une structure').fill('helene');
    await phone.locator('.people li:not([hidden]) button').first().click();
    await expect.poll(() => phone.locator('.outcome').textContent()).toContain('Hélène Martin');
    await faces.nth(4).click();
    await kiosk.getByLabel('Un mot sur cette journée ? (facultatif)').fill('Une belle ouverture.');
    await kiosk.getByRole('button', { name: 'Envoyer' }).click();
    await kiosk.getByText('Merci !').waitFor();
    for (const page of [phone, kiosk]) await page.context().setOffline(false);
    await syncUntil(phone, async () => String(await query(async (db) => (await db.selectFrom('checkins').select('id').execute()).length)), /^1$/);
    await kiosk.getByRole('button', { name: 'Accès organisateur' }).click();
    await kiosk.getByLabel('Code PIN de l’organisateur').fill(PIN);
    await kiosk.getByRole('button', { name: 'Déverrouiller' }).click();
    await syncUntil(kiosk, () => kiosk.getByTestId('kiosk-waiting').textContent(), /^Tout est envoyé$/);

    // 6. Archived from the Événement page, then everything downloaded as one .zip.
    laptop.once('dialog', (dialog) => void dialog.accept());
    await laptop.getByRole('button', { name: 'Archiver l’événement' }).click();
    await expect.poll(() => laptop.getByText(/^Archivé le \d{4}-\d{2}-\d{2}\.$/).count()).toBe(1);
    expect(await query(async (db) => (await db.selectFrom('events').select('archivedAt').executeTakeFirstOrThrow()).archivedAt)).not.toBeNull();
    // Once the archived record is pulled, the page is read-only.
    await syncUntil(laptop, async () => String(await laptop.getByRole('button', { name: 'Enregistrer', exact: true }).isDisabled()), /^true$/);
    const [download] = await Promise.all([laptop.waitForEvent('download'), laptop.getByRole('button', { name: 'Tout télécharger (.zip)' }).click()]);
    expect(download.suggestedFilename()).toBe(`${SLUG}.zip`);
    const files = unzipSync(readFileSync((await download.path())!));
    const file = (name: string) => strFromU8(files[`${SLUG}/${name}`]!);
    expect(file('participants.csv')).toContain('Hélène Martin');
    expect(file('participants.csv').trim().split('\r\n')).toHaveLength(4);
    expect(file('checkins.csv')).toContain('Hélène Martin');
    expect(file('feedback.csv')).toContain('Une belle ouverture.');
    expect(file('programme.ics').replace(/\r\n /g, '')).toContain(`/e/${SLUG}/stages/${stage.id}`);
    expect(JSON.parse(file('programme.json'))).toMatchObject({ event: { slug: SLUG, name: NAME, place: 'Lozère' } });
    expect(file('report.html')).toContain(`<h1>${NAME} — Rapport</h1>`);

    // 7. A visitor's phone: "/" opens the only event; its public address works too.
    const visitorContext = await launchProfile();
    contexts.push(visitorContext);
    const visitor: Page = await visitorContext.newPage();
    await visitor.goto(`${server!.url}/`);
    await expect.poll(() => visitor.getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 }).toBe(NAME);
    await visitor.goto(`${server!.url}/e/${SLUG}/stages/${stage.id}`);
    await expect.poll(() => visitor.getByText('La Genette Verte').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    // Offline, the phone still follows the event it opened.
    await visitor.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await visitorContext.setOffline(true);
    await visitor.goto(`${server!.url}/`);
    await expect.poll(() => visitor.getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 }).toBe(NAME);

    // 8. A second event on the same server: a new visitor at "/" chooses between them.
    const second = await runEtape(
      ['event', 'create', '--name', 'Tiers-lieux des Causses', '--slug', 'causses-2027', '--starts', addDays(today, 30), '--ends', addDays(today, 31), '--timezone', 'Europe/Paris'],
      { ...env, LOG_LEVEL: 'warn' },
    );
    expect(second.code).toBe(0);
    const newcomerContext = await launchProfile();
    contexts.push(newcomerContext);
    const newcomer = await newcomerContext.newPage();
    await newcomer.goto(`${server!.url}/`);
    await expect.poll(() => newcomer.getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 }).toBe('Événements');
    expect(await newcomer.locator('.event-list a').allTextContents()).toEqual([NAME, 'Tiers-lieux des Causses']);
    await newcomer.getByRole('link', { name: 'Tiers-lieux des Causses' }).click();
    await newcomer.waitForURL('**/e/causses-2027');
    await expect.poll(() => newcomer.getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 }).toBe('Tiers-lieux des Causses');
  });
});
