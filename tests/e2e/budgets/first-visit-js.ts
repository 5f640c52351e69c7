import type { BrowserContext, Page, Request } from 'playwright-core';

/** The scripts one page load fetched, with their gzip bytes on the wire. */
export interface FirstVisit {
  scripts: { chunk: string; bytes: number; encoding: string }[];
  /** Sum of the scripts' encoded bodies, in bytes. */
  total: number;
}

/** Time without a request in flight after which the page is taken to have loaded all it loads (Playwright's networkidle). */
const QUIET_MS = 500;

/**
 * Opens `url` in a new tab of `context` with the HTTP cache disabled and the service worker
 * bypassed, so that every script the page runs comes from the server; waits until `ready` holds
 * and the network has been quiet for 500 ms; returns the scripts fetched (the service worker
 * script aside) with their encoded body sizes, as Chromium counted them.
 */
export async function measureFirstVisit(context: BrowserContext, url: string, ready: (page: Page) => Promise<unknown>): Promise<FirstVisit> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.setBypassServiceWorker', { bypass: true });

    const inFlight = new Set<Request>();
    let lastSettled = Date.now();
    const scripts: Promise<FirstVisit['scripts'][number] | undefined>[] = [];
    const failures: string[] = [];
    page.on('request', (request) => inFlight.add(request));
    const settle = (request: Request) => {
      inFlight.delete(request);
      lastSettled = Date.now();
    };
    page.on('requestfailed', (request) => {
      settle(request);
      failures.push(`${request.url()}: ${request.failure()?.errorText}`);
    });
    page.on('requestfinished', (request) => {
      settle(request);
      const path = new URL(request.url()).pathname;
      if (request.resourceType() === 'script' && path !== '/sw.js') scripts.push(scriptSize(request, path));
    });

    await page.goto(url);
    await ready(page);
    await waitFor(() => inFlight.size === 0 && Date.now() - lastSettled >= QUIET_MS, 30_000, `${url}: the network never went quiet`);
    if (failures.length > 0) throw new Error(`${url}: requests failed:\n${failures.join('\n')}`);
    const sized = (await Promise.all(scripts)).filter((script) => script !== undefined);
    return { scripts: sized, total: sized.reduce((sum, script) => sum + script.bytes, 0) };
  } finally {
    await page.close();
  }
}

async function scriptSize(request: Request, path: string): Promise<FirstVisit['scripts'][number]> {
  const [sizes, response] = await Promise.all([request.sizes(), request.response()]);
  return { chunk: path.replace(/^\//, ''), bytes: sizes.responseBodySize, encoding: response?.headers()['content-encoding'] ?? 'none' };
}

async function waitFor(condition: () => boolean, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
