import type SQLite from 'better-sqlite3';
import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';

/**
 * The rows of one multi-row insert on SQLite, passed as the only parameter of the single-row
 * statement `insert into t (a, b, …) values (?, ?, …)`: the writing connection (connect.ts) runs
 * that statement once per row, prepared once and reused, inside the caller's transaction.
 *
 * Why: a push's rows are most of its cost on SQLite, and a prepared statement run per row costs
 * about a third less CPU than the same rows sent as one JSON array read through `json_each`
 * (docs/benchmarks.md, "Push throughput"), and less than a statement of a thousand `values`
 * rows. It still goes through Kysely as one statement, so plugins (tests count statements and
 * inject failures by SQL text) see it as any other query. Only the writing connection knows this
 * parameter; any other one refuses it (better-sqlite3 cannot bind an object).
 */
export class SqliteRows {
  constructor(readonly rows: readonly (readonly unknown[])[]) {}
}

/** The writing connection: a query whose only parameter is SqliteRows runs once per row; any other as usual. */
export function withSqliteRows(connection: DatabaseConnection, database: SQLite.Database): DatabaseConnection {
  return {
    executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      const batch = query.parameters.length === 1 ? query.parameters[0] : undefined;
      if (!(batch instanceof SqliteRows)) return connection.executeQuery<R>(query);
      const statement = database.prepare(query.sql);
      let changes = 0;
      for (const row of batch.rows) changes += statement.run(row).changes;
      return Promise.resolve({ numAffectedRows: BigInt(changes), rows: [] });
    },
    streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
  };
}
