import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_BUILDS } from '../setup/build-apps.ts';
import { runEtape, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { launchProfile } from './browser.ts';

const serverEnv = () => ({
  DATABASE_FILE: join(mkdtempSync(join(tmpdir(), 'etape-e2e-programme-')), 'etape.sqlite'),
  DATABASE_URL: '',
  ETAPE_STATIC_DIR: E2E_BUILDS.v1.dir,
});

describe('a participant’s programme with no network', () => {
  let server: ServerProcess;
  let context: BrowserContext;

  beforeAll(async () => {
    server = await startServerProcess(serverEnv());
    context = await launchProfile();
  });
  afterAll(async () => {
    await context?.close();
    await server?.stop();
  });

  it('keeps starred talks across a reload, and shows my programme and a stage page with the server stopped', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/programme`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const florac = page.locator('.stage', { hasText: 'Florac Trois Rivières' });
    const star = florac.getByRole('button', { name: /^Ajouter « .+ » à mon programme$/ }).first();
    const label = (await star.getAttribute('aria-label'))!;
    const title = /«\u00a0(.+)\u00a0»/.exec(label)![1]!;
    await star.click();
    await expect.poll(() => florac.getByRole('button', { name: `Retirer « ${title} » de mon programme` }).getAttribute('aria-pressed')).toBe('true');

    expect(await server.stop()).toBe(0);
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: `Retirer « ${title} » de mon programme` }).count()).toBe(1);

    await page.getByRole('link', { name: 'Mon programme (1)' }).click();
    await expect.poll(() => page.locator('.talk').count()).toBe(1);
    expect(await page.locator('.talk__title').textContent()).toBe(title);
    await page.reload(); // the view is an address: it survives a reload too
    await expect.poll(() => page.locator('.talk__title').allTextContents()).toEqual([title]);

    // The stage page, offline: address, map app link, route map of the 8 towns, share QR, calendar file.
    await page.getByRole('link', { name: 'Florac Trois Rivières' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Florac Trois Rivières');
    expect(await page.getByRole('link', { name: 'Ouvrir dans l’application de cartes' }).getAttribute('href')).toMatch(/^geo:44\.\d+,3\.\d+\?q=/);
    const map = page.getByRole('img', { name: /^Carte du parcours, 8 étapes/ });
    expect(await map.getAttribute('aria-label')).toContain('Langogne, Mende, Le Bleymard');
    await expect.poll(() => map.locator('text').count()).toBe(8);
    await expect.poll(() => page.getByRole('img', { name: 'QR code du lien vers l’étape de Florac Trois Rivières' }).count()).toBe(1);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Ajouter cette étape à mon agenda' }).click(),
    ]);
    const ics = readFileSync((await download.path())!, 'utf8');
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).toContain('DTSTART;TZID=Europe/Paris:');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);

    // A stage page opened directly (a shared link) is served by the service worker.
    const shared = await context.newPage();
    await shared.goto(page.url());
    await expect.poll(() => shared.getByRole('heading', { level: 1 }).textContent()).toBe('Florac Trois Rivières');
  });
});

describe('an organizer moves a talk offline; a participant’s phone shows it and says what changed', () => {
  let server: ServerProcess;
  let env: Record<string, string>;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    env = serverEnv();
    server = await startServerProcess(env);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await server?.stop();
  });

  async function phone(): Promise<Page> {
    const context = await launchProfile();
    contexts.push(context);
    return context.newPage();
  }

  const talkTitle = 'Commerce connecté : outils de géolocalisation commerciale et communication sur les réseaux sociaux';

  it('edits offline with checks in the form, syncs, and the participant sees the new time and the notice', async () => {
    // The participant has looked at the programme once: that is what changes are compared with.
    const participant = await phone();
    await participant.goto(`${server.url}/programme`);
    await expect.poll(() => participant.getByRole('button', { name: 'Toute la semaine dans mon agenda' }).count()).toBe(1);
    await expect
      .poll(() => participant.evaluate(() => new Promise<boolean>((resolve) => {
        const open = indexedDB.open('etape');
        open.onsuccess = () => {
          const request = open.result.transaction('meta').objectStore('meta').get('programme-seen:tiers-lieux-lozere');
          request.onsuccess = () => resolve(request.result !== undefined);
        };
      })))
      .toBe(true);

    const { code: exit, output } = await runEtape(['enroll', '--role', 'organizer'], { ...env, LOG_LEVEL: 'warn' });
    expect(exit).toBe(0);
    const code = /#code=([\w-]+)/.exec(output)![1];
    const organizer = await phone();
    await organizer.goto(`${server.url}/enroll#code=${code}`);
    await organizer.getByLabel('Nom de cet appareil').fill('Tablette organisation');
    await organizer.getByRole('button', { name: 'Inscrire l’appareil' }).click();
    await organizer.waitForURL('**/dashboard');
    await expect.poll(() => organizer.getByText('Tout est envoyé').count(), { timeout: 20_000 }).toBe(1);
    await organizer.waitForFunction(() => navigator.serviceWorker.controller !== null);

    await organizer.context().setOffline(true);
    await organizer.getByRole('link', { name: 'Programme' }).click();
    await organizer.getByRole('link', { name: 'Langogne' }).click();
    await organizer.getByRole('link', { name: 'Modifier l’étape' }).click();
    const form = organizer.getByRole('form', { name: `Intervention « ${talkTitle} »` });
    await expect.poll(() => form.getByLabel('Début').inputValue()).toBe('14:45');

    // Bad input: a clear message on the field, and nothing written.
    await form.getByLabel('Fin').fill('14:30');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => form.getByText('La fin doit venir après le début.').count()).toBe(1);
    expect(await form.getByLabel('Fin').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Fin').fill('17:30');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => form.getByText('L’intervention doit se tenir pendant l’étape, de 14:00 à 17:00.').count()).toBe(1);
    expect(await organizer.getByText('en attente d’envoi').count()).toBe(0);

    await form.getByLabel('Début').fill('15:00');
    await form.getByLabel('Fin').fill('16:30');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => form.getByText('Enregistré sur cet appareil').count()).toBe(1);
    await expect.poll(() => organizer.getByText('1 en attente d’envoi').count()).toBe(1);

    // Back online, the organizer syncs (pressing the button until everything is sent).
    await organizer.context().setOffline(false);
    await expect
      .poll(async () => {
        const button = organizer.getByRole('button', { name: 'Synchroniser' });
        if (await button.isEnabled()) await button.click();
        return organizer.getByText('Tout est envoyé').count();
      }, { timeout: 30_000, interval: 500 })
      .toBe(1);

    // The participant's next visit fetches the programme: new time, and the notice of the change.
    await participant.reload();
    const notice = participant.getByRole('status').filter({ hasText: 'Ce qui a changé depuis votre dernière visite' });
    await expect.poll(() => notice.textContent(), { timeout: 20_000 }).toContain(`Langogne\u00a0: «\u00a0${talkTitle}\u00a0» commence à 15:00 au lieu de 14:45`);
    const talk = participant.locator('.talk', { hasText: talkTitle });
    expect(await talk.locator('.talk__time').textContent()).toBe('15:00');

    await notice.getByRole('button', { name: 'J’ai vu' }).click();
    await expect.poll(() => notice.count()).toBe(0);
    await participant.reload();
    await expect.poll(() => participant.locator('.talk', { hasText: talkTitle }).locator('.talk__time').textContent()).toBe('15:00');
    expect(await participant.getByText('Ce qui a changé depuis votre dernière visite').count()).toBe(0);
  });
});

