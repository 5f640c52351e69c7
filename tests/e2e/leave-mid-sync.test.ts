import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_BUILDS } from '../setup/build-apps.ts';
import { freePort } from '../support/free-port.ts';
import { runEtape, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { ENGINES, openDevice, stopEngines, type EngineDevice, type EnginePage } from './engines.ts';
import { button, focusEmpty, screenText } from './page-queries.ts';

/*
 * A page left while one of its IndexedDB transactions is under way (a reload, a link, the update
 * banner's reload, each starting a sync as the page opens): in WebKitGTK the transaction of the page
 * left was never ended, and every page after it waited for the tables it held, for good: the app
 * showed its header and nothing else, on every screen, until the browser was restarted (found by the
 * festival bench in Firefox and WebKit, docs/benchmarks.md). Each page now aborts its unfinished
 * transactions and closes its connection when it is left (src/db/database.ts, `pagehide`). Without
 * that, this test failed within ten pages in each of four runs in WebKit.
 */

const PAGES = 24;

/** Polls `read` until it gives a value, or gives up after `timeoutMs` (null). */
async function within<T>(timeoutMs: number, read: () => Promise<T | null | false>): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The organizer's menu shows once the app has read the device's identity from its database. */
const identityRead = async (page: EnginePage) => (await page.evaluate(screenText, undefined)).includes('Tableau de bord');

describe.each(ENGINES)('pages left in the middle of a sync, in %s', (engine) => {
  let server: ServerProcess | undefined;
  let device: EngineDevice | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    env = {
      DATABASE_FILE: join(mkdtempSync(join(tmpdir(), `etape-e2e-leave-${engine}-`)), 'etape.sqlite'),
      DATABASE_URL: '',
      PORT: String(await freePort()),
      ETAPE_STATIC_DIR: E2E_BUILDS.v1.dir,
    };
    server = await startServerProcess(env);
  });
  afterAll(async () => {
    await device?.close().catch(() => undefined);
    await stopEngines();
    await server?.stop();
  });

  it(`opens ${PAGES} pages in a row, each left as it starts its sync, and every one reads the device's database`, async () => {
    const { code: exit, output } = await runEtape(['enroll', '--role', 'organizer'], { ...env, LOG_LEVEL: 'warn' });
    expect(exit).toBe(0);
    device = await openDevice(engine);
    const { page } = device;
    await page.goto(`${server!.url}/enroll#code=${/#code=([\w-]+)/.exec(output)![1]}`);
    expect(await within(30_000, () => page.evaluate(focusEmpty, 'Nom de cet appareil'))).toBe(true);
    await page.type('Tablette de l’accueil');
    await page.click(button, 'Inscrire l’appareil');
    expect(await within(30_000, async () => (await page.evaluate(screenText, undefined)).includes('Tout est envoyé'))).toBe(true);

    // Each page is left as soon as it has read the identity: its first sync has just started.
    const stuck: string[] = [];
    for (let i = 0; i < PAGES; i += 1) {
      const path = i % 2 === 0 ? '/dashboard' : '/scan';
      await page.goto(`${server!.url}${path}`);
      if (!(await within(15_000, () => identityRead(page)))) stuck.push(`page ${i + 1}, ${path}: "${await page.evaluate(screenText, undefined)}"`);
      if (stuck.length > 0) break;
    }
    expect(stuck).toEqual([]);
    // And the last page's sync ends.
    expect(await within(30_000, async () => /Tout est envoyé · dernière synchro/.test(await page.evaluate(screenText, undefined)))).toBe(true);
  });
});
