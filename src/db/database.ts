import { openDB, unwrap, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { announceChanges } from './table-changes.ts';
import { StorageFullError, hasErrorNamed } from './errors.ts';
import { SCHEMA_VERSION, VERSIONS, type EtapeSchema, type MetaRow, type TableName } from './schema.ts';

/**
 * The one way into the device database (IndexedDB `etape`), through the `idb` library (the only
 * module that imports it): the connection, the schema upgrades, and ONE transaction helper for
 * every read and write of the app (`read`, `write`). Record accessors (checkins.ts, outbox.ts,
 * programme.ts…) are functions that take a DatabaseRef, or a transaction of this module, and
 * use the stores typed by schema.ts. Every committed write is announced (table-changes.ts), which is
 * how live queries (live-query.ts) in this tab and the others re-read.
 *
 * Opening: an existing database is opened as it is (a newer build in another tab may have raised
 * its version); one older than the schema is upgraded in place (schema.ts, VERSIONS: its rows are
 * kept); a missing one is created. A read that may find nothing (`ifMissing`) does not create it.
 * The connection steps aside at once when another one asks for a new version (`blocking`), and is
 * dropped when the browser closes it (iOS in the background, Safari's "Connection lost"); the next
 * use opens a new one.
 */

export type { TableName };
export { SCHEMA_VERSION };

/** Anything that names the device database: the app's `{ name: 'etape' }`, or one database per test. */
export interface DatabaseRef {
  readonly name: string;
}

/** The app's database. */
export const APP_DATABASE: DatabaseRef = { name: 'etape' };

type Database = IDBPDatabase<EtapeSchema>;
/** A transaction that may read the tables it was opened on (a read-write one too). */
export type ReadTx = IDBPTransaction<EtapeSchema, ArrayLike<TableName>, IDBTransactionMode>;
/** A read-write transaction. */
export type WriteTx = IDBPTransaction<EtapeSchema, ArrayLike<TableName>, 'readwrite'>;

const connections = new Map<string, Promise<Database>>();

/** The transactions of this page that have not finished yet (transact). */
const unfinished = new Set<IDBTransaction>();

/*
 * A page that is left (a reload, a link, the update banner's reload) aborts its unfinished
 * transactions and closes its connections. WebKit never ended the transaction of a page left while
 * it was under way (a sync starts as each page opens): every page after it waited for the tables it
 * held, for good, and the app showed its header and nothing else until the browser was restarted
 * (tests/e2e/leave-mid-sync.test.ts). Nothing shown as saved is lost: a write is only said to be
 * saved once its transaction has committed, and a sync's aborted work is done again by the next.
 * A page kept in the back-forward cache opens a new connection when it is shown again.
 */
globalThis.addEventListener?.('pagehide', () => {
  for (const tx of unfinished) {
    try {
      tx.abort();
    } catch {
      // finished meanwhile
    }
  }
  unfinished.clear();
  for (const opening of connections.values()) void opening.then((db) => db.close(), () => undefined);
  connections.clear();
});

/** Drops a connection so that the next use opens a new one. */
function forget(name: string, db?: Database): void {
  db?.close();
  connections.delete(name);
}

const events = (name: string) => ({
  // Another connection (a newer build, in another tab) wants a new version: step aside at once.
  blocking(_current: number, _blocked: number | null, event: IDBVersionChangeEvent) {
    (event.target as IDBDatabase).close();
    connections.delete(name);
  },
  // The browser closed the connection.
  terminated: () => connections.delete(name),
});

/** The database as it is, or undefined when it does not exist (then it is not created). */
async function openExisting(name: string): Promise<Database | undefined> {
  let missing = false;
  try {
    return await openDB<EtapeSchema>(name, undefined, {
      ...events(name),
      upgrade(_db, _old, _new, tx) {
        // Without a version, an upgrade only happens when the database does not exist.
        missing = true;
        tx.done.catch(() => undefined); // the abort below rejects it
        tx.abort();
      },
    });
  } catch (error) {
    if (missing) return undefined;
    throw error;
  }
}

/** Opens the database, creating or upgrading it to the schema's version (schema.ts). */
async function open(name: string): Promise<Database> {
  const existing = await openExisting(name);
  if (existing && existing.version >= SCHEMA_VERSION) return existing;
  existing?.close();
  try {
    return await openDB<EtapeSchema>(name, SCHEMA_VERSION, {
      ...events(name),
      upgrade(db, oldVersion, _new, tx) {
        for (const step of VERSIONS) if (step.version > oldVersion) step.upgrade(unwrap(db), unwrap(tx));
      },
    });
  } catch (error) {
    // A newer build in another tab upgraded it meanwhile: open it as it is.
    if (hasErrorNamed(error, ['VersionError'])) {
      const now = await openExisting(name);
      if (now) return now;
    }
    throw error;
  }
}

/** The open connection to the database `ref` names, opened (created, upgraded) if needed. */
export function connection(ref: DatabaseRef): Promise<Database> {
  let opening = connections.get(ref.name);
  if (!opening) {
    opening = open(ref.name);
    connections.set(ref.name, opening);
    opening.catch(() => connections.delete(ref.name));
  }
  return opening;
}

/** Whether the database does not exist yet (a device that never stored anything). */
async function missing(ref: DatabaseRef): Promise<boolean> {
  if (connections.has(ref.name)) return false;
  const existing = await openExisting(ref.name);
  if (!existing) return true;
  if (existing.version < SCHEMA_VERSION || connections.has(ref.name)) existing.close();
  else connections.set(ref.name, Promise.resolve(existing));
  return false;
}

/** Errors that mean the connection is closed (iOS closes it in the background), not that the data is wrong. */
const CLOSED = ['InvalidStateError'];

/**
 * Runs `work` in ONE transaction over `tables` and resolves once the transaction has committed;
 * if `work` throws, the transaction is aborted and nothing of it is stored. `work` must await only
 * requests of `tx` (an await on anything else lets IndexedDB commit under it: that is reported as
 * a PrematureCommitError, never retried).
 *
 * The retry rule, the only one: when the transaction cannot be opened because the connection was
 * closed under it, the database is reopened ONCE and the transaction opened again. `work` has not
 * run at that point, so it runs once. Once `work` has started it is NEVER rerun: a failure then
 * (a lost connection included: the connection is dropped, so that the next call opens a new one)
 * is the caller's error. A full disk becomes a StorageFullError, whose message a screen can show.
 */
async function transact<T>(
  ref: DatabaseRef,
  tables: readonly TableName[],
  mode: 'readonly' | 'readwrite',
  work: (tx: WriteTx) => Promise<T>,
  announced?: (result: T) => readonly TableName[],
): Promise<T> {
  let tx: WriteTx | undefined;
  for (let attempt = 0; !tx; attempt += 1) {
    let db: Database | undefined;
    try {
      db = await connection(ref);
      tx = db.transaction([...tables], mode) as unknown as WriteTx;
    } catch (error) {
      if (attempt === 0 && hasErrorNamed(error, CLOSED)) {
        forget(ref.name, db);
        continue;
      }
      throw asStorageError(error);
    }
  }
  const transaction = tx;
  let finished = false;
  unfinished.add(unwrap(transaction));
  const end = () => {
    finished = true;
    unfinished.delete(unwrap(transaction));
  };
  transaction.addEventListener('complete', end);
  transaction.addEventListener('abort', end);
  transaction.done.catch(() => undefined); // awaited below; an abort must not be an unhandled rejection
  let result: T;
  try {
    result = await work(transaction);
    if (finished && mode === 'readwrite') throw new DOMException('The transaction committed before its work ended (an await that is not an IndexedDB request)', 'PrematureCommitError');
    await transaction.done;
  } catch (error) {
    try {
      transaction.abort();
    } catch {
      // Already finished or aborted.
    }
    // Safari's "Connection to Indexed Database server lost" (UnknownError) may come without a close event.
    if (hasErrorNamed(error, ['UnknownError', ...CLOSED])) connections.delete(ref.name);
    throw asStorageError(error);
  }
  if (mode === 'readwrite') {
    try {
      const changed = announced ? announced(result) : tables;
      if (changed.length > 0) announceChanges(ref.name, changed);
    } catch (error) {
      console.error('Announcing a committed write failed', error); // the write itself is stored
    }
  }
  return result;
}

/**
 * A read-only transaction; see transact. With `ifMissing`, a database that does not exist yet is
 * not created: `ifMissing()` is the answer (what empty tables would give). The public programme's
 * first visit reads so.
 */
export async function read<T>(ref: DatabaseRef, tables: readonly TableName[], work: (tx: ReadTx) => Promise<T>, ifMissing?: () => T): Promise<T> {
  if (ifMissing && (await missing(ref))) return ifMissing();
  return transact(ref, tables, 'readonly', work);
}

/**
 * A read-write transaction, committed as a whole or not at all, then announced (table-changes.ts);
 * see transact. `announced` narrows the announcement to the tables the work wrote to (every table
 * of the transaction otherwise), so that screens reading the others do not read again for nothing.
 */
export function write<T>(ref: DatabaseRef, tables: readonly TableName[], work: (tx: WriteTx) => Promise<T>, announced?: (result: T) => readonly TableName[]): Promise<T> {
  return transact(ref, tables, 'readwrite', work, announced);
}

/**
 * Issues requests all at once (IndexedDB runs them in the order issued) and resolves when all have
 * succeeded: one wait instead of one per request. If `issue` throws part-way (a row IndexedDB cannot
 * store), the transaction is aborted (transact) and the requests already issued, which that abort
 * rejects, are not left to reject unhandled.
 */
export async function all(issue: (send: (request: Promise<unknown>) => void) => void): Promise<void> {
  const requests: Promise<unknown>[] = [];
  try {
    issue((request) => requests.push(request));
  } catch (error) {
    for (const request of requests) request.catch(() => undefined);
    throw error;
  }
  await Promise.all(requests);
}

/**
 * Stores `rows` in `table` and deletes the rows of `deleted`, issued all at once as plain
 * IndexedDB requests, and resolves when the last has succeeded (IndexedDB runs a transaction's
 * requests in order, and a failed one aborts the transaction, which fails the last too). A pull
 * page writes thousands of rows: `all` with one promise (and two listeners) per request cost a
 * tenth of the pull's main thread at 4× CPU slowdown (docs/benchmarks.md, "Festival size").
 */
export function storeRows<T extends TableName>(tx: WriteTx, table: T, rows: readonly EtapeSchema[T]['value'][], deleted: readonly EtapeSchema[T]['key'][] = []): Promise<void> {
  const store = unwrap(tx.objectStore(table));
  let last: IDBRequest | undefined;
  try {
    for (const row of rows) last = store.put(row);
    for (const key of deleted) last = store.delete(key as IDBValidKey);
  } catch (error) {
    return Promise.reject(error as Error); // a row IndexedDB cannot store: the transaction is aborted (transact)
  }
  if (!last) return Promise.resolve();
  const request = last;
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new DOMException('The transaction was aborted', 'AbortError'));
  });
}

