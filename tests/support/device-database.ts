import { noteCheckins, storeCheckins } from '../../src/db/attendance.ts';
import { addCheckin, allCheckins, getCheckin } from '../../src/db/checkin-store.ts';
import { CHECKIN_TABLES } from '../../src/db/checkins.ts';
import { connection, getMeta, read, write, type DatabaseRef, type ReadTx, type WriteTx } from '../../src/db/database.ts';
import { addParticipant, allParticipants, getParticipant } from '../../src/db/participant-store.ts';
import { PARTICIPANT_TABLES, noteParticipants, storeParticipants } from '../../src/db/participant-kinds.ts';
import type { CheckinRow, EtapeSchema, ParticipantRow, TableName } from '../../src/db/schema.ts';

/*
 * A device database for tests (fake-indexeddb in Node), with short reads and writes of whole
 * tables to set up a case and look at what a function stored: `db.checkins.count()`,
 * `db.participants.where('eventId').equals('event-1').toArray()`. Every call is one transaction
 * of src/db/database.ts on the real database; the code under test gets `db` as its DatabaseRef.
 * Check-ins and participants are read and written as rows (`BlockRowsTable`), counted in attendance
 * and stageCounts, or noted in participantKinds, in the same transaction, as the app's writers do
 * (src/db/attendance.ts, participant-kinds.ts).
 */

type Row<T extends TableName> = EtapeSchema[T]['value'];
type Key<T extends TableName> = EtapeSchema[T]['key'];

/** The rows of one index (or of the whole table) in a key range. */
class Selection<T extends TableName> {
  constructor(
    private readonly db: DatabaseRef,
    private readonly table: T,
    private readonly index: string | undefined,
    private readonly range: IDBKeyRange | IDBValidKey | undefined,
    private readonly keep: (row: Row<T>) => boolean = () => true,
  ) {}

  private source(tx: { objectStore(name: T): unknown }) {
    type Source = { getAll(range?: unknown): Promise<Row<T>[]> };
    const store = tx.objectStore(this.table) as Source & { index(name: string): Source; indexNames: DOMStringList };
    // A name that is no index is the primary key's (`[deviceId+seq]` of the outbox).
    return this.index && store.indexNames.contains(this.index) ? store.index(this.index) : store;
  }

  async toArray(): Promise<Row<T>[]> {
    const rows = await read(this.db, [this.table], (tx) => this.source(tx as never).getAll(this.range));
    return rows.filter(this.keep);
  }

  async count(): Promise<number> {
    return (await this.toArray()).length;
  }
}

/** One table of a test database. */
export class TestTable<T extends TableName> extends Selection<T> {
  constructor(
    private readonly ref: DatabaseRef,
    private readonly name: T,
  ) {
    super(ref, name, undefined, undefined);
  }

  get(key: Key<T>): Promise<Row<T> | undefined> {
    return read(this.ref, [this.name], (tx) => tx.objectStore(this.name).get(key as never) as Promise<Row<T> | undefined>);
  }

  async put(row: Row<T>): Promise<void> {
    await this.bulkPut([row]);
  }

  private writing<R>(work: (tx: WriteTx) => Promise<R>): Promise<R> {
    return write(this.ref, [this.name], work);
  }

  async bulkPut(rows: readonly Row<T>[]): Promise<void> {
    await this.writing(async (tx) => {
      for (const row of rows) await tx.objectStore(this.name).put(row as never);
    });
  }

  async add(row: Row<T>): Promise<void> {
    await this.bulkAdd([row]);
  }

  async bulkAdd(rows: readonly Row<T>[]): Promise<void> {
    await this.writing(async (tx) => {
      for (const row of rows) await tx.objectStore(this.name).add(row as never);
    });
  }

  /** Changes some fields of a stored row; resolves to 1 if it was there, else 0. */
  async update(key: Key<T>, changes: Partial<Row<T>>): Promise<number> {
    return this.writing(async (tx) => {
      const store = tx.objectStore(this.name);
      const row = await store.get(key as never);
      if (!row) return 0;
      const changed = { ...row, ...changes } as Row<T>;
      await store.put(changed as never);
      return 1;
    });
  }

  where(index: string): { equals(value: IDBValidKey): Selection<T>; between(lower: IDBValidKey, upper: IDBValidKey, lowerOpen?: boolean, upperOpen?: boolean): Selection<T> } {
    return {
      equals: (value) => new Selection(this.ref, this.name, index, IDBKeyRange.only(value)),
      between: (lower, upper, includeLower = true, includeUpper = false) => new Selection(this.ref, this.name, index, IDBKeyRange.bound(lower, upper, !includeLower, !includeUpper)),
    };
  }

  filter(keep: (row: Row<T>) => boolean): Selection<T> {
    return new Selection(this.ref, this.name, undefined, undefined, keep);
  }
}

/** The fields of an index named like `[stageId+participantId]` (or a single field's name). */
const fieldsOf = (index: string): string[] => (index.startsWith('[') ? index.slice(1, -1).split('+') : [index]);

/** How the app reads and writes the rows of a table stored in blocks (src/db/blocks.ts), and counts them where it does. */
interface BlockRowsAccess<R> {
  tables: readonly TableName[];
  all(tx: ReadTx): Promise<R[]>;
  get(tx: ReadTx, id: string): Promise<R | undefined>;
  /** Stores whole rows, counted (attendance, participant kinds). */
  store(tx: WriteTx, rows: readonly R[]): Promise<void>;
  /** Adds new rows, counted; fails when one is already stored. */
  add(tx: WriteTx, rows: readonly R[]): Promise<void>;
}

