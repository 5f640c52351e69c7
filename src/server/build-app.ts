import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Inputs of the browser build: if any is newer than dist/index.html, the build is stale. */
const BUILD_INPUTS = ['index.html', 'vite.config.ts', 'package.json', 'public', 'sw', 'src'];
const NOT_BUILD_INPUTS = new Set(['server']);

function newestChange(path: string): number {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (NOT_BUILD_INPUTS.has(entry) && path.endsWith('src')) continue;
    newest = Math.max(newest, newestChange(join(path, entry)));
  }
  return newest;
}

/** Whether the app in `outDir` is missing or older than its sources in `root`. */
export function appNeedsBuild(root: string, outDir: string): boolean {
  const built = statSync(join(outDir, 'index.html'), { throwIfNoEntry: false });
  if (!built) return true;
  if (!existsSync(join(root, 'src'))) return false;
  return BUILD_INPUTS.some((input) => newestChange(join(root, input)) > built.mtimeMs);
}

/** Builds the browser app with Vite when it is missing or stale. Returns whether it built. */
export async function ensureAppBuilt(root: string, outDir: string, say: (line: string) => void): Promise<boolean> {
  if (!appNeedsBuild(root, outDir)) return false;
  say('Building the app (vite build)…');
  const vite = await import('vite').catch(() => {
    throw new Error('The app is not built and Vite is not installed: run "npm ci" then "npm run build".');
  });
  await vite.build({ root, logLevel: 'warn', build: { outDir } });
  return true;
}
