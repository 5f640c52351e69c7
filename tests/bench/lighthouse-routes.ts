/**
 * Lighthouse's accessibility score on every route, as each device sees it (run by hand:
 * `npx tsx tests/bench/lighthouse-routes.ts`; it prints the table for docs/benchmarks.md). The
 * layout checks' world is seeded (demo week, 300 participants, scans, a poster); each device is a
 * Chromium profile of its own, enrolled through the app, then audited with its storage kept.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { runEtape } from '../support/server-process.ts';
import { LayoutWorld } from '../e2e/layout/world.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.ts';
import { failingAccessibilityAudits } from './lighthouse-audits.ts';

type Role = 'visitor' | 'organizer' | 'animator' | 'kiosk';
const ROUTES: { role: Role; name: string; path: (ids: LayoutWorld['ids']) => string }[] = [
  { role: 'visitor', name: 'programme', path: () => '/programme' },
  { role: 'visitor', name: 'stage', path: (ids) => `/stages/${ids.floracStageId}` },
  { role: 'visitor', name: 'my programme', path: () => '/my-programme' },
  { role: 'kiosk', name: 'kiosk', path: () => '/kiosk' },
  { role: 'organizer', name: 'poster form', path: (ids) => `/feedback/${ids.floracStageId}` },
  { role: 'animator', name: 'scan', path: () => '/scan' },
  { role: 'organizer', name: 'participants', path: () => '/participants' },
  { role: 'organizer', name: 'participant', path: (ids) => `/participants/${ids.longNameParticipantId}` },
  { role: 'organizer', name: 'dashboard', path: () => '/dashboard' },
  { role: 'organizer', name: 'report', path: () => '/report' },
  { role: 'organizer', name: 'devices', path: () => '/devices' },
  { role: 'organizer', name: 'settings', path: () => '/settings' },
];

const world = await LayoutWorld.start();
const lines: string[] = ['| route | device | accessibility | failing audits |', '|---|---|---:|---|'];
try {
  for (const role of ['visitor', 'kiosk', 'animator', 'organizer'] as const) {
    const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_ARGS, logLevel: 'silent', handleSIGINT: false });
    try {
      const browser = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
      const page = await browser.contexts()[0]!.newPage();
      if (role !== 'visitor') {
        const stage = role === 'organizer' ? [] : ['--stage', world.ids.floracStageId];
        const { output } = await runEtape(['enroll', '--role', role, ...stage], { ...world.env, LOG_LEVEL: 'warn' });
        await page.goto(`${world.server.url}/enroll#code=${/#code=([\w-]+)/.exec(output)![1]}`);
        await page.getByLabel('Nom de cet appareil').fill(`Lighthouse ${role}`);
        await page.getByRole('button', { name: 'Inscrire l’appareil' }).click();
        await page.waitForURL(`**/${{ organizer: 'dashboard', animator: 'scan', kiosk: 'kiosk' }[role]}`);
        if (role === 'kiosk') {
          await page.getByLabel('Code PIN de l’organisateur').fill('2468');
          await page.getByLabel('Le même code, encore une fois').fill('2468');
          await page.getByRole('button', { name: 'Démarrer le mode kiosque' }).click();
          await page.locator('.kiosk-face').first().waitFor();
        } else {
          await page.getByText('Tout est envoyé').waitFor({ timeout: 60_000 });
        }
      } else {
        await page.goto(`${world.server.url}/programme`);
      }
      await browser.close();
      for (const route of ROUTES.filter((candidate) => candidate.role === role)) {
        const result = await lighthouse(`${world.server.url}${route.path(world.ids)}`, {
          port: chrome.port,
          logLevel: 'error',
          output: 'json',
          onlyCategories: ['accessibility'],
          disableStorageReset: true,
        });
        const lhr = result!.lhr;
        const score = Math.round((lhr.categories.accessibility?.score ?? Number.NaN) * 100);
        const failing = failingAccessibilityAudits(lhr).map((audit) => `\`${audit.id}\` (${audit.nodes.map((node) => `\`${node.selector}\``).slice(0, 2).join(', ')})`);
        lines.push(`| ${route.name} (\`${route.path({ floracStageId: 'ID', longNameParticipantId: 'ID', posterPath: '' })}\`) | ${role} | ${score} | ${failing.join('; ') || 'none'} |`);
        console.error(lines.at(-1));
      }
    } finally {
      chrome.kill();
    }
  }
} finally {
  await world.stop();
}
console.log(lines.join('\n'));