const CHECKINS: BlockRowsAccess<CheckinRow> = {
  tables: CHECKIN_TABLES,
  all: allCheckins,
  get: getCheckin,
  store: (tx, rows) => storeCheckins(tx, rows),
  async add(tx, rows) {
    for (const row of rows) await addCheckin(tx, row);
    await noteCheckins(tx, rows.map((after) => ({ after })));
  },
};

const PARTICIPANTS: BlockRowsAccess<ParticipantRow> = {
  tables: PARTICIPANT_TABLES,
  all: allParticipants,
  get: getParticipant,
  store: (tx, rows) => storeParticipants(tx, rows),
  async add(tx, rows) {
    for (const row of rows) await addParticipant(tx, row);
    await noteParticipants(tx, rows.map((after) => ({ id: after.id, after })));
  },
};

/**
 * The check-ins or participants of a test database, as rows (the app stores them in blocks:
 * src/db/blocks.ts), written and read through the app's own functions, counted in attendance or in
 * participantKinds as the app's writers do. `where` takes the name of any of a row's fields or of a
 * compound of them: `[stageId+voided]`.
 */
export class BlockRowsTable<R extends { id: string }> {
  constructor(
    private readonly ref: DatabaseRef,
    private readonly access: BlockRowsAccess<R>,
    private readonly keep: (row: R) => boolean = () => true,
  ) {}

  async toArray(): Promise<R[]> {
    return (await read(this.ref, this.access.tables, (tx) => this.access.all(tx))).filter(this.keep);
  }

  async count(): Promise<number> {
    return (await this.toArray()).length;
  }

  get(id: string): Promise<R | undefined> {
    return read(this.ref, this.access.tables, (tx) => this.access.get(tx, id));
  }

  async put(row: R): Promise<void> {
    await this.bulkPut([row]);
  }

  async bulkPut(rows: readonly R[]): Promise<void> {
    await write(this.ref, this.access.tables, (tx) => this.access.store(tx, rows));
  }

  async add(row: R): Promise<void> {
    await this.bulkAdd([row]);
  }

  /** Adds new rows (fails, nothing written, when one of them is already stored). */
  async bulkAdd(rows: readonly R[]): Promise<void> {
    await write(this.ref, this.access.tables, (tx) => this.access.add(tx, rows));
  }

  /** Changes some fields of a stored row; resolves to 1 if it was there, else 0. */
  async update(id: string, changes: Partial<R>): Promise<number> {
    return write(this.ref, this.access.tables, async (tx) => {
      const row = await this.access.get(tx, id);
      if (!row) return 0;
      await this.access.store(tx, [{ ...row, ...changes }]);
      return 1;
    });
  }

  where(index: string): { equals(value: IDBValidKey): BlockRowsTable<R> } {
    const fields = fieldsOf(index);
    return {
      equals: (value) => {
        const wanted = fields.length === 1 ? [value] : (value as unknown[]);
        return new BlockRowsTable(this.ref, this.access, (row) => this.keep(row) && fields.every((field, i) => (row as Record<string, unknown>)[field] === wanted[i]));
      },
    };
  }

  filter(keep: (row: R) => boolean): BlockRowsTable<R> {
    return new BlockRowsTable(this.ref, this.access, (row) => this.keep(row) && keep(row));
  }
}

/** A device database for a test: its name (a DatabaseRef) and its tables. */
export class DeviceDatabase implements DatabaseRef {
  readonly events = new TestTable(this, 'events');
  readonly stages = new TestTable(this, 'stages');
  readonly talks = new TestTable(this, 'talks');
  readonly participants = new BlockRowsTable(this, PARTICIPANTS);
  readonly checkins = new BlockRowsTable(this, CHECKINS);
  readonly attendance = new TestTable(this, 'attendance');
  readonly attendanceLog = new TestTable(this, 'attendanceLog');
  readonly stageCounts = new TestTable(this, 'stageCounts');
  readonly participantKinds = new TestTable(this, 'participantKinds');
  readonly feedback = new TestTable(this, 'feedback');
  readonly outbox = new TestTable(this, 'outbox');
  readonly forms = new TestTable(this, 'forms');
  readonly sent = new TestTable(this, 'sent');
  readonly meta = new TestTable(this, 'meta');

  constructor(readonly name = `test-${crypto.randomUUID()}`) {}

  /** Opens (creates) the database now. */
  async open(): Promise<this> {
    await connection(this);
    return this;
  }

  /** Closes the connection and deletes the database. */
  async delete(): Promise<void> {
    await this.close();
    await new Promise((resolve, reject) => {
      const request = indexedDB.deleteDatabase(this.name);
      request.onsuccess = resolve;
      request.onerror = () => reject(request.error);
    });
  }

  /** Closes the app's connection to it, as a browser does under a sleeping app (the next use reopens it). */
  async close(): Promise<void> {
    (await connection(this)).close();
  }
}

/** The value stored under a meta key (src/db/meta.ts names them), or undefined. */
export function readMeta(db: DatabaseRef, key: string): Promise<unknown> {
  return read(db, ['meta'], (tx) => getMeta(tx, key));
}
