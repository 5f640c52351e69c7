import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The two builds the end-to-end tests serve: a first version, and a later one to update to. */
export const E2E_BUILDS = {
  v1: { id: 'e2e-v1', dir: join(ROOT, '.tmp', 'e2e', 'app-v1') },
  v2: { id: 'e2e-v2', dir: join(ROOT, '.tmp', 'e2e', 'app-v2') },
} as const;

/**
 * Global setup of the end-to-end suite: builds the app twice, with two build ids, exactly as
 * `npm run build` does (its own process, NODE_ENV=production, not vitest's "test").
 */
export default function buildApps(): void {
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  for (const { id, dir } of Object.values(E2E_BUILDS)) {
    execFileSync(process.execPath, [vite, 'build', '--logLevel', 'error', '--outDir', dir, '--emptyOutDir'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production', ETAPE_BUILD_ID: id },
      stdio: 'inherit',
    });
  }
}
