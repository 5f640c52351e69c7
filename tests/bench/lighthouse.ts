import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type Result } from 'lighthouse';
import { chromium } from 'playwright-core';
import { programmePath, DEMO_EVENT_SLUG } from '../../src/shared/programme.ts';
import { runEtape, startServerProcess } from '../support/server-process.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.ts';
import type { BenchContext, BenchModule, BudgetCheck } from './context.ts';
import { failingAccessibilityAudits, foreignRequests, mergeFailing, metrics, type FailingAudit } from './lighthouse-audits.ts';
import { median, medianAndRange, verdict, withTimeout } from './stats.ts';

const RUNS = Number(process.env.LH_RUNS ?? 5);
const VERSION = (createRequire(import.meta.url)('lighthouse/package.json') as { version: string }).version;
const PIN = '2468';
/** The reference of issue 16: the Indico check-in PWA's TBT in the outside probe's run (not measured here). */
const INDICO_TBT = 404;

/** The end-to-end tests' Chromium flags, and no name resolves but loopback: Lighthouse may only reach the local server. */
const CHROME_FLAGS = [...CHROMIUM_ARGS, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost'];

/** What a route is audited as: a device that never opened the app, or one enrolled with a role first. */
interface Scenario {
  label: string;
  path: string;
  enrolled?: 'kiosk' | 'animator';
}

const SCENARIOS: Scenario[] = [
  { label: '/programme, a phone’s first visit', path: '/programme' },
  { label: '/kiosk, a device not enrolled', path: '/kiosk' },
  { label: '/kiosk, an enrolled kiosk', path: '/kiosk', enrolled: 'kiosk' },
  { label: '/scan, an enrolled animator', path: '/scan', enrolled: 'animator' },
];

interface Server {
  url: string;
  env: Record<string, string>;
  stageId: string;
}

/**
 * Enrols the Chromium on `port` through the app, as a person would: `etape enroll` prints a code,
 * the enrolment page trades it, then the kiosk's PIN is set (its faces show) or the animator's first
 * sync ends. The page is closed, so that Lighthouse's tab is the only one of the app.
 */
async function enrol(server: Server, port: number, role: 'kiosk' | 'animator'): Promise<void> {
  const { output } = await runEtape(['enroll', '--role', role, '--stage', server.stageId], { ...server.env, LOG_LEVEL: 'warn' });
  const code = /#code=([\w-]+)/.exec(output)?.[1];
  if (!code) throw new Error(`etape enroll printed no code:\n${output}`);
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  try {
    const page = await browser.contexts()[0]!.newPage();
    await page.goto(`${server.url}/enroll#code=${code}`);
    await page.getByLabel('Nom de cet appareil').fill(`Lighthouse ${role}`);
    await page.getByRole('button', { name: 'Inscrire l’appareil' }).click();
    await page.waitForURL(`**/${role === 'kiosk' ? 'kiosk' : 'scan'}`);
    if (role === 'kiosk') {
      await page.getByLabel('Code PIN de l’organisateur').fill(PIN);
      await page.getByLabel('Le même code, encore une fois').fill(PIN);
      await page.getByRole('button', { name: 'Démarrer le mode kiosque' }).click();
      await page.locator('.kiosk-face').first().waitFor({ timeout: 60_000 });
    } else {
      await page.getByText('Tout est envoyé').waitFor({ timeout: 60_000 });
    }
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
    await page.close();
  } finally {
    await browser.close(); // disconnects; Chromium keeps running for Lighthouse
  }
}

/**
 * One Lighthouse run in a Chromium of its own (fresh profile), killed afterwards whatever happens.
 * An enrolled device keeps its storage (its database, service worker and caches): that is the device.
 */
async function runOnce(context: BenchContext, server: Server, scenario: Scenario): Promise<Result> {
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: CHROME_FLAGS,
    userDataDir: context.tempDir('lighthouse-profile'),
    logLevel: 'silent',
    handleSIGINT: false,
  });
  context.defer(() => chrome.kill());
  try {
    if (scenario.enrolled) await withTimeout(enrol(server, chrome.port, scenario.enrolled), 150_000, `enrolling a ${scenario.enrolled}`);
    const result = await withTimeout(
      lighthouse(`${server.url}${scenario.path}`, {
        port: chrome.port,
        logLevel: 'error',
        output: 'json',
        onlyCategories: ['performance', 'accessibility'],
        disableStorageReset: scenario.enrolled !== undefined,
      }),
      150_000,
      'a Lighthouse run',
    );
    if (!result) throw new Error('Lighthouse returned no result');
    if (result.lhr.runtimeError) throw new Error(`Lighthouse: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`);
    return result.lhr;
  } finally {
    chrome.kill();
  }
}

