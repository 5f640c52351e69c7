import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchModule, BudgetCheck } from './context.ts';
import { measureOfflineStarts, type ColdStart, type ProfileMode } from './offline-start.ts';
import { measurePrecache, type Precache } from './precache.ts';
import { measureRoutes, wireSize, type RouteJs } from './route-js.ts';
import { formatBytes, median, medianAndRange, verdict } from './stats.ts';

const JS_BUDGET = 50 * 1024;
const JS_BUDGET_ROUTES = new Set(['/programme', '/kiosk']);
const FCP_BUDGET = 1000;

function routesSection(routes: RouteJs[], sw: { bytes: number; encoding: string; raw: number }, budgets: BudgetCheck[]): string {
  const rows = routes.map(({ route, scripts, total }) => {
    const budgeted = JS_BUDGET_ROUTES.has(route);
    const pass = total <= JS_BUDGET;
    if (budgeted) budgets.push({ what: `JS of ${route} ≤ 50 KB`, pass });
    return `| ${route} | ${scripts.length} | ${formatBytes(total)} | ${budgeted ? '≤ 50 KB' : '—'} | ${budgeted ? verdict(pass) : '—'} |`;
  });
  const programme = routes.find((r) => r.route === '/programme');
  const chunks = (programme?.scripts ?? []).map((s) => `\`${s.path}\` ${formatBytes(s.bytes)} ${s.encoding}`).join(', ');
  return [
    '### JS loaded by each route (first visit, empty profile)',
    '',
    'Each route is opened in a fresh browser context (empty cache, no service worker yet) and left until the',
    'network is idle (500 ms without a request). The figure is the sum of the encoded bodies of the page\'s',
    'script responses (Playwright `request.sizes().responseBodySize`: gzip bytes on the wire). The service',
    'worker script and the service worker\'s own precache downloads are not counted. 1 KB = 1024 bytes.',
    '',
    '| route | scripts | JS (gzip) | budget | result |',
    '|---|---:|---:|---|---|',
    ...rows,
    '',
    `Chunks loaded by /programme: ${chunks || 'none'}.`,
    '',
    `The service worker script \`/sw.js\`, fetched on registration: ${formatBytes(sw.bytes)} on the wire (${sw.encoding}), ${formatBytes(sw.raw)} raw.`,
  ].join('\n');
}

function precacheSection(precache: Precache): string {
  const duplicates = precache.entries - precache.urls.length;
  return [
    '### Precache',
    '',
    'The manifest injected into the built `sw.js` is parsed; the files it names are summed in the build',
    'folder, raw and as served (text gzipped, PNG images as they are).',
    '',
    `- ${precache.entries} entries, ${precache.urls.length} distinct URLs` +
      (duplicates > 0 ? ` (${duplicates} listed twice: ${formatBytes(precache.rawBytesWithDuplicates)} with the duplicates)` : ''),
    `- raw: ${formatBytes(precache.rawBytes)}; as served (gzip): ${formatBytes(precache.gzipBytes)}`,
    `- URLs: ${precache.urls.map((url) => `\`${url}\``).join(', ')}`,
  ].join('\n');
}

function offlineSection(runs: ColdStart[], mode: ProfileMode, firstError: string | undefined, budgets: BudgetCheck[]): string {
  const fcps = runs.map((r) => r.fcp);
  const pass = median(fcps) <= FCP_BUDGET;
  budgets.push({ what: 'offline cold start FCP ≤ 1000 ms (median)', pass });
  const profile =
    mode === 'same'
      ? 'Each run relaunches Chromium on the same profile directory.'
      : `Relaunching the same profile failed (${firstError}), so each run starts from a fresh copy of the primed profile.`;
  return [
    '### Offline cold start, 4× CPU slowdown',
    '',
    '/programme is visited once online with a profile on disk, until the service worker controls the page',
    'and the stage headings (h3) are shown; the browser is closed and the server stopped. Then, ' + `${runs.length} times:`,
    'Chromium is launched on that profile (a cold browser start), CDP `Emulation.setCPUThrottlingRate({ rate: 4 })`',
    'is applied to the page, and /programme is opened. FCP is `first-contentful-paint` from the Paint Timing API;',
    '"first h3" is the start of the first animation frame after the first stage heading enters the DOM. Both',
    'are from navigation start. The slowdown column checks the throttling: a fixed loop\'s time with the',
    'slowdown on, divided by its time with it off, in the same page.',
    profile,
    '',
    '| run | FCP | first h3 | service worker in control | slowdown |',
    '|---:|---:|---:|---|---:|',
    ...runs.map((r, i) => `| ${i + 1} | ${r.fcp.toFixed(0)} ms | ${r.heading.toFixed(0)} ms | ${r.controlled ? 'yes' : '**no**'} | ${r.slowdown.toFixed(1)}× |`),
    '',
    `Median (range): FCP ${medianAndRange(fcps, ' ms')}; first h3 ${medianAndRange(runs.map((r) => r.heading), ' ms')}.`,
    '',
    `Budget: FCP ≤ ${FCP_BUDGET} ms (median): ${verdict(pass)}.`,
  ].join('\n');
}

/** JS per route, precache size and offline cold start, against the real server and build. */
export const appLoad: BenchModule = {
  name: 'app-load',
  async run(context) {
    const server = await context.startServer();
    const routes = await measureRoutes(context, server.url);
    const sw = { ...(await wireSize(server.url, '/sw.js')), raw: statSync(join(context.appDir, 'sw.js')).size };
    const precache = measurePrecache(context.appDir);
    const offline = await measureOfflineStarts(context, server);
    const budgets: BudgetCheck[] = [];
    const markdown = [
      '## App load',
      '',
      'The app is built by the bench (`vite build`, NODE_ENV=production) and served by `etape serve` on',
      'loopback (SQLite, demo week, gzip by hono/compress). Chromium runs headless with the flags of tests/e2e/browser.ts.',
      '',
      routesSection(routes, sw, budgets),
      '',
      precacheSection(precache),
      '',
      offlineSection(offline.runs, offline.mode, offline.firstError, budgets),
    ].join('\n');
    return { markdown, budgets };
  },
};