describe('a phone’s first visit: from “loading” straight to the programme', () => {
  let server: ServerProcess;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServerProcess(serverEnv());
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await server?.stop();
  });

  /** A page of a new profile that records every text its main region showed, in order. */
  async function firstVisit(path: string): Promise<{ page: Page; texts: () => Promise<string[]> }> {
    const context = await launchProfile();
    contexts.push(context);
    const page = await context.newPage();
    await page.addInitScript(() => {
      const texts: string[] = [];
      (window as unknown as { shownTexts: string[] }).shownTexts = texts;
      new MutationObserver(() => {
        const text = document.querySelector('main')?.textContent ?? '';
        if (text !== texts.at(-1)) texts.push(text);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto(`${server.url}${path}`);
    return { page, texts: () => page.evaluate(() => (window as unknown as { shownTexts: string[] }).shownTexts) };
  }

  it('never says the programme is not stored, nor that it was saved before, while its first copy is stored and read', async () => {
    const { page, texts } = await firstVisit('/programme');
    await page.locator('.stage').first().waitFor();
    const shown = await texts();
    expect(shown.some((text) => text.includes('Chargement du programme'))).toBe(true);
    expect(shown.filter((text) => text.includes('pas encore enregistré') || text.includes('enregistré sur cet appareil le'))).toEqual([]);
    expect(await page.locator('.freshness').textContent()).toMatch(/^Programme à jour \(\d\d:\d\d\)\.$/);
  });

  it('never says a shared stage does not exist while the programme is first stored', async () => {
    const stageId = await (await fetch(`${server.url}/api/public/events/tiers-lieux-lozere/programme.json`)).json().then((programme: { stages: { id: string }[] }) => programme.stages[0]!.id);
    const { page, texts } = await firstVisit(`/stages/${stageId}`);
    await page.locator('.stage-page').waitFor();
    expect((await texts()).filter((text) => text.includes('n’existe pas'))).toEqual([]);
  });
});
