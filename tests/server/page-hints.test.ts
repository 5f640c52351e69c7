import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EVENT_SLUG, programmePath } from '../../src/shared/programme.ts';
import { ENGINE } from './test-database.ts';
import { createTestApp, type TestApp } from './test-app.ts';

const INDEX = [
  '<!doctype html><html><head><title>Étape</title>',
  '<script type="module" crossorigin src="/assets/shell-1.js"></script>',
  '</head><body><div id="shell"></div></body></html>',
].join('\n');

/** A build as vite writes it: index.html names the entry chunk; the manifest says what each page imports. */
const MANIFEST = {
  _shell: { file: 'assets/shell-1.js', dynamicImports: ['src/features/schedule/ProgrammePage.tsx', 'src/features/kiosk/KioskPage.tsx'] },
  'src/features/schedule/ProgrammePage.tsx': { file: 'assets/ProgrammePage-2.js', isDynamicEntry: true, imports: ['_ProgrammePage', '_shell'] },
  _ProgrammePage: { file: 'assets/ProgrammePage-3.js', imports: ['_shell', '_time', '_http'], dynamicImports: ['src/features/schedule/ChangeNotice.tsx'] },
  _time: { file: 'assets/time-4.js' },
  _http: { file: 'assets/http-5.js', imports: ['_time'] },
  'src/features/schedule/ChangeNotice.tsx': { file: 'assets/ChangeNotice-6.js', isDynamicEntry: true },
  'src/features/kiosk/KioskPage.tsx': { file: 'assets/KioskPage-7.js', isDynamicEntry: true, imports: ['_shell', '_time'], css: ['assets/kiosk-8.css'] },
};

function fakeBuild(withManifest: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'etape-dist-'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  if (withManifest) {
    mkdirSync(join(dir, '.vite'));
    writeFileSync(join(dir, '.vite', 'manifest.json'), JSON.stringify(MANIFEST));
  }
  return dir;
}

/** The `<link>` hints of a page's HTML, as "rel href", in order; and whether each sits in the head. */
async function hintsOf(app: TestApp, path: string): Promise<string[]> {
  const response = await app.app.request(path);
  expect(response.status, path).toBe(200);
  const html = await response.text();
  const head = html.slice(0, html.indexOf('</head>'));
  const all = [...html.matchAll(/<link rel="(modulepreload|preload)"([^>]*) href="([^"]*)">/g)];
  const inHead = [...head.matchAll(/<link rel="(modulepreload|preload)"([^>]*) href="([^"]*)">/g)];
  expect(inHead.length, `every hint of ${path} is in the head`).toBe(all.length);
  return all.map(([, rel, attributes, href]) => `${rel}${attributes} ${href}`);
}

describe(`First-visit hints in the HTML of a page (${ENGINE})`, () => {
  let built: TestApp;
  let unbuilt: TestApp;
  beforeAll(async () => {
    built = await createTestApp({ staticDir: fakeBuild(true) });
    unbuilt = await createTestApp({ staticDir: fakeBuild(false) });
  });
  afterAll(async () => {
    await built.close();
    await unbuilt.close();
  });

  it('announces the programme page’s chunks and the demo week’s programme on /programme, so they load with the entry', async () => {
    const expected = [
      'modulepreload fetchpriority="low" crossorigin /assets/ProgrammePage-2.js',
      'modulepreload fetchpriority="low" crossorigin /assets/ProgrammePage-3.js',
      'modulepreload fetchpriority="low" crossorigin /assets/time-4.js',
      'modulepreload fetchpriority="low" crossorigin /assets/http-5.js',
      `preload as="fetch" crossorigin ${programmePath(DEMO_EVENT_SLUG)}`,
    ];
    // Not the entry (index.html names it), not the chunks the page imports later (ChangeNotice), each once.
    expect(await hintsOf(built, '/programme')).toEqual(expected);
    expect(await hintsOf(built, '/my-programme')).toEqual(expected);
    // The entry too is asked at low priority on a first visit: the static shell paints with the stylesheet alone.
    expect(await (await built.app.request('/programme')).text()).toContain('<script type="module" fetchpriority="low" crossorigin src="/assets/shell-1.js">');
  });

  it('preloads the programme of the event in the address, its slug encoded', async () => {
    const hints = await hintsOf(built, '/e/fete-des-cimes');
    expect(hints.at(-1)).toBe(`preload as="fetch" crossorigin ${programmePath('fete-des-cimes')}`);
    expect((await hintsOf(built, '/e/fete-des-cimes/my-programme')).at(-1)).toBe(hints.at(-1));

    const slug = 'x"><img src=x onerror=alert(1)>';
    const html = await (await built.app.request(`/e/${encodeURIComponent(slug)}`)).text();
    expect(html).not.toContain('<img');
    expect(html).toContain(`href="${programmePath(slug)}"`);
  });

  it('announces the kiosk’s chunks on /kiosk, and no programme', async () => {
    expect(await hintsOf(built, '/kiosk')).toEqual([
      'modulepreload fetchpriority="low" crossorigin /assets/KioskPage-7.js',
      'modulepreload fetchpriority="low" crossorigin /assets/time-4.js',
    ]);
  });

  it('leaves other pages, index.html itself (the service worker’s copy: its entry keeps its priority) and a build without manifest as they are', async () => {
    for (const path of ['/settings', '/stages/abc', '/e/a/stages/b', '/']) {
      expect(await hintsOf(built, path), path).toEqual([]);
    }
    expect(await (await built.app.request('/index.html')).text()).toBe(INDEX);
    expect(await (await unbuilt.app.request('/programme')).text()).toBe(INDEX);
  });
});
