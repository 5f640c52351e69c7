import { DEMO_EVENT_SLUG, programmePath } from '../../shared/programme.ts';

/** One entry of vite's build manifest (`.vite/manifest.json`): a chunk and the chunks it imports statically. */
interface ManifestChunk {
  file: string;
  imports?: string[];
}

export type BuildManifest = Record<string, ManifestChunk>;

const PROGRAMME_PAGE = 'src/features/schedule/ProgrammePage.tsx';

/**
 * The pages a phone may open first, the module src/app/routes.ts loads for each, and the event
 * whose programme the page fetches at once (as `currentEventSlug()` answers on a device with empty
 * storage: the event of the address, else the demo week).
 */
const FIRST_PAGES: { path: RegExp; module: string; programmeOf?: (match: RegExpExecArray) => string }[] = [
  { path: /^\/(?:programme|my-programme)$/, module: PROGRAMME_PAGE, programmeOf: () => DEMO_EVENT_SLUG },
  { path: /^\/e\/([^/]+)(?:\/my-programme)?$/, module: PROGRAMME_PAGE, programmeOf: (match) => match[1]! },
  { path: /^\/kiosk$/, module: 'src/features/kiosk/KioskPage.tsx' },
  { path: /^\/scan$/, module: 'src/features/checkin/CheckinPage.tsx' },
  { path: /^\/enroll$/, module: 'src/features/devices/EnrollPage.tsx' },
];

/** The files of a module's chunk and of every chunk it imports statically, transitively, in a stable order. */
function chunkFiles(manifest: BuildManifest, key: string, seen = new Set<string>()): string[] {
  const chunk = manifest[key];
  if (!chunk || seen.has(key)) return [];
  seen.add(key);
  return [chunk.file, ...(chunk.imports ?? []).flatMap((imported) => chunkFiles(manifest, imported, seen))];
}

/**
 * The `<link>` hints for the HTML of `path`: without them a first visit finds the page's chunks only
 * once the entry script has run, and the programme only once those chunks have run (HTML → entry →
 * page chunks → programme.json, a round trip each on a slow network); with them the browser asks for
 * all at once. The chunks are asked at low priority, as the entry is (below): the static shell's
 * first paint waits for the stylesheet only. Files index.html already names (the entry) are left
 * out.
 * Empty for any other page, or when the manifest does not know the page's module.
 */
export function pageHints(manifest: BuildManifest, indexHtml: string, path: string): string {
  for (const page of FIRST_PAGES) {
    const match = page.path.exec(path);
    if (!match) continue;
    const files = chunkFiles(manifest, page.module).filter((file) => file.endsWith('.js') && !indexHtml.includes(`/${file}"`));
    const links = files.map((file) => `<link rel="modulepreload" fetchpriority="low" crossorigin href="/${file}">`);
    if (page.programmeOf) {
      // programmePath encodes the slug: the address holds no quote or angle bracket.
      links.push(`<link rel="preload" as="fetch" crossorigin href="${programmePath(page.programmeOf(match))}">`);
    }
    return files.length === 0 ? '' : links.join('\n');
  }
  return '';
}

/**
 * index.html with the hints of `path` at the end of its head, and its entry script asked at low
 * priority like the chunks: the static shell paints with the stylesheet alone, so on a slow
 * network the stylesheet goes first (Lighthouse counts a high-priority script loaded before the
 * first paint as holding it). Only here: on a device whose service worker serves index.html, a
 * first paint before the entry runs would put the entry's work after it, in the blocking time.
 */
export function withPageHints(indexHtml: string, manifest: BuildManifest | undefined, path: string): string {
  const hints = manifest ? pageHints(manifest, indexHtml, path) : '';
  if (!hints) return indexHtml;
  return indexHtml
    .replace('<script type="module" crossorigin', '<script type="module" fetchpriority="low" crossorigin')
    .replace('</head>', `${hints}\n</head>`);
}
