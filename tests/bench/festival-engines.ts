/**
 * `npm run bench -- festival-engines`: the festival bench's organizer device (20,000 participants,
 * 100,000 check-ins, festival.ts) in Firefox ESR and WebKitGTK, through the drivers of the
 * end-to-end suite (tests/e2e/engines.ts). Their drivers have no CPU slowdown: these figures are
 * at the machine's own speed, for the record and to see one engine drift from the others, not
 * against the 4× goals of the Chromium section.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { openDevice, stopEngines, type EngineName, type EnginePage } from '../e2e/engines.ts';
import { button, focusEmpty } from '../e2e/page-queries.ts';
import { FIREFOX } from '../setup/ensure-browser.ts';
import { VIEWPORT } from './chromium.ts';
import type { BenchContext, BenchModule } from './context.ts';
import { CHECKINS, PARTICIPANTS, QUERIES, badgeCodes, participantName, percentile, rowCountInPage, scanInPage, searchInPage, seed } from './festival.ts';
import { median } from './stats.ts';
import { enrolmentCode, startBenchServer, type BenchServer } from './sync-http.ts';

const ENGINES: readonly EngineName[] = (process.env.ETAPE_FESTIVAL_ENGINES?.split(',') as EngineName[] | undefined) ?? ['firefox', 'webkit'];
/** How long the first pull may take before the engine is given up (WebKit's IndexedDB is the slowest). */
const PULL_WAIT_MS = 15 * 60_000;
const STATUS_POLL_MS = 250;
const DASHBOARD_LOADS = 3;
const WARM_UP_SCANS = 5;
const SCANS = 40;
const SCAN_EVERY_MS = 1_000;

/** Polls `read` every `everyMs` until it gives a value, or throws after `timeoutMs`. */
async function waitFor<T>(what: string, read: () => Promise<T | null | undefined | false>, timeoutMs = 60_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** In the page: what the sync status says. */
const syncStatus = (): string => document.querySelector('.sync-status [role="status"]')?.textContent ?? '';

/** In the page: ms from navigation start to now, once the week's figures are in the DOM (at once if they already are). */
function figuresShownAt(): Promise<number> {
  return new Promise<number>((resolve) => {
    if (document.querySelector('[data-testid="week-figures"]')) return resolve(performance.now());
    const observer = new MutationObserver(() => {
      if (!document.querySelector('[data-testid="week-figures"]')) return;
      observer.disconnect();
      resolve(performance.now());
    });
    observer.observe(document, { childList: true, subtree: true });
  });
}

/** In the page: chooses the check-in screen's first stage, as the select's change does. */
function chooseFirstStage(): boolean {
  const select = document.querySelector<HTMLSelectElement>('#checkin-stage');
  if (!select || select.options.length < 2) return false;
  select.value = select.options[1]!.value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  return true;
}

interface EngineFigures {
  engine: EngineName;
  pullMs: number;
  progress: string[];
  held: { participants: number; checkins: number };
  dashboard: number[];
  scans: number[];
  keys: number[];
}

async function measure(context: BenchContext, engine: EngineName, server: BenchServer, codes: Map<string, string>): Promise<EngineFigures> {
  const device = await openDevice(engine, { viewport: VIEWPORT });
  try {
    const page: EnginePage = device.page;
    const code = await enrolmentCode(server, 'organizer');
    await page.goto(`${server.url}/enroll#code=${code}`);
    await waitFor('the enrolment form', () => page.evaluate(focusEmpty, 'Nom de cet appareil'));
    await page.type(`Tablette ${engine}`);

    // 1. The first pull: from the click to the status saying when the sync succeeded, after its progress.
    context.log(`festival-engines: ${engine} pulls everything`);
    const clicked = Date.now();
    await page.click(button, 'Inscrire l’appareil');
    const progress: string[] = [];
    let lastLogged = Date.now();
    const pullMs = await waitFor(
      `the first sync in ${engine}`,
      async () => {
        const text = await page.evaluate(syncStatus, undefined);
        if (text.includes('réception') && progress.at(-1) !== text) progress.push(text);
        if (Date.now() - lastLogged > 10_000) {
          context.log(`festival-engines: ${engine}: ${text}`);
          lastLogged = Date.now();
        }
        return progress.length > 0 && text.includes('dernière synchro') ? Date.now() - clicked : null;
      },
      PULL_WAIT_MS,
      STATUS_POLL_MS,
    );
    context.log(`festival-engines: ${engine}: first pull ${(pullMs / 1000).toFixed(1)} s`);
    const held = { participants: await page.evaluate(rowCountInPage, 'participants'), checkins: await page.evaluate(rowCountInPage, 'checkins') };
    if (held.checkins !== CHECKINS) throw new Error(`the ${engine} device holds ${held.checkins} check-ins, not ${CHECKINS}`);

    // 2. The dashboard, loaded again.
    const dashboard: number[] = [];
    for (let i = 0; i < DASHBOARD_LOADS; i += 1) {
      await page.goto(`${server.url}/dashboard`);
      dashboard.push(await page.evaluate(figuresShownAt, undefined));
    }

    // 3. /scan: wedge-scanner scans, then the name search.
    await page.goto(`${server.url}/scan`);
    await waitFor('the stage select', () => page.evaluate(chooseFirstStage, undefined));
    await waitFor('the presence line', () => page.evaluate(() => document.querySelector('[data-testid="presence"]') !== null, undefined));
    const scans: number[] = [];
    for (let i = 0; i < WARM_UP_SCANS + SCANS; i += 1) {
      const n = (i * 131) % PARTICIPANTS;
      const elapsed = await page.evaluate(scanInPage, { code: codes.get(`festival-${n}`)!, name: participantName(n) });
      if (i >= WARM_UP_SCANS) scans.push(elapsed);
      await new Promise((resolve) => setTimeout(resolve, SCAN_EVERY_MS));
    }
    const keys: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      for (const query of QUERIES) {
        const times = await page.evaluate(searchInPage, query);
        if (round > 0) keys.push(...times);
      }
    }
    return { engine, pullMs, progress, held, dashboard, scans, keys };
  } finally {
    await device.close();
  }
}