/**
 * A run, done again (twice at most) when Lighthouse itself could not record it (on a busy machine it
 * sometimes reports NO_NAVSTART or NO_FCP): such a run has no figures to report. Each retry is listed.
 */
async function runRecorded(context: BenchContext, server: Server, scenario: Scenario, retried: string[]): Promise<Result> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runOnce(context, server, scenario);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempt === 3 || !message.startsWith('Lighthouse: ')) throw error;
      context.log(`${scenario.label}: ${message}; again`);
      retried.push(`${scenario.label}: ${oneLine(message, 80)}`);
    }
  }
}

const score = (lhr: Result, id: string) => Math.round((lhr.categories[id]?.score ?? Number.NaN) * 100);
const oneLine = (text: string, max = 240) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

function failingList(failing: FailingAudit[], runs: number): string[] {
  if (failing.length === 0) return ['No accessibility audit failed.'];
  return [
    'Failing accessibility audits:',
    '',
    ...failing.flatMap((audit) => [
      `- \`${audit.id}\`: ${audit.title} (${audit.runs}/${runs} runs)`,
      ...audit.nodes.map((n) => `  - \`${n.selector}\`: \`${oneLine(n.snippet, 160)}\`${n.explanation ? `. ${oneLine(n.explanation)}` : ''}`),
    ]),
  ];
}

/** How many long tasks Lighthouse's simulation of one run counts (its `long-tasks` audit), and the 4 longest as "script 123 ms". */
function longTasks(lhr: Result): string {
  const items = (lhr.audits['long-tasks']?.details as { items?: { url?: string; duration?: number }[] } | undefined)?.items ?? [];
  const named = items.slice(0, 4).map((item) => `${(item.url ?? '?').replace(/^.*\//, '').replace(/-[\w-]{8}\.js$/, '.js')} ${Math.round(item.duration ?? 0)} ms`);
  return items.length === 0 ? 'none' : `${items.length}: ${named.join(', ')}${items.length > 4 ? ', …' : ''}`;
}

