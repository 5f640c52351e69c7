import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM } from '../setup/ensure-browser.ts';

/** Flags that keep Debian's Chromium quiet on this closed network (without the background-networking flags it keeps trying hosts the network refuses). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A browser profile of its own (like one phone), kept on disk so that a reopened page finds its data. */
export async function launchProfile(
  options: { viewport?: { width: number; height: number }; args?: readonly string[] } = {},
): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'etape-profile-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    viewport: options.viewport ?? { width: 412, height: 915 },
    locale: 'fr-FR',
    timezoneId: 'America/New_York', // the event's zone must win over the device's
    serviceWorkers: 'allow',
  });
}

/** Chromium flags for a fake camera that films a .y4m video in a loop, permission granted (see fake-camera.ts). */
export function fakeCameraArgs(video: string): string[] {
  return ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`];
}
