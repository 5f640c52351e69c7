/**
 * `npx tsx tests/bench/page-js.ts [OUT_DIR]`: builds the app (as tests/e2e/budgets.test.ts does)
 * and prints, for each page module, the JS its first visit loads before any dynamic import it
 * performs: the entry chunk, the page's chunk and their static imports, each gzipped (level 9)
 * and summed. Exact for a given build, unlike a timing; the figures of docs/benchmarks.md,
 * *Device database layer*, come from it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildWithChunkMap } from '../e2e/budgets/chunk-map.ts';

const PAGES = [
  'schedule/ProgrammePage.tsx',
  'kiosk/KioskPage.tsx',
  'checkin/CheckinPage.tsx',
  'participants/ParticipantsPage.tsx',
  'participants/ParticipantPage.tsx',
  'dashboard/DashboardPage.tsx',
  'devices/DevicesPage.tsx',
  'event/EventPage.tsx',
  'schedule/StageEditPage.tsx',
  'kiosk/FeedbackSetupPage.tsx',
];

const out = process.argv[2] ?? join(fileURLToPath(new URL('../..', import.meta.url)), '.tmp', 'page-js', 'app');
const map = buildWithChunkMap(out);
const chunkOf = (suffix: string) => Object.keys(map).find((chunk) => map[chunk]!.modules.some((id) => id.endsWith(suffix)));
const gzipped = (chunk: string) => gzipSync(readFileSync(join(out, chunk)), { level: 9 }).length;
const entry = chunkOf('/src/app/main.tsx')!;
for (const page of PAGES) {
  const own = chunkOf(`/src/features/${page}`);
  if (!own) throw new Error(`No chunk holds ${page}`);
  const loaded = new Set<string>();
  for (const stack = [entry, own]; stack.length > 0; ) {
    const chunk = stack.pop()!;
    if (loaded.has(chunk)) continue;
    loaded.add(chunk);
    stack.push(...(map[chunk]?.imports ?? []));
  }
  const bytes = [...loaded].reduce((sum, chunk) => sum + gzipped(chunk), 0);
  console.log(`${page}\t${(bytes / 1024).toFixed(1)} KB\t${loaded.size} chunks`);
}
