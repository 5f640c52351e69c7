import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { openDatabase } from '../../../src/server/database/connect.ts';
import { createPoster } from '../../../src/server/posters/posters.ts';
import { E2E_BUILDS } from '../../setup/build-apps.ts';
import { CHROMIUM } from '../../setup/ensure-browser.ts';
import { freePort } from '../../support/free-port.ts';
import { runEtape, startServerProcess, type ServerProcess } from '../../support/server-process.ts';
import { CHROMIUM_ARGS } from '../browser.ts';
import type { LayoutDevice, LayoutIds } from './routes.ts';

/** Names as long as real registrations bring: compound first names, particles, double-barrelled towns. */
const FIRST = ['Marie-Bernadette', 'Jean-Christophe', 'Anne-Sophie', 'Maximilien', 'Gwendoline', 'Pierre-Emmanuel', 'Éléonore', 'Noël', 'Zoé', 'Thibault'];
const LAST = ['de La Tour-d’Auvergne-Lauragais', 'Vézian-Boissonnade', 'Castelnau-Montratier', 'Pagès', 'Saint-Étienne-du-Valdonnez', 'Bonnefoy', 'Chabert-Rouvière'];
const ORGANISATIONS = [
  'Communauté de communes Gorges Causses Cévennes – Maison France Services de Sainte-Enimie',
  'Tiers-lieu La Fabrique des Possibles du Haut-Allier',
  'Coopérative d’activités et d’emploi Lozère Entreprendre',
  '',
];
export const LONGEST_NAME = 'Marie-Bernadette-Géraldine de La Tour-d’Auvergne-Lauragais-Montmorency';
export const EXTRA_PARTICIPANTS = 210; // with the demo week's 90: 300

