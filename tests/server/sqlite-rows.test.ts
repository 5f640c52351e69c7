import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type KyselyPlugin } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/server/database/connect.ts';
import { insertRows, type Column } from '../../src/server/sync/insert-rows.ts';

/*
 * On SQLite, a push's multi-row inserts are run by the writing connection as one prepared
 * single-row statement per row (src/server/database/sqlite-rows.ts). They must store exactly what
 * a statement per row would, inside the caller's transaction, and still be one query to Kysely's
 * plugins. SQLite in every project: this is about the SQLite connection itself.
 */

const opened: Database[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const database of opened.splice(0)) await database.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function freshDatabase(): Promise<Database> {
  const dir = mkdtempSync(join(tmpdir(), 'etape-rows-'));
  dirs.push(dir);
  const database = await openDatabase({ kind: 'sqlite', file: join(dir, 'etape.sqlite') });
  opened.push(database);
  await sql`create table t (id text primary key, n integer not null, note text)`.execute(database.db);
  return database;
}

const COLUMNS: readonly Column[] = [
  { name: 'id', type: 'text' },
  { name: 'n', type: 'integer' },
  { name: 'note', type: 'text' },
];

describe('multi-row inserts on SQLite', () => {
  it('stores every row with the values and types a statement of its own would (text as text, integers as integers, null as NULL)', async () => {
    const database = await freshDatabase();
    const rows = Array.from({ length: 1000 }, (_, i) => [`id-${i}`, i, i % 2 ? null : `0${i}`]);
    rows.push(['é\u{1F600}', 2 ** 31 - 1, '{"not": "parsed"}']);
    await database.db.transaction().execute((trx) => insertRows(trx, 't', COLUMNS, rows));
    const stored = await sql<{ id: string; n: number; note: string | null; types: string }>`
      select id, n, note, typeof(n) || ' ' || typeof(note) as types from t order by rowid`.execute(database.db);
    expect(stored.rows.map((row) => [row.id, row.n, row.note])).toEqual(rows);
    expect(new Set(stored.rows.map((row) => row.types))).toEqual(new Set(['integer text', 'integer null']));
  });

  it('writes inside the caller\'s transaction: a row that fails rolls back the rows before it, and the error reaches the caller', async () => {
    const database = await freshDatabase();
    const rows = [['a', 1, null], ['b', 2, null], ['a', 3, null]];
    await expect(database.db.transaction().execute((trx) => insertRows(trx, 't', COLUMNS, rows))).rejects.toThrow(/UNIQUE constraint failed: t\.id/);
    const count = await sql<{ n: number }>`select count(*) as n from t`.execute(database.db);
    expect(count.rows[0]!.n).toBe(0);
  });

  it('is one query to Kysely\'s plugins, which see its SQL text', async () => {
    const database = await freshDatabase();
    const seen: string[] = [];
    const plugin: KyselyPlugin = {
      transformQuery: (args) => {
        seen.push(JSON.stringify(args.node));
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const rows = Array.from({ length: 300 }, (_, i) => [`id-${i}`, i, null]);
    await database.db.withPlugin(plugin).transaction().execute((trx) => insertRows(trx, 't', COLUMNS, rows));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain('insert into t (id, n, note) values (');
  });
});
