import { cpSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { ServerProcess } from '../support/server-process.ts';
import { launchProfile } from './chromium.ts';
import type { BenchContext } from './context.ts';

/** One offline cold start: times from navigation start, in ms. */
export interface ColdStart {
  fcp: number;
  heading: number;
  /** Whether the service worker controlled the page (it must: the server is stopped). */
  controlled: boolean;
  /** Time of a fixed loop with the slowdown on, divided by its time with it off. */
  slowdown: number;
}

/** How the runs used the profile: relaunched the same directory, or a fresh copy each time. */
export type ProfileMode = 'same' | 'copy';

const RATE = 4;

/** Notes when the first h3 is in the DOM, then the start of the next frame (when it can be painted). */
function watchFirstHeading(): void {
  const store = window as unknown as Record<string, number | undefined>;
  const observer = new MutationObserver(() => {
    if (!document.querySelector('h3')) return;
    observer.disconnect();
    requestAnimationFrame(() => (store.__benchHeading = performance.now()));
  });
  observer.observe(document, { childList: true, subtree: true });
}

/** Milliseconds a fixed amount of work takes in the page. */
function loopTime(page: Page): Promise<number> {
  return page.evaluate(() => {
    const started = performance.now();
    let x = 0;
    for (let i = 0; i < 20_000_000; i++) x = (x + i * 7) % 1_000_003;
    return performance.now() - started + (x < 0 ? 1 : 0);
  });
}

async function firstPage(browser: BrowserContext): Promise<Page> {
  return browser.pages()[0] ?? (await browser.newPage());
}

/** Visits /programme online until the service worker controls it and the stages are shown. */
async function primeProfile(context: BenchContext, dir: string, url: string): Promise<void> {
  const browser = await launchProfile(context, dir);
  try {
    const page = await firstPage(browser);
    await page.goto(url, { timeout: 30_000 });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await page.locator('h3').first().waitFor({ state: 'visible', timeout: 30_000 });
  } finally {
    await browser.close();
  }
}

/** Launches Chromium on `dir` (a cold start), slows the CPU, opens `url` and times the first paints. */
async function coldStart(context: BenchContext, dir: string, url: string): Promise<ColdStart> {
  const browser = await launchProfile(context, dir);
  try {
    await browser.addInitScript(watchFirstHeading);
    const page = await firstPage(browser);
    const cdp = await browser.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: RATE });
    await page.goto(url, { timeout: 30_000 });
    const fcp = await page.waitForFunction(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      null,
      { timeout: 30_000 },
    );
    const heading = await page.waitForFunction(
      () => (window as unknown as Record<string, number | undefined>).__benchHeading,
      null,
      { timeout: 30_000 },
    );
    const controlled = await page.evaluate(() => navigator.serviceWorker.controller !== null);
    const slow = await loopTime(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const fast = await loopTime(page);
    return { fcp: Number(await fcp.jsonValue()), heading: Number(await heading.jsonValue()), controlled, slowdown: slow / fast };
  } finally {
    await browser.close();
  }
}

/**
 * Offline cold starts: primes a profile online, stops the server, then launches Chromium on that
 * profile `runs` times. Relaunches the same profile; if a run fails that way, starts over with a
 * fresh copy of the primed profile for each run.
 */
export async function measureOfflineStarts(
  context: BenchContext,
  server: ServerProcess,
  runs = 5,
): Promise<{ runs: ColdStart[]; mode: ProfileMode; firstError?: string }> {
  const url = `${server.url}/programme`;
  const primed = join(context.tempDir('profile'), 'primed');
  context.log('priming a profile online');
  await primeProfile(context, primed, url);
  const pristine = join(context.tempDir('profile'), 'pristine');
  cpSync(primed, pristine, { recursive: true });
  const stopped = await server.stop();
  if (stopped !== 0) context.log(`server exited with ${stopped} when stopped`);

  const results: ColdStart[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      context.log(`offline cold start ${i + 1}/${runs} (same profile)`);
      results.push(await coldStart(context, primed, url));
    }
    return { runs: results, mode: 'same' };
  } catch (error) {
    const firstError = error instanceof Error ? error.message.split('\n')[0] : String(error);
    context.log(`same-profile relaunch failed (${firstError}); using a copy per run`);
    results.length = 0;
    for (let i = 0; i < runs; i++) {
      const copy = join(context.tempDir('profile'), 'copy');
      cpSync(pristine, copy, { recursive: true });
      context.log(`offline cold start ${i + 1}/${runs} (copied profile)`);
      results.push(await coldStart(context, copy, url));
    }
    return { runs: results, mode: 'copy', firstError };
  }
}