/**
 * Adds `rows` to `table` with plain requests issued all at once (as storeRows), and resolves to the
 * rows NOT added because their key (or a unique index's) is taken: those failures are kept from aborting the
 * transaction, and the caller decides what to do with those rows. Any other failure aborts it.
 */
export function addNewRows<T extends TableName>(tx: WriteTx, table: T, rows: readonly EtapeSchema[T]['value'][]): Promise<EtapeSchema[T]['value'][]> {
  const store = unwrap(tx.objectStore(table));
  const taken: EtapeSchema[T]['value'][] = [];
  if (rows.length === 0) return Promise.resolve(taken);
  return new Promise((resolve, reject) => {
    try {
      rows.forEach((row, i) => {
        const request = store.add(row);
        const last = i === rows.length - 1;
        // Requests complete in order: the last one's success says every one before it succeeded or was
        // taken (a success handler on each of a pull page's thousands of requests is main-thread work for nothing).
        if (last) request.onsuccess = () => resolve(taken);
        request.onerror = (event) => {
          if (request.error?.name !== 'ConstraintError') return reject(request.error ?? new DOMException('The transaction was aborted', 'AbortError'));
          event.preventDefault(); // a key taken: not a failure of the transaction
          event.stopPropagation();
          taken.push(row);
          if (last) resolve(taken);
        };
      });
    } catch (error) {
      reject(error as Error); // a row IndexedDB cannot store: the transaction is aborted (transact)
    }
  });
}

/** The value under a meta key, inside a transaction that includes meta. */
export async function getMeta(tx: ReadTx, key: string): Promise<unknown> {
  return (await tx.objectStore('meta').get(key))?.value;
}

/** Stores a value under a meta key, inside a read-write transaction that includes meta. */
export async function putMeta(tx: WriteTx, key: string, value: unknown): Promise<void> {
  await tx.objectStore('meta').put({ key, value } satisfies MetaRow);
}

/** A quota error as a StorageFullError; any other error as it was. */
function asStorageError(error: unknown): unknown {
  return hasErrorNamed(error, ['QuotaExceededError']) ? new StorageFullError({ cause: error }) : error;
}
