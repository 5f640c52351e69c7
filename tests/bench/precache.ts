import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** What the built service worker precaches. */
export interface Precache {
  /** Entries in the manifest injected into sw.js, duplicates included. */
  entries: number;
  /** Distinct URLs among them (what the cache holds). */
  urls: string[];
  /** Sizes of the distinct files in the build folder. */
  rawBytes: number;
  /** Bytes as served: text files gzipped, images as they are. */
  gzipBytes: number;
  /** Raw size of the duplicated entries, counted once per entry (as the plugin's own log does). */
  rawBytesWithDuplicates: number;
}

/** Files the server sends as they are (hono/compress leaves images and fonts alone). */
const ALREADY_COMPRESSED = /\.(png|ico|woff2)$/;
const ENTRY = /\{"revision":(?:null|"[^"]*"),"url":"([^"]+)"\}/g;

/** Parses the precache manifest out of `appDir`/sw.js and sums the files it names. */
export function measurePrecache(appDir: string): Precache {
  const sw = readFileSync(join(appDir, 'sw.js'), 'utf8');
  const all = [...sw.matchAll(ENTRY)].map((match) => match[1]!);
  if (all.length === 0) throw new Error('No precache manifest found in sw.js (did the build inject it?)');
  const urls = [...new Set(all)].sort();
  const sizeOf = (url: string) => statSync(join(appDir, url)).size;
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const url of urls) {
    const body = readFileSync(join(appDir, url));
    rawBytes += body.length;
    gzipBytes += ALREADY_COMPRESSED.test(url) ? body.length : gzipSync(body).length;
  }
  return { entries: all.length, urls, rawBytes, gzipBytes, rawBytesWithDuplicates: all.reduce((sum, url) => sum + sizeOf(url), 0) };
}
