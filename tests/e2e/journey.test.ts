import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_BUILDS } from '../setup/build-apps.ts';
import { freePort } from '../support/free-port.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { ENGINES, openDevice, stopEngines, type EngineDevice, type EnginePage } from './engines.ts';
import { controlled, screenText, texts } from './page-queries.ts';

/*
 * The core journey, the same in Chromium, Firefox and WebKit (Safari's engine): each engine gets
 * its own server and database. "Offline" is the server stopped (WebKit has no network emulation),
 * then started again on the same address. One engine alone: `-t webkit` (or chromium, firefox).
 */
const text = (page: EnginePage) => page.evaluate(screenText, undefined);

describe.each(ENGINES)('the core journey in %s', (engine) => {
  let env: Record<string, string>;
  let server: ServerProcess | undefined;
  const devices: EngineDevice[] = [];

  const startServer = async () => {
    server = await startServerProcess(env);
  };
  const stopServer = async () => {
    expect(await server!.stop()).toBe(0);
  };
  const device = async (options?: Parameters<typeof openDevice>[1]) => {
    const opened = await openDevice(engine, options);
    devices.push(opened);
    return opened.page;
  };

  beforeAll(async () => {
    env = {
      DATABASE_FILE: join(mkdtempSync(join(tmpdir(), `etape-e2e-journey-${engine}-`)), 'etape.sqlite'),
      DATABASE_URL: '',
      PORT: String(await freePort()),
      ETAPE_STATIC_DIR: E2E_BUILDS.v1.dir,
    };
    await startServer();
  });
  afterAll(async () => {
    for (const opened of devices) await opened.close().catch(() => undefined);
    await stopEngines();
    await server?.stop();
  });

  it('shows the public programme, then starts cold from the service worker with the server stopped', async () => {
    const page = await device();
    await page.goto(`${server!.url}/programme`);
    await expect.poll(() => text(page), { timeout: 20_000 }).toContain('Florac Trois Rivières');
    expect(await page.evaluate(texts, '.stage h3')).toHaveLength(8);
    // Times are in the event's zone (Paris) although the device is in New York.
    await expect.poll(() => page.evaluate(texts, '.stage')).toContainEqual(expect.stringMatching(/Langogne.*14:00/));
    await expect.poll(() => page.evaluate(controlled, undefined), { timeout: 20_000 }).toBe(true);

    await stopServer();
    await page.goto(`${server!.url}/`);
    await expect.poll(() => page.evaluate(texts, '.stage h3'), { timeout: 20_000 }).toHaveLength(8);
    expect(await text(page)).toContain('Hors connexion');
    await startServer();
  });
});
