import { execFileSync } from 'node:child_process';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { CHROMIUM_ARGS } from '../e2e/browser.ts';
import { CHROMIUM } from '../setup/ensure-browser.ts';
import type { BenchContext } from './context.ts';

/** Debian's Chromium and its flags (tests/e2e/browser.ts), shared with the end-to-end tests. */
export { CHROMIUM, CHROMIUM_ARGS };

/** A phone-sized window, as in the end-to-end tests. */
export const VIEWPORT = { width: 412, height: 915 };

/** Debian's Chromium version, e.g. "Chromium 156.0.8078.108". */
export function chromiumVersion(): string {
  try {
    const out = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000 });
    return out.trim().replace(/\s+built on.*$/, '');
  } catch {
    return `unknown (${CHROMIUM} did not answer --version)`;
  }
}

/** Launches a browser with no profile on disk; closed at the end of the bench at the latest. */
export async function launchBrowser(context: BenchContext): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
  context.defer(() => browser.close());
  return browser;
}

/** Launches Chromium on the profile in `dir` (kept on disk); closed at the end at the latest. */
export async function launchProfile(context: BenchContext, dir: string): Promise<BrowserContext> {
  const browser = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: VIEWPORT,
    locale: 'fr-FR',
    serviceWorkers: 'allow',
    timeout: 60_000,
  });
  context.defer(() => browser.close());
  return browser;
}
