import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ATTENDANCE_BUCKETS, bucketOf, openRow, readAttendance, readAttendanceRows, type OpenAttendanceRow } from '../../../src/db/attendance.ts';
import { allCheckins } from '../../../src/db/checkin-store.ts';
import { recordCheckin, voidCheckin } from '../../../src/db/checkins.ts';
import { saveDeviceIdentity } from '../../../src/db/device.ts';
import { SCHEMA_VERSION, connection, read, write } from '../../../src/db/database.ts';
import { readEventRows } from '../../../src/db/event-rows.ts';
import { saveProgramme } from '../../../src/db/programme.ts';
import { readParticipantKinds } from '../../../src/db/participant-kinds.ts';
import type { AttendanceRow, CheckinRow, ParticipantKindsRow } from '../../../src/db/schema.ts';
import { registerWalkIn } from '../../../src/db/walk-ins.ts';
import { eventFigures, type EventRows } from '../../../src/shared/figures.ts';
import type { Change } from '../../../src/shared/protocol.ts';
import { applyChanges } from '../../../src/sync/apply-changes.ts';
import { DeviceDatabase } from '../../support/device-database.ts';
import { sampleProgramme } from '../fixtures.ts';
import { databaseAt, enrolledDatabase, identity } from './test-db.ts';

/*
 * Who is present where, and each stage's counts (src/db/attendance.ts): the dashboard's figures and
 * the check-in screen read them instead of every check-in, so they must say what the check-ins say
 * after anything that writes them.
 */

const STAGES = ['stage-florac', 'stage-langogne', 'stage-elsewhere'] as const;
const PEOPLE = ['p-1', 'p-2', 'p-3', 'p-4'] as const;

/** The figures computed from every row, the check-ins read from their own table: what the dashboard showed before the digest. */
async function figuresFromCheckinRows(db: DeviceDatabase): Promise<ReturnType<typeof eventFigures>> {
  const rows = await readEventRows(db, 'event-1');
  const stageIds = new Set(rows.stages.map((stage) => stage.id));
  const checkins = (await db.checkins.toArray()).filter((checkin) => stageIds.has(checkin.stageId));
  return eventFigures({ ...rows, checkins } satisfies EventRows);
}

/** What a row of attendance holds, opened or as stored: participant → stage → non-voided check-ins (the counts are by position in the row's stages). */
const presence = (row: OpenAttendanceRow | AttendanceRow) => {
  const { people, stages } = 'people' in row ? row : openRow(row);
  return Object.fromEntries([...people].map(([participantId, counts]) => [participantId, Object.fromEntries(counts.flatMap((count, i) => (count > 0 ? [[stages[i]!, count]] : [])))]));
};

/** What attendance holds, the log's entries added: participant → stage → non-voided check-ins. */
async function counted(db: DeviceDatabase): Promise<Record<string, unknown>> {
  return Object.assign({}, ...(await read(db, ['attendance', 'attendanceLog'], readAttendanceRows)).map(presence));
}

/** What stageCounts holds: stage → present participants and non-voided check-ins. */
async function stageCounted(db: DeviceDatabase): Promise<Record<string, unknown>> {
  return Object.fromEntries((await db.stageCounts.toArray()).map(({ stageId, present, scans }) => [stageId, { present, scans }]));
}

/** What it must hold, from the check-in rows: only stages with a non-voided check-in have a row. */
async function expectedStageCounts(db: DeviceDatabase): Promise<Record<string, unknown>> {
  const stages: Record<string, { present: number; scans: number }> = {};
  const seen = new Set<string>();
  for (const row of (await db.checkins.toArray()).filter((checkin) => !checkin.voided)) {
    const stage = (stages[row.stageId] ??= { present: 0, scans: 0 });
    stage.scans += 1;
    if (!seen.has(`${row.stageId} ${row.participantId}`)) stage.present += 1;
    seen.add(`${row.stageId} ${row.participantId}`);
  }
  return stages;
}

