import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_BUILDS } from '../setup/build-apps.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { launchProfile } from './browser.ts';

interface Asked {
  path: string;
  /** Who asked: `parser` is the HTML itself (its script tag or a `<link>` hint), `script` a script that ran. */
  initiator: string;
  /** Chromium's priority for the request: `Low` waits for the stylesheet the first paint needs. */
  priority: string;
}

/*
 * On a slow network each "who asks for what" is a round trip: a page whose chunks are found only
 * when the entry script runs, and whose programme only when those chunks run, waits three round
 * trips after the HTML. The server names them in the HTML of a first visit
 * (src/server/http/page-hints.ts): every script and the programme come from the HTML, each once,
 * the scripts at low priority (the stylesheet first: the static shell paints without them).
 */
describe('a first visit asks for its page’s scripts and data with the HTML', () => {
  let server: ServerProcess;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServerProcess({
      DATABASE_FILE: join(mkdtempSync(join(tmpdir(), 'etape-e2e-hints-')), 'etape.sqlite'),
      DATABASE_URL: '',
      ETAPE_STATIC_DIR: E2E_BUILDS.v1.dir,
    });
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await server?.stop();
  });

  /** The scripts and API requests a new profile's page asks for until `ready` holds. */
  async function firstVisit(path: string, ready: (page: Page) => Promise<unknown>): Promise<Asked[]> {
    const context = await launchProfile();
    contexts.push(context);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const asked: Asked[] = [];
    cdp.on('Network.requestWillBeSent', ({ request, initiator, type }) => {
      const { pathname } = new URL(request.url);
      if ((type === 'Script' && pathname !== '/sw.js') || pathname.startsWith('/api/')) asked.push({ path: pathname, initiator: initiator.type, priority: request.initialPriority });
    });
    await cdp.send('Network.enable');
    await page.goto(`${server.url}${path}`);
    await ready(page);
    return asked;
  }

  const fromTheHtmlOnce = (asked: Asked[]) => {
    expect(asked.filter((request) => request.initiator !== 'parser')).toEqual([]);
    const paths = asked.map((request) => request.path);
    expect(paths.filter((path, index) => paths.indexOf(path) !== index)).toEqual([]);
    // The static shell paints with the stylesheet alone: no script goes before it.
    expect(asked.filter((request) => request.path.startsWith('/assets/') && request.priority !== 'Low')).toEqual([]);
  };

  it('names, in the real build, the chunks of every page a phone may open first, and each exists', async () => {
    // The table of src/server/http/page-hints.ts names modules by their source path: a page moved
    // or renamed would lose its hints without a word, which this catches.
    for (const path of ['/programme', '/my-programme', '/e/tiers-lieux-lozere', '/kiosk', '/scan', '/enroll']) {
      const html = await (await fetch(`${server.url}${path}`)).text();
      const chunks = [...html.matchAll(/<link rel="modulepreload"[^>]* href="([^"]+)">/g)].map((match) => match[1]!);
      expect(chunks.length, path).toBeGreaterThan(0);
      for (const chunk of chunks) expect((await fetch(`${server.url}${chunk}`)).status, `${path}: ${chunk}`).toBe(200);
    }
  });

  it('/programme: its chunks and the programme, before any script runs, each once', async () => {
    const asked = await firstVisit('/programme', (page) => page.locator('.stage').first().waitFor());
    fromTheHtmlOnce(asked);
    expect(asked.map((request) => request.path)).toContain('/api/public/events/tiers-lieux-lozere/programme.json');
    expect(asked.filter((request) => request.path.startsWith('/assets/ProgrammePage-')).length).toBeGreaterThan(0);
  });

  it('/kiosk on a device not enrolled: its chunks, before any script runs, each once', async () => {
    const asked = await firstVisit('/kiosk', (page) => page.getByText('Le mode kiosque demande un appareil inscrit comme borne').waitFor());
    fromTheHtmlOnce(asked);
    expect(asked.filter((request) => request.path.startsWith('/assets/KioskPage-')).length).toBe(1);
  });
});
