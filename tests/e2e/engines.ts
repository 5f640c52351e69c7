import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page as PlaywrightPage } from 'playwright-core';
import puppeteer, { type Browser as PuppeteerBrowser, type Page as PuppeteerPage } from 'puppeteer-core';
import { Builder, type WebDriver } from 'selenium-webdriver';
import { FIREFOX, MINIBROWSER, WEBKIT_DRIVER, XVFB } from '../setup/ensure-browser.ts';
import { freePort } from '../support/free-port.ts';
import { fakeCameraArgs, launchProfile } from './browser.ts';

/**
 * One browser engine behind the few things a journey test does, so that the same test runs in
 * Chromium (playwright-core), Firefox (puppeteer-core over WebDriver BiDi) and WebKitGTK
 * (WebDriver classic through WebKitWebDriver, under Xvfb). Elements are found in the page (see
 * page-queries.ts) and then clicked and typed into by the driver, as a user's pointer and keyboard.
 */
export type EngineName = 'chromium' | 'firefox' | 'webkit';
export const ENGINES: readonly EngineName[] = ['chromium', 'firefox', 'webkit'];

/** A function run in the page: self-contained (no closure), one serialisable argument. */
export type InPage<A, T> = (arg: A) => T | Promise<T>;

export interface EnginePage {
  readonly engine: EngineName;
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  url(): Promise<string>;
  evaluate<A, T>(fn: InPage<A, T>, arg: A): Promise<T>;
  /** Clicks, with the driver's pointer, the element `find` returns (throws when it returns null). */
  click<A>(find: InPage<A, Element | null>, arg: A): Promise<void>;
  /** Types with the driver's keyboard into the element that has the focus (`\n` presses Enter). */
  type(text: string): Promise<void>;
  screenshot(path: string): Promise<void>;
  /** WebKit only: hides the window (minimised) or shows it again, as a phone switching apps. */
  setHidden?(hidden: boolean): Promise<void>;
}

export interface EngineDevice {
  readonly engine: EngineName;
  readonly page: EnginePage;
  close(): Promise<void>;
}

export interface DeviceOptions {
  /** Chromium only: a .y4m video its fake camera films (fake-camera.ts). */
  cameraVideo?: string;
  viewport?: { width: number; height: number };
}

/**
 * A function and its argument as one expression for the page. `__name` is defined for it: tsx
 * (the bench's runner) wraps named functions in `__name(…)` calls, which do not exist in a page.
 */
function expression<A, T>(fn: InPage<A, T>, arg: A): string {
  return `((__name) => (${fn.toString()})(${arg === undefined ? 'undefined' : JSON.stringify(arg)}))((f) => f)`;
}

/** The device's own time zone differs from the event's (Paris): the event's must win. */
const DEVICE_TIME_ZONE = 'America/New_York';

/** Opens a fresh browser profile (one phone or tablet) in an engine. */
export async function openDevice(engine: EngineName, options: DeviceOptions = {}): Promise<EngineDevice> {
  if (engine === 'chromium') return chromiumDevice(options);
  if (engine === 'firefox') return firefoxDevice(options);
  return webkitDevice(options);
}

async function chromiumDevice(options: DeviceOptions): Promise<EngineDevice> {
  const args = options.cameraVideo ? fakeCameraArgs(options.cameraVideo) : [];
  const context: BrowserContext = await launchProfile({ args, viewport: options.viewport });
  const page = context.pages()[0] ?? (await context.newPage());
  return { engine: 'chromium', page: playwrightPage(page), close: () => context.close() };
}

function playwrightPage(page: PlaywrightPage): EnginePage {
  return {
    engine: 'chromium',
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    url: async () => page.url(),
    evaluate: (fn, arg) => page.evaluate(expression(fn, arg)) as Promise<never>,
    click: async (find, arg) => {
      const element = (await page.evaluateHandle(expression(find, arg))).asElement() as { click(): Promise<void> } | null;
      if (!element) throw new Error(`Nothing to click for ${JSON.stringify(arg)}`);
      await element.click();
    },
    type: async (text) => {
      for (const [index, part] of text.split('\n').entries()) {
        if (index > 0) await page.keyboard.press('Enter');
        if (part) await page.keyboard.type(part);
      }
    },
    screenshot: async (path) => void (await page.screenshot({ path })),
  };
}