/** What attendance must hold, from the check-in rows. */
async function expected(db: DeviceDatabase): Promise<Record<string, unknown>> {
  const people: Record<string, Record<string, number>> = {};
  for (const row of (await db.checkins.toArray()).filter((checkin) => !checkin.voided)) {
    const stages = (people[row.participantId] ??= {});
    stages[row.stageId] = (stages[row.stageId] ?? 0) + 1;
  }
  return people;
}

type Action =
  | { kind: 'scan'; person: number; stage: number }
  | { kind: 'void'; pick: number }
  | { kind: 'walk-in'; stage: number }
  | { kind: 'pull'; changes: { pick: number; fresh: boolean; person: number; stage: number; voided: boolean; deleted: boolean }[] };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('scan' as const), person: fc.nat(PEOPLE.length - 1), stage: fc.nat(STAGES.length - 1) }),
  fc.record({ kind: fc.constant('void' as const), pick: fc.nat(1_000) }),
  fc.record({ kind: fc.constant('walk-in' as const), stage: fc.nat(STAGES.length - 1) }),
  fc.record({
    kind: fc.constant('pull' as const),
    changes: fc.array(fc.record({ pick: fc.nat(1_000), fresh: fc.boolean(), person: fc.nat(PEOPLE.length - 1), stage: fc.nat(STAGES.length - 1), voided: fc.boolean(), deleted: fc.boolean() }), { maxLength: 6 }),
  }),
);

/** A check-in as the server sends it in a pull (another phone's, or this device's own coming back). */
function serverCheckin(row: Pick<CheckinRow, 'id' | 'participantId' | 'stageId'>, seq: number, voided: boolean): Change {
  return {
    seq,
    entity: 'checkin',
    id: row.id,
    deleted: false,
    data: { ...row, deviceId: 'phone-2', scannedAt: `2026-11-26T13:00:${String(seq % 60).padStart(2, '0')}.000Z`, receivedAt: '2026-11-26T13:05:00.000Z', method: 'camera', voided, voidedAt: voided ? '2026-11-26T13:06:00.000Z' : null },
  };
}

async function run(db: DeviceDatabase, actions: readonly Action[]): Promise<void> {
  let seq = 0;
  for (const step of actions) {
    const ids = (await db.checkins.toArray()).map((row) => row.id).sort();
    if (step.kind === 'scan') await recordCheckin(db, { participantId: PEOPLE[step.person]!, stageId: STAGES[step.stage]!, method: 'camera' });
    if (step.kind === 'void' && ids.length > 0) await voidCheckin(db, ids[step.pick % ids.length]!);
    if (step.kind === 'walk-in') await registerWalkIn(db, { name: 'Nouvelle venue', organisation: '', profile: 'other', consent: true }, STAGES[step.stage]!);
    if (step.kind === 'pull') {
      const changes = step.changes.map((change): Change => {
        seq += 1;
        const existing = ids.length > 0 && !change.fresh ? ids[change.pick % ids.length]! : undefined;
        if (existing && change.deleted) return { seq, entity: 'checkin', id: existing, deleted: true, data: null };
        return serverCheckin({ id: existing ?? `server-${seq}`, participantId: PEOPLE[change.person]!, stageId: STAGES[change.stage]! }, seq, change.voided);
      });
      await applyChanges(db, { changes, nextCursor: seq });
    }
  }
}

const oldCheckin = (id: string, participantId: string, stageId: string, voided: 0 | 1 = 0): CheckinRow => ({
  id,
  participantId,
  stageId,
  deviceId: 'phone-1',
  scannedAt: `2026-11-26T13:00:0${id.length % 10}.000Z`,
  receivedAt: null,
  method: 'camera',
  voided,
  voidedAt: voided ? '2026-11-26T13:02:00.000Z' : null,
});

