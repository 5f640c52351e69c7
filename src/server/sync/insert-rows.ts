import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { Tables } from '../database/tables.ts';

/** A column written by insertRows, with its SQL type (PostgreSQL needs it to read the column's array). */
export interface Column {
  name: string;
  type: 'text' | 'integer';
}

/**
 * Inserts rows (each one value per column, in the order of `columns`) in one statement whatever
 * their number, with a constant text and a constant number of parameters: PostgreSQL takes one
 * array per column (`unnest`), SQLite one JSON array of the rows (`json_each`). A thousand rows
 * bound as ten thousand parameters cost more to send than to insert (docs/benchmarks.md). Values
 * arrive exactly as parameters of their own would: text as text (both engines store the same
 * bytes), integers as integers, null as NULL.
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
  const values = columns.map((_, index) => `value ->> ${index}`).join(', ');
  await sql`${sql.raw(`${into} select ${values} from json_each(`)}${JSON.stringify(rows)})`.execute(db);
}
