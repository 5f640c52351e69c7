import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const SOFFICE = process.env.SOFFICE_PATH || '/usr/bin/soffice';
const INSTALL = 'apt-get update && apt-get install -y --no-install-recommends libreoffice-calc';

/**
 * The spreadsheet test opens the exports in a real spreadsheet: Debian's LibreOffice Calc. As
 * root, install it when it is missing; otherwise stop at once with the command to run.
 */
export function ensureLibreOffice(): string {
  if (existsSync(SOFFICE)) return SOFFICE;
  if (process.getuid?.() !== 0) {
    throw new Error(`The spreadsheet test needs LibreOffice Calc. Install it with:\n  sudo ${INSTALL}`);
  }
  console.log(`Installing LibreOffice Calc for the spreadsheet test: ${INSTALL}`);
  try {
    execSync(INSTALL, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch {
    throw new Error(`Could not install LibreOffice Calc. Run by hand:\n  ${INSTALL}`);
  }
  if (!existsSync(SOFFICE)) throw new Error(`LibreOffice was installed but ${SOFFICE} is not there.`);
  return SOFFICE;
}
