import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/server/logger.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import { ENGINE, createTestDatabase, type TestDatabase } from './test-database.ts';

/**
 * Sends `head`, then `drip` one byte at a time (a byte every 100 ms) until the server ends the
 * connection; resolves with what the server answered. Never ends by itself: only the server's
 * time limit makes it stop.
 */
function slowClient(url: string, head: string, drip: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => socket.write(drip[sent++ % drip.length]!), 100);
    });
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', () => undefined); // a reset after the answer is the server closing, as expected
    socket.on('close', () => {
      clearInterval(timer);
      resolve(answer);
    });
    setTimeout(() => reject(new Error('the server never ended the slow request')), 25_000).unref();
  });
}

describe(`slow requests (${ENGINE})`, () => {
  let test: TestDatabase;
  let server: RunningServer;
  beforeAll(async () => {
    test = await createTestDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'etape-slow-'));
    server = await startServer(
      {
        host: '127.0.0.1',
        port: 0,
        database: test.target,
        seedDemo: false,
        staticDir: dir,
        logLevel: 'silent',
        publicUrl: undefined,
        firstLinkFile: join(dir, 'link.txt'),
        trustProxy: undefined,
        requestTimeoutMs: 2000,
        headersTimeoutMs: 1000,
      },
      createLogger('silent'),
    );
  });
  afterAll(async () => {
    await server?.close();
    await test?.drop();
  });

  it('cuts off a body sent a byte at a time once the request time is up, with 408', async () => {
    const head = 'POST /api/devices/enroll HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n';
    const answer = await slowClient(server.url, head, '{"ops":[]}                                ');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('cuts off headers sent a byte at a time', async () => {
    const answer = await slowClient(server.url, 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', 'aaaaaaaaaa');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('still serves a request sent at a normal pace', async () => {
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
