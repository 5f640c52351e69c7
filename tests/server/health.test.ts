import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/server/version.ts';
import { ENGINE } from './test-database.ts';
import { createTestApp, type TestApp } from './test-app.ts';

describe(`GET /api/health (${ENGINE})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('says the server is up, its version and which database it runs on', async () => {
    const response = await t.app.request('/api/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, version: VERSION, database: ENGINE });
  });

  it('answers 503 once the database is gone, without crashing', async () => {
    const other = await createTestApp();
    await other.database.close();
    const response = await other.app.request('/api/health');
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ ok: false, database: ENGINE });
    await other.test.drop();
  });
});
