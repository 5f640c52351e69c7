import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Role } from '../../src/shared/protocol.ts';
import { runEtape, type ServerProcess } from '../support/server-process.ts';
import { launchProfile } from './browser.ts';

/** Where each role lands after enrolment. */
const HOME: Record<Role, string> = { organizer: '**/dashboard', animator: '**/scan', kiosk: '**/kiosk' };

/**
 * A browser profile enrolled like a real device: a link made by `etape enroll`, opened, named,
 * with the service worker in control (so that it then works offline) and, but for a kiosk, its
 * first sync done.
 */
export async function enrolledDevice(
  server: ServerProcess,
  env: Record<string, string>,
  role: Role,
  name: string,
  contexts: BrowserContext[],
  extraArgs: string[] = [],
): Promise<Page> {
  const { code: exit, output } = await runEtape(['enroll', '--role', role, ...extraArgs], { ...env, LOG_LEVEL: 'warn' });
  expect(exit).toBe(0);
  const code = /#code=([\w-]+)/.exec(output)![1];
  const context = await launchProfile();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/enroll#code=${code}`);
  await page.getByLabel('Nom de cet appareil').fill(name);
  await page.getByRole('button', { name: 'Inscrire l’appareil' }).click();
  await page.waitForURL(HOME[role]);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // A kiosk's screen has no sync bar (its staff panel shows what waits).
  if (role !== 'kiosk') await expect.poll(() => page.getByText('Tout est envoyé').count(), { timeout: 20_000 }).toBe(1);
  return page;
}

/**
 * Presses "Synchroniser" (as the user would) until `read` gives what `expected` matches: a device
 * only receives what others sent before its pull, and syncs started by `online` may still run.
 */
export async function syncUntil(page: Page, read: () => Promise<string | null>, expected: RegExp): Promise<void> {
  await expect
    .poll(
      async () => {
        const button = page.getByRole('button', { name: 'Synchroniser' });
        if (await button.isEnabled()) await button.click();
        return read();
      },
      { timeout: 30_000, interval: 500 },
    )
    .toMatch(expected);
}
