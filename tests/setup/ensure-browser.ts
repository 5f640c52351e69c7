import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';
export const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
/** WebKitGTK's small browser, which WebKitWebDriver drives (Debian's webkit2gtk-driver brings it). */
export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const XVFB = '/usr/bin/Xvfb';

/** Every engine of the end-to-end suite and the tools its tests use: none is ever skipped. */
const NEEDED = [
  { path: CHROMIUM, pkg: 'chromium' },
  { path: '/usr/bin/ffmpeg', pkg: 'ffmpeg' },
  { path: FIREFOX, pkg: 'firefox-esr' },
  { path: WEBKIT_DRIVER, pkg: 'webkit2gtk-driver' },
  { path: MINIBROWSER, pkg: 'webkit2gtk-driver' },
  { path: XVFB, pkg: 'xvfb' },
  { path: '/usr/bin/xauth', pkg: 'xauth' },
];

/**
 * Global setup of the end-to-end suite: Debian's Chromium, Firefox ESR and WebKitGTK (its
 * WebDriver, run under Xvfb), and ffmpeg for camera videos, must be there. As root, install what
 * is missing with apt-get; otherwise stop at once with the command.
 */
export default function ensureBrowser(): void {
  const missing = [...new Set(NEEDED.filter((tool) => !existsSync(tool.path)).map((tool) => tool.pkg))];
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`The end-to-end tests need ${missing.join(', ')}. Install with:\n  sudo ${command}`);
  }
  console.log(`Installing ${missing.join(', ')} for the end-to-end tests: ${command}`);
  try {
    execSync(command, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch {
    throw new Error(`Could not install ${missing.join(', ')}. Run by hand:\n  ${command}`);
  }
  const still = NEEDED.filter((tool) => !existsSync(tool.path));
  if (still.length > 0) throw new Error(`Installed, but still missing: ${still.map((tool) => tool.path).join(', ')}`);
}
