import { noteCheckins, storeCheckins } from '../../src/db/attendance.ts';
import { CHECKIN_TABLES } from '../../src/db/checkins.ts';
import { connection, getMeta, read, write, type DatabaseRef, type WriteTx } from '../../src/db/database.ts';
import { PARTICIPANT_TABLES, noteParticipants, storeParticipants } from '../../src/db/participant-kinds.ts';
import type { CheckinRow, EtapeSchema, ParticipantRow, TableName } from '../../src/db/schema.ts';

/*
 * A device database for tests (fake-indexeddb in Node), with short reads and writes of whole
 * tables to set up a case and look at what a function stored: `db.checkins.count()`,
 * `db.participants.where('eventId').equals('event-1').toArray()`. Every call is one transaction
 * of src/db/database.ts on the real database; the code under test gets `db` as its DatabaseRef.
 * Check-ins written here are counted in attendance in the same transaction, and participants
 * noted in participantKinds, as the app's writers do (src/db/attendance.ts, participant-kinds.ts).
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

  /** A write to this table; to the check-ins' with attendance (src/db/attendance.ts), to the participants' with their kinds (participant-kinds.ts), as the app's writers do. */
  private writing<R>(work: (tx: WriteTx) => Promise<R>): Promise<R> {
    return write(this.ref, this.name === 'checkins' ? CHECKIN_TABLES : this.name === 'participants' ? PARTICIPANT_TABLES : [this.name], work);
  }

  async bulkPut(rows: readonly Row<T>[]): Promise<void> {
    await this.writing(async (tx) => {
      if (this.name === 'checkins') return storeCheckins(tx, rows as readonly CheckinRow[]);
      if (this.name === 'participants') return storeParticipants(tx, rows as readonly ParticipantRow[]);
      for (const row of rows) await tx.objectStore(this.name).put(row as never);
    });
  }

  async add(row: Row<T>): Promise<void> {
    await this.bulkAdd([row]);
  }

  async bulkAdd(rows: readonly Row<T>[]): Promise<void> {
    await this.writing(async (tx) => {
      for (const row of rows) await tx.objectStore(this.name).add(row as never);
      if (this.name === 'checkins') await noteCheckins(tx, (rows as readonly CheckinRow[]).map((after) => ({ after })));
      if (this.name === 'participants') await noteParticipants(tx, (rows as readonly ParticipantRow[]).map((after) => ({ id: after.id, after })));
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
      if (this.name === 'checkins') await noteCheckins(tx, [{ before: row as CheckinRow, after: changed as CheckinRow }]);
      if (this.name === 'participants') await noteParticipants(tx, [{ id: (changed as ParticipantRow).id, after: changed as ParticipantRow }]);
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

/** A device database for a test: its name (a DatabaseRef) and its tables. */
export class DeviceDatabase implements DatabaseRef {
  readonly events = new TestTable(this, 'events');
  readonly stages = new TestTable(this, 'stages');
  readonly talks = new TestTable(this, 'talks');
  readonly participants = new TestTable(this, 'participants');
  readonly checkins = new TestTable(this, 'checkins');
  readonly attendance = new TestTable(this, 'attendance');
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