async function firefoxDevice(options: DeviceOptions): Promise<EngineDevice> {
  const viewport = options.viewport ?? { width: 412, height: 915 };
  const browser: PuppeteerBrowser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    defaultViewport: viewport,
    userDataDir: mkdtempSync(join(tmpdir(), 'etape-firefox-')),
    env: { ...process.env, TZ: DEVICE_TIME_ZONE },
    extraPrefsFirefox: {
      'intl.locale.requested': 'fr-FR',
      'intl.accept_languages': 'fr-FR, fr',
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
      // This closed network: no update checks, telemetry or remote settings.
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'network.captive-portal-service.enabled': false,
    },
  });
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  return { engine: 'firefox', page: puppeteerPage(page), close: () => browser.close() };
}

function puppeteerPage(page: PuppeteerPage): EnginePage {
  return {
    engine: 'firefox',
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    url: async () => page.url(),
    evaluate: (fn, arg) => page.evaluate(expression(fn, arg)) as Promise<never>,
    click: async (find, arg) => {
      const handle = (await page.evaluateHandle(expression(find, arg))) as unknown as { asElement(): { click(): Promise<void> } | null };
      const element = handle.asElement();
      if (!element) throw new Error(`Nothing to click for ${JSON.stringify(arg)}`);
      await element.click();
    },
    type: async (text) => {
      for (const [index, part] of text.split('\n').entries()) {
        if (index > 0) await page.keyboard.press('Enter');
        if (part) await page.keyboard.type(part);
      }
    },
    screenshot: async (path) => void (await page.screenshot({ path })),
  };
}

/** One Xvfb display, started with the file's first WebKit device and shared by the others. */
let xvfb: Promise<{ display: string; process: ChildProcess }> | undefined;

async function startXvfb(): Promise<{ display: string; process: ChildProcess }> {
  const child = spawn(XVFB, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const display = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdio[3]!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(`:${text.trim()}`);
    });
    child.on('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
  return { display, process: child };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Stops Xvfb (afterAll of a file that opened WebKit devices, once they are closed). */
export async function stopEngines(): Promise<void> {
  if (!xvfb) return;
  const started = xvfb;
  xvfb = undefined;
  await stopProcess((await started).process);
}

/** WebKitWebDriver runs one session at a time: each WebKit device has its own, on the shared display. */
async function webkitDevice(options: DeviceOptions): Promise<EngineDevice> {
  xvfb ??= startXvfb();
  const { display } = await xvfb;
  const port = await freePort();
  const server = spawn(WEBKIT_DRIVER, [`--port=${port}`], {
    env: { ...process.env, DISPLAY: display, TZ: DEVICE_TIME_ZONE, LANG: 'fr_FR.UTF-8' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    try {
      if ((await fetch(`${url}/status`)).ok) break;
    } catch {
      if (attempt > 100 || server.exitCode !== null) throw new Error(`WebKitWebDriver did not start on ${url}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const driver: WebDriver = await new Builder()
    .usingServer(url)
    .withCapabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': {
        binary: MINIBROWSER,
        args: ['--automation', '--enable-media-stream=true', '--enable-mock-capture-devices=true'],
      },
    })
    .build();
  const viewport = options.viewport ?? { width: 412, height: 915 };
  await driver.manage().window().setRect({ width: viewport.width, height: viewport.height });
  return {
    engine: 'webkit',
    page: webdriverPage(driver),
    close: async () => {
      await driver.quit().catch(() => undefined);
      await stopProcess(server);
    },
  };
}

function webdriverPage(driver: WebDriver): EnginePage {
  return {
    engine: 'webkit',
    goto: (url) => driver.get(url),
    reload: () => driver.navigate().refresh(),
    url: () => driver.getCurrentUrl(),
    evaluate: (fn, arg) => driver.executeScript(`return ${expression(fn, arg)};`),
    click: async (find, arg) => {
      const element = await driver.executeScript(`return ${expression(find, arg)};`);
      if (!element) throw new Error(`Nothing to click for ${JSON.stringify(arg)}`);
      // As a person does: in view and drawn, then tapped. WebKitWebDriver scrolls to the element itself
      // but clicks before the page has drawn again, and finds an element the page does not render while
      // out of view (content-visibility: auto, the scan desk's latest scans) "not interactable".
      await driver.executeAsyncScript('const [element, done] = arguments; element.scrollIntoView({ block: "center" }); requestAnimationFrame(() => requestAnimationFrame(() => done()));', element);
      await (element as { click(): Promise<void> }).click();
    },
    type: async (text) => {
      const keys = text.replaceAll('\n', '\uE007'); // WebDriver's Enter key
      await driver.actions().sendKeys(keys).perform();
    },
    screenshot: async (path) => writeFileSync(path, await driver.takeScreenshot(), 'base64'),
    setHidden: async (hidden) => {
      if (hidden) await driver.manage().window().minimize();
      else await driver.manage().window().setRect({ width: 412, height: 915 });
    },
  };
}

