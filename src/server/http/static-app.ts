import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Context } from 'hono';
import { getMimeType } from 'hono/utils/mime';
import { withPageHints, type BuildManifest } from './page-hints.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
const SHORT = 'public, max-age=3600';

/**
 * How long a browser may keep a file of the built app: hashed assets forever, the files that
 * name them (index.html, the service worker, the manifest) never without asking again.
 */
export function cacheControlFor(path: string): string {
  if (path.startsWith('/assets/')) return IMMUTABLE;
  if (path === '/' || path.endsWith('.html') || /^\/(sw\.js|workbox-[^/]*\.js|manifest\.webmanifest)$/.test(path)) {
    return REVALIDATE;
  }
  return SHORT;
}

/** vite's build manifest (`npm run build` writes it), or undefined if absent or unreadable. */
async function readManifest(base: string): Promise<BuildManifest | undefined> {
  try {
    return JSON.parse((await readIfFile(join(base, '.vite', 'manifest.json')))?.toString('utf8') ?? 'null') ?? undefined;
  } catch {
    return undefined;
  }
}

async function readIfFile(file: string): Promise<Buffer | undefined> {
  try {
    const info = await stat(file);
    return info.isFile() ? await readFile(file) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Serves the built app from `root`. A path with a file extension is a file (404 if absent);
 * any other path is a page of the app and gets index.html, so /programme works on a reload, with
 * the hints of that page (src/server/http/page-hints.ts). The service worker's copy of index.html
 * has none: an installed app has its chunks already.
 */
export function staticApp(root: string) {
  const base = normalize(root + sep);
  return async (c: Context) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      return c.text('Bad request: the address is not valid.', 400);
    }
    const file = normalize(join(base, path));
    if (!file.startsWith(base)) return c.text('Not found', 404);

    const body = path.endsWith('/') ? undefined : await readIfFile(file);
    if (body) {
      c.header('Cache-Control', cacheControlFor(path));
      c.header('Content-Type', getMimeType(path) ?? 'application/octet-stream');
      return c.body(new Uint8Array(body));
    }
    if (extname(path)) return c.text('Not found', 404);

    const index = await readIfFile(join(base, 'index.html'));
    if (!index) {
      return c.text('The app is not built yet: run "npm run build" (or "npm start", which builds it).', 503);
    }
    c.header('Cache-Control', REVALIDATE);
    c.header('Content-Type', 'text/html; charset=utf-8');
    return c.body(withPageHints(index.toString('utf8'), await readManifest(base), path));
  };
}
