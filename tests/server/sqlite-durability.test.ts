import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/database/connect.ts';

/*
 * A push is acknowledged once its transaction commits, and the device then deletes its ops: the
 * commit must be on disk. In WAL mode that takes `synchronous = FULL` (the WAL is synced at each
 * commit); with NORMAL a power cut can lose the last commits. better-sqlite3 is built with
 * SQLITE_DEFAULT_WAL_SYNCHRONOUS=1, so a connection in WAL mode is NORMAL unless it says otherwise.
 * SQLite in every project: this is about the SQLite connection itself.
 */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'etape-durable-'));
  dirs.push(dir);
  return join(dir, 'etape.sqlite');
}

async function synchronousAfterAWrite(file: string): Promise<number> {
  const database = await openDatabase({ kind: 'sqlite', file });
  try {
    await sql`create table if not exists t (n integer)`.execute(database.db);
    await database.db.transaction().execute(async (trx) => {
      await sql`insert into t (n) values (1)`.execute(trx);
    });
    const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(database.db);
    return rows[0]!.synchronous;
  } finally {
    await database.close();
  }
}

describe('SQLite commits are durable', () => {
  it('syncs the WAL at every commit (synchronous = FULL), on a new file and on one opened again', async () => {
    const file = tempFile();
    const FULL = 2;
    expect(await synchronousAfterAWrite(file)).toBe(FULL);
    expect(await synchronousAfterAWrite(file)).toBe(FULL);
  });
});
