import type { EventRecord, StageRecord, TalkRecord } from '../shared/domain.ts';
import { announceChanges } from './changes.ts';
import { hasErrorNamed } from './errors.ts';
import { asStorageError } from './reliable.ts';
import type { CheckinRow, FeedbackRow, FormRow, MetaRow, OutboxRow, ParticipantRow, SentRow } from './schema.ts';
import { SCHEMA_VERSIONS } from './schema-versions.ts';

/**
 * The device database reached through IndexedDB itself (a few hundred bytes) instead of Dexie
 * (about 30 KB): the kiosk screen, the public programme, the app shell and the sync engine use
 * this path, so that a kiosk tablet or a participant's phone never loads Dexie. (Not the `idb`
 * library either: its 1.3 KB gzip was too much for the programme's 50 KB budget when that page
 * still loaded Dexie. `ask` below is the one promise wrapper this needs.)
 *
 * It is the SAME IndexedDB database that schema.ts declares to Dexie, from the one definition in
 * schema-versions.ts: this module opens it without a version. When the database does not exist
 * yet (a new device's first write, such as the public programme's first save), it creates it from
 * schema-versions.ts as Dexie would (same stores, keys, indexes and version; checked by a test),
 * without loading Dexie. When it is older than the schema, it loads schema.ts and lets Dexie
 * upgrade it (upgrade functions live there), then opens it again. It closes its connection as soon
 * as another connection asks for a new version (`versionchange`), so that a Dexie upgrade in
 * another tab is never blocked, and reopens lazily on the next use. Every committed write is announced
 * (changes.ts), which is how screens on Dexie and on this path see it.
 */

/** The IndexedDB version of the schema's latest version (Dexie stores version N as N × 10). */
export const SCHEMA_IDB_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version * 10;

/** The app's database name; tests use one database per test. */
export const DATABASE_NAME = 'etape';

/** The row type of each table, as Dexie created them (keys and indexes: schema.ts). */
export interface Rows {
  events: EventRecord;
  stages: StageRecord;
  talks: TalkRecord;
  participants: ParticipantRow;
  checkins: CheckinRow;
  feedback: FeedbackRow;
  outbox: OutboxRow;
  forms: FormRow;
  sent: SentRow;
  meta: MetaRow;
}

export type TableName = keyof Rows;
/** A transaction of this module (read-only or read-write; the scope given to read/write is checked by IndexedDB). */
export type ReadTx = IDBTransaction;
export type WriteTx = IDBTransaction;

/** Anything that names the device database: `{ name: 'etape' }`, or a Dexie EtapeDatabase (tests). */
export interface DatabaseRef {
  readonly name: string;
}

/** The app's database. */
export const APP_DATABASE: DatabaseRef = { name: DATABASE_NAME };

