import type { EventRecord, ParticipantRecord, StageRecord, TalkRecord } from '../shared/domain.ts';
import type { CHECKIN_METHODS, FormRecord, Op } from '../shared/protocol.ts';
import { attendanceRowsOf, latestAttendanceRow, stageCountsOf } from './attendance.ts';
import { blocksOf, withStringKeys } from './checkin-store.ts';
import { participantBlocksOf } from './participant-store.ts';
import { latestParticipantKindsRow, participantKindsRowsOf } from './participant-kinds.ts';

/**
 * The device database's one schema declaration: the row of each table (store), its key and its
 * indexes (`EtapeSchema`, which types every access through database.ts), and the steps that take a
 * database from each shipped version to the next (`VERSIONS`). No library here: the steps are
 * plain IndexedDB calls, run by database.ts inside the upgrade transaction.
 */

/** A key/value row for device state (identity, clock, seq, cursor, sync status, programme freshness). */
export interface MetaRow {
  key: string;
  value: unknown;
}

/** A participant as the device holds it; an erased one has its personal fields emptied. */
export type ParticipantRow = ParticipantRecord & { erased?: boolean };

/** How a badge reached the device: camera, USB/Bluetooth scanner, name search, or a walk-in. */
export type CheckinMethod = (typeof CHECKIN_METHODS)[number];

/** A check-in: made on a device, never edited except to be voided (0/1 so that it can be indexed). */
export interface CheckinRow {
  id: string;
  participantId: string;
  stageId: string;
  deviceId: string;
  /** The name of the device that made it, as the server knows it (absent for this device's own check-ins until pulled). */
  deviceName?: string | null;
  scannedAt: string;
  receivedAt: string | null;
  method: CheckinMethod;
  voided: 0 | 1;
  voidedAt: string | null;
}

/**
 * A block of check-ins, one record of the `checkins` table (blocks.ts, checkin-store.ts): its rows,
 * and the keys its indexes are built from (the ids, the stage and participant keys and the stage
 * and scan time keys of its rows, in the rows' order). `block` is given by IndexedDB when the block
 * is added.
 */
export interface CheckinBlock {
  block: number;
  rows: CheckinRow[];
  ids: string[];
  /** Per row, its stage and participant as one string key (checkin-store.ts `whoKey`). */
  who: string[];
  /** Per row, its stage and scan time as one string key (checkin-store.ts `timeKey`). */
  times: string[];
}

/**
 * A block of participants, one record of the `participants` table (blocks.ts, participant-store.ts):
 * its rows, their ids and the events they belong to (the keys of its indexes). `block` is given by
 * IndexedDB when the block is added.
 */
export interface ParticipantBlock {
  block: number;
  rows: ParticipantRow[];
  ids: string[];
  events: string[];
}

/**
 * One bucket of `attendance` (attendance.ts): per participant, per stage, how many non-voided
 * check-ins. The stages are named once per row, in `stages`; the participants' ids are joined in
 * one string, `ids` (a NUL between two), and their counts are in one typed array, `counts`: the
 * first participant's count at each stage of `stages`, then the second's, and so on. A festival's
 * row holds about 310 participants; as an object with a key per participant, a row was slow to
 * read back the first time in a page, most likely a hidden class made per key (docs/benchmarks.md,
 * "Festival size: the rows the figures read").
 */
export interface AttendanceRow {
  bucket: number;
  stages: string[];
  ids: string;
  counts: Uint32Array;
}

/**
 * One entry of `attendanceLog` (attendance.ts): a change of a participant's non-voided check-ins
 * at a stage not yet added to their `attendance` row. A scan writes one instead of reading and
 * writing its participant's whole row; the next write of many check-ins (a pull) adds them in.
 */
export interface AttendanceLogRow {
  /** Given by IndexedDB when the entry is added. */
  seq?: number;
  participantId: string;
  stageId: string;
  delta: number;
}

/** One stage's row of `stageCounts` (attendance.ts): who is present there and how many scans, from its non-voided check-ins. */
export interface StageCountRow {
  stageId: string;
  /** Participants with at least one non-voided check-in at the stage. */
  present: number;
  /** Non-voided check-ins at the stage, repeats included. */
  scans: number;
}

/**
 * One bucket of `participantKinds` (participant-kinds.ts): per event, what the figures need of each
 * of its participants in the bucket (their kind): their ids and their kinds in the same order, each
 * list joined in one string (a NUL between two), for the reason AttendanceRow gives.
 */
export interface ParticipantKindsRow {
  bucket: number;
  lists: Record<string, { ids: string; kinds: string }>;
}

