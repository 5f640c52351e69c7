import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deliverFirstOrganizerLink } from '../../src/server/first-link.ts';

const LINK = 'http://127.0.0.1:8080/enroll#code=secret-code-123';

describe('the first organizer link', () => {
  it('goes to the terminal when stderr is one, and stdout only says so', async () => {
    const out: string[] = [];
    let terminal = '';
    const file = join(mkdtempSync(join(tmpdir(), 'etape-link-')), 'link.txt');
    const where = await deliverFirstOrganizerLink(LINK, '2026-12-07T10:00:00.000Z', {
      out: (line) => out.push(line),
      terminal: { isTTY: true, write: (text: string) => (terminal += text) },
      file,
    });
    expect(where).toBe('terminal');
    expect(terminal).toContain(LINK);
    expect(out.join('\n')).not.toContain('secret-code');
    expect(() => statSync(file)).toThrow();
  });

  it('goes to a file readable by its owner only when there is no terminal, replacing an older one', async () => {
    const out: string[] = [];
    const file = join(mkdtempSync(join(tmpdir(), 'etape-link-')), 'link.txt');
    writeFileSync(file, 'old link', { mode: 0o644 });
    const where = await deliverFirstOrganizerLink(LINK, '2026-12-07T10:00:00.000Z', {
      out: (line) => out.push(line),
      terminal: { isTTY: false, write: () => expect.unreachable('nothing is written to a stderr that is not a terminal') },
      file,
    });
    expect(where).toBe('file');
    expect(readFileSync(file, 'utf8')).toContain(LINK);
    expect(readFileSync(file, 'utf8')).not.toContain('old link');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(out.join('\n')).toContain(file);
    expect(out.join('\n')).not.toContain('secret-code');
  });
});