/** What a command prints, or "unknown" (the figures stay useful without it). */
function printed(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000 }).trim();
  } catch {
    return 'unknown';
  }
}

const ms = (value: number, digits = 0) => `${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ms`;

export const festivalEngines: BenchModule = {
  name: 'festival-engines',
  async run(context) {
    const loadAtStart = loadavg();
    const rows: EngineFigures[] = [];
    try {
      // A server of its own for each engine: the scans of the one before would be on the next one's server.
      for (const engine of ENGINES) {
        const server = await startBenchServer(context, 'sqlite', undefined, context.appDir);
        context.log(`festival-engines: seeding ${PARTICIPANTS} participants and ${CHECKINS} check-ins through push, for ${engine}`);
        await seed(server);
        rows.push(await measure(context, engine, server, await badgeCodes(server)));
        await server.stop();
      }
    } finally {
      await stopEngines();
    }
    const markdown = [
      '## Festival size in Firefox and WebKit, at the machine\'s speed',
      '',
      `The festival bench's organizer device (section *Festival size, in Chromium*: ${PARTICIPANTS.toLocaleString('en-US')} participants and ${CHECKINS.toLocaleString('en-US')} check-ins on \`etape serve\`,`,
      'SQLite, loopback) in Firefox ESR (puppeteer-core over WebDriver BiDi) and WebKitGTK (MiniBrowser through WebKitWebDriver,',
      `under Xvfb), the drivers of the end-to-end suite, a ${VIEWPORT.width}×${VIEWPORT.height} window. Versions: ${printed(FIREFOX, ['--version'])}; WebKitGTK`,
      `${printed('dpkg-query', ['-W', '-f=${Version}', 'webkit2gtk-driver'])}. **No CPU slowdown** (their drivers have none): the 4× goals are the Chromium section's;`,
      'these figures are here to see an engine drift from the others.',
      `The machine's ${cpus().length} cores are shared with the server and other work: load average ${loadAtStart.map((v) => v.toFixed(1)).join(', ')} at the start, ${loadavg().map((v) => v.toFixed(1)).join(', ')} at the end.`,
      '',
      `- **First pull**: the driver's clock, from the click on "Inscrire l’appareil" to the sync status saying when the`,
      `  sync last succeeded after its progress, the status read every ${STATUS_POLL_MS} ms.`,
      `- **Dashboard**: ${DASHBOARD_LOADS} loads; from navigation start to the week's figures found in the DOM, looked for once`,
      '  the driver\'s navigation has returned (at the page\'s load): when they came before, the time is that of the look.',
      `- **Scan** and **search**: as in the Chromium section (the same functions in the page), ${SCANS} scans after ${WARM_UP_SCANS} warm-up`,
      '  scans, one a second; the same queries, 2 rounds after a warm-up round. Both engines give `performance.now()` to the',
      '  millisecond in a page that is not cross-origin isolated: those figures are whole milliseconds.',
      '',
      '| engine | first pull | dashboard, median (max) | scan p95 (median, max) | search p95 per key (median, max) |',
      '|---|---:|---:|---:|---:|',
      ...rows.map(
        (row) =>
          `| ${row.engine} | ${(row.pullMs / 1000).toFixed(1)} s (${row.progress.length} progress updates) | ${ms(median(row.dashboard))} (${ms(Math.max(...row.dashboard))}) | ${ms(percentile(row.scans, 95), 1)} (${ms(percentile(row.scans, 50), 1)}, ${ms(Math.max(...row.scans), 1)}) | ${ms(percentile(row.keys, 95), 1)} (${ms(percentile(row.keys, 50), 1)}, ${ms(Math.max(...row.keys), 1)}) |`,
      ),
      '',
      `Each device then held ${rows.map((row) => `${row.engine}: ${row.held.participants.toLocaleString('en-US')} participants and ${row.held.checkins.toLocaleString('en-US')} check-ins`).join('; ')}.`,
    ].join('\n');
    return { markdown, budgets: [] };
  },
};
