import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { Database } from '../../src/server/database/connect.ts';

/** A failure of ours, as each engine's driver reports it (not the op's fault). */
export type Fault = 'serialization' | 'disk-full' | 'pool-timeout' | 'constraint';

function driverError(fault: Fault, engine: Database['kind']): Error {
  const sqlite = { serialization: ['SQLITE_BUSY', 'database is locked'], 'disk-full': ['SQLITE_FULL', 'database or disk is full'], constraint: ['SQLITE_CONSTRAINT_PRIMARYKEY', 'UNIQUE constraint failed: op_log.op_id'] } as const;
  const postgres = { serialization: ['40001', 'could not serialize access due to concurrent update'], 'disk-full': ['53100', 'could not extend file: No space left on device'], constraint: ['23505', 'duplicate key value violates unique constraint "op_log_pkey"'] } as const;
  if (fault === 'pool-timeout') return new Error('timeout exceeded when trying to connect');
  const [code, message] = (engine === 'sqlite' ? sqlite : postgres)[fault];
  return Object.assign(new Error(message), { code });
}

/** The SQL text a query will run, as far as a plugin can tell: table names of a query node, or a raw query's text. */
function describe(node: RootOperationNode): string {
  return JSON.stringify(node);
}

/**
 * Injects database failures into the server's own database layer: the app is given this
 * database, and `failWhen` arms a failure for the next statement whose node mentions `needle`.
 */
export function faultyDatabase(database: Database) {
  let armed: { needle: string; fault: Fault; times: number } | undefined;
  let injected = 0;
  const plugin: KyselyPlugin = {
    transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
      if (armed && (armed.needle === '*' || describe(node).includes(armed.needle))) {
        armed.times -= 1;
        const fault = armed.fault;
        if (armed.times <= 0) armed = undefined;
        injected += 1;
        throw driverError(fault, database.kind);
      }
      return node;
    },
    transformResult: async ({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => result,
  };
  return {
    database: { ...database, db: database.db.withPlugin(plugin), reader: (database.reader ?? database.db).withPlugin(plugin) } as Database,
    /** The next `times` statements mentioning `needle` (a table or SQL fragment; '*' for any) fail with `fault`. */
    failWhen(needle: string, fault: Fault, times = 1) {
      armed = { needle, fault, times };
    },
    disarm() {
      armed = undefined;
    },
    injected: () => injected,
  };
}
