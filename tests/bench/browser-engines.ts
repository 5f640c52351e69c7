import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ENGINES, openDevice, stopEngines, type EngineName, type EnginePage } from '../e2e/engines.ts';
import { button, controlled, focusEmpty } from '../e2e/page-queries.ts';
import { FIREFOX } from '../setup/ensure-browser.ts';
import { freePort } from '../support/free-port.ts';
import { chromiumVersion } from './chromium.ts';
import { runEtape, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import type { BenchContext, BenchModule } from './context.ts';
import { median } from './stats.ts';

const COLD_STARTS = 5;
const TURNS = 20;
const WARM_UP = 3;
const PIN = '2468';

/** Polls `read` every 10 ms until it gives a value, or throws after `timeoutMs`. */
async function waitFor<T>(what: string, read: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const stageCount = () => document.querySelectorAll('.stage h3').length;
const faceCount = () => Array.from(document.querySelectorAll('button')).filter((element) => / sur 5\)$/.test(element.getAttribute('aria-label') ?? '')).length;
const face = (rating: number) => Array.from(document.querySelectorAll('button')).filter((element) => / sur 5\)$/.test(element.getAttribute('aria-label') ?? ''))[rating - 1] ?? null;

/** In the page: from the next "Envoyer" click to the first frame after "Merci !" enters the DOM. */
function watchTurn(): void {
  const store = window as unknown as { __turn?: number; __clicked?: number };
  store.__turn = undefined;
  store.__clicked = undefined;
  document.addEventListener('click', () => (store.__clicked = performance.now()), { capture: true, once: true });
  const observer = new MutationObserver(() => {
    if (!document.body.innerText.includes('Merci !')) return;
    observer.disconnect();
    requestAnimationFrame(() => (store.__turn = performance.now() - (store.__clicked ?? Number.NaN)));
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
}

async function fill(page: EnginePage, label: string, value: string): Promise<void> {
  if (!(await page.evaluate(focusEmpty, label))) throw new Error(`No field labelled ${label}`);
  await page.type(value);
}

interface EngineFigures {
  engine: EngineName;
  stagesShown: number[];
  fcp: number[];
  turns: number[];
}

async function measure(engine: EngineName, server: () => ServerProcess, restart: () => Promise<void>, env: Record<string, string>): Promise<EngineFigures> {
  const figures: EngineFigures = { engine, stagesShown: [], fcp: [], turns: [] };
  // Offline start: a phone that opened /programme once, the server stopped, opens it again.
  const phone = await openDevice(engine);
  try {
    await phone.page.goto(`${server().url}/programme`);
    await waitFor('the service worker', () => phone.page.evaluate(controlled, undefined));
    await waitFor('the stages', async () => (await phone.page.evaluate(stageCount, undefined)) === 8);
    const url = `${server().url}/programme`;
    await server().stop();
    for (let run = 0; run < COLD_STARTS; run += 1) {
      await phone.page.goto('about:blank');
      const started = Date.now();
      await phone.page.goto(url);
      await waitFor('the stages offline', async () => (await phone.page.evaluate(stageCount, undefined)) === 8);
      figures.stagesShown.push(Date.now() - started);
      const fcp = await phone.page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null, undefined);
      if (fcp !== null) figures.fcp.push(fcp);
    }
  } finally {
    await phone.close();
  }
  await restart();

  // Kiosk: enrolled for a stage, its PIN set, answering offline.
  const { output } = await runEtape(['enroll', '--role', 'kiosk', '--stage', env.STAGE!], { ...env, LOG_LEVEL: 'warn' });
  const kiosk = await openDevice(engine, { viewport: { width: 1024, height: 768 } });
  try {
    const page = kiosk.page;
    await page.goto(`${server().url}/enroll#code=${/#code=([\w-]+)/.exec(output)![1]}`);
    await waitFor('the enrolment form', () => page.evaluate(focusEmpty, 'Nom de cet appareil'));
    await fill(page, 'Nom de cet appareil', `Borne ${engine}`);
    await page.click(button, 'Inscrire l’appareil');
    await waitFor('the PIN form', () => page.evaluate(focusEmpty, 'Code PIN de l’organisateur'));
    await fill(page, 'Code PIN de l’organisateur', PIN);
    await fill(page, 'Le même code, encore une fois', PIN);
    await page.click(button, 'Démarrer le mode kiosque');
    await waitFor('the faces', async () => (await page.evaluate(faceCount, undefined)) === 5);
    await waitFor('the service worker', () => page.evaluate(controlled, undefined));
    await server().stop();
    for (let turn = 0; turn < WARM_UP + TURNS; turn += 1) {
      await page.click(face, (turn % 5) + 1);
      await waitFor('the form', () => page.evaluate(() => document.body.innerText.includes('Envoyer'), undefined));
      await page.evaluate(watchTurn, undefined);
      await page.click(button, 'Envoyer');
      const time = await waitFor('Merci !', () => page.evaluate(() => (window as unknown as { __turn?: number }).__turn, undefined));
      if (turn >= WARM_UP) figures.turns.push(time);
      await page.click(button, 'Au suivant');
      await waitFor('the faces', async () => (await page.evaluate(faceCount, undefined)) === 5);
    }
  } finally {
    await kiosk.close();
  }
  await restart();
  return figures;
}

/** What a command prints, or "unknown" (the figures stay useful without it). */
function printed(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000 }).trim();
  } catch {
    return 'unknown';
  }
}

