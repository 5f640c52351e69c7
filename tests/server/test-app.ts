import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { createApp } from '../../src/server/app.ts';
import type { Database } from '../../src/server/database/connect.ts';
import { createLogger } from '../../src/server/logger.ts';
import { createMigratedDatabase, type TestDatabase } from './test-database.ts';

/** The real Hono app on a fresh migrated database of this run's engine. */
export interface TestApp {
  app: Hono;
  database: Database;
  test: TestDatabase;
  close(): Promise<void>;
}

export async function createTestApp(
  options: { staticDir?: string; bodyLimitBytes?: number; publicUrl?: string } = {},
): Promise<TestApp> {
  const { test, database } = await createMigratedDatabase();
  const app = createApp({
    database,
    logger: createLogger('silent'),
    staticDir: options.staticDir ?? mkdtempSync(join(tmpdir(), 'etape-static-')),
    enrolmentsPerMinute: 1000, // tests enrol many devices from one address
    ...(options.bodyLimitBytes ? { bodyLimitBytes: options.bodyLimitBytes } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  });
  return {
    app,
    database,
    test,
    close: async () => {
      await database.close();
      await test.drop();
    },
  };
}
