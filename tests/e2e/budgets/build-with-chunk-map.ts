/**
 * Builds the app exactly as `npm run build` does (vite.config.ts, NODE_ENV=production) into
 * `outDir`, and writes beside it, to `mapFile`, what the bundler put in each JS chunk: the modules
 * it holds and the chunks it imports. Run as its own process (see chunk-map.ts).
 *
 * Usage: node --import tsx build-with-chunk-map.ts <outDir> <mapFile>
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';
import type { ChunkMap } from './chunk-map.ts';

const [outDir, mapFile] = process.argv.slice(2);
if (!outDir || !mapFile) throw new Error('usage: build-with-chunk-map.ts <outDir> <mapFile>');

const root = fileURLToPath(new URL('../../..', import.meta.url));
const chunks: ChunkMap = {};
const recorder: Plugin = {
  name: 'etape-chunk-map',
  apply: 'build',
  generateBundle(_options, bundle) {
    for (const output of Object.values(bundle)) {
      if (output.type !== 'chunk') continue;
      chunks[output.fileName] = {
        modules: output.moduleIds.map((id) => id.replaceAll('\\', '/')),
        imports: output.imports,
        dynamicImports: output.dynamicImports,
      };
    }
  },
};

await build({ root, logLevel: 'error', build: { outDir, emptyOutDir: true }, plugins: [recorder] });
// Only the files written to the app's folder (the service worker's own build and chunks left empty are not).
const written = Object.fromEntries(Object.entries(chunks).filter(([fileName]) => existsSync(join(outDir, fileName))));
writeFileSync(mapFile, JSON.stringify(written, null, 1));
