import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/database/connect.ts';
import { createPoster, revokePoster } from '../../src/server/posters/posters.ts';
import { E2E_BUILDS } from '../setup/build-apps.ts';
import { freePort } from '../support/free-port.ts';
import { runEtape, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { launchProfile } from './browser.ts';

describe('a stage poster opened on a participant’s own phone', () => {
  const databaseFile = join(mkdtempSync(join(tmpdir(), 'etape-e2e-poster-')), 'etape.sqlite');
  let server: ServerProcess | undefined;
  let env: Record<string, string>;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    env = { DATABASE_FILE: databaseFile, DATABASE_URL: '', PORT: String(await freePort()), ETAPE_STATIC_DIR: E2E_BUILDS.v1.dir };
    server = await startServerProcess(env);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await server?.stop();
  });

  const withDatabase = async <T>(run: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> => {
    const database = await openDatabase({ kind: 'sqlite', file: databaseFile });
    try {
      return await run(database.db);
    } finally {
      await database.close();
    }
  };
  const phone = async () => {
    const context = await launchProfile(); // 412 × 915, a phone
    contexts.push(context);
    return context.newPage();
  };

  it('answers offline, waits in the phone’s outbox, arrives later; other stages and withdrawn posters are refused in words', async () => {
    const { stages, poster } = await withDatabase(async (db) => {
      const stages = await db.selectFrom('stages').select(['id', 'eventId', 'town']).orderBy('startsAt').execute();
      const florac = stages.find((stage) => stage.town.includes('Florac'))!;
      return { stages, poster: await createPoster(db, florac.eventId, florac.id) };
    });
    const page = await phone();
    await page.goto(`${server!.url}${poster.path}`);
    const faces = page.getByRole('button', { name: /sur 5\)$/ });
    await expect.poll(() => faces.count(), { timeout: 30_000 }).toBe(5);
    expect(page.url()).not.toContain('poster='); // the token leaves the address bar once used
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await expect.poll(() => page.getByText('Florac').count(), { timeout: 30_000 }).toBeGreaterThan(0);

    await page.context().setOffline(true);
    await page.reload(); // opened once: the form works offline from now on
    await expect.poll(() => faces.count(), { timeout: 20_000 }).toBe(5);
    await faces.nth(4).click();
    await page.getByRole('radio', { name: 'Habitant·e du coin' }).click();
    await page.getByLabel('Un commentaire ? (facultatif)').fill('x'.repeat(2001));
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('dépasse 2000 caractères');
    await page.getByLabel('Un commentaire ? (facultatif)').fill('Super marché de producteurs');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByText('Merci !').waitFor();
    await page.getByText('Votre avis partira dès que ce téléphone aura du réseau.').first().waitFor();
    expect(await withDatabase((db) => db.selectFrom('feedback').selectAll().execute())).toHaveLength(0);

    await page.context().setOffline(false);
    await expect
      .poll(
        async () => {
          const button = page.getByRole('button', { name: 'Synchroniser' });
          if ((await button.count()) && (await button.isEnabled())) await button.click();
          return (await withDatabase((db) => db.selectFrom('feedback').select(['stageId', 'rating', 'comment', 'answers']).execute())).length;
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(1);
    const [row] = await withDatabase((db) => db.selectFrom('feedback').selectAll().execute());
    expect(row).toMatchObject({ stageId: poster.stageId, rating: 5, comment: 'Super marché de producteurs' });
    expect(JSON.parse(row!.answers)).toEqual({ profil: 'habitant' });

    // The same poster's link for another stage, then the poster withdrawn: each refused in words.
    const other = stages.find((stage) => stage.id !== poster.stageId)!;
    const wrong = await phone();
    await wrong.goto(`${server!.url}/feedback/${other.id}#poster=${poster.token}`);
    await expect.poll(() => wrong.getByRole('alert').textContent(), { timeout: 30_000 }).toBe('Ce lien d’affiche appartient à une autre étape.');
    await withDatabase((db) => revokePoster(db, stages[0]!.eventId, poster.id));
    const late = await phone();
    await late.goto(`${server!.url}${poster.path}`);
    await expect.poll(() => late.getByRole('alert').textContent(), { timeout: 30_000 }).toContain('retirée par les organisateurs');
  });

  it('lets an organizer change the form offline-first and print a poster from the app; the phone shows the new form', async () => {
    const { output } = await runEtape(['enroll', '--role', 'organizer'], { ...env, LOG_LEVEL: 'warn' });
    const code = /#code=([\w-]+)/.exec(output)![1];
    const laptop = await (await launchProfile({ viewport: { width: 1280, height: 900 } })).newPage();
    contexts.push(laptop.context());
    await laptop.goto(`${server!.url}/enroll#code=${code}`);
    await laptop.getByLabel('Nom de cet appareil').fill('Portable');
    await laptop.getByRole('button', { name: 'Inscrire l’appareil' }).click();
    await laptop.waitForURL('**/dashboard');

    await laptop.getByRole('link', { name: 'Avis' }).click();
    const commentFr = laptop.getByLabel('Invitation au commentaire en français');
    await expect.poll(() => commentFr.inputValue(), { timeout: 30_000 }).toBe('Un commentaire ? (facultatif)'); // the demo form, pulled
    await commentFr.fill('Un mot pour les organisateurs ?');
    await laptop.getByRole('button', { name: 'Enregistrer le formulaire' }).click();
    await laptop.getByText('Formulaire enregistré sur cet appareil.').waitFor();
    await expect
      .poll(
        async () => {
          const button = laptop.getByRole('button', { name: 'Synchroniser' });
          if (await button.isEnabled()) await button.click();
          const form = await withDatabase((db) => db.selectFrom('forms').select('commentLabel').executeTakeFirstOrThrow());
          return JSON.parse(form.commentLabel).fr;
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe('Un mot pour les organisateurs ?');

    await laptop.getByRole('link', { name: 'Appareils' }).click();
    const stage = laptop.getByLabel('Étape de l’affiche');
    await expect.poll(() => stage.locator('option').count(), { timeout: 30_000 }).toBe(9);
    const langogne = await stage.locator('option', { hasText: 'Langogne' }).getAttribute('value');
    await stage.selectOption(langogne!);
    await laptop.getByRole('button', { name: 'Affiche QR pour les téléphones' }).click();
    const link = laptop.locator('.poster-sheet a');
    await link.waitFor({ timeout: 30_000 });
    expect(await laptop.locator('.poster-sheet img').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const href = (await link.getAttribute('href'))!;
    expect(href).toContain(`/feedback/${langogne}#poster=`);

    const page = await phone();
    await page.goto(href);
    const faces = page.getByRole('button', { name: /sur 5\)$/ });
    await expect.poll(() => faces.count(), { timeout: 30_000 }).toBe(5);
    await faces.nth(2).click();
    await expect.poll(() => page.getByText('Un mot pour les organisateurs ?').count(), { timeout: 30_000 }).toBe(1);
  });
});
