import { copyFileSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/database/connect.ts';

/*
 * docs/operations.md restores a SQLite backup by stopping the server, putting the backup in place
 * and deleting -wal and -shm. That is only safe if closing the database lets go of the file: a
 * connection left open keeps its own view of the replaced file and of the deleted -shm, and the
 * next connection to the same file fails with "disk I/O error" (seen in the convergence soak,
 * seed 597046057 path 79). SQLite in every project: this is about the SQLite connection itself.
 */

/** How many of this process's open file handles point at the database file or its -wal and -shm. */
function handlesOn(file: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(file);
    } catch {
      return false; // the handle readdir itself used, closed since
    }
  }).length;
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'etape-close-'));
  dirs.push(dir);
  return join(dir, 'etape.sqlite');
}

describe('closing the SQLite database', () => {
  it('lets go of the file even when no query ran since it was opened', async () => {
    const file = tempFile();
    const database = await openDatabase({ kind: 'sqlite', file });
    expect(handlesOn(file)).toBeGreaterThan(0);
    await database.close();
    expect(handlesOn(file)).toBe(0);
  });

  it('lets go of the file after queries, and closing twice is harmless', async () => {
    const file = tempFile();
    const database = await openDatabase({ kind: 'sqlite', file });
    await sql`create table t (n integer)`.execute(database.db);
    await database.close();
    await database.close();
    expect(handlesOn(file)).toBe(0);
  });

  it('restores a backup as docs/operations.md says, several times in a row, each time answering from the backup', async () => {
    const file = tempFile();
    const backup = `${file}.backup`;
    let database = await openDatabase({ kind: 'sqlite', file });
    await sql`create table t (n integer)`.execute(database.db);
    await sql`insert into t values (1)`.execute(database.db);
    await sql`vacuum into ${backup}`.execute(database.db);
    await sql`insert into t values (2)`.execute(database.db);
    for (let restore = 0; restore < 4; restore += 1) {
      // Stop, put the backup in place, delete -wal and -shm, start; a start without a request in between.
      await database.close();
      copyFileSync(backup, file);
      rmSync(`${file}-wal`, { force: true });
      rmSync(`${file}-shm`, { force: true });
      database = await openDatabase({ kind: 'sqlite', file });
      if (restore % 2 === 1) continue;
      const rows = await sql<{ n: number }>`select n from t order by n`.execute(database.db);
      expect(rows.rows).toEqual([{ n: 1 }]);
      await sql`insert into t values (3)`.execute(database.db);
    }
    await database.close();
    expect(handlesOn(file)).toBe(0);
  });
});