/** The markdown of one scenario: a row per run, medians, failing audits; and its budgets. */
function scenarioSection(scenario: Scenario, results: Result[], origin: string, budgets: BudgetCheck[]): string {
  const performance = results.map((lhr) => score(lhr, 'performance'));
  const accessibility = results.map((lhr) => score(lhr, 'accessibility'));
  const perRun = results.map(metrics);
  const tbt = perRun.map((run) => run[3]![1]);
  const metricLine = perRun[0]!
    .map(([label, , unit], index) => {
      const values = perRun.map((run) => run[index]![1]);
      return `${label} ${unit ? medianAndRange(values, ` ${unit}`) : medianAndRange(values, '', 3)}`;
    })
    .join('; ');
  const foreign = [...new Set(results.flatMap((lhr) => foreignRequests(lhr, origin)))];
  const perfect = performance.filter((value) => value === 100).length;
  budgets.push(
    { what: `Lighthouse accessibility = 100, ${scenario.label}`, pass: accessibility.every((value) => value === 100) },
    { what: `Lighthouse performance = 100 in ${RUNS} of ${RUNS} runs, ${scenario.label}`, pass: perfect === RUNS },
  );
  return [
    `### ${scenario.label}`,
    '',
    '| run | performance | accessibility | FCP | LCP | TBT | CLS | long tasks (simulated) |',
    '|---:|---:|---:|---:|---:|---:|---:|---|',
    ...results.map((lhr, i) => {
      const [fcp, lcp, , blocking, cls] = perRun[i]!.map(([, value]) => value);
      return `| ${i + 1} | ${performance[i]} | ${accessibility[i]} | ${fcp!.toFixed(0)} ms | ${lcp!.toFixed(0)} ms | ${blocking!.toFixed(0)} ms | ${cls!.toFixed(3)} | ${longTasks(lhr)} |`;
    }),
    '',
    `Median (range): performance ${medianAndRange(performance)}; accessibility ${medianAndRange(accessibility)}.`,
    `Metrics, median (range): ${metricLine}.`,
    `Lighthouse's CPU benchmark index: ${medianAndRange(results.map((lhr) => lhr.environment.benchmarkIndex))}.`,
    '',
    `Performance 100 in ${perfect} of ${RUNS} runs (goal: ${RUNS} of ${RUNS} on an idle machine): ${verdict(perfect === RUNS)}.`,
    `TBT median ${median(tbt).toFixed(0)} ms, against the Indico check-in PWA's ${INDICO_TBT} ms in the outside probe's run (a reference, not measured here).`,
    '',
    ...failingList(mergeFailing(results.map(failingAccessibilityAudits)), RUNS),
    '',
    foreign.length === 0 ? 'Every request of the page went to the local server.' : `Requests that left the local server: ${foreign.map((u) => `\`${u}\``).join(', ')}.`,
  ].join('\n');
}

/** Lighthouse (mobile, default simulated throttling) on /programme, /kiosk and /scan: scores, metrics, failing audits. */
export const lighthouseBench: BenchModule = {
  name: 'lighthouse',
  async run(context) {
    const env = { NODE_ENV: 'production', DATABASE_URL: '', DATABASE_FILE: join(context.tempDir('lighthouse-db'), 'etape.sqlite'), ETAPE_STATIC_DIR: context.appDir };
    const etape = await startServerProcess(env);
    context.defer(() => etape.stop());
    const programme = (await (await fetch(`${etape.url}${programmePath(DEMO_EVENT_SLUG)}`)).json()) as { stages: { id: string; town: string }[] };
    const stageId = (programme.stages.find((stage) => stage.town.includes('Chanac')) ?? programme.stages[0]!).id;
    const server: Server = { url: etape.url, env, stageId };

    // Runs interleaved (run 1 of every scenario, then run 2…), so that a change of load on the machine touches all alike.
    const results = new Map<Scenario, Result[]>(SCENARIOS.map((scenario) => [scenario, []]));
    const retried: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      for (const scenario of SCENARIOS) {
        context.log(`lighthouse ${scenario.label}, run ${i + 1}/${RUNS}`);
        results.get(scenario)!.push(await runRecorded(context, server, scenario, retried));
      }
    }
    const budgets: BudgetCheck[] = [];
    const sections = SCENARIOS.map((scenario) => scenarioSection(scenario, results.get(scenario)!, new URL(etape.url).origin, budgets));
    const first = results.get(SCENARIOS[0]!)![0]!;
    const markdown = [
      '## Lighthouse',
      '',
      `Lighthouse ${VERSION}, run programmatically ${RUNS} times on each route below, served by \`etape serve\` (SQLite,`,
      'demo week, production build). Categories performance and accessibility; mobile form factor with the default',
      'simulated throttling (4× CPU slowdown, slow 4G). Each run launches its own Chromium (fresh profile) with the',
      'flags of tests/e2e/browser.ts, plus `--host-resolver-rules` so that no host name but the loopback resolves.',
      'The runs are interleaved (run 1 of each route, then run 2…). A device not enrolled is a first visit (Lighthouse',
      'clears the origin\'s storage). An enrolled device is enrolled in that fresh profile first, through the app',
      '(`etape enroll --role kiosk|animator --stage <Chanac>`, the enrolment page, then the kiosk\'s PIN or the',
      'animator\'s first sync, until the service worker controls the page), and audited with its storage kept',
      '(`disableStorageReset`): its database, service worker and caches, as the device has them every morning.',
      'The long tasks column is Lighthouse\'s own list (its `long-tasks` audit): how many tasks of over 50 ms its',
      'simulation counts (the observed tasks under a 4× CPU slowdown), and the longest four by script',
      '(`Unattributable`: the browser\'s own work, such as parsing, style and layout).',
      '',
      `The goal of issue 16: performance 100 in ${RUNS} of ${RUNS} runs for each route on an idle machine, and TBT`,
      `below the Indico check-in PWA's: ${INDICO_TBT} ms in the outside probe's run (Lighthouse mobile, a busy`,
      'machine). That figure is the reference; Indico itself is not measured here (it cannot be fetched and built',
      'on this machine). The load average at the start is in the machine block above: on a busy machine the',
      'CPU benchmark index falls and the simulated TBT rises with it.',
      '',
      retried.length === 0
        ? 'Lighthouse recorded every run at the first attempt.'
        : `Runs Lighthouse could not record, run again: ${retried.join('; ')}.`,
      '',
      ...sections.flatMap((section) => [section, '']),
      `axe-core ${first.environment.credits?.['axe-core'] ?? '?'}.`,
    ].join('\n');
    return { markdown, budgets };
  },
};
