import { noteCheckins, storeCheckins } from '../../src/db/attendance.ts';
import { addCheckin, allCheckins, getCheckin } from '../../src/db/checkin-store.ts';
import { CHECKIN_TABLES } from '../../src/db/checkins.ts';
import { connection, getMeta, read, write, type DatabaseRef, type WriteTx } from '../../src/db/database.ts';
import { PARTICIPANT_TABLES, noteParticipants, storeParticipants } from '../../src/db/participant-kinds.ts';
import type { CheckinRow, EtapeSchema, ParticipantRow, TableName } from '../../src/db/schema.ts';

/*
 * A device database for tests (fake-indexeddb in Node), with short reads and writes of whole
 * tables to set up a case and look at what a function stored: `db.checkins.count()`,
 * `db.participants.where('eventId').equals('event-1').toArray()`. Every call is one transaction
 * of src/db/database.ts on the real database; the code under test gets `db` as its DatabaseRef.
 * Check-ins are read and written as rows (`CheckinTable`), counted in attendance and stageCounts
 * in the same transaction, and participants noted in participantKinds, as the app's writers do
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

  /** A write to this table; to the participants' with their kinds (participant-kinds.ts), as the app's writers do. */
  private writing<R>(work: (tx: WriteTx) => Promise<R>): Promise<R> {
    return write(this.ref, this.name === 'participants' ? PARTICIPANT_TABLES : [this.name], work);
  }

  async bulkPut(rows: readonly Row<T>[]): Promise<void> {
    await this.writing(async (tx) => {
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

/** The fields of an index named like `[stageId+participantId]` (or a single field's name). */
const fieldsOf = (index: string): (keyof CheckinRow)[] => (index.startsWith('[') ? index.slice(1, -1).split('+') : [index]) as (keyof CheckinRow)[];

/**
 * The check-ins of a test database, as rows (the app stores them in blocks: src/db/checkin-store.ts),
 * written and read through the app's own functions, counted in attendance as the app's writers do.
 * `where` takes the name of any of a row's fields or of a compound of them: `[stageId+voided]`.
 */
export class CheckinTable {
  constructor(
    private readonly ref: DatabaseRef,
    private readonly keep: (row: CheckinRow) => boolean = () => true,
  ) {}

  async toArray(): Promise<CheckinRow[]> {
    return (await read(this.ref, ['checkins'], (tx) => allCheckins(tx))).filter(this.keep);
  }

  async count(): Promise<number> {
    return (await this.toArray()).length;
  }

  get(id: string): Promise<CheckinRow | undefined> {
    return read(this.ref, ['checkins'], (tx) => getCheckin(tx, id));
  }

  async put(row: CheckinRow): Promise<void> {
    await this.bulkPut([row]);
  }

  async bulkPut(rows: readonly CheckinRow[]): Promise<void> {
    await write(this.ref, CHECKIN_TABLES, (tx) => storeCheckins(tx, rows));
  }

  async add(row: CheckinRow): Promise<void> {
    await this.bulkAdd([row]);
  }

  /** Adds new check-ins (fails, nothing written, when one of them is already stored). */
  async bulkAdd(rows: readonly CheckinRow[]): Promise<void> {
    await write(this.ref, CHECKIN_TABLES, async (tx) => {
      for (const row of rows) await addCheckin(tx, row);
      await noteCheckins(tx, rows.map((after) => ({ after })));
    });
  }

  /** Changes some fields of a stored check-in; resolves to 1 if it was there, else 0. */
  async update(id: string, changes: Partial<CheckinRow>): Promise<number> {
    return write(this.ref, CHECKIN_TABLES, async (tx) => {
      const row = await getCheckin(tx, id);
      if (!row) return 0;
      await storeCheckins(tx, [{ ...row, ...changes }]);
      return 1;
    });
  }

  where(index: string): { equals(value: IDBValidKey): CheckinTable } {
    const fields = fieldsOf(index);
    return {
      equals: (value) => {
        const wanted = fields.length === 1 ? [value] : (value as unknown[]);
        return new CheckinTable(this.ref, (row) => this.keep(row) && fields.every((field, i) => row[field] === wanted[i]));
      },
    };
  }

  filter(keep: (row: CheckinRow) => boolean): CheckinTable {
    return new CheckinTable(this.ref, (row) => this.keep(row) && keep(row));
  }
}

/** A device database for a test: its name (a DatabaseRef) and its tables. */
export class DeviceDatabase implements DatabaseRef {
  readonly events = new TestTable(this, 'events');
  readonly stages = new TestTable(this, 'stages');
  readonly talks = new TestTable(this, 'talks');
  readonly participants = new TestTable(this, 'participants');
  readonly checkins = new CheckinTable(this);
  readonly attendance = new TestTable(this, 'attendance');
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
