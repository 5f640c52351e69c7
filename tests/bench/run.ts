/**
 * `npm run bench [-- NAME…]`: builds the app, runs the bench modules (all, or those named) against
 * the real server, and writes their sections and the machine into docs/benchmarks.md.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appLoad } from './app-load.ts';
import { browserEngines } from './browser-engines.ts';
import { buildApp } from './build.ts';
import { createContext, type BenchModule, type BudgetCheck } from './context.ts';
import { festivalBench } from './festival.ts';
import { festivalEngines } from './festival-engines.ts';
import { idbRecords } from './idb-records.ts';
import { kioskBench } from './kiosk.ts';
import { lighthouseBench } from './lighthouse.ts';
import { machineBlock } from './machine.ts';
import { updateReport } from './report.ts';
import { scanDesk } from './scan-desk.ts';
import { scannerEngines } from './scanner-engines.ts';
import { withTimeout } from './stats.ts';
import { syncBench } from './sync.ts';
import { syncCrowd } from './sync-crowd.ts';

/** Every module, in the order of the report, with the time it may take at most. */
export const MODULES: { module: BenchModule; timeoutMs: number }[] = [
  { module: appLoad, timeoutMs: 8 * 60_000 },
  { module: lighthouseBench, timeoutMs: 40 * 60_000 },
  { module: syncBench, timeoutMs: 8 * 60_000 },
  { module: syncCrowd, timeoutMs: 10 * 60_000 },
  { module: kioskBench, timeoutMs: 8 * 60_000 },
  { module: scanDesk, timeoutMs: 5 * 60_000 },
  { module: idbRecords, timeoutMs: 6 * 60_000 },
  { module: festivalBench, timeoutMs: 15 * 60_000 },
  { module: festivalEngines, timeoutMs: 40 * 60_000 },
  { module: scannerEngines, timeoutMs: 6 * 60_000 },
  { module: browserEngines, timeoutMs: 8 * 60_000 },
];

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const APP_DIR = join(ROOT, '.tmp', 'bench', 'app');
const REPORT = join(ROOT, 'docs', 'benchmarks.md');

let disposeCurrent: (() => Promise<void>) | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`[bench] ${signal}: cleaning up`);
    void (disposeCurrent?.() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

async function main(names: string[]): Promise<number> {
  const unknown = names.filter((name) => !MODULES.some(({ module }) => module.name === name));
  if (unknown.length > 0) {
    console.error(`Unknown bench module: ${unknown.join(', ')}. Modules: ${MODULES.map(({ module }) => module.name).join(', ')}.`);
    return 2;
  }
  const loadAtStart = loadavg();
  const selected = MODULES.filter(({ module }) => names.length === 0 || names.includes(module.name));
  console.log(`[bench] building the app into ${APP_DIR}`);
  await buildApp(ROOT, APP_DIR);

  const sections = new Map<string, string>();
  const budgets: BudgetCheck[] = [];
  const failures: string[] = [];
  for (const { module, timeoutMs } of selected) {
    console.log(`[bench] ${module.name}`);
    const { context, dispose } = createContext(ROOT, APP_DIR);
    disposeCurrent = dispose;
    try {
      const section = await withTimeout(module.run(context), timeoutMs, `bench module ${module.name}`);
      sections.set(module.name, section.markdown);
      budgets.push(...section.budgets);
    } catch (error) {
      console.error(`[bench] ${module.name} failed:`, error);
      failures.push(module.name);
    } finally {
      await dispose();
      disposeCurrent = undefined;
    }
  }

  if (sections.size > 0) {
    updateReport(REPORT, machineBlock([...sections.keys()], loadAtStart), sections);
    console.log(`[bench] wrote ${REPORT}`);
  }
  for (const budget of budgets) console.log(`[bench] ${budget.pass ? 'pass' : 'FAIL'}: ${budget.what}`);
  if (failures.length > 0) console.error(`[bench] modules that failed (sections left as they were): ${failures.join(', ')}`);
  return failures.length > 0 || budgets.some((b) => !b.pass) ? 1 : 0;
}

process.exit(await main(process.argv.slice(2)));
