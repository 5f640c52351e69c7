import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPhone, layoutProblems, VIEWPORTS } from './layout/checks.ts';
import { LAYOUT_ROUTES } from './layout/routes.ts';
import { LayoutWorld } from './layout/world.ts';

/** `npm run screens` sets this: every screen at every size is also saved as a PNG there. */
const SCREENS = process.env.ETAPE_SCREENS_DIR;

describe('every screen at phone, tablet and laptop size, with the demo week, long names and 300 participants', () => {
  let world: LayoutWorld;
  beforeAll(async () => {
    world = await LayoutWorld.start();
    if (SCREENS) mkdirSync(SCREENS, { recursive: true });
  });
  afterAll(async () => world?.stop());

  for (const route of LAYOUT_ROUTES) {
    it(`${route.name}: no sideways scrolling, nothing outside its box, 44 px targets, what matters in view`, async () => {
      const page = world.pages.get(route.device)!;
      await page.setViewportSize(VIEWPORTS[1]);
      await page.goto(`${world.server.url}${route.path(world.ids)}`);
      await page.locator(route.ready).first().waitFor({ timeout: 30_000 });
      await route.prepare?.(page);
      const problems: string[] = [];
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
});
