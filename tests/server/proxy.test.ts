import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { clientAddressOf, parseTrustProxy, rateLimitKey } from '../../src/server/auth/client-address.ts';
import type { Database } from '../../src/server/database/connect.ts';
import { createLogger } from '../../src/server/logger.ts';
import { ENGINE, createMigratedDatabase, type TestDatabase } from './test-database.ts';

/** A real HTTP server (the limits key on the socket's address) with these proxy settings. */
async function listening(database: Database, trustProxy: string | undefined) {
  const app = createApp({
    database,
    logger: createLogger('silent'),
    staticDir: mkdtempSync(join(tmpdir(), 'etape-static-')),
    enrolmentsPerMinute: 3,
    trustProxy: parseTrustProxy(trustProxy),
  });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const enrol = async (forwardedFor?: string) => {
    const response = await fetch(`${url}/api/devices/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
      body: JSON.stringify({ code: 'not-a-code', name: 'x' }),
    });
    await response.body?.cancel();
    return response.status;
  };
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      (server as unknown as { closeAllConnections(): void }).closeAllConnections();
    });
  return { enrol, close };
}

describe(`rate limits behind a proxy (${ENGINE})`, () => {
  let test: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    ({ test, database } = await createMigratedDatabase());
  });
  afterAll(async () => {
    await database.close();
    await test.drop();
  });

  it('without TRUST_PROXY, ignores X-Forwarded-For: a forged header does not dodge the limit', async () => {
    const server = await listening(database, undefined);
    try {
      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push(await server.enrol(`203.0.113.${i}`));
      expect(statuses).toEqual([404, 404, 404, 429]);
    } finally {
      await server.close();
    }
  });

  it('with TRUST_PROXY=1, limits each client the proxy names, not the proxy; a forged first address changes nothing', async () => {
    const server = await listening(database, '1');
    try {
      const first = [];
      for (let i = 0; i < 4; i += 1) first.push(await server.enrol(`198.51.100.${i}, 203.0.113.7`));
      expect(first).toEqual([404, 404, 404, 429]);
      // Another client behind the same proxy is not blocked by the first one.
      expect(await server.enrol('203.0.113.8')).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('with TRUST_PROXY as addresses, believes the header only from those proxies', async () => {
    const trusted = await listening(database, '127.0.0.1, 10.0.0.0/8');
    try {
      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push(await trusted.enrol(`203.0.113.20, 10.1.2.3`));
      expect(statuses).toEqual([404, 404, 404, 429]);
      expect(await trusted.enrol('203.0.113.21')).toBe(404);
    } finally {
      await trusted.close();
    }
    const untrusted = await listening(database, '10.0.0.0/8');
    try {
      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push(await untrusted.enrol(`203.0.113.${30 + i}`));
      expect(statuses).toEqual([404, 404, 404, 429]);
    } finally {
      await untrusted.close();
    }
  });

  it('limits an IPv6 client by its /64', async () => {
    const server = await listening(database, '1');
    try {
      const statuses = [];
      for (let i = 1; i <= 4; i += 1) statuses.push(await server.enrol(`2001:db8:1:2::${i}`));
      expect(statuses).toEqual([404, 404, 404, 429]);
      expect(await server.enrol('2001:db8:1:3::1')).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('reads addresses as proxies write them', () => {
    expect(clientAddressOf('::ffff:127.0.0.1', '[2001:db8::1]:4711', { hops: 1 })).toBe('2001:db8::1');
    expect(clientAddressOf('::ffff:127.0.0.1', '192.0.2.1:5000', { hops: 1 })).toBe('192.0.2.1');
    expect(clientAddressOf('127.0.0.1', '192.0.2.1, 192.0.2.2', { hops: 5 })).toBe('192.0.2.1');
    expect(rateLimitKey('2001:db8:0:0:1:2:3:4')).toBe('2001:db8:0:0::/64');
    expect(rateLimitKey('2001:db8::ffff')).toBe('2001:db8:0:0::/64');
    expect(rateLimitKey('192.0.2.1')).toBe('192.0.2.1');
    expect(() => parseTrustProxy('proxy.example')).toThrow(/TRUST_PROXY/);
  });
});
