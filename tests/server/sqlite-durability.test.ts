import { copyFileSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../src/server/database/connect.ts';
import { runEtape } from '../support/server-process.ts';

/*
 * A push is acknowledged once its transaction commits, and the device then deletes its ops: the
 * commit must be on disk. In WAL mode that takes `synchronous = FULL` (the WAL is synced at each
 * commit); with NORMAL a power cut can lose the last commits. better-sqlite3 is built with
 * SQLITE_DEFAULT_WAL_SYNCHRONOUS=1, so a connection in WAL mode is NORMAL unless it says otherwise.
 * The WAL is copied into the database file (checkpointed) on a thread of its own, not by the
 * commit that a push waits for. SQLite in every project: this is about the SQLite connection itself.
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

async function insertInTransaction(database: Database, n: number): Promise<void> {
  await sql`create table if not exists t (n integer)`.execute(database.db);
  await database.db.transaction().execute(async (trx) => {
    await sql`insert into t (n) values (${n})`.execute(trx);
  });
}

async function synchronousAfterAWrite(file: string): Promise<number> {
  const database = await openDatabase({ kind: 'sqlite', file });
  try {
    await insertInTransaction(database, 1);
    const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(database.db);
    return rows[0]!.synchronous;
  } finally {
    await database.close();
  }
}

/** The rows of table t in the database file alone, as a copy without its WAL sees them (none if the copy cannot be read yet). */
function rowsInMainFile(file: string): number[] {
  const copy = join(mkdtempSync(join(tmpdir(), 'etape-main-only-')), 'copy.sqlite');
  dirs.push(join(copy, '..'));
  copyFileSync(file, copy);
  try {
    const connection = new SQLite(copy);
    try {
      return (connection.prepare('select n from t order by n').all() as { n: number }[]).map((row) => row.n);
    } finally {
      connection.close();
    }
  } catch {
    return [];
  }
}

/** How many of this process's open file handles point at the database file or its -wal and -shm. */
function handlesOn(file: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(file);
    } catch {
      return false;
    }
  }).length;
}

describe('SQLite commits are durable', () => {
  it('syncs the WAL at every commit (synchronous = FULL), on a new file and on one opened again', async () => {
    const file = tempFile();
    const FULL = 2;
    expect(await synchronousAfterAWrite(file)).toBe(FULL);
    expect(await synchronousAfterAWrite(file)).toBe(FULL);
  });

  it('copies a commit into the database file soon after, however small (checkpointed beside the writer)', async () => {
    const file = tempFile();
    const database = await openDatabase({ kind: 'sqlite', file });
    try {
      await insertInTransaction(database, 1);
      await insertInTransaction(database, 2);
      // A commit of a page or two: SQLite's own automatic checkpoint waits for 1,000 pages of WAL.
      await vi.waitFor(() => expect(rowsInMainFile(file)).toEqual([1, 2]), { timeout: 10_000, interval: 50 });
    } finally {
      await database.close();
    }
  });

  it('lets go of the file, the checkpointer\'s connection included, when closed after commits', async () => {
    const file = tempFile();
    const database = await openDatabase({ kind: 'sqlite', file });
    await insertInTransaction(database, 1);
    await vi.waitFor(() => expect(rowsInMainFile(file)).toEqual([1]), { timeout: 10_000, interval: 50 });
    await database.close();
    expect(handlesOn(file)).toBe(0);
  });

  it('lets a command that wrote end with its own exit code once it closed the database (the checkpointer does not keep it waiting)', async () => {
    const file = tempFile();
    const { code, output } = await runEtape(['seed-demo'], { DATABASE_URL: '', DATABASE_FILE: file });
    expect(output).toContain('Seeded the demo week');
    expect(code).toBe(0);
  });
});