/** One answer to a stage's feedback form, anonymous. */
export interface FeedbackRow {
  id: string;
  stageId: string;
  deviceId: string;
  rating: number;
  answers: Record<string, string | string[]>;
  comment: string;
  createdAt: string;
  receivedAt?: string | null;
  /** The poster the answering phone came through (from the server). */
  posterId?: string | null;
  /** Set aside by an organizer: kept and shown as such, left out of figures. */
  setAside?: boolean;
}

/** An event's feedback form (questions, labels in French and English), as the server sends it; keyed by its event. */
export type FormRow = Partial<FormRecord> & { eventId: string };

/** An op waiting to be acknowledged by the server: this device's own, or one imported from a file. */
export type OutboxRow = Op;

/** An op the server acknowledged, kept at least 7 days in case the server is restored from a backup. */
export type SentRow = Op & { ackedAt: number };

/**
 * Every table: its row (`value`), its primary key (`key`) and its indexes with their keys (named as
 * Dexie named them on the devices that shipped with it; the check-in blocks' indexes of two fields,
 * `[stageId+participantId]` and `[stageId+scannedAt]` in Dexie's way up to version 70, are `who` and
 * `times` since their keys are strings).
 */
export interface EtapeSchema {
  events: { key: string; value: EventRecord; indexes: { slug: string } };
  stages: { key: string; value: StageRecord; indexes: { eventId: string; startsAt: string } };
  talks: { key: string; value: TalkRecord; indexes: { stageId: string; startsAt: string } };
  /** Participants in blocks (participant-store.ts); each index has one entry per row of a block (multiEntry). */
  participants: { key: number; value: ParticipantBlock; indexes: { id: string; eventId: string } };
  /** Check-ins in blocks (checkin-store.ts); each index has one entry per row of a block (multiEntry). */
  checkins: {
    key: number;
    value: CheckinBlock;
    indexes: {
      id: string;
      who: string;
      times: string;
    };
  };
  attendance: { key: number; value: AttendanceRow; indexes: Record<never, never> };
  attendanceLog: { key: number; value: AttendanceLogRow; indexes: Record<never, never> };
  stageCounts: { key: string; value: StageCountRow; indexes: Record<never, never> };
  participantKinds: { key: number; value: ParticipantKindsRow; indexes: Record<never, never> };
  feedback: { key: string; value: FeedbackRow; indexes: { stageId: string } };
  /** Key [deviceId, seq]: this device's ops and those it forwards from files; an op (opId) is queued at most once. */
  outbox: { key: [string, number]; value: OutboxRow; indexes: { opId: string; deviceId: string } };
  forms: { key: string; value: FormRow; indexes: Record<never, never> };
  sent: { key: [string, number]; value: SentRow; indexes: { ackedAt: number } };
  meta: { key: string; value: MetaRow; indexes: Record<never, never> };
}

export type TableName = keyof EtapeSchema;
export const TABLES: readonly TableName[] = ['events', 'stages', 'talks', 'participants', 'participantKinds', 'checkins', 'attendance', 'attendanceLog', 'stageCounts', 'feedback', 'outbox', 'forms', 'sent', 'meta'];

/** A new object store with its primary key and its indexes (each `[unique]` only where marked). */
function createTable(db: IDBDatabase, name: TableName, keyPath: string | string[], indexes: Record<string, string | string[]> = {}, unique: string[] = []): IDBObjectStore {
  const store = db.createObjectStore(name, { keyPath });
  for (const [index, path] of Object.entries(indexes)) store.createIndex(index, path, { unique: unique.includes(index) });
  return store;
}

/** Puts every row of a table again in the layout `latest` gives it, but those `latest` returns as they were. */
function rewriteRows<Row>(store: IDBObjectStore, latest: (row: Row) => Row | object): void {
  const request = store.getAll();
  request.onsuccess = () => {
    for (const row of request.result as Row[]) {
      const rewritten = latest(row);
      if (rewritten !== row) store.put(rewritten);
    }
  };
}

/** One version of the schema: its IndexedDB version number, and what to do to a database of the version before. */
export interface SchemaVersion {
  version: number;
  upgrade(db: IDBDatabase, tx: IDBTransaction): void;
}

/**
 * Every shipped version, in order. A new device's database runs them all, in order; an older one
 * runs those above its version, in one upgrade transaction (its rows are kept). Add a version at
 * the end; never change the tables and indexes one that has shipped makes. The rows a step writes
 * are in the latest layout (40, 70 and 100 write theirs as 120 lays them out), which the later
 * steps leave as they are. The numbers are those Dexie used (its version × 10),
 * so that the databases of devices that ran Dexie builds open and upgrade here.
 */
