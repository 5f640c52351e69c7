import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/server/logger.ts';

describe('server logs', () => {
  it('never print tokens, enrolment codes, passwords or authorization headers', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger('info', sink);
    logger.info({ token: 'tok-123', code: 'enrol-456', headers: { authorization: 'Bearer tok-789' } }, 'enrol');
    logger.info({ device: { token: 'tok-abc', password: 'hunter2' } }, 'device');
    const output = lines.join('');
    for (const secret of ['tok-123', 'enrol-456', 'tok-789', 'tok-abc', 'hunter2']) expect(output).not.toContain(secret);
    expect(output).toContain('[redacted]');
  });
});
