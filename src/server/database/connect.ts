import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, sql, type DatabaseConnection, type Driver } from 'kysely';
import pg from 'pg';
import { startCheckpointer } from './checkpointer.ts';
import { withSqliteRows } from './sqlite-rows.ts';
import type { Tables } from './tables.ts';

export type DatabaseKind = 'sqlite' | 'postgres';

/** An open server database and what kind it is. */
export interface Database {
  db: Kysely<Tables>;
  /**
   * For reads that need no transaction (pulls, a device's token): on SQLite a second, read-only
   * connection, so that they do not queue behind a push's transaction on the one writing
   * connection (WAL lets it read what was committed meanwhile); on PostgreSQL the same pool.
   */
  reader?: Kysely<Tables>;
  kind: DatabaseKind;
  /** Where it lives, for messages: a file path, or the PostgreSQL URL without its password. */
  location: string;
  close(): Promise<void>;
}

export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; poolSize?: number };

/** PostgreSQL connections per server process, unless DATABASE_POOL_SIZE says otherwise. */
export const DEFAULT_POOL_SIZE = 10;

/** An error opening the database, worded for the person who started the server. */
export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
}

/** Hides the password of a connection URL. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/** Opens the database and checks that it answers, or throws a DatabaseOpenError saying why. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === 'sqlite' ? openSqlite(target.file) : openPostgres(target.url, target.poolSize ?? DEFAULT_POOL_SIZE);
}

function openSqlite(file: string): Database {
  let connection: SQLite.Database;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    connection = new SQLite(file);
    connection.pragma('journal_mode = WAL');
    // Every commit synced to disk before the push is acknowledged: better-sqlite3 is built with
    // SQLITE_DEFAULT_WAL_SYNCHRONOUS=1, which would make a WAL connection NORMAL (a power cut could
    // lose the last commits, whose ops the devices have already deleted).
    connection.pragma('synchronous = FULL');
    connection.pragma('foreign_keys = ON');
    connection.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // The WAL is checkpointed on a thread of its own after each commit (checkpointer.ts); this
    // connection does it at a commit only if that thread falls far behind (WAL_BACKSTOP_PAGES).
    connection.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
  } catch (error) {
    throw new DatabaseOpenError(`Cannot open the SQLite database at ${file}: ${(error as Error).message}`);
  }
  const checkpointer = file === ':memory:' ? undefined : startCheckpointer(file, BUSY_TIMEOUT_MS);
  const db = new Kysely<Tables>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(connection) }, () => checkpointer?.committed()),
    plugins: [new CamelCasePlugin()],
  });
  // An in-memory database has no second connection to it: reads go through the one connection.
  const reader =
    file === ':memory:'
      ? db
      : new Kysely<Tables>({ dialect: new SqliteDialect({ database: () => Promise.resolve(openReader(file)) }), plugins: [new CamelCasePlugin()] });
  // Kysely closes the connection only if a query went through it: a database opened and closed
  // without one (a restore with no request in between) would keep the file open, and the next
  // connection to a replaced file would see the old one's -shm ("disk I/O error").
  const close = async () => {
    if (reader !== db) await reader.destroy();
    await db.destroy();
    await checkpointer?.close();
    if (connection.open) connection.close();
  };
  return { db, reader, kind: 'sqlite', location: file, close };
}

const BUSY_TIMEOUT_MS = 5000;
/**
 * WAL pages (4 KB) past which the writing connection checkpoints at a commit itself: 40 MB, some
 * thirty batches of a thousand check-ins, reached only if the checkpointer's thread falls behind.
 */
const WAL_BACKSTOP_PAGES = 10_000;

/** The read-only connection of a SQLite database (opened when first used, after the writer set WAL). */
function openReader(file: string): SQLite.Database {
  const connection = new SQLite(file, { readonly: true });
  connection.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return withStatementCache(connection);
}

/**
 * Transactions take SQLite's write lock when they begin (`BEGIN IMMEDIATE`), so that another
 * process writing meanwhile (`etape import-ops`, a second server) makes them wait for the busy
 * timeout. A deferred `BEGIN` that reads and then writes fails at once with "database is locked"
 * when another process committed in between: waiting would not help it, so SQLite does not wait.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  readonly #afterCommit: () => void;
  readonly #database: SQLite.Database;
  #connection?: DatabaseConnection;
  constructor(config: { database: SQLite.Database }, afterCommit: () => void) {
    super(config);
    this.#database = config.database;
    this.#afterCommit = afterCommit;
  }
  /** The one connection, which also runs a multi-row insert as a statement per row (sqlite-rows.ts). */
  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    this.#connection ??= withSqliteRows(connection, this.#database);
    return this.#connection;
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await super.commitTransaction(connection);
    this.#afterCommit();
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: { database: SQLite.Database };
  readonly #afterCommit: () => void;
  constructor(config: { database: SQLite.Database }, afterCommit: () => void) {
    super(config);
    this.#config = config;
    this.#afterCommit = afterCommit;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#afterCommit);
  }
}

/**
 * Kysely prepares every query anew; a push applies thousands of the same few statements, so the
 * prepared statements are kept (by SQL text, a few hundred at most) and reused.
 */
function withStatementCache(connection: SQLite.Database, limit = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = (source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = connection.prepare(source);
      if (cache.size >= limit) cache.delete(cache.keys().next().value!);
      cache.set(source, statement);
    }
    return statement;
  };
  return new Proxy(connection, {
    get: (target, property) => {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const location = redactUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // An idle connection dropped by PostgreSQL (restart, failover) must not crash the server: the
  // pool discards it, and the next query opens a new one or fails with an error that is answered.
  pool.on('error', () => undefined);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw new DatabaseOpenError(`Cannot open the PostgreSQL database at ${location}: ${(error as Error).message}`);
  }
  return { db, reader: db, kind: 'postgres', location, close: () => db.destroy() };
}
