import { createRequire } from 'node:module';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type Result } from 'lighthouse';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.ts';
import type { BenchContext, BenchModule } from './context.ts';
import { failingAccessibilityAudits, foreignRequests, mergeFailing, metrics, type FailingAudit } from './lighthouse-audits.ts';
import { median, medianAndRange, verdict, withTimeout } from './stats.ts';

const RUNS = 5;
const VERSION = (createRequire(import.meta.url)('lighthouse/package.json') as { version: string }).version;

/** The end-to-end tests' Chromium flags, and no name resolves but loopback: Lighthouse may only reach the local server. */
const CHROME_FLAGS = [...CHROMIUM_ARGS, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost'];

/** One Lighthouse run in a Chromium of its own (fresh profile), killed afterwards whatever happens. */
async function runOnce(context: BenchContext, url: string): Promise<Result> {
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: CHROME_FLAGS,
    userDataDir: context.tempDir('lighthouse-profile'),
    logLevel: 'silent',
    handleSIGINT: false,
  });
  context.defer(() => chrome.kill());
  try {
    const result = await withTimeout(
      lighthouse(url, { port: chrome.port, logLevel: 'error', output: 'json', onlyCategories: ['performance', 'accessibility'] }),
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

/** Lighthouse (mobile, default simulated throttling) on /programme: scores and failing audits. */
export const lighthouseBench: BenchModule = {
  name: 'lighthouse',
  async run(context) {
    const server = await context.startServer();
    const url = `${server.url}/programme`;
    const results: Result[] = [];
    for (let i = 0; i < RUNS; i++) {
      context.log(`lighthouse run ${i + 1}/${RUNS}`);
      results.push(await runOnce(context, url));
    }
    const performance = results.map((lhr) => score(lhr, 'performance'));
    const accessibility = results.map((lhr) => score(lhr, 'accessibility'));
    const failing = mergeFailing(results.map(failingAccessibilityAudits));
    const foreign = [...new Set(results.flatMap((lhr) => foreignRequests(lhr, new URL(server.url).origin)))];
    const perRun = results.map(metrics);
    const metricLine = perRun[0]!
      .map(([label, , unit], index) => {
        const values = perRun.map((run) => run[index]![1]);
        return `${label} ${unit ? medianAndRange(values, ` ${unit}`) : medianAndRange(values, '', 3)}`;
      })
      .join('; ');
    const domSizes = results.map((lhr) => lhr.audits['dom-size']?.numericValue ?? Number.NaN);
    const pass = accessibility.every((value) => value === 100);
    const markdown = [
      '## Lighthouse',
      '',
      `Lighthouse ${VERSION}, run programmatically ${RUNS} times on /programme served by \`etape serve\` (SQLite, demo`,
      'week, production build). Categories performance and accessibility; mobile form factor with the default',
      'simulated throttling. Each run launches its own Chromium (fresh profile, so a first visit) with the',
      'flags of tests/e2e/browser.ts, plus `--host-resolver-rules` so that no host name but the loopback resolves.',
      '',
      '| run | performance | accessibility | FCP | LCP | TBT | CLS |',
      '|---:|---:|---:|---:|---:|---:|---:|',
      ...results.map((lhr, i) => {
        const [fcp, lcp, , tbt, cls] = perRun[i]!.map(([, value]) => value);
        return `| ${i + 1} | ${performance[i]} | ${accessibility[i]} | ${fcp!.toFixed(0)} ms | ${lcp!.toFixed(0)} ms | ${tbt!.toFixed(0)} ms | ${cls!.toFixed(3)} |`;
      }),
      '',
      `Median (range): performance ${medianAndRange(performance)}; accessibility ${medianAndRange(accessibility)}.`,
      `Metrics, median (range): ${metricLine}.`,
      `Lighthouse's CPU benchmark index here: ${medianAndRange(results.map((lhr) => lhr.environment.benchmarkIndex))}.`,
      `DOM at the end of the audit: ${medianAndRange(domSizes)} elements; axe-core ${results[0]!.environment.credits?.['axe-core'] ?? '?'}.`,
      '',
      `Budget: accessibility 100 in every run: ${verdict(pass)} (median ${median(accessibility)}).`,
      '',
      ...failingList(failing, RUNS),
      '',
      foreign.length === 0
        ? 'Every request of the page went to the local server.'
        : `Requests that left the local server: ${foreign.map((u) => `\`${u}\``).join(', ')}.`,
    ].join('\n');
    return { markdown, budgets: [{ what: 'Lighthouse accessibility = 100', pass }] };
  },
};
