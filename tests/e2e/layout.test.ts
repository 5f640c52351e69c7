import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOREIGN_WORDS, isPhone, layoutProblems, SYNC_WORDS, VIEWPORTS, wordProblems } from './layout/checks.ts';
import { LAYOUT_ROUTES, TEXT_ANSWER } from './layout/routes.ts';
import { LayoutWorld, LONGEST_NAME } from './layout/world.ts';

/** axe-core, the engine of Lighthouse's accessibility audits (Lighthouse's own copy). */
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** WCAG 2.1 A and AA violations on the screen as it is, in words (Lighthouse's accessibility category runs these rules). */
async function accessibilityProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const { violations } = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return violations.map((violation) => `accessibility: ${violation.id} (${violation.help}) on ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')}`);
  });
}

/** `npm run screens` sets this: every screen at every size is also saved as a PNG there. */
const SCREENS = process.env.ETAPE_SCREENS_DIR;

describe('every screen at phone, tablet and laptop size, with the demo week, long names and 300 participants', () => {
  let world: LayoutWorld;
  beforeAll(async () => {
    world = await LayoutWorld.start();
    if (SCREENS) mkdirSync(SCREENS, { recursive: true });
  });
  afterAll(async () => world?.stop());

  it('prints every badge whole: the QR and its quiet zone inside the cut line, the longest name inside the badge', async () => {
    const page = world.pages.get('organizer')!;
    await page.setViewportSize(VIEWPORTS[4]);
    await page.goto(`${world.server.url}/participants/badges`);
    await page.locator('img.badge__qr').first().waitFor({ timeout: 30_000 });
    await page.emulateMedia({ media: 'print' });
    try {
      const problems = await page.evaluate(() =>
        [...document.querySelectorAll('.badge')].flatMap((badge) => {
          const box = badge.getBoundingClientRect();
          const name = badge.querySelector('.badge__name')?.textContent ?? '';
          const found: string[] = [];
          // The QR image carries its quiet zone (4 modules) in its margin: the whole image must be inside the cut line.
          const qr = badge.querySelector('.badge__qr')?.getBoundingClientRect();
          if (!qr) found.push(`${name}: no QR`);
          else if (qr.top < box.top || qr.bottom > box.bottom || qr.left < box.left || qr.right > box.right) {
            found.push(`${name}: QR ${Math.round(qr.top - box.top)}–${Math.round(qr.bottom - box.top)} px in a badge ${Math.round(box.height)} px high`);
          }
          for (const text of badge.querySelectorAll('p')) {
            const own = text.getBoundingClientRect();
            if (own.bottom > box.bottom || own.right > box.right) found.push(`${name}: "${text.textContent}" past the cut line`);
          }
          return found;
        }),
      );
      if (SCREENS) await page.screenshot({ path: join(SCREENS, 'badges-print.png') });
      expect(await page.locator('.badge').count()).toBe(300);
      expect(problems).toEqual([]);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('scan: each Annuler sits on its own person’s line on a phone, and after it the answer says the scan was cancelled', async () => {
    const page = world.pages.get('animator')!;
    await page.setViewportSize(VIEWPORTS[0]);
    await page.goto(`${world.server.url}/scan`);
    const lines = page.getByTestId('recent').locator('li');
    await lines.first().waitFor({ timeout: 30_000 });
    const placement = await lines.evaluateAll((items) =>
      items.map((item) => {
        const who = item.querySelector('.recent__who')!.getBoundingClientRect();
        const button = item.querySelector('button')?.getBoundingClientRect();
        const line = item.getBoundingClientRect();
        const middle = button ? (button.top + button.bottom) / 2 : 0;
        return { name: item.textContent, onItsLine: !button || (middle >= who.top && middle <= who.bottom && button.top >= line.top && button.bottom <= line.bottom && button.left >= who.right) };
      }),
    );
    expect(placement.filter((line) => !line.onItsLine)).toEqual([]);

    // A green answer first (the README's picture of the scan screen), then Annuler on the longest name.
    await page.getByLabel('Rechercher un nom ou une structure').fill('zoe bonnefoy');
    await page.locator('.people li:not([hidden]) button').first().click();
    await expect.poll(() => page.locator('.outcome').getAttribute('data-tone')).toBe('green');
    expect(await page.evaluate(layoutProblems, { touch: true, inView: ['.outcome'] })).toEqual([]); // the answer is seen, not above the fold
    if (SCREENS) await page.screenshot({ path: join(SCREENS, 'scan-answer-360x740.png') });

    await page.getByRole('button', { name: `Annuler le passage de ${LONGEST_NAME}` }).click();
    await expect.poll(() => page.locator('.outcome').textContent()).toBe(`Passage annulé\u00a0: ${LONGEST_NAME} n’est plus compté·e présent·e à ce passage.`);
    expect(await page.locator('.outcome').getAttribute('data-tone')).toBe('amber');
    expect(await page.locator('.outcome-slot').getAttribute('role')).toBe('status'); // read out by screen readers
    await expect.poll(() => lines.filter({ hasText: LONGEST_NAME }).textContent()).toContain('(annulé)');
  });

  for (const route of LAYOUT_ROUTES) {
    it(`${route.name}: no sideways scrolling, nothing outside its box, 44 px targets, what matters in view`, async () => {
      const page = world.pages.get(route.device)!;
      await page.setViewportSize(VIEWPORTS[1]);
      await page.goto(`${world.server.url}${route.path(world.ids)}`);
      await page.locator(route.ready).first().waitFor({ timeout: 30_000 });
      await route.prepare?.(page);
      const problems = wordProblems(await page.locator('body').innerText(), route.participantPhone ? [...FOREIGN_WORDS, ...SYNC_WORDS] : FOREIGN_WORDS);
      problems.push(...(await accessibilityProblems(page)));
      for (const viewport of VIEWPORTS) {
        await page.setViewportSize(viewport);
        // Two frames: the resize is laid out and painted (ResizeObservers have run).
        await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
        const found = await page.evaluate(layoutProblems, { touch: route.touchEverywhere === true || isPhone(viewport), inView: route.inView?.(viewport) ?? [] });
        problems.push(...found.map((problem) => `${viewport.width}×${viewport.height} ${problem}`));
        if (SCREENS) await page.screenshot({ path: join(SCREENS, `${route.name}-${viewport.width}x${viewport.height}.png`) });
      }
      expect(problems).toEqual([]);
    });
  }

  it('groups the participants’ phones by poster in Appareils and on the dashboard: one line with its phones and answers', async () => {
    const page = world.pages.get('organizer')!;
    for (const path of ['/devices', '/dashboard']) {
      await expect
        .poll(
          async () => {
            await page.goto(`${world.server.url}${path}`);
            await page.locator('main table').last().waitFor();
            return page.locator('tr[data-poster] td').first().textContent();
          },
          { timeout: 30_000, interval: 1_000 },
        )
        .toBe('1 téléphone de participants · 1 avis');
      expect(await page.locator('tr[data-poster] th').textContent()).toBe('Affiche d’avis · Florac Trois Rivières');
      expect(await page.locator('tr[data-poster]').count()).toBe(1);
    }
  });

  // The answer comes from the poster-thanks route above (tests in this file run in order, on one seeded world).
  it('lists a short-text question’s answers on the dashboard, as written, never as a chart', async () => {
    const page = world.pages.get('organizer')!;
    await page.goto(`${world.server.url}/dashboard`);
    const idea = page.locator('figure[data-question="idee"]');
    await expect
      .poll(
        async () => {
          const button = page.getByRole('button', { name: 'Synchroniser' });
          if (await button.isEnabled()) await button.click();
          return (await idea.count()) ? idea.locator('li').allTextContents() : [];
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toEqual([TEXT_ANSWER]);
    expect(await idea.locator('svg').count()).toBe(0);
  });
});