/** The result of one IndexedDB request, as a promise (awaiting it keeps its transaction alive). */
export function ask<T>(request: IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result as T);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Issues requests all at once (IndexedDB runs them in the order issued; as Dexie's bulk calls do)
 * and resolves when they have all succeeded: one wait instead of one per request. `issue` calls
 * `send` for each request. If it throws part-way (a row IndexedDB cannot store), the transaction
 * is aborted (transact) and the requests already issued, which that abort rejects, are not left
 * to reject unhandled.
 */
export async function askAll(issue: (send: (request: IDBRequest) => void) => void): Promise<void> {
  const requests: Promise<unknown>[] = [];
  try {
    issue((request) => requests.push(ask(request)));
  } catch (error) {
    for (const request of requests) request.catch(() => undefined);
    throw error;
  }
  await Promise.all(requests);
}

const connections = new Map<string, Promise<IDBDatabase>>();

/** Opens the database as it is; 'missing' when it does not exist, 'old' when it is older than the schema. */
function openCurrent(name: string): Promise<IDBDatabase | 'missing' | 'old'> {
  return new Promise((resolve, reject) => {
    let missing = false;
    const request = indexedDB.open(name);
    request.onupgradeneeded = () => {
      // No version given: an upgrade only happens when the database does not exist. Dexie creates it.
      missing = true;
      request.transaction?.abort();
    };
    request.onerror = (event) => {
      event.preventDefault();
      if (missing) resolve('missing');
      else reject(request.error);
    };
    request.onsuccess = () => {
      const db = request.result;
      if (db.version < SCHEMA_IDB_VERSION) {
        db.close();
        return resolve('old');
      }
      // Another connection (Dexie in this tab or another) wants a new version: step aside at once.
      db.onversionchange = () => {
        db.close();
        connections.delete(name);
      };
      // The browser closed the connection (iOS does, in the background): reopen on the next use.
      db.onclose = () => connections.delete(name);
      resolve(db);
    };
  });
}

/** The key path a Dexie schema entry names: `[a+b]` is compound. */
const keyPathOf = (name: string): string | string[] => (name.startsWith('[') ? name.slice(1, -1).split('+') : name);

/**
 * Creates a database that does not exist yet at the schema's latest version, as Dexie creates a new
 * one: every table of the latest version with its primary key and indexes, no upgrade function run
 * (schema-versions.ts). If the database appeared meanwhile (another tab), nothing is changed here.
 */
function create(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.open(name, SCHEMA_IDB_VERSION);
    request.onupgradeneeded = (event) => {
      const db = request.result;
      // An older database, made by another tab meanwhile: Dexie upgrades it (see open).
      if (event.oldVersion !== 0) return request.transaction?.abort();
      const latest: Record<string, string | null> = Object.assign({}, ...SCHEMA_VERSIONS.map(({ stores }) => stores));
      for (const [table, spec] of Object.entries(latest)) {
        if (spec === null) continue;
        const [primary = '', ...indexes] = spec.split(',').map((part) => part.trim());
        const key = primary.replace(/^(\+\+|&)/, '');
        const autoIncrement = primary.startsWith('++');
        const store = db.createObjectStore(table, key ? { keyPath: keyPathOf(key), autoIncrement } : { autoIncrement });
        for (const index of indexes) {
          const indexName = index.replace(/^[&*]/, '');
          store.createIndex(indexName, keyPathOf(indexName), { unique: index.startsWith('&'), multiEntry: index.startsWith('*') });
        }
      }
    };
    request.onsuccess = () => {
      request.result.close();
      resolve();
    };
    // Aborted above, or a newer version exists (a newer build in another tab): open() looks again.
    request.onerror = (event) => {
      event.preventDefault();
      resolve();
    };
  });
}

async function open(name: string): Promise<IDBDatabase> {
  let current = await openCurrent(name);
  if (current === 'missing') {
    // A new device: created here, without Dexie.
    await create(name);
    current = await openCurrent(name);
  }
  if (typeof current !== 'string') return current;
  // A database of an older build (or one that could not be created above): Dexie upgrades or creates it (schema.ts).
  const { EtapeDatabase } = await import('./schema.ts');
  const dexie = new EtapeDatabase(name);
  await dexie.open();
  dexie.close();
  const created = await openCurrent(name);
  if (typeof created === 'string') throw new Error(`The database ${name} could not be created`);
  return created;
}

/**
 * Whether the database does not exist yet (a device that never stored anything). A read of such
 * a device has nothing to find: it need not create the database.
 */
async function missing(ref: DatabaseRef): Promise<boolean> {
  if (connections.has(ref.name)) return false;
  const current = await openCurrent(ref.name);
  if (current === 'missing') return true;
  if (typeof current !== 'string') {
    if (connections.has(ref.name)) current.close();
    else connections.set(ref.name, Promise.resolve(current));
  }
  return false;
}

/** The open connection to the database `ref` names, opened (and created through Dexie) if needed. */
export function connection(ref: DatabaseRef): Promise<IDBDatabase> {
  let opening = connections.get(ref.name);
  if (!opening) {
    opening = open(ref.name);
    connections.set(ref.name, opening);
    opening.catch(() => connections.delete(ref.name));
  }
  return opening;
}