describe('who is present where, kept with the check-ins for the figures', () => {
  it('puts every participant id in one of the buckets, the same one each time', () => {
    const buckets = new Set(Array.from({ length: 2_000 }, (_, i) => bucketOf(`festival-${i}`)));
    expect(buckets.size).toBe(ATTENDANCE_BUCKETS);
    for (const bucket of buckets) expect(bucket >= 0 && bucket < ATTENDANCE_BUCKETS).toBe(true);
    expect(bucketOf('p-1')).toBe(bucketOf('p-1'));
  });

  it('gives the figures and the stage counts of every check-in row after any sequence of scans, voids, walk-ins and pulls (own ops replayed)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 12 }), async (actions) => {
        const db = await enrolledDatabase({ role: 'organizer' });
        try {
          await saveProgramme(db, sampleProgramme(), '2026-11-25T09:00:00.000Z');
          await run(db, actions);
          expect(await counted(db)).toEqual(await expected(db));
          expect(await stageCounted(db)).toEqual(await expectedStageCounts(db));
          expect(eventFigures(await readEventRows(db, 'event-1'))).toEqual(await figuresFromCheckinRows(db));
        } finally {
          await db.delete();
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000); // 60 databases: a busy machine takes more than the default 5 s

  it('a scan leaves its participant\'s row of attendance as it was and logs the change; a void or a pull page adds in the entries of the rows it writes, all of them once the log is long', async () => {
    const db = await enrolledDatabase({ role: 'organizer' });
    await saveProgramme(db, sampleProgramme(), '2026-11-25T09:00:00.000Z');
    const logged = async () => (await db.attendanceLog.toArray()).map(({ participantId, stageId, delta }) => [participantId, stageId, delta]);
    const first = await recordCheckin(db, { participantId: 'p-1', stageId: 'stage-florac', method: 'camera' });
    await recordCheckin(db, { participantId: 'p-1', stageId: 'stage-florac', method: 'camera' });
    await recordCheckin(db, { participantId: 'p-2', stageId: 'stage-langogne', method: 'search' });
    // The rows were not written (none existed); the log holds the three scans; readers see them.
    expect(await db.attendance.toArray()).toEqual([]);
    expect(await logged()).toEqual([
      ['p-1', 'stage-florac', 1],
      ['p-1', 'stage-florac', 1],
      ['p-2', 'stage-langogne', 1],
    ]);
    expect(await counted(db)).toEqual({ 'p-1': { 'stage-florac': 2 }, 'p-2': { 'stage-langogne': 1 } });
    expect(await stageCounted(db)).toEqual({ 'stage-florac': { present: 1, scans: 2 }, 'stage-langogne': { present: 1, scans: 1 } });
    // A void writes p-1's row: p-1's entries are added in first, then the void counted out.
    expect(bucketOf('p-1')).not.toBe(bucketOf('p-2'));
    await voidCheckin(db, first.id);
    expect(await logged()).toEqual([['p-2', 'stage-langogne', 1]]);
    expect(Object.assign({}, ...(await db.attendance.toArray()).map(presence))).toEqual({ 'p-1': { 'stage-florac': 1 } });
    expect(await counted(db)).toEqual(await expected(db));
    expect(await stageCounted(db)).toEqual({ 'stage-florac': { present: 1, scans: 1 }, 'stage-langogne': { present: 1, scans: 1 } });
    // A pull page bringing back this device's own check-in as the server received it counts nothing
    // again and reads no row; another device's check-in of p-2 adds p-2's entry in.
    const own = (await db.checkins.toArray()).find((row) => row.participantId === 'p-2')!;
    const other: CheckinRow = { id: 'c-other', participantId: 'p-2', stageId: 'stage-langogne', deviceId: 'phone-2', scannedAt: '2026-11-26T13:00:00.000Z', receivedAt: '2026-11-26T13:00:01.000Z', method: 'camera', voided: 0, voidedAt: null };
    await applyChanges(db, { changes: [{ seq: 1, entity: 'checkin', id: own.id, deleted: false, data: { ...own, receivedAt: '2026-11-26T13:05:00.000Z' } }], nextCursor: 1 });
    expect(await logged()).toEqual([['p-2', 'stage-langogne', 1]]);
    await applyChanges(db, { changes: [{ seq: 2, entity: 'checkin', id: other.id, deleted: false, data: { ...other } }], nextCursor: 2 });
    expect(await logged()).toEqual([]);
    expect(await counted(db)).toEqual(await expected(db));
    expect(await stageCounted(db)).toEqual(await expectedStageCounts(db));
    expect(await stageCounted(db)).toEqual({ 'stage-florac': { present: 1, scans: 1 }, 'stage-langogne': { present: 1, scans: 2 } });

    // Offline for a long day: 500 scans logged; the next void adds every entry in, of every row.
    for (let i = 0; i < 500; i += 1) await recordCheckin(db, { participantId: PEOPLE[i % PEOPLE.length]!, stageId: STAGES[i % STAGES.length]!, method: 'scanner' });
    expect(await db.attendanceLog.count()).toBe(500);
    await voidCheckin(db, own.id);
    expect(await db.attendanceLog.count()).toBe(0);
    expect(await counted(db)).toEqual(await expected(db));
    expect(await stageCounted(db)).toEqual(await expectedStageCounts(db));
    await db.delete();
  }, 30_000);

  it('is filled from the check-ins a device already holds when its database is upgraded from version 30', async () => {
    const name = `test-${crypto.randomUUID()}`;
    const checkins: CheckinRow[] = [
      { id: 'c-1', participantId: 'p-1', stageId: 'stage-florac', deviceId: 'phone-1', scannedAt: '2026-11-26T13:00:00.000Z', receivedAt: null, method: 'camera', voided: 0, voidedAt: null },
      { id: 'c-2', participantId: 'p-1', stageId: 'stage-florac', deviceId: 'phone-1', scannedAt: '2026-11-26T13:01:00.000Z', receivedAt: null, method: 'camera', voided: 1, voidedAt: '2026-11-26T13:02:00.000Z' },
      { id: 'c-3', participantId: 'p-2', stageId: 'stage-langogne', deviceId: 'phone-2', scannedAt: '2026-11-27T13:00:00.000Z', receivedAt: null, method: 'search', voided: 0, voidedAt: null },
    ];
    // A database as the builds of schema version 30 left it, holding three check-ins.
    await databaseAt(name, 30, ['checkins'], (tx) => checkins.forEach((row) => tx.objectStore('checkins').put(row)));
    expect((await connection({ name })).version).toBe(SCHEMA_VERSION);
    const rows = await read({ name }, ['attendance', 'checkins'], async (tx) => ({ attendance: await tx.objectStore('attendance').getAll(), checkins: await allCheckins(tx) }));
    // The rows moved into blocks (version 60), all of them, as they were.
    expect(rows.checkins).toEqual(checkins);
    expect(Object.assign({}, ...rows.attendance.map(presence))).toEqual({ 'p-1': { 'stage-florac': 1 }, 'p-2': { 'stage-langogne': 1 } });
    for (const row of rows.attendance) for (const id of openRow(row).people.keys()) expect(bucketOf(id)).toBe(row.bucket);
  });

  it('counts each stage from the check-ins a device already holds when its database is upgraded from version 40', async () => {
    const name = `test-${crypto.randomUUID()}`;
    // As the builds of schema version 40 left it: repeats, a voided scan, a stage where every scan was voided.
    const held = [
      oldCheckin('c-1', 'p-1', 'stage-florac'),
      oldCheckin('c-2', 'p-1', 'stage-florac'),
      oldCheckin('c-3', 'p-2', 'stage-florac', 1),
      oldCheckin('c-4', 'p-3', 'stage-florac'),
      oldCheckin('c-5', 'p-2', 'stage-langogne'),
      oldCheckin('c-6', 'p-4', 'stage-elsewhere', 1),
    ];
    await databaseAt(name, 40, ['checkins'], (tx) => held.forEach((row) => tx.objectStore('checkins').put(row)));
    const db = new DeviceDatabase(name);
    expect((await connection(db)).version).toBe(SCHEMA_VERSION);
    await saveDeviceIdentity(db, identity());
    expect(await stageCounted(db)).toEqual({ 'stage-florac': { present: 2, scans: 3 }, 'stage-langogne': { present: 1, scans: 1 } });
    expect(await stageCounted(db)).toEqual(await expectedStageCounts(db));
    // Kept from then on by the writes: a void and a new scan.
    await voidCheckin(db, 'c-1');
    await recordCheckin(db, { participantId: 'p-4', stageId: 'stage-elsewhere', method: 'camera' });
    expect(await stageCounted(db)).toEqual({ 'stage-florac': { present: 2, scans: 2 }, 'stage-langogne': { present: 1, scans: 1 }, 'stage-elsewhere': { present: 1, scans: 1 } });
    await db.delete();
  });

  it('rewrites the rows of version 90, each stage under each participant, with their stages named once (version 100)', async () => {
    const name = `test-${crypto.randomUUID()}`;
    const old = [
      { bucket: bucketOf('p-1'), people: { 'p-1': { 'stage-florac': 2, 'stage-langogne': 1 } } },
      { bucket: bucketOf('p-2'), people: { 'p-2': { 'stage-langogne': 1 } } },
    ];
    await databaseAt(name, 90, ['attendance'], (tx) => old.forEach((row) => tx.objectStore('attendance').put(row)));
    const after = await read({ name }, ['attendance', 'attendanceLog'], async (tx) => ({
      rows: (await tx.objectStore('attendance').getAll()) as AttendanceRow[],
      florac: await readAttendance(tx, new Set(['stage-florac'])),
      both: await readAttendance(tx, new Set(['stage-florac', 'stage-langogne'])),
    }));
    for (const row of after.rows) expect(Array.isArray(row.stages)).toBe(true);
    expect(Object.assign({}, ...after.rows.map(presence))).toEqual({ 'p-1': { 'stage-florac': 2, 'stage-langogne': 1 }, 'p-2': { 'stage-langogne': 1 } });
    expect(after.florac).toEqual([{ participantId: 'p-1', stageId: 'stage-florac', voided: 0, count: 2 }]);
    expect(after.both).toHaveLength(3);
  });

  it('reads the rows a tab of the build before version 120 writes into the upgraded database, and writes them back in the latest layout', async () => {
    const db = await enrolledDatabase({ role: 'organizer' });
    // A tab of the older build, left open, found no row for these buckets and wrote them in its layout.
    await write(db, ['attendance', 'participantKinds'], async (tx) => {
      await tx.objectStore('attendance').put({ bucket: bucketOf('p-9'), stages: ['stage-florac'], people: { 'p-9': [2] } } as unknown as AttendanceRow);
      await tx.objectStore('participantKinds').put({ bucket: bucketOf('p-9'), events: { 'event-1': { 'p-9': 'import freelancer' } } } as unknown as ParticipantKindsRow);
    });
    const figures = () =>
      read(db, ['attendance', 'attendanceLog', 'participantKinds'], async (tx) => ({
        checkins: await readAttendance(tx, new Set(['stage-florac', 'stage-langogne'])),
        people: (await readParticipantKinds(tx, 'event-1')).filter((person) => person.id === 'p-9'),
      }));
    expect(await figures()).toEqual({ checkins: [{ participantId: 'p-9', stageId: 'stage-florac', voided: 0, count: 2 }], people: [{ id: 'p-9', profile: 'freelancer', origin: 'import' }] });

    // The next count into the bucket (a void folds the log in) writes the row back in the latest layout, counts kept.
    const scan = await recordCheckin(db, { participantId: 'p-9', stageId: 'stage-langogne', method: 'camera' });
    await voidCheckin(db, (await recordCheckin(db, { participantId: 'p-9', stageId: 'stage-langogne', method: 'camera' })).id);
    expect(scan.voided).toBe(0);
    const stored = (await read(db, ['attendance'], (tx) => tx.objectStore('attendance').get(bucketOf('p-9')))) as AttendanceRow;
    expect(stored.counts).toBeInstanceOf(Uint32Array);
    expect(presence(stored)).toEqual({ 'p-9': { 'stage-florac': 2, 'stage-langogne': 1 } });
    expect((await figures()).checkins).toHaveLength(2);
    await db.delete();
  });

  it('rewrites the rows of version 110, of attendance and of participantKinds, with their ids joined and their counts and kinds in lists (version 120)', async () => {
    const name = `test-${crypto.randomUUID()}`;
    // As the builds of versions 100 and 110 left them: a key per participant; p-2 and p-3 share a bucket or not, whatever their hash.
    const attendance = [
      { bucket: bucketOf('p-1'), stages: ['stage-florac', 'stage-langogne'], people: { 'p-1': [2, 1] } },
      { bucket: bucketOf('p-2'), stages: ['stage-florac', 'stage-langogne'], people: { 'p-2': [0, 1] } },
    ];
    const kinds = [
      { bucket: bucketOf('p-1'), events: { 'event-1': { 'p-1': 'import freelancer' } } },
      { bucket: bucketOf('p-2'), events: { 'event-1': { 'p-2': 'walk-in other erased' }, 'event-2': {} } },
    ];
    await databaseAt(name, 110, ['attendance', 'attendanceLog', 'participantKinds'], (tx) => {
      attendance.forEach((row) => tx.objectStore('attendance').put(row));
      kinds.forEach((row) => tx.objectStore('participantKinds').put(row));
      // A scan since the last pull: in the log, not yet in the rows.
      tx.objectStore('attendanceLog').add({ participantId: 'p-2', stageId: 'stage-florac', delta: 1 });
    });
    expect((await connection({ name })).version).toBe(SCHEMA_VERSION);
    const after = await read({ name }, ['attendance', 'attendanceLog', 'participantKinds'], async (tx) => ({
      attendance: (await tx.objectStore('attendance').getAll()) as AttendanceRow[],
      kinds: (await tx.objectStore('participantKinds').getAll()) as ParticipantKindsRow[],
      checkins: await readAttendance(tx, new Set(['stage-florac', 'stage-langogne'])),
      people: await readParticipantKinds(tx, 'event-1'),
    }));
    for (const row of after.attendance) {
      expect(Object.keys(row).sort()).toEqual(['bucket', 'counts', 'ids', 'stages']);
      expect(row.counts).toBeInstanceOf(Uint32Array);
    }
    expect(Object.assign({}, ...after.attendance.map(presence))).toEqual({ 'p-1': { 'stage-florac': 2, 'stage-langogne': 1 }, 'p-2': { 'stage-langogne': 1 } });
    expect(after.checkins).toEqual(
      expect.arrayContaining([
        { participantId: 'p-1', stageId: 'stage-florac', voided: 0, count: 2 },
        { participantId: 'p-1', stageId: 'stage-langogne', voided: 0, count: 1 },
        { participantId: 'p-2', stageId: 'stage-langogne', voided: 0, count: 1 },
        { participantId: 'p-2', stageId: 'stage-florac', voided: 0, count: 1 },
      ]),
    );
    expect(after.checkins).toHaveLength(4);
    for (const row of after.kinds) expect(Object.keys(row).sort()).toEqual(['bucket', 'lists']);
    expect(after.kinds.flatMap((row) => Object.keys(row.lists))).not.toContain('event-2'); // an event left with no one is not kept
    expect(after.people).toEqual(expect.arrayContaining([{ id: 'p-1', profile: 'freelancer', origin: 'import' }, { id: 'p-2', profile: 'other', origin: 'walk-in', erased: true }]));
    expect(after.people).toHaveLength(2);
  });
});
