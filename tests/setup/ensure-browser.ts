import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';
const NEEDED = [
  { path: CHROMIUM, pkg: 'chromium' },
  { path: '/usr/bin/ffmpeg', pkg: 'ffmpeg' },
];

/**
 * Global setup of the end-to-end suite: Debian's Chromium (and ffmpeg, for camera videos) must be
 * there. As root, install what is missing with apt-get; otherwise stop at once with the command.
 */
export default function ensureBrowser(): void {
  const missing = NEEDED.filter((tool) => !existsSync(tool.path)).map((tool) => tool.pkg);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`The end-to-end tests need ${missing.join(' and ')}. Install with:\n  sudo ${command}`);
  }
  console.log(`Installing ${missing.join(' and ')} for the end-to-end tests: ${command}`);
  try {
    execSync(command, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch {
    throw new Error(`Could not install ${missing.join(' and ')}. Run by hand:\n  ${command}`);
  }
}