export const VERSIONS: readonly SchemaVersion[] = [
  {
    version: 10,
    upgrade(db) {
      createTable(db, 'events', 'id', { slug: 'slug' }, ['slug']);
      createTable(db, 'stages', 'id', { eventId: 'eventId', startsAt: 'startsAt' });
      createTable(db, 'talks', 'id', { stageId: 'stageId', startsAt: 'startsAt' });
      createTable(db, 'participants', 'id', { eventId: 'eventId', badgeCode: 'badgeCode' }, ['badgeCode']);
      createTable(db, 'meta', 'key');
    },
  },
  /*
   * Sync. The outbox's key is [deviceId+seq] because a device also forwards ops imported from other
   * devices' files; opId is unique so an op is queued at most once. badgeCode is no longer unique:
   * a pull must never fail on a constraint the server does not have (an erased or re-issued badge),
   * or the device would stop syncing for good.
   */
  {
    version: 20,
    upgrade(db, tx) {
      const participants = tx.objectStore('participants');
      participants.deleteIndex('badgeCode');
      participants.createIndex('badgeCode', 'badgeCode', { unique: false });
      createTable(db, 'checkins', 'id', {
        participantId: 'participantId',
        '[stageId+participantId]': ['stageId', 'participantId'],
        '[stageId+voided]': ['stageId', 'voided'],
        '[stageId+scannedAt]': ['stageId', 'scannedAt'],
      });
      createTable(db, 'feedback', 'id', { stageId: 'stageId' });
      createTable(db, 'outbox', ['deviceId', 'seq'], { opId: 'opId', deviceId: 'deviceId' }, ['opId']);
      createTable(db, 'forms', 'eventId');
    },
  },
  /* Acknowledged ops are kept at least 7 days (`sent`), so that a device sends again what a server restored from a backup has lost. */
  {
    version: 30,
    upgrade(db) {
      createTable(db, 'sent', ['deviceId', 'seq'], { ackedAt: 'ackedAt' });
    },
  },
  /*
   * Who is present where, kept with the check-ins (attendance.ts), so that the figures read 64 rows
   * rather than every check-in; filled here from the check-ins the device already holds.
   */
  {
    version: 40,
    upgrade(db, tx) {
      const attendance = createTable(db, 'attendance', 'bucket');
      const request = tx.objectStore('checkins').getAll();
      request.onsuccess = () => {
        for (const row of attendanceRowsOf(request.result as CheckinRow[])) attendance.put(row);
      };
    },
  },
  /*
   * Who is present at each stage and how many scans, kept with the check-ins (attendance.ts), so
   * that the check-in screen reads one row after a scan rather than the stage's 12,000 check-in
   * ids; filled here from the check-ins the device holds (read here, not from `attendance`: version
   * 40's rows are put only once its read has answered, after this one was issued). The index of
   * voided check-ins per stage served only that count: it goes (one index less per check-in written).
   */
  {
    version: 50,
    upgrade(db, tx) {
      const stageCounts = createTable(db, 'stageCounts', 'stageId');
      const checkins = tx.objectStore('checkins');
      checkins.deleteIndex('[stageId+voided]');
      const request = checkins.getAll();
      request.onsuccess = () => {
        for (const row of stageCountsOf(request.result as CheckinRow[])) stageCounts.put(row);
      };
    },
  },
  /*
   * Check-ins in blocks of up to 100 rows (checkin-store.ts: IndexedDB's cost is per record, and a
   * festival's first pull stores 100,000 check-ins). The rows the device holds are moved into blocks.
   */
  {
    version: 60,
    upgrade(db, tx) {
      const request = tx.objectStore('checkins').getAll();
      request.onsuccess = () => {
        const rows = request.result as CheckinRow[];
        db.deleteObjectStore('checkins');
        const blocks = db.createObjectStore('checkins', { keyPath: 'block', autoIncrement: true });
        blocks.createIndex('id', 'ids', { unique: true, multiEntry: true });
        blocks.createIndex('[stageId+participantId]', 'who', { multiEntry: true });
        blocks.createIndex('[stageId+scannedAt]', 'times', { multiEntry: true });
        for (const block of blocksOf(rows)) blocks.add(block);
      };
    },
  },
  /*
   * What the figures need of each participant, kept with the participants (participant-kinds.ts),
   * so that the dashboard reads 64 rows rather than every participant; filled here from the
   * participants the device already holds.
   */
  {
    version: 70,
    upgrade(db, tx) {
      const kinds = createTable(db, 'participantKinds', 'bucket');
      const request = tx.objectStore('participants').getAll();
      request.onsuccess = () => {
        for (const row of participantKindsRowsOf(request.result as ParticipantRow[])) kinds.put(row);
      };
    },
  },
  /*
   * A check-in block's index keys are strings, `stage\u0000participant` and `stage\u0000time`
   * (checkin-store.ts), not pairs: IndexedDB makes and compares a pair key as an array of two, and
   * a pull page writes 20,000 of them (in one Chromium page at 4× slowdown, 10,000 check-ins took
   * 606 ms to add with pairs, 446 ms with strings; docs/benchmarks.md, "Festival size: the pull
   * page's shape"). The blocks the device holds are written again with the new keys.
   */
  {
    version: 80,
    upgrade(_db, tx) {
      // After the requests of the versions before have answered: version 60 makes the blocks' table
      // only once its read has answered (a request on `meta`, there since version 10, answers after it).
      tx.objectStore('meta').count().onsuccess = () => {
        const blocks = tx.objectStore('checkins');
        for (const pair of ['[stageId+participantId]', '[stageId+scannedAt]']) if (blocks.indexNames.contains(pair)) blocks.deleteIndex(pair);
        blocks.createIndex('who', 'who', { multiEntry: true });
        blocks.createIndex('times', 'times', { multiEntry: true });
        const request = blocks.getAll();
        request.onsuccess = () => {
          for (const block of request.result as CheckinBlock[]) blocks.put(withStringKeys(block));
        };
      };
    },
  },
  /*
   * Participants in blocks of up to 100 rows, as check-ins since version 60 (blocks.ts: IndexedDB's
   * cost is per record, and a festival's first pull stores 20,000 participants). The rows the device
   * holds are moved into blocks, once the versions before have read them (version 70 reads them to
   * fill participantKinds: a request on `meta` answers after its read). The badge code index goes:
   * nothing looked a participant up by it.
   */
  {
    version: 90,
    upgrade(db, tx) {
      tx.objectStore('meta').count().onsuccess = () => {
        const request = tx.objectStore('participants').getAll();
        request.onsuccess = () => {
          const rows = request.result as ParticipantRow[];
          db.deleteObjectStore('participants');
          const blocks = db.createObjectStore('participants', { keyPath: 'block', autoIncrement: true });
          blocks.createIndex('id', 'ids', { unique: true, multiEntry: true });
          blocks.createIndex('eventId', 'events', { multiEntry: true });
          for (const block of participantBlocksOf(rows)) blocks.add(block);
        };
      };
    },
  },
  /*
   * `attendance` rows name their stages once (AttendanceRow): a participant's counts are by position,
   * not under the stage's id again. A festival's 64 rows were about 5 MB, which every pull page and
   * every dashboard load read back, and which a scan read and wrote 75 KB of. The rows the device
   * holds are rewritten (after the versions before: version 40 fills them once its read answers).
   */
  {
    version: 100,
    upgrade(_db, tx) {
      // In the latest layout (version 120's), in which version 40 already writes its rows.
      tx.objectStore('meta').count().onsuccess = () => rewriteRows(tx.objectStore('attendance'), latestAttendanceRow);
    },
  },
  /*
   * A scan adds an entry to `attendanceLog` instead of reading and writing its participant's
   * `attendance` row (about 20 KB at a festival: a third of a scan's reads and writes, at 4× CPU
   * slowdown). The log starts empty: every row of `attendance` is already true.
   */
  {
    version: 110,
    upgrade(db) {
      db.createObjectStore('attendanceLog', { keyPath: 'seq', autoIncrement: true });
    },
  },
  /*
   * The rows of `attendance` and `participantKinds` hold their participants' ids joined in one
   * string and their counts or kinds in one list (AttendanceRow, ParticipantKindsRow), not an object
   * with a key per participant: the first read of such rows in a page was 3 to 7 times slower than
   * the next (most likely a hidden class made per key): a festival's 64 + 64 rows took 320 ms to read
   * the first time at 4× CPU slowdown, then 65–80 ms (docs/benchmarks.md, "Festival size: the rows
   * the figures read"). The rows the device holds are
   * rewritten, after the versions before have written theirs (40, 70 and 100: a request on `meta`
   * answers after theirs; rows already in this layout are left as they are).
   */
  {
    version: 120,
    upgrade(_db, tx) {
      const meta = tx.objectStore('meta');
      meta.count().onsuccess = () => {
        meta.count().onsuccess = () => {
          rewriteRows(tx.objectStore('attendance'), latestAttendanceRow);
          rewriteRows(tx.objectStore('participantKinds'), latestParticipantKindsRow);
        };
      };
    },
  },
];

/** The IndexedDB version of the latest schema. */
export const SCHEMA_VERSION = VERSIONS[VERSIONS.length - 1]!.version;
