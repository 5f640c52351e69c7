import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/database/connect.ts';
import { signBadge } from '../../src/shared/badge.ts';
import type { Role } from '../../src/shared/protocol.ts';
import { E2E_BUILDS } from '../setup/build-apps.ts';
import { freePort } from '../support/free-port.ts';
import { runEtape, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { ENGINES, openDevice, stopEngines, type DeviceOptions, type EngineDevice, type EnginePage } from './engines.ts';
import { badgeVideo } from './fake-camera.ts';
import { button, choose, controlled, filmBadge, focusEmpty, liveFilmedTracks, screenText, texts } from './page-queries.ts';

/*
 * The core journey, the same in Chromium, Firefox and WebKit (Safari's engine): each engine gets
 * its own server and database. "Offline" is the server stopped (WebKit has no network emulation),
 * then started again on the same address. One engine alone: `-t webkit` (or chromium, firefox).
 */
const text = (page: EnginePage) => page.evaluate(screenText, undefined);
const PIN = '2468';
/** Where each role lands after enrolment. */
const HOME: Record<Role, RegExp> = { organizer: /\/dashboard$/, animator: /\/scan$/, kiosk: /\/kiosk$/ };

/** Types into the field labelled `label`, with the keyboard. */
async function fill(page: EnginePage, label: string, value: string): Promise<void> {
  expect(await page.evaluate(focusEmpty, label)).toBe(true);
  await page.type(value);
}
/** Waits until the screen shows `expected`; on timeout the error carries the whole screen. */
async function untilText(page: EnginePage, expected: string | RegExp, timeout = 20_000): Promise<void> {
  const poll = expect.poll(() => text(page), { timeout });
  await (typeof expected === 'string' ? poll.toContain(expected) : poll.toMatch(expected));
}
/** Presses "Synchroniser" (as the user would) until `read` matches: syncs started by triggers may still run. */
async function syncUntil(page: EnginePage, read: () => Promise<string>, expected: RegExp): Promise<void> {
  await expect
    .poll(
      async () => {
        const enabled = await page.evaluate((name) => {
          const found = Array.from(document.querySelectorAll('button')).find((element) => element.textContent?.trim() === name);
          return !!found && !found.disabled;
        }, 'Synchroniser');
        if (enabled) await page.click(button, 'Synchroniser');
        return read();
      },
      { timeout: 40_000, interval: 1_000 },
    )
    .toMatch(expected);
}
/** The kiosk's faces, "… (N sur 5)" from 1 to 5. */
const face = (rating: number) => Array.from(document.querySelectorAll('button')).filter((element) => / sur 5\)$/.test(element.getAttribute('aria-label') ?? ''))[rating - 1] ?? null;
const faceCount = () => Array.from(document.querySelectorAll('button')).filter((element) => / sur 5\)$/.test(element.getAttribute('aria-label') ?? '')).length;
const testId = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const figure = (name: string) => document.querySelector(`[data-figure="${name}"] dd`)?.textContent?.trim() ?? '';

