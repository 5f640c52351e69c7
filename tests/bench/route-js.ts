import { request as httpRequest } from 'node:http';
import type { Browser, Request } from 'playwright-core';
import { launchBrowser } from './chromium.ts';
import type { BenchContext } from './context.ts';
import { withTimeout } from './stats.ts';

/** The JS one route loaded on a first visit. */
export interface RouteJs {
  route: string;
  /** Encoded (gzip) body bytes of each script, by path. */
  scripts: { path: string; bytes: number; encoding: string }[];
  total: number;
}

/** Routes measured, in the order of the report. */
export const ROUTES = ['/programme', '/settings', '/scan', '/kiosk', '/dashboard'];

async function scriptSize(request: Request): Promise<RouteJs['scripts'][number] | undefined> {
  const path = new URL(request.url()).pathname;
  if (request.resourceType() !== 'script' || request.serviceWorker() || path === '/sw.js') return undefined;
  const [sizes, response] = await Promise.all([request.sizes(), request.response()]);
  return { path, bytes: Math.max(0, sizes.responseBodySize), encoding: response?.headers()['content-encoding'] ?? 'none' };
}

/** Opens `route` in an empty profile, waits for network idle, and sums the page's script bodies. */
async function measureRoute(browser: Browser, baseUrl: string, route: string): Promise<RouteJs> {
  const profile = await browser.newContext({ serviceWorkers: 'allow' });
  try {
    const pending: Promise<RouteJs['scripts'][number] | undefined>[] = [];
    profile.on('requestfinished', (request) => pending.push(scriptSize(request)));
    const page = await profile.newPage();
    await page.goto(`${baseUrl}${route}`, { waitUntil: 'networkidle', timeout: 30_000 });
    const scripts = (await withTimeout(Promise.all(pending), 10_000, 'reading response sizes')).filter((s) => s !== undefined);
    scripts.sort((a, b) => b.bytes - a.bytes);
    return { route, scripts, total: scripts.reduce((sum, s) => sum + s.bytes, 0) };
  } finally {
    await profile.close();
  }
}

/** Measures every route of ROUTES, each in an empty profile (a fresh browser context). */
export async function measureRoutes(context: BenchContext, baseUrl: string): Promise<RouteJs[]> {
  const browser = await launchBrowser(context);
  try {
    const results: RouteJs[] = [];
    for (const route of ROUTES) {
      context.log(`JS loaded by ${route}`);
      results.push(await measureRoute(browser, baseUrl, route));
    }
    return results;
  } finally {
    await browser.close();
  }
}

/** Bytes of `path` on the wire when the client accepts gzip (status, encoding and body length). */
export function wireSize(baseUrl: string, path: string): Promise<{ bytes: number; encoding: string; status: number }> {
  return withTimeout(
    new Promise((resolve, reject) => {
      const req = httpRequest(`${baseUrl}${path}`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve({ bytes, encoding: String(res.headers['content-encoding'] ?? 'none'), status: res.statusCode ?? 0 }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    }),
    10_000,
    `GET ${path}`,
  );
}
