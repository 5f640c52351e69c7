import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/database/connect.ts';
import { signBadge } from '../../src/shared/badge.ts';
import { E2E_BUILDS } from '../setup/build-apps.ts';
import { freePort } from '../support/free-port.ts';
import { runEtape, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { fakeCameraArgs, launchProfile } from './browser.ts';
import { badgeVideo } from './fake-camera.ts';

/*
 * The door, offline, with real badges: each phone is a Chromium whose fake camera films a video
 * of a badge made here (signed with the event's private key read from the server's database).
 * A fake camera shows one video per browser launch, hence one browser per badge video.
 */
describe('scanning badges at the door with no network', () => {
  const databaseFile = join(mkdtempSync(join(tmpdir(), 'etape-e2e-scan-')), 'etape.sqlite');
  let env: Record<string, string>;
  let server: ServerProcess | undefined;
  const contexts: BrowserContext[] = [];
  let people: { id: string; name: string; organisation: string }[] = [];
  let genuine = '';
  let forged = '';
  let privateKey = '';
  let eventId = '';

  beforeAll(async () => {
    env = { DATABASE_FILE: databaseFile, DATABASE_URL: '', PORT: String(await freePort()), ETAPE_STATIC_DIR: E2E_BUILDS.v1.dir };
    server = await startServerProcess(env);
    const database = await openDatabase({ kind: 'sqlite', file: databaseFile });
    const secret = await database.db.selectFrom('eventSecrets').select(['eventId', 'badgePrivateKey']).executeTakeFirstOrThrow();
    people = await database.db.selectFrom('participants').select(['id', 'name', 'organisation']).where('eventId', '=', secret.eventId).orderBy('name').limit(2).execute();
    await database.close();
    privateKey = secret.badgePrivateKey;
    eventId = secret.eventId;
    genuine = await signBadge(privateKey, eventId, people[0]!.id);
    const stranger = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }).d!;
    forged = await signBadge(stranger, secret.eventId, people[1]!.id); // this event's badge, signed with another key
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await server?.stop();
  });

  /** An enrolled phone; its camera films `video`, or, with `video` undefined, a camera whose permission is refused. */
  async function enrolledPhone(name: string, video: string | undefined): Promise<Page> {
    const { code: exit, output } = await runEtape(['enroll', '--role', 'animator'], { ...env, LOG_LEVEL: 'warn' });
    expect(exit).toBe(0);
    const code = /#code=([\w-]+)/.exec(output)![1];
    const context = await launchProfile({ args: video ? fakeCameraArgs(video) : ['--use-fake-device-for-media-stream'] });
    contexts.push(context);
    if (video) await context.grantPermissions(['camera'], { origin: server!.url });
    const page = await context.newPage();
    await page.goto(`${server!.url}/enroll#code=${code}`);
    await page.getByLabel('Nom de cet appareil').fill(name);
    await page.getByRole('button', { name: 'Inscrire l’appareil' }).click();
    await page.waitForURL('**/scan');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await expect.poll(() => page.getByText('Tout est envoyé').count(), { timeout: 20_000 }).toBe(1);
    // Chromium here has no native BarcodeDetector: the wasm decoder was fetched by /scan while online and
    // is in the service worker's cache, for a camera started with no network.
    await expect.poll(() => page.evaluate(async () => (await (await caches.open('etape-wasm')).keys()).map((r) => new URL(r.url).pathname)), { timeout: 20_000 }).toEqual([
      expect.stringMatching(/^\/assets\/zxing_reader-[\w-]+\.wasm$/),
    ]);
    await page.getByLabel('Étape', { exact: true }).selectOption({ index: 1 });
    await expect.poll(() => presence(page)).toMatch(/^Présents\u00a0: \d+ sur 9\d inscrits/);
    return page;
  }

  const presence = (page: Page) => page.getByTestId('presence').textContent();
  /** The answer on screen ('' while there is none yet), read without waiting, so a poll keeps its own pace. */
  const outcome = async (page: Page) => ((await page.locator('.outcome').count()) > 0 ? await page.locator('.outcome').textContent() : '');
  /** The answer and any alert (camera refused or failed), for polls whose failure must say why. */
  const screen = async (page: Page) => `${await outcome(page)} ${(await page.getByRole('alert').allTextContents()).join(' ')}`.trim();
  /** Waits until the screen matches, polling; on timeout the error carries the whole screen, not a cut of it. */
  const untilScreen = async (page: Page, expected: string | RegExp, timeoutMs = 30_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = await screen(page);
      if (typeof expected === 'string' ? last.includes(expected) : expected.test(last)) return;
      await page.waitForTimeout(250);
    }
    throw new Error(`Expected the screen to show ${String(expected)}; it shows: ${JSON.stringify(last)}`);
  };
  const recentLines = (page: Page) => page.getByTestId('recent').locator('li').allTextContents();
  /** The stage's scan count once it has stopped moving (a decode may still be committing when the camera pauses). */
  const settledScans = async (page: Page): Promise<number> => {
    let previous = -1;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
      await page.waitForTimeout(500);
      const count = Number(/passages\u00a0: (\d+)/.exec((await presence(page)) ?? '')?.[1] ?? -1);
      if (count === previous && count === (await recentLines(page)).length) return count;
      previous = count;
    }
    throw new Error(`the scan count did not settle in 30 s: "${await presence(page)}", ${(await recentLines(page)).length} recent scans`);
  };
  const camera = (page: Page, action: 'Scanner avec la caméra' | 'Mettre la caméra en pause') => page.getByRole('button', { name: action }).click();
  const wedge = async (page: Page, code: string) => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
  };
  const syncUntil = (page: Page, expected: RegExp) =>
    expect
      .poll(
        async () => {
          const button = page.getByRole('button', { name: 'Synchroniser' });
          if (await button.isEnabled()) await button.click();
          return `${await presence(page)} | ${(await recentLines(page)).length} scans`;
        },
        { timeout: 40_000, interval: 1_000 },
      )
      .toMatch(expected);

  it('green, amber after 3 s; two phones converge; a walk-in and a wedge scan are accepted after sync', async () => {
    // The scanner's chunk is in the service worker's precache (it is then loaded offline below).
    expect(await (await fetch(`${server!.url}/sw.js`)).text()).toMatch(/assets\/qr-scanner-[\w-]+\.js/);
    const video = await badgeVideo(genuine);
    const phoneA = await enrolledPhone('Téléphone A', video);
    const phoneB = await enrolledPhone('Téléphone B', video);
    for (const page of [phoneA, phoneB]) await page.context().setOffline(true);
    const [first] = people;

    // Phone A, offline: the camera (its code comes from the precache) reads the badge: green,
    // then, the badge still in view after 3 s, a repeat: amber, with the time and this device's name.
    await camera(phoneA, 'Scanner avec la caméra');
    await untilScreen(phoneA, `Bienvenue, ${first!.name}`);
    await untilScreen(phoneA, /déjà enregistré·e à \d\d:\d\d sur Téléphone A/);
    await camera(phoneA, 'Mettre la caméra en pause');
    const scansOnA = await settledScans(phoneA);
    expect(scansOnA).toBeGreaterThanOrEqual(2);
    await expect.poll(() => presence(phoneA)).toMatch(/^Présents\u00a0: 1 /);

    // Phone B, offline too, at the other door: the same badge, green there.
    await camera(phoneB, 'Scanner avec la caméra');
    await untilScreen(phoneB, `Bienvenue, ${first!.name}`);
    await camera(phoneB, 'Mettre la caméra en pause');
    const scansOnB = await settledScans(phoneB);

    // A walk-in registered on phone A, offline: checked in at once, their new badge on screen.
    await phoneA.getByRole('button', { name: 'Inscrire une personne sur place' }).click();
    await phoneA.getByLabel('Nom et prénom').fill('Zoé Sur-Place');
    await phoneA.getByLabel('Structure (facultatif)').fill('Ferme de Vébron');
    await phoneA.getByLabel('Profil').selectOption('freelancer');
    await phoneA.getByLabel(/La personne accepte/).check();
    await phoneA.getByRole('button', { name: 'Inscrire et enregistrer l’arrivée' }).click();
    await untilScreen(phoneA, 'Bienvenue, Zoé Sur-Place');
    const walkInCode = (await phoneA.getByTestId('walk-in-code').textContent())!;
    expect(walkInCode).toMatch(/^W1\./);
    await expect.poll(() => presence(phoneA)).toMatch(/^Présents\u00a0: 2 sur 9\d inscrits · sur place\u00a0: 1/);

    // Phone B does not hold the walk-in yet: a keyboard-wedge scan of their badge says so, and records nothing.
    await wedge(phoneB, walkInCode);
    await untilScreen(phoneB, 'pas encore arrivée sur cet appareil');
    expect((await recentLines(phoneB)).length).toBe(scansOnB);

    // The network returns: both phones converge, one presence for the badge, every scan kept, the same on both.
    for (const page of [phoneA, phoneB]) await page.context().setOffline(false);
    const total = scansOnA + 1 + scansOnB;
    const converged = new RegExp(`^Présents\u00a0: 2 .* · passages\u00a0: ${total} \\| ${total} scans$`);
    await syncUntil(phoneA, converged);
    await syncUntil(phoneB, converged);
    await syncUntil(phoneA, converged);
    for (const page of [phoneA, phoneB]) {
      expect((await recentLines(page)).filter((line) => line.includes(first!.name))).toHaveLength(scansOnA + scansOnB);
    }

    // After sync phone B accepts the walk-in's device-made badge (wedge scanner), 3 s after its first
    // try: recorded, and shown as a repeat since phone A checked them in when registering them.
    await phoneB.waitForTimeout(3_100);
    await wedge(phoneB, walkInCode);
    await untilScreen(phoneB, /Zoé Sur-Place\u00a0: déjà enregistré·e à \d\d:\d\d sur Téléphone A/);
    await expect.poll(async () => (await recentLines(phoneB)).filter((line) => line.includes('Zoé Sur-Place')).length).toBe(2);

    const database = await openDatabase({ kind: 'sqlite', file: databaseFile });
    const rows = await database.db.selectFrom('checkins').select(['participantId', 'method']).where('participantId', '=', first!.id).execute();
    const walkIn = await database.db.selectFrom('participants').select(['id', 'origin', 'badgeCode']).where('name', '=', 'Zoé Sur-Place').executeTakeFirst();
    await database.close();
    expect(rows).toHaveLength(scansOnA + scansOnB);
    expect(rows.every((row) => row.method === 'camera')).toBe(true);
    expect(walkIn).toMatchObject({ origin: 'walk-in', badgeCode: walkInCode });
    for (const page of [phoneA, phoneB]) await page.context().close(); // fewer browsers for the next tests
  });

  it('refuses a forged badge in red, and records nothing', async () => {
    const phone = await enrolledPhone('Téléphone C', await badgeVideo(forged));
    await phone.context().setOffline(true);
    const before = { presence: await presence(phone), scans: await recentLines(phone) };
    await camera(phone, 'Scanner avec la caméra');
    await untilScreen(phone, 'badge falsifié');
    expect(await phone.locator('.outcome').getAttribute('data-tone')).toBe('red');
    await camera(phone, 'Mettre la caméra en pause');
    expect(await recentLines(phone)).toEqual(before.scans);
    expect(await presence(phone)).toBe(before.presence);
    await phone.context().close();
  });

  it('a phone an organizer revoked says why a scan is not saved, in French, and records nothing', async () => {
    const phone = await enrolledPhone('Téléphone perdu', undefined);
    const { output: listed } = await runEtape(['devices'], { ...env, LOG_LEVEL: 'warn' });
    const phoneId = listed.split('\n').find((line) => line.split('\t')[1] === 'Téléphone perdu')?.split('\t')[0];
    expect(phoneId).toBeDefined();
    expect((await runEtape(['revoke', phoneId!], { ...env, LOG_LEVEL: 'warn' })).code).toBe(0);
    // Its next sync hears it, and the sync bar says so.
    await expect
      .poll(
        async () => {
          const button = phone.getByRole('button', { name: 'Synchroniser' });
          if (await button.isEnabled()) await button.click();
          return phone.locator('.sync-status__error').allTextContents();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toEqual([expect.stringMatching(/^Un organisateur a retiré cet appareil/)]);
    const before = { presence: await presence(phone), scans: await recentLines(phone) };
    await wedge(phone, genuine);
    await untilScreen(phone, 'Non enregistré\u00a0: Un organisateur a retiré cet appareil\u00a0: il n’envoie et n’enregistre plus rien.');
    expect(await phone.locator('.outcome').getAttribute('data-tone')).toBe('red');
    expect(await recentLines(phone)).toEqual(before.scans);
    expect(await presence(phone)).toBe(before.presence);
    await phone.context().close();
  });

  it('a camera still starting when its page is left or hidden is stopped as soon as it has started', async () => {
    const phone = await enrolledPhone('Téléphone C', await badgeVideo(genuine));
    // The camera takes as long to open as the test wants: each getUserMedia waits for `openCameras()`;
    // every stream it gives is kept, to see whether it is still live.
    await phone.evaluate(() => {
      const media = navigator.mediaDevices;
      const real = media.getUserMedia.bind(media);
      const held: (() => void)[] = [];
      const page = window as unknown as { streams: MediaStream[]; held: () => number; openCameras: () => void };
      page.streams = [];
      page.held = () => held.length;
      page.openCameras = () => held.splice(0).forEach((open) => open());
      media.getUserMedia = async (constraints) => {
        await new Promise<void>((open) => held.push(open));
        const stream = await real(constraints);
        page.streams.push(stream);
        return stream;
      };
    });
    type Held = { streams: MediaStream[]; held: () => number; openCameras: () => void };
    const cameras = () =>
      phone.evaluate(() => {
        const page = window as unknown as Held;
        return { opened: page.streams.length, live: page.streams.flatMap((stream) => stream.getTracks()).filter((track) => track.readyState === 'live').length };
      });
    const untilHeld = () => expect.poll(() => phone.evaluate(() => (window as unknown as Held).held())).toBe(1);
    const openCameras = () => phone.evaluate(() => (window as unknown as Held).openCameras());

    // Left: the camera is asked for, the animator goes to the programme before it opens.
    await camera(phone, 'Scanner avec la caméra');
    await untilHeld();
    await phone.getByRole('link', { name: 'Programme', exact: true }).first().click();
    await phone.waitForURL('**/programme');
    await openCameras();
    await expect.poll(cameras).toEqual({ opened: 1, live: 0 });

    // Hidden: the camera is asked for, the phone is put away before it opens; shown again, it runs.
    await phone.goBack();
    await phone.waitForURL('**/scan');
    await camera(phone, 'Scanner avec la caméra');
    await untilHeld();
    const show = (state: 'hidden' | 'visible') =>
      phone.evaluate((visibility) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    await show('hidden');
    await openCameras();
    await expect.poll(cameras).toEqual({ opened: 2, live: 0 });
    await show('visible');
    await untilHeld();
    await openCameras();
    await expect.poll(cameras).toEqual({ opened: 3, live: 1 });
    await camera(phone, 'Mettre la caméra en pause');
    await expect.poll(cameras).toEqual({ opened: 3, live: 0 });
    await phone.context().close();
  });

  it('camera refused: says so and how to allow it, and a photo of the badge is scanned instead', async () => {
    const phone = await enrolledPhone('Téléphone D', undefined);
    await phone.context().setOffline(true);
    await camera(phone, 'Scanner avec la caméra');
    await expect.poll(() => phone.getByRole('alert').filter({ hasText: 'La caméra a été refusée' }).count(), { timeout: 20_000 }).toBe(1);
    const photo = join(mkdtempSync(join(tmpdir(), 'etape-photo-')), 'badge.png');
    // A photo as a phone takes it: large, the QR well inside the frame.
    await QRCode.toFile(photo, await signBadge(privateKey, eventId, people[1]!.id), { width: 640, margin: 4, errorCorrectionLevel: 'M' });
    // The phone holds what the other phones recorded (pulled when enrolled): count from there.
    const counts = async () => {
      const [, present, scans] = /^Présents\u00a0: (\d+) .*passages\u00a0: (\d+)$/.exec((await presence(phone)) ?? '') ?? [];
      return { present: Number(present), scans: Number(scans) };
    };
    const before = await counts();
    await phone.getByLabel('Scanner une photo du badge').setInputFiles(photo);
    await untilScreen(phone, new RegExp(`Bienvenue, ${people[1]!.name}|${people[1]!.name}\u00a0: déjà enregistré·e`));
    await expect.poll(counts).toEqual({ present: before.present + 1, scans: before.scans + 1 });

    // A scan made by mistake is undone from the strip of recent scans, offline: kept, marked, not counted.
    await phone.getByRole('button', { name: `Annuler le passage de ${people[1]!.name}` }).click();
    await expect.poll(counts).toEqual(before);
    expect((await recentLines(phone)).filter((line) => line.includes(people[1]!.name))).toEqual([expect.stringContaining('(annulé)')]);
  });

  it('name search: 8 names at most, the rows follow the query, a tap checks in the person shown on that row, and the box is cleared for the next', async () => {
    const phone = await enrolledPhone('Téléphone D', undefined);
    const search = phone.getByLabel('Rechercher un nom ou une structure');
    const names = () => phone.locator('.people li:not([hidden]) button strong').allTextContents();
    // A phone shows 8 names; more matches ask for more of the name.
    await search.fill('a');
    await expect.poll(async () => (await names()).length).toBe(8);
    expect(await phone.getByText('D’autres personnes correspondent : tapez la suite du nom.').count()).toBe(1);
    const [before, wanted] = [people[0]!.name, people[1]!.name];
    await search.fill(before);
    await expect.poll(async () => (await names())[0]).toBe(before);
    // Another query: the first row now shows someone else (rows are kept and given the new results).
    await search.fill(wanted);
    await expect.poll(async () => (await names())[0]).toBe(wanted);
    // The rows' names follow the language too (a row is rendered again only when its person or the language changed).
    await phone.getByRole('button', { name: 'Switch to English' }).first().click();
    await expect.poll(() => phone.getByRole('button', { name: `Check in ${wanted}` }).count()).toBeGreaterThan(0);
    await phone.getByRole('button', { name: 'Passer en français' }).first().click();
    await expect.poll(() => phone.getByRole('button', { name: `Enregistrer l’arrivée de ${wanted}` }).count()).toBeGreaterThan(0);
    // What is read out holds what is shown: the name, then the organisation that tells two namesakes apart.
    const spoken = await phone.locator('.people li:not([hidden]) button').first().getAttribute('aria-label');
    expect(spoken?.startsWith(`Enregistrer l’arrivée de ${wanted}, ${people[1]!.organisation}`)).toBe(true);
    await phone.locator('.people li:not([hidden]) button').first().click();
    await untilScreen(phone, new RegExp(`Bienvenue, ${wanted}|${wanted}\u00a0: déjà enregistré·e`));
    expect(await search.inputValue()).toBe('');
    expect(await names()).toEqual([]);
    await expect.poll(async () => (await recentLines(phone))[0]).toContain(wanted);
  });
});