const ms = (values: number[]) => (values.length === 0 ? 'not reported' : `${median(values).toFixed(0)} ms (max ${Math.max(...values).toFixed(0)})`);
const msFine = (values: number[]) => `${median(values).toFixed(1)} ms (max ${Math.max(...values).toFixed(1)})`;

/** The offline start and the kiosk's tap → "Merci !" in Chromium, Firefox and WebKitGTK, by one method. */
export const browserEngines: BenchModule = {
  name: 'browser-engines',
  async run(context: BenchContext) {
    const rows: EngineFigures[] = [];
    for (const engine of ENGINES) {
      const env: Record<string, string> = {
        DATABASE_FILE: join(context.tempDir(`db-${engine}`), 'etape.sqlite'),
        DATABASE_URL: '',
        PORT: String(await freePort()),
        ETAPE_STATIC_DIR: context.appDir,
        NODE_ENV: 'production',
      };
      let server = await startServerProcess(env);
      context.defer(() => server.stop());
      const programme = (await (await fetch(`${server.url}/api/public/events/tiers-lieux-lozere/programme.json`)).json()) as { stages: { id: string; town: string }[] };
      env.STAGE = programme.stages.find((stage) => stage.town === 'Chanac')!.id;
      context.log(`browser-engines: ${engine}`);
      rows.push(
        await measure(
          engine,
          () => server,
          async () => {
            server = await startServerProcess(env);
          },
          env,
        ),
      );
      await stopEngines();
    }
    const markdown = [
      '## The three engines: offline start and kiosk tap → "Merci !"',
      '',
      'The same method in Chromium (playwright-core), Firefox ESR (puppeteer-core over WebDriver BiDi) and',
      'WebKitGTK (MiniBrowser through WebKitWebDriver, under Xvfb), the drivers of the end-to-end suite',
      '(tests/e2e/engines.ts), no CPU slowdown, against `etape serve` on loopback. Versions:',
      `${chromiumVersion()}; ${printed(FIREFOX, ['--version'])}; WebKitGTK ${printed('dpkg-query', ['-W', '-f=${Version}', 'webkit2gtk-driver'])}.`,
      '',
      `- **Offline start**: a fresh profile opens /programme online until the service worker controls it, the`,
      `  server is stopped, then ${COLD_STARTS} times: about:blank, then /programme. "Stages shown" is the driver's clock`,
      '  from the navigation command to the 8 stage headings found in the DOM (polled every 10 ms through the',
      '  driver, so a few ms of driver round trip are included); "first paint" is the page\'s own',
      '  first-contentful-paint entry. The browser stays open: it is the page that starts cold, not the browser',
      '  (the Chromium-only figure above relaunches the browser with a 4× CPU slowdown).',
      `- **Kiosk tap → "Merci !"**: a kiosk enrolled for Chanac, its PIN set, the server stopped; ${TURNS} turns`,
      `  after ${WARM_UP} warm-up turns, each a face, then "Envoyer", timed in the page from the click to the first`,
      '  frame after "Merci !" enters the DOM (the answer and its op committed in IndexedDB). Few answers stored.',
      '',
      '| engine | offline start: stages shown, median (max) | first paint, median (max) | kiosk tap → "Merci !", median (max) |',
      '|---|---:|---:|---:|',
      ...rows.map((row) => `| ${row.engine} | ${ms(row.stagesShown)} | ${ms(row.fcp)} | ${msFine(row.turns)} |`),
      '',
      'No budget is set for these figures in each engine; they are here to see one engine drift from the others.',
    ].join('\n');
    return { markdown, budgets: [] };
  },
};
