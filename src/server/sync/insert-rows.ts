import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import { SqliteRows } from '../database/sqlite-rows.ts';
import type { Tables } from '../database/tables.ts';

/** A column written by insertRows, with its SQL type (PostgreSQL needs it to read the column's array). */
export interface Column {
  name: string;
  type: 'text' | 'integer';
}

/**
 * Inserts rows (each one value per column, in the order of `columns`) in one statement whatever
 * their number, with a constant text and a constant number of parameters: PostgreSQL takes one
 * array per column (`unnest`); on SQLite, which runs in this process, the single-row statement
 * is prepared once and run per row by the writing connection (src/server/database/sqlite-rows.ts).
 * A thousand rows bound as ten thousand parameters cost more to send than to insert
 * (docs/benchmarks.md). Values arrive exactly as parameters of their own would: text as text
 * (both engines store the same bytes), integers as integers, null as NULL.
 */
export async function insertRows(
  db: Kysely<Tables> | Transaction<Tables>,
  table: string,
  columns: readonly Column[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (rows.length === 0) return;
  const into = `insert into ${table} (${columns.map((column) => column.name).join(', ')})`;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const arrays = columns.map((column, index) => sql`${rows.map((row) => row[index] ?? null)}::${sql.raw(column.type)}[]`);
    await sql`${sql.raw(`${into} select * from unnest(`)}${sql.join(arrays)})`.execute(db);
    return;
  }
  // The rows are the last of the statement's placeholders: `values (?, …, ?)`.
  await sql`${sql.raw(`${into} values (${'?, '.repeat(columns.length - 1)}`)}${new SqliteRows(rows)})`.execute(db);
}
