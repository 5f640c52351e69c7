/**
 * `npm run bench -- festival`: an organizer's device at festival size (20,000 participants,
 * 100,000 check-ins), in Chromium with the CPU slowed 4×, against a real `etape serve` on SQLite.
 * With ETAPE_BENCH_PROFILE=DIR, the page's CPU profiles of the first pull, of the first
 * dashboard load, of the first 30 scans and of the measured searches are written into DIR.
 * ETAPE_FESTIVAL_SCAN_ONLY=1 (for iterating on /scan) skips the dashboard loads: the report then
 * says the dashboard was not measured. With ETAPE_BENCH_TRACE=DIR, Chromium traces (timeline and
 * user timing: each timed scan and key is a `performance.measure`) of 30 measured scans and of the
 * measured searches are written into DIR, for Perfetto or chrome://tracing.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { encodeHlc } from '../../src/shared/hlc.ts';
import { PROFILES } from '../../src/shared/domain.ts';
import { SCHEMA_VERSION, type Op } from '../../src/shared/protocol.ts';
import { DEMO_PARTICIPANTS } from '../../src/server/demo/demo-participants.ts';
import { launchBrowser, VIEWPORT } from './chromium.ts';
import type { BenchModule, BudgetCheck } from './context.ts';
import { median, verdict } from './stats.ts';
import { checkinOps, demoIds, enrolmentCode, enrolNew, pullPage, pushRaw, startBenchServer, type BenchServer } from './sync-http.ts';

export const PARTICIPANTS = 20_000;
export const CHECKINS = 100_000;
/** Animator phones the check-ins come from (25,000 each). */
const DOORS = 4;
const RATE = 4;
/** How long the bench waits for the first sync before giving up (the budget is 20 s). */
const PULL_WAIT_MS = 300_000;
const SCANS = 100;
/** A door scans a badge every second or so: the time between two scans. */
const SCAN_EVERY_MS = 1_000;
const WARM_UP_SCANS = 10;
const DASHBOARD_LOADS = 3;
export const QUERIES = ['helene', 'jerome pag', 'chely', 'atelier mende', 'rouviere', 'tiers-lieu de', 'zzz'];
const BUDGET = { pullMs: 20_000, scanMs: 30, searchMs: 16, dashboardMs: 1_000, heapBytes: 300 * 1024 * 1024 };

