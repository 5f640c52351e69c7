import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database, type DatabaseTarget } from '../../src/server/database/connect.ts';
import { migrateToLatest } from '../../src/server/database/migrate.ts';
import { adminQuery, databaseUrl, dropDatabase } from '../setup/postgres.ts';

/** Which engine this run of the server suite is on (set per vitest project). */
export const ENGINE = (process.env.ETAPE_TEST_DATABASE ?? 'sqlite') as 'sqlite' | 'postgres';

/** A fresh, empty database for one test file, and how to get rid of it. */
export interface TestDatabase {
  target: DatabaseTarget;
  /** Environment variables that point the CLI or a server process at it. */
  env: Record<string, string>;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

/** Makes a new empty database on this run's engine: a temp SQLite file, or a new PostgreSQL database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (ENGINE === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'etape-test-'));
    const file = join(dir, 'etape.sqlite');
    return {
      target: { kind: 'sqlite', file },
      env: { DATABASE_FILE: file, DATABASE_URL: '' },
      open: () => openDatabase({ kind: 'sqlite', file }),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `etape_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = databaseUrl(name);
  return {
    target: { kind: 'postgres', url },
    env: { DATABASE_URL: url },
    open: () => openDatabase({ kind: 'postgres', url }),
    drop: () => dropDatabase(name),
  };
}

/** A fresh database, opened and migrated. */
export async function createMigratedDatabase(): Promise<{ test: TestDatabase; database: Database }> {
  const test = await createTestDatabase();
  const database = await test.open();
  await migrateToLatest(database.db);
  return { test, database };
}

