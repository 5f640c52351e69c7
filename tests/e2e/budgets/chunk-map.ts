import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the bundler put in each JS chunk of a build, by file name (`assets/x-hash.js`). */
export type ChunkMap = Record<string, { modules: string[]; imports: string[]; dynamicImports: string[] }>;

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * Builds the app as `npm run build` does (its own process, NODE_ENV=production) into `outDir`,
 * and returns what each chunk holds. About two seconds.
 */
export function buildWithChunkMap(outDir: string): ChunkMap {
  const mapFile = `${outDir}.chunks.json`;
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/e2e/budgets/build-with-chunk-map.ts'), outDir, mapFile], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', ETAPE_BUILD_ID: 'budgets' },
    stdio: 'inherit',
  });
  return JSON.parse(readFileSync(mapFile, 'utf8')) as ChunkMap;
}

/** Libraries that must not load on the pages with a 50 KB budget, by package folder. */
export const HEAVY_LIBRARIES = ['html5-qrcode', 'barcode-detector', 'zxing-wasm'] as const;

/**
 * The libraries of HEAVY_LIBRARIES whose code `chunk` holds (modules under node_modules/<name>/).
 * A `?url` import is a file's address, not its code (decoder-wasm.ts holds the wasm's URL only).
 */
export function heavyLibrariesIn(map: ChunkMap, chunk: string): string[] {
  const modules = (map[chunk]?.modules ?? []).filter((id) => !id.endsWith('?url'));
  return HEAVY_LIBRARIES.filter((name) => modules.some((id) => id.includes(`/node_modules/${name}/`)));
}

/** The chunks among `loaded` whose static imports are not all in `loaded` (none, if nothing was missed). */
export function missingStaticImports(map: ChunkMap, loaded: readonly string[]): string[] {
  const seen = new Set(loaded);
  return loaded.flatMap((chunk) => (map[chunk]?.imports ?? []).filter((imported) => !seen.has(imported)));
}