function registrationsCsv(): string {
  const lines = ['Nom;Structure;Profil;Email'];
  lines.push(`${LONGEST_NAME};${ORGANISATIONS[0]};élu;marie-bernadette.delatour-dauvergne@communaute-de-communes.example.org`);
  for (let index = 1; index < EXTRA_PARTICIPANTS; index += 1) {
    const name = `${FIRST[index % FIRST.length]} ${LAST[Math.floor(index / FIRST.length) % LAST.length]} ${index}`;
    lines.push(`${name};${ORGANISATIONS[index % ORGANISATIONS.length]};association;`);
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const PIN = '2468';

/** Waits until `read` gives what `expected` matches (expect.poll is for tests, this runs in beforeAll). */
async function until(read: () => Promise<string | null | number>, expected: RegExp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string | null | number = null;
  while (Date.now() < deadline) {
    last = await read();
    if (expected.test(String(last))) return;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`Still ${JSON.stringify(last)}, not ${expected}, after ${timeoutMs} ms`);
}

/** Presses Synchroniser, as a person would, until `read` gives what `expected` matches. */
async function syncUntil(page: Page, read: () => Promise<string | null>, expected: RegExp): Promise<void> {
  await until(async () => {
    const button = page.getByRole('button', { name: 'Synchroniser' });
    if (await button.isEnabled()) await button.click();
    return read();
  }, expected);
}

/**
 * One seeded server (the demo week, 300 participants, scans at Florac, a poster) and one
 * browser, with a context per device: the layout checks resize these pages between sizes.
 */
export class LayoutWorld {
  private constructor(
    readonly server: ServerProcess,
    readonly env: Record<string, string>,
    readonly databaseFile: string,
    private readonly browser: Browser,
  ) {}
  readonly pages = new Map<LayoutDevice, Page>();
  ids!: LayoutIds;

  static async start(): Promise<LayoutWorld> {
    const databaseFile = join(mkdtempSync(join(tmpdir(), 'etape-e2e-layout-')), 'etape.sqlite');
    const env = { DATABASE_FILE: databaseFile, DATABASE_URL: '', PORT: String(await freePort()), ETAPE_STATIC_DIR: E2E_BUILDS.v1.dir };
    const server = await startServerProcess(env);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
    });
    const world = new LayoutWorld(server, env, databaseFile, browser);
    await world.seed();
    return world;
  }

  async stop(): Promise<void> {
    await this.browser.close();
    await this.server.stop();
  }

  private async newPage(): Promise<Page> {
    const context: BrowserContext = await this.browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'fr-FR',
      timezoneId: 'America/New_York',
      serviceWorkers: 'allow',
      bypassCSP: true, // the accessibility checks inject axe-core into the page
    });
    return context.newPage();
  }

  private async enrol(role: 'organizer' | 'animator' | 'kiosk', name: string, extra: string[] = []): Promise<Page> {
    const { code: exit, output } = await runEtape(['enroll', '--role', role, ...extra], { ...this.env, LOG_LEVEL: 'warn' });
    if (exit !== 0) throw new Error(`etape enroll failed: ${output}`);
    const page = await this.newPage();
    await page.goto(`${this.server.url}/enroll#code=${/#code=([\w-]+)/.exec(output)![1]}`);
    await page.getByLabel('Nom de cet appareil').fill(name);
    await page.getByRole('button', { name: 'Inscrire l’appareil' }).click();
    await page.waitForURL(`**/${{ organizer: 'dashboard', animator: 'scan', kiosk: 'kiosk' }[role]}`);
    return page;
  }

  private async withDatabase<T>(run: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
    const database = await openDatabase({ kind: 'sqlite', file: this.databaseFile });
    try {
      return await run(database.db);
    } finally {
      await database.close();
    }
  }

  private async seed(): Promise<void> {
    const url = this.server.url;
    const florac = await this.withDatabase((db) => db.selectFrom('stages').select(['id', 'eventId']).where('town', 'like', 'Florac%').executeTakeFirstOrThrow());

    // The organizer's laptop imports 210 more registrations and gets their badges signed.
    const organizer = await this.enrol('organizer', 'Portable de la coordination – Maison de l’emploi de Mende');
    await organizer.goto(`${url}/participants`);
    await organizer.getByLabel('Fichier CSV (UTF-8, séparateur virgule ou point-virgule)').setInputFiles({ name: 'inscrits.csv', mimeType: 'text/csv', buffer: Buffer.from(registrationsCsv()) });
    await organizer.getByRole('button', { name: `Importer ${EXTRA_PARTICIPANTS} participants` }).click();
    await until(() => organizer.getByTestId('participants-count').textContent(), /sur 300$/);
    await syncUntil(organizer, () => this.withDatabase(async (db) => String((await db.selectFrom('participants').select('badgeCode').where('name', '=', LONGEST_NAME).executeTakeFirst())?.badgeCode ? 'signed' : '')), /signed/);
    const longName = await this.withDatabase((db) => db.selectFrom('participants').select('id').where('name', '=', LONGEST_NAME).executeTakeFirstOrThrow());
    await syncUntil(organizer, () => organizer.getByTestId('participants-count').textContent(), /sur 300$/);

    // An animator's phone at Florac: a few people checked in, the longest name among them.
    const animator = await this.enrol('animator', 'Téléphone de l’accueil – Florac Trois Rivières', ['--stage', florac.id]);
    await until(() => animator.getByTestId('presence').count(), /^1$/);
    await until(() => animator.getByTestId('presence').textContent(), /sur 300 inscrits/);
    for (const query of ['montmorency', 'vezian boissonnade', 'noel pages']) {
      const search = animator.getByLabel('Rechercher un nom ou une structure');
      // Typed again until the list has the person: the first pull may still be writing participants.
      await until(async () => {
        await search.fill('');
        await search.fill(query);
        return animator.locator('.people li:not([hidden]) button').count();
      }, /^[1-9]/);
      const person = animator.locator('.people li:not([hidden]) button').first();
      const name = (await person.locator('strong').textContent()) ?? '';
      await person.click();
      // This check-in's answer, not the one before it still on screen: the next search starts after it.
      await until(() => animator.locator('.outcome').textContent(), new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    }
    await syncUntil(animator, () => animator.locator('.sync-status').textContent(), /Tout est envoyé/);

    // A kiosk tablet at Florac, its PIN set.
    const kiosk = await this.enrol('kiosk', 'Tablette d’avis – Florac', ['--stage', florac.id]);
    await kiosk.getByLabel('Code PIN de l’organisateur').fill(PIN);
    await kiosk.getByLabel('Le même code, encore une fois').fill(PIN);
    await kiosk.getByRole('button', { name: 'Démarrer le mode kiosque' }).click();
    await kiosk.locator('.kiosk-face').first().waitFor();

    const poster = await this.withDatabase((db) => createPoster(db, florac.eventId, florac.id));
    const visitor = await this.newPage();
    const posterPhone = await this.newPage();
    this.pages.set('organizer', organizer).set('animator', animator).set('kiosk', kiosk).set('visitor', visitor).set('poster', posterPhone);
    this.ids = { floracStageId: florac.id, longNameParticipantId: longName.id, posterPath: poster.path };
  }
}
