import { mkdirSync, openSync, closeSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { terminalQr } from './terminal-qr.ts';

/** How long the first organizer link works: a day, enough to open it once the server is up. */
export const FIRST_LINK_VALID_MS = 24 * 3_600_000;

export interface FirstLinkTargets {
  /** Where the server's own messages go (stdout: the stream log collectors read). */
  out: (line: string) => void;
  /** The terminal, if the process has one: stderr when it is a TTY. */
  terminal: { isTTY?: boolean; write(text: string): unknown };
  /** The file to write the link to when there is no terminal (created readable by its owner only). */
  file: string;
}

/**
 * Hands the first organizer's enrolment link to the person who started the server, never to a log
 * stream: on the terminal (stderr) when there is one, else in a file only its owner can read,
 * whose path (not the link) is printed. Returns where it went.
 */
export async function deliverFirstOrganizerLink(link: string, expiresAt: string, targets: FirstLinkTargets): Promise<'terminal' | 'file'> {
  const text = `Enrolment link for the first organizer's device (single use, expires ${expiresAt}):\n  ${link}\n`;
  if (targets.terminal.isTTY) {
    targets.terminal.write(`${text}${await terminalQr(link)}\n`);
    targets.out('The first organizer enrolment link is on the terminal (stderr), not in the logs.');
    return 'terminal';
  }
  mkdirSync(dirname(targets.file), { recursive: true });
  rmSync(targets.file, { force: true });
  // Created with mode 0600 in one step ('wx': never through a file someone else made meanwhile).
  const fd = openSync(targets.file, 'wx', 0o600);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  targets.out(`The first organizer enrolment link (single use, expires ${expiresAt}) was written to ${targets.file} (readable by this user only).`);
  return 'file';
}