describe.each(ENGINES)('the core journey in %s', (engine) => {
  let env: Record<string, string>;
  let server: ServerProcess | undefined;
  const devices: EngineDevice[] = [];
  /** The door's phone, kept for the camera test; the badges it reads: by the wedge scanner, by the camera. */
  let phone: EnginePage;
  let langogne = '';
  let scanned: { id: string; name: string };
  let filmed: { id: string; name: string };
  let badge = '';
  let filmedBadge = '';

  const startServer = async () => {
    server = await startServerProcess(env);
  };
  const stopServer = async () => {
    expect(await server!.stop()).toBe(0);
  };
  const device = async (options?: DeviceOptions) => {
    const opened = await openDevice(engine, options);
    devices.push(opened);
    return opened.page;
  };
  /** A device enrolled like a real one: a link made by `etape enroll`, opened, named; the service worker in control. */
  const enrol = async (role: Role, name: string, extra: string[] = [], options?: DeviceOptions) => {
    const { code: exit, output } = await runEtape(['enroll', '--role', role, ...extra], { ...env, LOG_LEVEL: 'warn' });
    expect(exit).toBe(0);
    const page = await device(options);
    await page.goto(`${server!.url}/enroll#code=${/#code=([\w-]+)/.exec(output)![1]}`);
    await untilText(page, 'Nom de cet appareil');
    await fill(page, 'Nom de cet appareil', name);
    await page.click(button, 'Inscrire l’appareil');
    await expect.poll(() => page.url(), { timeout: 20_000 }).toMatch(HOME[role]);
    await expect.poll(() => page.evaluate(controlled, undefined), { timeout: 20_000 }).toBe(true);
    if (role !== 'kiosk') await untilText(page, 'Tout est envoyé');
    return page;
  };
  const fromServer = async <T>(read: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> => {
    const database = await openDatabase({ kind: 'sqlite', file: env.DATABASE_FILE! });
    try {
      return await read(database.db);
    } finally {
      await database.close();
    }
  };

  beforeAll(async () => {
    env = {
      DATABASE_FILE: join(mkdtempSync(join(tmpdir(), `etape-e2e-journey-${engine}-`)), 'etape.sqlite'),
      DATABASE_URL: '',
      PORT: String(await freePort()),
      ETAPE_STATIC_DIR: E2E_BUILDS.v1.dir,
    };
    await startServer();
    const programme = (await (await fetch(`${server!.url}/api/public/events/tiers-lieux-lozere/programme.json`)).json()) as { stages: { id: string; town: string }[] };
    langogne = programme.stages.find((stage) => stage.town === 'Langogne')!.id;
    const found = await fromServer(async (db) => ({
      secret: await db.selectFrom('eventSecrets').select(['eventId', 'badgePrivateKey']).executeTakeFirstOrThrow(),
      people: await db.selectFrom('participants').select(['id', 'name']).where('name', 'not like', '%Astruc%').orderBy('name').limit(2).execute(),
    }));
    [scanned, filmed] = found.people as [typeof scanned, typeof filmed];
    badge = await signBadge(found.secret.badgePrivateKey, found.secret.eventId, scanned.id);
    filmedBadge = await signBadge(found.secret.badgePrivateKey, found.secret.eventId, filmed.id);
  });
  // A step that failed with the server stopped does not take the next steps down with it.
  beforeEach(async () => {
    if (server && server.child.exitCode !== null) await startServer();
  });
  afterAll(async () => {
    for (const opened of devices) await opened.close().catch(() => undefined);
    await stopEngines();
    await server?.stop();
  });

  it('shows the public programme, then starts cold from the service worker with the server stopped', async () => {
    const page = await device();
    await page.goto(`${server!.url}/programme`);
    await expect.poll(() => text(page), { timeout: 20_000 }).toContain('Florac Trois Rivières');
    expect(await page.evaluate(texts, '.stage h3')).toHaveLength(8);
    // Times are in the event's zone (Paris) although the device is in New York.
    await expect.poll(() => page.evaluate(texts, '.stage')).toContainEqual(expect.stringMatching(/Langogne.*14:00/));
    await expect.poll(() => page.evaluate(controlled, undefined), { timeout: 20_000 }).toBe(true);

    await stopServer();
    await page.goto(`${server!.url}/`);
    await expect.poll(() => page.evaluate(texts, '.stage h3'), { timeout: 20_000 }).toHaveLength(8);
    await untilText(page, 'Hors connexion');
    await startServer();
  });

  it('checks people in offline at the door and takes kiosk answers offline; each reaches the server exactly once; the dashboard counts them', async () => {
    const organizer = await enrol('organizer', 'Portable coordination');
    // Chromium's fake camera films a video given at launch; the other engines' is replaced in the page (filmBadge).
    phone = await enrol('animator', 'Téléphone Langogne', [], engine === 'chromium' ? { cameraVideo: await badgeVideo(filmedBadge) } : undefined);
    expect(await phone.evaluate(choose, { label: 'Étape', option: 'Langogne ' })).toBe(langogne);
    await untilText(phone, /Présents : 0 sur 9\d inscrits/);
    const kiosk = await enrol('kiosk', 'Tablette Langogne', ['--stage', langogne], { viewport: { width: 1024, height: 768 } });
    await fill(kiosk, 'Code PIN de l’organisateur', PIN);
    await fill(kiosk, 'Le même code, encore une fois', PIN);
    await kiosk.click(button, 'Démarrer le mode kiosque');
    await expect.poll(() => kiosk.evaluate(faceCount, undefined)).toBe(5);

    // The network goes: the server stops.
    await stopServer();

    // A keyboard-wedge scanner types the badge's code and Enter (no field has the focus).
    await phone.evaluate(() => (document.activeElement as HTMLElement | null)?.blur(), undefined);
    await phone.type(`${badge}\n`);
    await untilText(phone, `Bienvenue, ${scanned.name}`);
    // By name: the search ignores accents and capitals.
    await fill(phone, 'Rechercher un nom ou une structure', 'astruc');
    await phone.click(() => document.querySelector('.people li:not([hidden]) button'), undefined);
    await untilText(phone, 'Bienvenue, Thibault Astruc');
    // A walk-in, registered and checked in at once.
    await phone.click(button, 'Inscrire une personne sur place');
    await untilText(phone, 'Nom et prénom');
    await fill(phone, 'Nom et prénom', 'Zoé Sur-Place');
    expect(await phone.evaluate(choose, { label: 'Profil', option: 'indépendant' })).toBe('freelancer');
    await phone.click(button, 'La personne accepte…');
    await phone.click(button, 'Inscrire et enregistrer l’arrivée');
    await untilText(phone, 'Bienvenue, Zoé Sur-Place');
    // Thibault Astruc was checked in by mistake: undone from the strip of recent scans, once it lists
    // all three (the walk-in's line arrives after its answer and moves the others down).
    await expect.poll(() => phone.evaluate(() => document.querySelectorAll('[data-testid="recent"] li').length, undefined)).toBe(3);
    await phone.click(button, 'Annuler le passage de Thibault Astruc');
    await expect.poll(() => phone.evaluate(testId, 'presence')).toMatch(/^Présents : 2 sur 9\d inscrits · sur place : 1/);
    // Not installed, storage not persistent (Safari refuses it in a tab): the phone says its data may be
    // deleted, how to keep it, and how much waits to be sent (the same count as the sync bar's).
    const persisted = (await phone.evaluate(async () => (await navigator.storage?.persisted?.()) ?? null, undefined)) === true; // WebKitGTK has no navigator.storage
    if (engine === 'webkit') expect(persisted).toBe(false);
    const waiting = Number(/(\d+) en attente d’envoi/.exec(await text(phone))?.[1]);
    expect(waiting).toBeGreaterThanOrEqual(4);
    expect(await phone.evaluate(testId, 'storage-at-risk')).toBe(
      persisted
        ? ''
        : 'Installez Étape sur cet appareil pour ne pas perdre ses données' + // the folded notice's summary, then its text
            'Étape n’est pas installée sur cet appareil : le navigateur peut effacer ses données (Safari, après 7 jours sans ouverture). ' +
            'Pour les garder, ajoutez-la à l’écran d’accueil (Safari : Partager → Sur l’écran d’accueil ; Chrome : menu → Installer l’application). ' +
            `${waiting} modifications attendent d’être envoyées : synchronisez avant de fermer.`,
    );

    // The kiosk takes three answers, then is reloaded (from the service worker): nothing is lost.
    for (const [rating, comment] of [[5, 'Super journée'], [4, 'Très bien'], [2, '']] as const) {
      await kiosk.click(face, rating);
      await untilText(kiosk, 'Un commentaire ? (facultatif)');
      if (comment) await fill(kiosk, 'Un commentaire ? (facultatif)', comment);
      await kiosk.click(button, 'Envoyer');
      await untilText(kiosk, 'Merci !');
      await kiosk.click(button, 'Au suivant');
      await expect.poll(() => kiosk.evaluate(faceCount, undefined)).toBe(5);
    }
    await kiosk.reload();
    await expect.poll(() => kiosk.evaluate(faceCount, undefined), { timeout: 20_000 }).toBe(5);
    await kiosk.click(button, 'Accès organisateur');
    await fill(kiosk, 'Code PIN de l’organisateur', PIN);
    await kiosk.click(button, 'Déverrouiller');
    await expect.poll(() => kiosk.evaluate(testId, 'kiosk-waiting')).toBe('3 réponses en attente d’envoi');

    // The network returns: everything is sent, exactly once.
    await startServer();
    await syncUntil(phone, () => phone.evaluate(screenText, undefined), /Tout est envoyé/);
    await syncUntil(kiosk, () => kiosk.evaluate(testId, 'kiosk-waiting'), /^Tout est envoyé$/);
    const serverRows = () =>
      fromServer(async (db) => ({
        checkins: (await db.selectFrom('checkins').innerJoin('participants', 'participants.id', 'checkins.participantId').select(['participants.name', 'checkins.voided', 'checkins.method']).orderBy('participants.name').execute()).map((row) => `${row.name}:${row.method}:${row.voided}`),
        feedback: (await db.selectFrom('feedback').select(['rating', 'comment', 'stageId']).orderBy('rating').execute()).map((row) => `${row.rating}:${row.comment}:${row.stageId === langogne}`),
        walkIns: (await db.selectFrom('participants').select('name').where('origin', '=', 'walk-in').execute()).map((row) => row.name),
      }));
    const expected = {
      checkins: [`${scanned.name}:scanner:0`, 'Thibault Astruc:search:1', 'Zoé Sur-Place:walk-in:0'].sort(),
      feedback: ['2::true', '4:Très bien:true', '5:Super journée:true'],
      walkIns: ['Zoé Sur-Place'],
    };
    expect(await serverRows()).toEqual(expected);
    // Syncing again sends nothing twice.
    await syncUntil(phone, () => phone.evaluate(screenText, undefined), /Tout est envoyé/);
    expect(await serverRows()).toEqual(expected);

    // The organizer's dashboard, after its own sync: 2 present (one walk-in), 3 answers.
    await organizer.goto(`${server!.url}/dashboard`);
    await syncUntil(organizer, async () => `${await organizer.evaluate(figure, 'unique')} ${await organizer.evaluate(figure, 'feedback')}`, /^2 3$/);
    expect(await organizer.evaluate(figure, 'walk-ins')).toBe('1');
    expect(await organizer.evaluate(figure, 'mean-rating')).toBe('3,7 / 5');
  });

  it('reads a badge with the camera, offline (the decoder’s wasm from the service worker’s cache)', async () => {
    await stopServer();
    if (engine !== 'chromium') await phone.evaluate(filmBadge, await QRCode.toDataURL(filmedBadge, { width: 600, margin: 2, errorCorrectionLevel: 'M' }));
    await phone.click(button, 'Scanner avec la caméra');
    await untilText(phone, `Bienvenue, ${filmed.name}`, 30_000);
    await phone.click(button, 'Mettre la caméra en pause');
    // Paused, the camera is released: it reads nothing more (a running one records the badge again every 3 s).
    if (engine !== 'chromium') await expect.poll(() => phone.evaluate(liveFilmedTracks, undefined)).toBe(0);
    await startServer();
  });

  if (engine === 'webkit') {
    // Safari has no Background Sync: the page syncs by itself on a timer, when shown again, and when opened.
    it('syncs with no button pressed in WebKit: on its retry timer, when the page is shown again, and when opened', async () => {
      // Three more people, one per trigger (the same badge again within 3 s would be a repeat, not recorded).
      const { secret, people } = await fromServer(async (db) => ({
        secret: await db.selectFrom('eventSecrets').select(['eventId', 'badgePrivateKey']).executeTakeFirstOrThrow(),
        people: await db.selectFrom('participants').select('id').where('name', 'not like', '%Astruc%').orderBy('name').offset(2).limit(3).execute(),
      }));
      const badges = await Promise.all(people.map((person) => signBadge(secret.badgePrivateKey, secret.eventId, person.id)));
      const scanAgain = async () => {
        await phone.evaluate(() => (document.activeElement as HTMLElement | null)?.blur(), undefined);
        await phone.type(`${badges.shift()!}\n`);
      };
      const sent = async () => (await fromServer((db) => db.selectFrom('checkins').select('id').execute())).length;
      await syncUntil(phone, () => text(phone), /Tout est envoyé/); // the camera's scans, sent first
      const before = await sent();

      // Timer: a scan made with the server stopped is sent once it is back, by the retry timer.
      await stopServer();
      await scanAgain();
      await untilText(phone, /1 en attente d’envoi/);
      await startServer();
      await expect.poll(sent, { timeout: 60_000 }).toBe(before + 1);
      await untilText(phone, 'Tout est envoyé');

      // Shown again: WebKit fires visibilitychange when the window comes back, and the page syncs.
      await stopServer();
      await scanAgain();
      await untilText(phone, /1 en attente d’envoi/);
      await phone.setHidden!(true);
      expect(await phone.evaluate(() => document.visibilityState, undefined)).toBe('hidden');
      await startServer();
      await phone.evaluate(() => {
        (window as { shownAgain?: boolean }).shownAgain = false;
        document.addEventListener('visibilitychange', () => ((window as { shownAgain?: boolean }).shownAgain = document.visibilityState === 'visible'));
      }, undefined);
      await phone.setHidden!(false);
      expect(await phone.evaluate(() => (window as { shownAgain?: boolean }).shownAgain, undefined)).toBe(true);
      await expect.poll(sent, { timeout: 60_000 }).toBe(before + 2);

      // Opened: a scan waiting when the page was closed is sent when it is opened again.
      await stopServer();
      await scanAgain();
      await untilText(phone, /1 en attente d’envoi/);
      await startServer();
      await phone.goto(`${server!.url}/scan`);
      await expect.poll(sent, { timeout: 60_000 }).toBe(before + 3);
      await untilText(phone, 'Tout est envoyé');
    });
  }
});
