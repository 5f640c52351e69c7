import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from './test-database.ts';
import { createTestApp, type TestApp } from './test-app.ts';

function fakeBuild(): string {
  const parent = mkdtempSync(join(tmpdir(), 'etape-dist-'));
  writeFileSync(join(parent, 'outside.txt'), 'must never be served');
  const dir = join(parent, 'dist');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Étape</title>');
  writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(join(dir, 'manifest.webmanifest'), '{"name":"Étape"}');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("app");\n'.repeat(300));
  return dir;
}

describe(`HTTP surface (${ENGINE})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ staticDir: fakeBuild(), bodyLimitBytes: 1024 });
  });
  afterAll(() => t.close());

  it('sends a strict Content-Security-Policy and security headers on pages and API alike', async () => {
    for (const path of ['/programme', '/api/health', '/api/nothing-here']) {
      const response = await t.app.request(path);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      // Scripts from this origin only; WebAssembly (the QR decoder) may compile, JS eval may not.
      expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval'(;|$)/);
      expect(csp).not.toContain("'unsafe-eval'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('caches hashed assets forever and never caches index.html, the service worker or the manifest', async () => {
    const asset = await t.app.request('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    for (const path of ['/', '/index.html', '/sw.js', '/manifest.webmanifest']) {
      const response = await t.app.request(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control'), path).toBe('no-cache');
    }
  });

  it('answers any page of the app with index.html, so a reload of /programme works', async () => {
    const response = await t.app.request('/programme');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Étape</title>');
  });

  it('answers 404 for a missing file and for paths that try to leave the build folder', async () => {
    expect((await t.app.request('/assets/missing-123.js')).status).toBe(404);
    for (const path of ['/..%2foutside.txt', '/assets/..%2f..%2foutside.txt', '/%2e%2e/outside.txt']) {
      const response = await t.app.request(path);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain('must never be served');
    }
  });

  it('answers an unknown API path with a JSON 404, never with the app', async () => {
    const response = await t.app.request('/api/nothing-here');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not-found' });
  });

  it('refuses a body over the limit with 413 and keeps serving', async () => {
    const response = await t.app.request('/api/health', { method: 'POST', body: 'x'.repeat(5000) });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'body-too-large' });
    expect((await t.app.request('/api/health')).status).toBe(200);
  });

  it('refuses a body whose Content-Length is over the limit with 413, and lets one within it through', async () => {
    const over = await t.app.request('/api/health', { method: 'POST', headers: { 'content-length': '5000' }, body: 'x'.repeat(5000) });
    expect(over.status).toBe(413);
    expect(await over.json()).toMatchObject({ error: 'body-too-large' });
    const within = await t.app.request('/api/sync/push', { method: 'POST', headers: { 'content-length': '2', 'content-type': 'application/json' }, body: '{}' });
    // Past the limit, the route answers (here: no device token).
    expect(within.status).toBe(401);
  });

  it('counts a chunked body (no length given) as it arrives, and refuses it with 413 past the limit', async () => {
    const chunks = Array.from({ length: 5 }, () => new TextEncoder().encode('x'.repeat(400)));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = chunks.shift();
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await t.app.request('/api/health', { method: 'POST', headers: { 'transfer-encoding': 'chunked' }, body, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('compresses what it sends when the browser accepts gzip', async () => {
    const asset = await t.app.request('/assets/index-abc123.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    const body = new Uint8Array(await asset.arrayBuffer());
    expect(body.length).toBeLessThan(1000);
  });
});