const ms = (value: number, digits = 0) => `${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The name of the seeded participant number `n`: a name of the demo week with the number. */
export const participantName = (n: number) => `${DEMO_PARTICIPANTS[n % DEMO_PARTICIPANTS.length]!.name} ${n}`;

/** `count` participant.set ops of the organizer's device: names of the demo week with a number. */
function participantOps(deviceId: string, count: number): Op[] {
  const start = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const demo = DEMO_PARTICIPANTS[i % DEMO_PARTICIPANTS.length]!;
    return {
      opId: crypto.randomUUID(),
      deviceId,
      seq: i + 1,
      type: 'participant.set',
      payload: {
        id: `festival-${i}`,
        fields: { name: participantName(i), organisation: demo.organisation, profile: PROFILES[i % PROFILES.length]!, email: null, origin: 'import', consent: true },
      },
      hlc: encodeHlc({ wallMs: start + i, counter: 0, node: deviceId }),
      schemaVersion: SCHEMA_VERSION,
    };
  });
}

/** Fills the server through its push route: 20,000 participants (organizer), then 100,000 check-ins from 4 doors. */
export async function seed(server: BenchServer): Promise<{ ms: number; participants: string[] }> {
  const started = performance.now();
  const { stages } = await demoIds(server);
  await pushRaw(server.url, server.organizer.token, participantOps(server.organizer.deviceId, PARTICIPANTS));
  const participants = Array.from({ length: PARTICIPANTS }, (_, i) => `festival-${i}`);
  for (let door = 0; door < DOORS; door += 1) {
    const phone = await enrolNew(server, 'animator', `porte ${door + 1}`);
    const ops = checkinOps(phone.deviceId, 1, CHECKINS / DOORS, { stages, participants: participants.slice(door * 5_000).concat(participants.slice(0, door * 5_000)) });
    await pushRaw(server.url, phone.token, ops);
  }
  return { ms: performance.now() - started, participants };
}

/** Badge codes of the seeded participants, read from the organizer's pull (they come before the check-ins). */
export async function badgeCodes(server: BenchServer): Promise<Map<string, string>> {
  const codes = new Map<string, string>();
  let cursor = 0;
  while (codes.size < PARTICIPANTS) {
    const page = await pullPage(server.url, server.organizer.token, cursor, 5_000);
    for (const change of page.changes) {
      if (change.entity === 'participant' && change.id.startsWith('festival-') && change.data) codes.set(change.id, String(change.data.badgeCode));
    }
    if (!page.hasMore) break;
    cursor = page.nextCursor;
  }
  return codes;
}

/** In the page, from the first script on: every text the sync status shows, with its time. */
function recordSyncStatus(): void {
  const store = window as unknown as { __status: { at: number; text: string }[]; __clicked?: number };
  store.__status = [];
  document.addEventListener('click', () => (store.__clicked ??= performance.now()), { capture: true });
  let last = '';
  new MutationObserver(() => {
    const text = document.querySelector('.sync-status [role="status"]')?.textContent ?? '';
    if (text === last) return;
    last = text;
    store.__status.push({ at: performance.now(), text });
  }).observe(document, { childList: true, subtree: true, characterData: true });
}

/** In the page: the time (from navigation start) the week's figures are first in the DOM with their check-ins counted. */
function recordFigures(): void {
  const store = window as unknown as { __figures?: number };
  const observer = new MutationObserver(() => {
    const unique = document.querySelector('[data-testid="week-figures"]');
    if (!unique) return;
    observer.disconnect();
    store.__figures = performance.now();
  });
  observer.observe(document, { childList: true, subtree: true });
}

/** CPU seconds the page's main thread has used (CDP `ThreadTime`, the 4× slowdown counted): less stretched by the machine's load than wall-clock times. */
async function threadTime(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((metric) => metric.name === 'ThreadTime')?.value ?? Number.NaN;
}

async function heapUsed(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
}

/** In the page: the number of rows of an IndexedDB table of the page's database; of check-ins and participants, the rows of their blocks (src/db/blocks.ts: one `id` index entry per row). */
export function rowCountInPage(table: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const open = indexedDB.open('etape');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const store = open.result.transaction(table).objectStore(table);
      const request = table === 'checkins' || table === 'participants' ? store.index('id').count() : store.count();
      request.onsuccess = () => {
        open.result.close();
        resolve(request.result);
      };
      request.onerror = () => reject(request.error);
    };
  });
}

/** In the page: one wedge-scanner scan, the code's keys then Enter; ms from Enter to the answer naming `name` in the DOM. */
export function scanInPage({ code, name }: { code: string; name: string }): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const slot = document.querySelector('.outcome-slot');
    if (!slot) return reject(new Error('no answer slot on /scan'));
    let started = 0;
    const observer = new MutationObserver(() => {
      if (!slot.textContent?.includes(name)) return;
      observer.disconnect();
      resolve(performance.measure('scan', { start: started }).duration);
    });
    observer.observe(slot, { childList: true, subtree: true, characterData: true });
    for (const key of code) window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    started = performance.now();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    // Before the 30 s a WebDriver gives a script (festival-engines.ts), so that the error says what the answer showed.
    setTimeout(() => {
      observer.disconnect();
      reject(new Error(`no answer naming ${name} 20 s after the scan of ${code}; the answer shows "${slot.textContent}"`));
    }, 20_000);
  });
}

/**
 * In the page: types `query` into the search box, scrolled to the top of the window, a letter at a time; for each letter, ms from the input event
 * to the results rendered and laid out (the render runs in a microtask; a message hop, then a
 * forced layout).
 */
export async function searchInPage(query: string): Promise<number[]> {
  const input = document.querySelector<HTMLInputElement>('#checkin-search')!;
  const channel = new MessageChannel();
  const times: number[] = [];
  // As on a phone, whose keyboard brings the focused box to the top: the results below it are in view.
  input.scrollIntoView({ block: 'start' });
  input.focus();
  // Two frames: the scroll is painted before the first key (a phone scrolls when its keyboard opens, before any key).
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  // Then the pause any other key has: resumed from the rAF callback, the first key ran inside that frame's
  // update and was always timed with its style, layout, paint and commit; another key is timed with a
  // frame only when one falls between its input and its layout.
  await new Promise((resolve) => setTimeout(resolve, 30));
  for (let length = 1; length <= query.length; length += 1) {
    const started = performance.now();
    input.value = query.slice(0, length);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    // A message hop (a task, not clamped like a timer): the render, done in a microtask, is over.
    await new Promise<void>((resolve) => {
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(0);
    });
    void document.querySelector('.people')?.getBoundingClientRect();
    times.push(performance.measure('key', { start: started }).duration);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  input.value = '';
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await new Promise((resolve) => setTimeout(resolve, 100));
  return times;
}

export const festivalBench: BenchModule = {
  name: 'festival',
  async run(context) {
    const loadAtStart = loadavg();
    const server = await startBenchServer(context, 'sqlite', undefined, context.appDir);
    context.log(`festival: seeding ${PARTICIPANTS} participants and ${CHECKINS} check-ins through push`);
    const seeded = await seed(server);
    context.log(`festival: seeded in ${ms(seeded.ms)}`);
    const codes = await badgeCodes(server);
    const serverChanges = await (async () => {
      let cursor = 0;
      let count = 0;
      for (;;) {
        const page = await pullPage(server.url, server.organizer.token, cursor, 5_000);
        count += page.changes.length;
        if (!page.hasMore) return count;
        cursor = page.nextCursor;
      }
    })();

    const browser = await launchBrowser(context);
    const device = await browser.newContext({ viewport: VIEWPORT, locale: 'fr-FR', serviceWorkers: 'allow' });
    await device.addInitScript(recordSyncStatus);
    await device.addInitScript(recordFigures);
    const page = await device.newPage();
    const cdp = await device.newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: RATE });
    const heap: { when: string; bytes: number }[] = [];
    const isolated = await (async () => {
      await page.goto(`${server.url}/`);
      return page.evaluate(() => self.crossOriginIsolated && 'measureUserAgentSpecificMemory' in performance);
    })();

    // 1. A new organizer device: enrolled, then its first sync pulls everything.
    context.log('festival: a new organizer device pulls everything');
    const code = await enrolmentCode(server, 'organizer');
    await page.goto(`${server.url}/enroll#code=${code}`);
    await page.getByLabel('Nom de cet appareil').fill('Tablette festival');
    const profiling = process.env.ETAPE_BENCH_PROFILE;
    if (profiling) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const pullCpuStart = await threadTime(cdp);
    await page.getByRole('button', { name: 'Inscrire l’appareil' }).click();
    // Waits for the first sync to end (the status says when it last succeeded), logging what it shows.
    const deadline = Date.now() + PULL_WAIT_MS;
    for (;;) {
      const { last, pulled } = await page.evaluate(() => {
        const store = window as unknown as { __status: { text: string }[] };
        return { last: store.__status.at(-1)?.text ?? '', pulled: store.__status.some(({ text }) => text.includes('réception')) };
      });
      if (pulled && last.includes('dernière synchro')) break;
      if (Date.now() > deadline) throw new Error(`the first sync did not end in ${PULL_WAIT_MS / 1000} s; the status shows "${last}"`);
      context.log(`festival: ${last}`);
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
    context.log(`festival: the page's main thread used ${ms((await threadTime(cdp)) * 1000 - pullCpuStart * 1000)} of CPU during the pull (ThreadTime)`);
    if (profiling) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(join(profiling, 'festival-pull.cpuprofile'), JSON.stringify(profile));
      context.log(`festival: CPU profile of the pull written to ${profiling}`);
    }
    const { status, clicked } = await page.evaluate(() => {
      const store = window as unknown as { __status: { at: number; text: string }[]; __clicked: number };
      return { status: store.__status, clicked: store.__clicked };
    });
    // The pull's end: the first time, after its last progress, that the status says when a sync last
    // succeeded (later entries only relabel that time: "à l'instant", then "il y a …").
    const lastProgress = status.findLastIndex(({ text }) => text.includes('réception'));
    const done = status.find(({ text }, i) => i > lastProgress && text.includes('dernière synchro'))!;
    const pullMs = done.at - clicked;
    context.log(`festival: first pull ${ms(pullMs)}`);
    const progress = status.filter(({ text }) => text.includes('réception'));
    const held = { participants: await page.evaluate(rowCountInPage, 'participants'), checkins: await page.evaluate(rowCountInPage, 'checkins') };
    if (held.checkins !== CHECKINS) throw new Error(`the new device holds ${held.checkins} check-ins, not ${CHECKINS}`);
    heap.push({ when: 'after the first pull (on /dashboard)', bytes: await heapUsed(cdp) });

    // 2. The dashboard, loaded again: from navigation start to the week's figures in the DOM.
    context.log('festival: dashboard loads');
    const dashboardTimes: number[] = [];
    const scanOnly = process.env.ETAPE_FESTIVAL_SCAN_ONLY === '1';
    for (let i = 0; i < (scanOnly ? 0 : DASHBOARD_LOADS); i += 1) {
      if (profiling && i === 0) await cdp.send('Profiler.start');
      await page.goto(`${server.url}/dashboard`);
      const at = await page.waitForFunction(() => (window as unknown as { __figures?: number }).__figures, undefined, { timeout: 60_000 });
      const cpu = await threadTime(cdp); // the new document's own: ThreadTime starts again at each navigation
      dashboardTimes.push(Number(await at.jsonValue()));
      if (profiling && i === 0) writeFileSync(join(profiling, 'festival-dashboard.cpuprofile'), JSON.stringify((await cdp.send('Profiler.stop')).profile));
      context.log(`festival: dashboard figures at ${ms(dashboardTimes.at(-1)!)} (the page's main thread: ${ms(cpu * 1000)} of CPU from its start to the figures, ThreadTime)`);
    }
    if (!scanOnly) heap.push({ when: 'on /dashboard, loaded again', bytes: await heapUsed(cdp) });

    // 3. /scan: wedge-scanner scans, then name search.
    context.log('festival: scans and searches on /scan');
    await page.goto(`${server.url}/scan`);
    const stageId = await page.locator('#checkin-stage option').nth(1).getAttribute('value');
    await page.locator('#checkin-stage').selectOption(stageId!);
    await page.getByTestId('presence').waitFor({ timeout: 60_000 });
    await page.locator('#checkin-search').waitFor();
    const scanTimes: number[] = [];
    const scanCpu = { start: 0, end: 0 };
    const tracing = process.env.ETAPE_BENCH_TRACE;
    const traceCategories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8', 'disabled-by-default-v8.gc'];
    if (profiling) await cdp.send('Profiler.start');
    for (let i = 0; i < WARM_UP_SCANS + SCANS; i += 1) {
      if (profiling && i === WARM_UP_SCANS + 20) writeFileSync(join(profiling, 'festival-scans.cpuprofile'), JSON.stringify((await cdp.send('Profiler.stop')).profile));
      if (tracing && i === WARM_UP_SCANS + 30) await browser.startTracing(page, { path: join(tracing, 'festival-scans.json'), categories: traceCategories });
      if (tracing && i === WARM_UP_SCANS + 60) await browser.stopTracing();
      if (i === WARM_UP_SCANS) scanCpu.start = await threadTime(cdp);
      const n = (i * 131) % PARTICIPANTS;
      const elapsed = await page.evaluate(scanInPage, { code: codes.get(`festival-${n}`)!, name: participantName(n) });
      if (i >= WARM_UP_SCANS) scanTimes.push(elapsed);
      if (i % 20 === 0) context.log(`festival: scan ${i + 1}: ${ms(elapsed, 1)}`);
      await page.waitForTimeout(SCAN_EVERY_MS); // a door scans a badge every second or so, not back to back
    }
    scanCpu.end = await threadTime(cdp);
    const searchTimes: number[] = [];
    const searchCpu = { start: 0, end: 0 };
    for (let round = 0; round < 3; round += 1) {
      if (round === 1) searchCpu.start = await threadTime(cdp);
      if (profiling && round === 1) await cdp.send('Profiler.start');
      if (tracing && round === 1) await browser.startTracing(page, { path: join(tracing, 'festival-search.json'), categories: traceCategories });
      for (const query of QUERIES) {
        const times = await page.evaluate(searchInPage, query);
        if (round > 0) searchTimes.push(...times);
        context.log(`festival: "${query}" ${times.map((t) => t.toFixed(1)).join(' ')} ms`);
      }
    }
    searchCpu.end = await threadTime(cdp);
    if (tracing) await browser.stopTracing();
    if (profiling) writeFileSync(join(profiling, 'festival-search.cpuprofile'), JSON.stringify((await cdp.send('Profiler.stop')).profile));
    heap.push({ when: 'on /scan, after the scans and searches', bytes: await heapUsed(cdp) });

    const scanP95 = percentile(scanTimes, 95);
    const searchP95 = percentile(searchTimes, 95);
    const dashboardMedian = scanOnly ? Number.NaN : median(dashboardTimes);
    const peak = Math.max(...heap.map(({ bytes }) => bytes));
    const budgets: BudgetCheck[] = [
      { what: `festival: first full pull ${ms(pullMs)} ≤ 20 s, progress shown`, pass: pullMs <= BUDGET.pullMs && progress.length > 0 },
      { what: `festival: scan → committed p95 ${ms(scanP95, 1)} ≤ 30 ms`, pass: scanP95 <= BUDGET.scanMs },
      { what: `festival: name search p95 ${ms(searchP95, 1)} ≤ 16 ms`, pass: searchP95 <= BUDGET.searchMs },
      ...(scanOnly ? [] : [{ what: `festival: dashboard figures ${ms(dashboardMedian)} ≤ 1 s`, pass: dashboardMedian <= BUDGET.dashboardMs }]),
      { what: `festival: JS heap ${mb(peak)} ≤ 300 MB`, pass: peak <= BUDGET.heapBytes },
    ];
    const shown = progress.map(({ text }) => `“${text.split(' · ')[1] ?? text}”`);
    const markdown = [
      '## Festival size, in Chromium',
      '',
      `Method: \`etape serve\` on SQLite (loopback), filled through its push route with ${PARTICIPANTS.toLocaleString('en-US')} participants`,
      `(organizer's \`participant.set\` ops; the server signs each badge) and ${CHECKINS.toLocaleString('en-US')} check-ins (\`checkin.record\` ops from ${DOORS} animator`,
      `phones, spread over the 8 demo stages), on top of the demo week (90 participants): ${serverChanges.toLocaleString('en-US')} changes for an organizer to pull.`,
      `Seeding took ${ms(seeded.ms)}. Chromium headless (flags of tests/e2e/browser.ts, a ${VIEWPORT.width}×${VIEWPORT.height} window, fr-FR),`,
      `CPU slowed ${RATE}× with CDP \`Emulation.setCPUThrottlingRate\` for the whole run. Times are taken in the page (\`performance.now()\`).`,
      `The server, the browser and the bench share the machine's ${cpus().length} cores with other work: load average ${loadAtStart.map((v) => v.toFixed(1)).join(', ')} at the start of this module, ${loadavg().map((v) => v.toFixed(1)).join(', ')} at its end (1, 5, 15 min).`,
      '',
      '| what | measured | budget | verdict |',
      '|---|---|---|---|',
      `| new organizer device: "Inscrire l’appareil" clicked → first sync done (status shows "dernière synchro") | ${ms(pullMs)} | ≤ 20 s, progress shown | ${verdict(pullMs <= BUDGET.pullMs && progress.length > 0)} |`,
      `| scan (wedge scanner: code typed, Enter) → answer in the DOM, after the check-in committed: p95 of ${SCANS} (median ${ms(percentile(scanTimes, 50), 1)}, max ${ms(Math.max(...scanTimes), 1)}) | ${ms(scanP95, 1)} | p95 ≤ 30 ms | ${verdict(scanP95 <= BUDGET.scanMs)} |`,
      `| name search on /scan, per keystroke: p95 of ${searchTimes.length} (median ${ms(percentile(searchTimes, 50), 1)}, max ${ms(Math.max(...searchTimes), 1)}) | ${ms(searchP95, 1)} | p95 ≤ 16 ms | ${verdict(searchP95 <= BUDGET.searchMs)} |`,
      scanOnly
        ? '| /dashboard loaded → week\'s figures in the DOM | not measured (ETAPE_FESTIVAL_SCAN_ONLY) | ≤ 1 s | |'
        : `| /dashboard loaded → week's figures in the DOM, from navigation start: median of ${DASHBOARD_LOADS} (${dashboardTimes.map((t) => ms(t)).join(', ')}) | ${ms(dashboardMedian)} | ≤ 1 s | ${verdict(dashboardMedian <= BUDGET.dashboardMs)} |`,
      `| the tab's JS heap (CDP \`Performance.getMetrics\` JSHeapUsedSize, highest of ${heap.length} samples) | ${mb(peak)} | ≤ 300 MB | ${verdict(peak <= BUDGET.heapBytes)} |`,
      '',
      `The device then held ${held.participants.toLocaleString('en-US')} participants and ${held.checkins.toLocaleString('en-US')} check-ins. Progress the sync status showed during the pull (${progress.length} updates): ${shown.length > 6 ? [...shown.slice(0, 3), '…', ...shown.slice(-2)].join(', ') : shown.join(', ') || 'none'}.`,
      '',
      'Scans: the keys of a badge code and Enter are dispatched on the window, as a keyboard-wedge scanner types them; the',
      'time runs from Enter to the answer\'s text changing in the DOM, which happens only after `scanCode` (signature',
      'check, reads, the check-in and its op in one transaction) has committed: it includes the render of the answer.',
      `${WARM_UP_SCANS} warm-up scans first, then one every ${SCAN_EVERY_MS / 1000} s (different people, the sync engine pushing and pulling in the background).`,
      `Search: ${QUERIES.length} queries (${QUERIES.map((q) => `"${q}"`).join(', ')}) typed a letter at a time into the search box, scrolled to the top of the window (the results in view),`,
      'timed from the `input` event to the results rendered and laid out; 2 rounds after a warm-up round.',
      `CPU time of the page's main thread (CDP \`Performance.getMetrics\` ThreadTime; it counts the 4× slowdown, as a busy thread), which the machine's load stretches less than wall-clock times: ${ms(((scanCpu.end - scanCpu.start) * 1000) / SCANS, 1)} a scan over the ${SCANS} measured scans and the seconds between them (the sync after each included); ${ms(((searchCpu.end - searchCpu.start) * 1000) / searchTimes.length, 1)} a key over the ${searchTimes.length} measured keys (the pauses between keys and the clearing of the box after each query included).`,
      `Memory: JSHeapUsedSize at ${heap.map(({ when, bytes }) => `${when} ${mb(bytes)}`).join('; ')}. \`performance.measureUserAgentSpecificMemory\` ${isolated ? 'is available but not used' : 'is not available (the page is not cross-origin isolated)'}.`,
      '',
      'Firefox and WebKit: section *Festival size in Firefox and WebKit, at the machine\'s speed* (their drivers have no CPU slowdown).',
    ].join('\n');
    return { markdown, budgets };
  },
};
