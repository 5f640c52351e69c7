/**
 * `npm run bench -- idb-records`: what IndexedDB costs the page's main thread per record, in
 * Chromium with the CPU slowed 4×, for the check-ins a first pull stores: one record per check-in
 * (the layout of schema versions 20 to 40: four indexes, or none) against blocks of BLOCK_ROWS
 * check-ins (version 60, src/db/checkin-store.ts: three multiEntry indexes, or none). Why the
 * device stores check-ins in blocks. Plain IndexedDB in the page, the layouts written out here.
 */
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import type { CDPSession } from 'playwright-core';
import { BLOCK_ROWS } from '../../src/db/blocks.ts';
import { launchBrowser, VIEWPORT } from './chromium.ts';
import type { BenchModule } from './context.ts';
import { median } from './stats.ts';

const ROWS = 20_000;
const PAGE = 5_000;
const RATE = 4;
const ROUNDS = 3;
const LAYOUTS = [
  'rows, 4 indexes',
  'rows, no index',
  `blocks of ${BLOCK_ROWS}, 3 multiEntry indexes, pair keys`,
  `blocks of ${BLOCK_ROWS}, 3 multiEntry indexes, string keys`,
  `blocks of ${BLOCK_ROWS}, no index`,
] as const;

async function threadTime(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((metric) => metric.name === 'ThreadTime')?.value ?? Number.NaN) * 1000;
}

export const idbRecords: BenchModule = {
  name: 'idb-records',
  async run(context) {
    const loadAtStart = loadavg();
    const server = createServer((_, response) => response.setHeader('content-type', 'text/html').end('<!doctype html><title>idb</title>'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    context.defer(() => server.close());
    const { port } = server.address() as { port: number };
    const browser = await launchBrowser(context);
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(`http://127.0.0.1:${port}/`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: RATE });
    const cpu = new Map<string, number[]>(LAYOUTS.map((layout) => [layout, []]));
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const layout of LAYOUTS) {
        await page.evaluate(async (layout) => {
          const store = window as unknown as { db?: IDBDatabase };
          store.db?.close();
          await new Promise((resolve) => Object.assign(indexedDB.deleteDatabase('bench'), { onsuccess: resolve, onerror: resolve }));
          store.db = await new Promise<IDBDatabase>((resolve, reject) => {
            const open = indexedDB.open('bench', 1);
            open.onupgradeneeded = () => {
              if (layout.startsWith('rows')) {
                const rows = open.result.createObjectStore('checkins', { keyPath: 'id' });
                if (layout.includes('4 indexes')) {
                  rows.createIndex('participantId', 'participantId');
                  rows.createIndex('[stageId+participantId]', ['stageId', 'participantId']);
                  rows.createIndex('[stageId+voided]', ['stageId', 'voided']);
                  rows.createIndex('[stageId+scannedAt]', ['stageId', 'scannedAt']);
                }
              } else {
                const blocks = open.result.createObjectStore('checkins', { keyPath: 'block', autoIncrement: true });
                if (layout.includes('multiEntry')) {
                  blocks.createIndex('id', 'ids', { unique: true, multiEntry: true });
                  blocks.createIndex('[stageId+participantId]', 'who', { multiEntry: true });
                  blocks.createIndex('[stageId+scannedAt]', 'times', { multiEntry: true });
                }
              }
            };
            open.onsuccess = () => resolve(open.result);
            open.onerror = () => reject(open.error);
          });
        }, layout);
        const before = await threadTime(cdp);
        await page.evaluate(async ({ layout, total, size, blockRows }) => {
          const db = (window as unknown as { db: IDBDatabase }).db;
          for (let start = 0; start < total; start += size) {
            // A pull page's check-ins, as apply-changes.ts stores them.
            const rows = Array.from({ length: size }, (_, i) => ({
              id: crypto.randomUUID(),
              participantId: `festival-${((start + i) * 7) % 20_000}`,
              stageId: `stage-${(start + i) % 8}`,
              deviceId: crypto.randomUUID(),
              deviceName: 'porte 1',
              scannedAt: new Date(Date.UTC(2026, 10, 23, 8) + (start + i) * 1_000).toISOString(),
              receivedAt: new Date(Date.UTC(2026, 10, 23, 9)).toISOString(),
              method: 'camera',
              voided: 0,
              voidedAt: null,
            }));
            await new Promise<void>((resolve, reject) => {
              const tx = db.transaction('checkins', 'readwrite');
              const store = tx.objectStore('checkins');
              if (layout.startsWith('rows')) for (const row of rows) store.add(row);
              else {
                for (let at = 0; at < rows.length; at += blockRows) {
                  const part = rows.slice(at, at + blockRows);
                  // Version 60's keys are pairs; version 80's one string each (src/db/checkin-store.ts).
                  const key = layout.includes('string keys') ? (a: string, b: string) => `${a}\u0000${b}` : (a: string, b: string) => [a, b];
                  store.add({ rows: part, ids: part.map((row) => row.id), who: part.map((row) => key(row.stageId, row.participantId)), times: part.map((row) => key(row.stageId, row.scannedAt)) });
                }
              }
              tx.oncomplete = () => resolve();
              tx.onerror = () => reject(tx.error);
            });
          }
        }, { layout, total: ROWS, size: PAGE, blockRows: BLOCK_ROWS });
        cpu.get(layout)!.push((await threadTime(cdp)) - before);
        context.log(`idb-records: ${layout}, round ${round + 1}: ${Math.round(cpu.get(layout)!.at(-1)!)} ms of main thread for ${ROWS} check-ins`);
      }
    }
    const perRow = (layout: string) => (median(cpu.get(layout)!) / ROWS) * 1000;
    const markdown = [
      '## IndexedDB: main-thread cost per record, in Chromium',
      '',
      `Method: ${ROWS.toLocaleString('en-US')} check-ins (rows shaped as the pull stores them) added in transactions of ${PAGE.toLocaleString('en-US')}, as pull pages are,`,
      `into a fresh database of each layout, in an empty page of Chromium headless, CPU slowed ${RATE}× (CDP); the figure is the page's main-thread`,
      `CPU time (CDP \`ThreadTime\`) from the first \`add\` to the last commit, median of ${ROUNDS} rounds (layouts interleaved). The layouts are`,
      'written out in `tests/bench/idb-records.ts`: the check-in table of schema versions 20 to 40 (one record per check-in, four indexes)',
      `and those of versions 60 and 80 (\`src/db/checkin-store.ts\`: blocks of ${BLOCK_ROWS}, each index with one entry per row, its keys pairs in 60,`,
      'one string each since 80), also without indexes.',
      `The machine's ${cpus().length} cores are shared with other work: load average ${loadAtStart.map((v) => v.toFixed(1)).join(', ')} at the start, ${loadavg().map((v) => v.toFixed(1)).join(', ')} at the end.`,
      '',
      '| layout | main thread, median | per check-in | rounds |',
      '|---|---:|---:|---|',
      ...LAYOUTS.map((layout) => `| ${layout} | ${Math.round(median(cpu.get(layout)!))} ms | ${perRow(layout).toFixed(0)} µs | ${cpu.get(layout)!.map((v) => Math.round(v)).join(', ')} ms |`),
      '',
      'The cost is per record more than per index: a check-in per record costs about the same with or without its indexes, a block of',
      `${BLOCK_ROWS} a fraction of it, its index entries included.`,
    ].join('\n');
    return { markdown, budgets: [] };
  },
};