/** Errors that mean the connection is dead, not that the data is wrong. */
const CLOSED = ['InvalidStateError', 'DatabaseClosedError'];

/**
 * Runs `work` in ONE transaction over `tables` and resolves once it has committed. If `work`
 * throws, the transaction is aborted: nothing of it is stored. A connection found closed when the
 * transaction is opened is reopened once (nothing was written yet). `work` itself is never run
 * twice: it must await only IndexedDB requests (ask), or the transaction commits under it, which
 * is reported as an error, like Dexie's PrematureCommitError, never retried. A full disk becomes a
 * StorageFullError. After a committed write, the tables are announced (changes.ts): those that
 * `announced` names for the result when given (the ones the work wrote to), else every table of the
 * transaction.
 */
async function transact<T>(
  ref: DatabaseRef,
  tables: TableName[],
  mode: IDBTransactionMode,
  work: (tx: IDBTransaction) => Promise<T>,
  announced?: (result: T) => readonly TableName[],
): Promise<T> {
  let tx: IDBTransaction | undefined;
  for (let attempt = 0; !tx; attempt += 1) {
    let db: IDBDatabase | undefined;
    try {
      db = await connection(ref);
      tx = db.transaction(tables, mode);
    } catch (error) {
      if (attempt === 0 && hasErrorNamed(error, CLOSED)) {
        connections.delete(ref.name);
        db?.close();
        continue;
      }
      throw asStorageError(error);
    }
  }
  const transaction = tx;
  let finished = false;
  const done = new Promise<void>((resolve, reject) => {
    transaction.oncomplete = () => {
      finished = true;
      resolve();
    };
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => {
      finished = true;
      reject(transaction.error ?? new DOMException('The transaction was aborted', 'AbortError'));
    };
  });
  done.catch(() => undefined); // awaited below; an abort must not be an unhandled rejection
  let result: T;
  try {
    result = await work(transaction);
    if (finished && mode === 'readwrite') throw new DOMException('The transaction committed before its work ended (an await that is not an IndexedDB request)', 'PrematureCommitError');
    await done;
  } catch (error) {
    try {
      transaction.abort();
    } catch {
      // Already finished or aborted.
    }
    // Safari's "Connection to Indexed Database server lost" (UnknownError) may come without a
    // close event: drop the connection, so the next use opens a new one (this work is not rerun).
    if (hasErrorNamed(error, ['UnknownError'])) connections.delete(ref.name);
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
 * not created: `ifMissing()` is the answer (what empty tables would give).
 */
export async function read<T>(ref: DatabaseRef, tables: TableName[], work: (tx: ReadTx) => Promise<T>, ifMissing?: () => T): Promise<T> {
  if (ifMissing && (await missing(ref))) return ifMissing();
  return transact(ref, tables, 'readonly', work);
}

/**
 * A read-write transaction, committed as a whole or not at all, then announced; see transact.
 * `announced` narrows the announcement to the tables the work wrote to, so that screens reading
 * the others do not read again for nothing.
 */
export function write<T>(ref: DatabaseRef, tables: TableName[], work: (tx: WriteTx) => Promise<T>, announced?: (result: T) => readonly TableName[]): Promise<T> {
  return transact(ref, tables, 'readwrite', work, announced);
}

/** The value under a meta key, inside a transaction that includes meta. */
export async function getMeta(tx: ReadTx, key: string): Promise<unknown> {
  return (await ask<MetaRow | undefined>(tx.objectStore('meta').get(key)))?.value;
}

/** Stores a value under a meta key, inside a read-write transaction that includes meta. */
export async function putMeta(tx: WriteTx, key: string, value: unknown): Promise<void> {
  await ask(tx.objectStore('meta').put({ key, value } satisfies MetaRow));
}
