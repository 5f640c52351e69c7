import { beforeEach, describe, expect, it } from 'vitest';
import { recordCheckin, voidCheckin } from '../../../src/db/checkins.ts';
import { deleteRecord, setFields } from '../../../src/db/editable.ts';
import { write } from '../../../src/db/database.ts';
import { ackOpsIn } from '../../../src/db/outbox.ts';
import { setAnswersAside } from '../../../src/db/feedback.ts';
import { exportPendingOps, importOps } from '../../../src/db/ops-file.ts';
import type { DeviceDatabase } from '../../support/device-database.ts';
import { readCursorMark } from '../../../src/db/sync-state.ts';
import type { Change } from '../../../src/shared/protocol.ts';
import { applyChanges } from '../../../src/sync/apply-changes.ts';
import { onTablesChanged } from '../../../src/db/table-changes.ts';
import { encodeHlc } from '../../../src/shared/hlc.ts';
import { enrolledDatabase } from '../db/test-db.ts';
import { sampleProgramme } from '../fixtures.ts';

const [florac, langogne] = sampleProgramme().stages.map((record): Record<string, unknown> => ({ ...record })) as [
  Record<string, unknown>,
  Record<string, unknown>,
];
const stage = (data: Record<string, unknown>, seq: number): Change => ({ seq, entity: 'stage', id: String(data.id), deleted: false, data });
const tombstone = (entity: Change['entity'], id: string, seq: number): Change => ({ seq, entity, id, deleted: true, data: null });
const serverCheckin = (id: string, seq: number, extra: Record<string, unknown> = {}): Change => ({
  seq,
  entity: 'checkin',
  id,
  deleted: false,
  data: {
    id,
    participantId: 'p-1',
    stageId: 'stage-florac',
    deviceId: 'phone-2',
    scannedAt: '2026-11-26T13:00:00.000Z',
    receivedAt: '2026-11-26T13:05:00.000Z',
    method: 'camera',
    voided: false,
    voidedAt: null,
    ...extra,
  },
});

describe('applying a pull page', () => {
  let db: DeviceDatabase;
  beforeEach(async () => {
    db = await enrolledDatabase({ role: 'organizer' });
  });

  it('stores the records and the cursor; a check-in sent twice is one row, with voided as 0/1', async () => {
    await applyChanges(db, { changes: [stage(florac, 1), serverCheckin('c-1', 2)], nextCursor: 2 });
    await applyChanges(db, { changes: [serverCheckin('c-1', 3, { voided: true, voidedAt: '2026-11-26T13:06:00.000Z' })], nextCursor: 3 });
    expect(await db.stages.get('stage-florac')).toEqual(florac);
    expect(await db.checkins.toArray()).toEqual([expect.objectContaining({ id: 'c-1', voided: 1, voidedAt: '2026-11-26T13:06:00.000Z' })]);
    expect(await db.checkins.filter((row) => row.stageId === 'stage-florac' && row.voided === 1).count()).toBe(1);
    expect((await readCursorMark(db)).cursor).toBe(3);
  });

  it('announces only the tables the page wrote: a page of check-ins does not make the screens on participants read again', async () => {
    const announced: (readonly string[])[] = [];
    const stop = onTablesChanged(db.name, (tables) => announced.push(tables));
    try {
      await applyChanges(db, { changes: [serverCheckin('c-1', 1), serverCheckin('c-2', 2)], nextCursor: 2 });
      await applyChanges(db, { changes: [], nextCursor: 2 });
    } finally {
      stop();
    }
    expect(announced.map((tables) => [...tables].sort())).toEqual([['attendance', 'attendanceLog', 'checkins', 'meta', 'stageCounts'], ['meta']]);
  });

  it('moves the device clock past the field clocks it receives: the next edit orders after what was seen', async () => {
    const typoClock = encodeHlc({ wallMs: Date.parse('2026-11-27T02:00:00.000Z'), counter: 7, node: 'tablet-ahead' });
    await applyChanges(db, { changes: [{ ...stage(florac, 1), clocks: { title: typoClock } }], nextCursor: 1, serverTime: '2026-11-26T12:00:00.000Z' }, () =>
      Date.parse('2026-11-26T12:00:00.000Z'),
    );
    await setFields(db, 'stage', 'stage-florac', { title: 'Florac, corrigé' }, () => new Date('2026-11-26T12:00:01.000Z'));
    const [op] = await db.outbox.toArray();
    expect(op!.hlc > typoClock).toBe(true);
  });

  it('lets a clock once more than 24 h ahead restart from the latest clock received, once the server time says so', async () => {
    const serverTime = '2026-11-26T12:00:00.000Z';
    const seen = encodeHlc({ wallMs: Date.parse('2026-11-26T13:30:00.000Z'), counter: 0, node: 'other' });
    const at = (iso: string) => () => Date.parse(iso);
    await applyChanges(db, { changes: [{ ...stage(florac, 1), clocks: { title: seen } }], nextCursor: 1, serverTime }, at(serverTime));
    await setFields(db, 'stage', 'stage-florac', { theme: 'écrit 30 h en avance' }, () => new Date(Date.parse(serverTime) + 30 * 3_600_000));
    await applyChanges(db, { changes: [], nextCursor: 1, serverTime }, at(serverTime));
    await setFields(db, 'stage', 'stage-florac', { theme: 'écrit à l’heure' }, () => new Date(serverTime));
    const ops = await db.outbox.toArray();
    const wall = Number(ops[1]!.hlc.slice(0, 15));
    expect(wall).toBeLessThanOrEqual(Date.parse(serverTime) + 24 * 3_600_000);
    expect(ops[1]!.hlc > seen).toBe(true);
  });

  it('is all or nothing with its cursor: a failure in the middle of a page leaves no row and the cursor where it was', async () => {
    await applyChanges(db, { changes: [stage(langogne, 1)], nextCursor: 1 });
    const unstorable = { ...serverCheckin('c-2', 3), data: { ...serverCheckin('c-2', 3).data, broken: () => 'not cloneable' } };
    await expect(applyChanges(db, { changes: [stage(florac, 2), unstorable, serverCheckin('c-3', 4)], nextCursor: 4 })).rejects.toThrow();
    expect(await db.stages.get('stage-florac')).toBeUndefined();
    expect(await db.checkins.count()).toBe(0);
    expect((await readCursorMark(db)).cursor).toBe(1);
  });

  it('keeps a pending local edit visible over the older state the server sends, until the server has it', async () => {
    await applyChanges(db, { changes: [stage(florac, 1)], nextCursor: 1 });
    await setFields(db, 'stage', 'stage-florac', { venue: 'Salle des fêtes' });
    await applyChanges(db, { changes: [stage({ ...florac, theme: 'Nouveau thème' }, 2)], nextCursor: 2 });
    expect(await db.stages.get('stage-florac')).toMatchObject({ venue: 'Salle des fêtes', theme: 'Nouveau thème' });

    await write(db, ['outbox', 'sent'], (tx) => ackOpsIn(tx, { 'phone-florac': 1 }, Date.now()));
    await applyChanges(db, { changes: [stage({ ...florac, venue: 'Halle', theme: 'Nouveau thème' }, 3)], nextCursor: 3 });
    expect((await db.stages.get('stage-florac'))?.venue).toBe('Halle');
  });

  it('keeps a pending local delete, and a pending void, over older server state', async () => {
    await applyChanges(db, { changes: [stage(florac, 1), serverCheckin('c-1', 2)], nextCursor: 2 });
    await deleteRecord(db, 'stage', 'stage-florac');
    await voidCheckin(db, 'c-1');
    await applyChanges(db, { changes: [stage(florac, 3), serverCheckin('c-1', 4)], nextCursor: 4 });
    expect(await db.stages.get('stage-florac')).toBeUndefined();
    expect((await db.checkins.get('c-1'))?.voided).toBe(1);
  });

  it('deletes on a tombstone, and a pending edit of that record does not bring it back', async () => {
    await applyChanges(db, { changes: [stage(florac, 1), stage(langogne, 2)], nextCursor: 2 });
    await setFields(db, 'stage', 'stage-florac', { venue: 'Ailleurs' });
    await applyChanges(db, { changes: [tombstone('stage', 'stage-florac', 3), tombstone('stage', 'stage-langogne', 4)], nextCursor: 4 });
    expect(await db.stages.count()).toBe(0);
  });

  it('replaces an erased participant whole: personal fields gone from the device', async () => {
    const person = { id: 'p-1', eventId: 'event-1', name: 'Jean Dupont', organisation: 'Mairie', profile: 'other', email: 'j@example.org', badgeCode: 'B1', origin: 'import', consent: true };
    await applyChanges(db, { changes: [{ seq: 1, entity: 'participant', id: 'p-1', deleted: false, data: person }], nextCursor: 1 });
    const erased = { id: 'p-1', eventId: 'event-1', name: '', organisation: '', profile: 'other', email: null, badgeCode: 'B1', origin: 'import', consent: false, erased: true };
    await applyChanges(db, { changes: [{ seq: 2, entity: 'participant', id: 'p-1', deleted: false, data: erased }], nextCursor: 2 });
    expect(await db.participants.get('p-1')).toEqual(erased);
  });

  it('applies only the last change of a record in a page, and never moves the cursor back', async () => {
    await applyChanges(db, { changes: [stage(florac, 10), tombstone('stage', 'stage-florac', 11), stage({ ...florac, title: 'Florac 2' }, 12)], nextCursor: 12 });
    expect((await db.stages.get('stage-florac'))?.title).toBe('Florac 2');
    await applyChanges(db, { changes: [], nextCursor: 5 });
    expect((await readCursorMark(db)).cursor).toBe(12);
  });

  it('skips entities this build does not know, and still moves the cursor', async () => {
    await applyChanges(db, { changes: [{ seq: 1, entity: 'badge-print' as Change['entity'], id: 'x', deleted: false, data: { id: 'x' } }], nextCursor: 1 });
    expect((await readCursorMark(db)).cursor).toBe(1);
  });

  it('does not replay ops it only forwards for other devices', async () => {
    const other = await enrolledDatabase({ deviceId: 'laptop-1', role: 'organizer' });
    await setFields(other, 'stage', 'stage-florac', { venue: 'Chez le laptop' });
    await importOps(db, await exportPendingOps(other));
    await applyChanges(db, { changes: [stage(florac, 1)], nextCursor: 1 });
    expect((await db.stages.get('stage-florac'))?.venue).toBe(florac.venue);
  });

  it('keeps own new check-ins when the server sends other devices’ ones', async () => {
    const mine = await recordCheckin(db, { participantId: 'p-1', stageId: 'stage-florac', method: 'camera' });
    await applyChanges(db, { changes: [serverCheckin('c-9', 1)], nextCursor: 1 });
    expect((await db.checkins.toArray()).map((c) => c.id).sort()).toEqual([mine.id, 'c-9'].sort());
  });
});

describe('answers set aside on this device, not yet sent', () => {
  it('stay set aside when a pull brings answers of that poster or phone that the server has not marked yet', async () => {
    const db = await enrolledDatabase({ role: 'organizer' });
    const answer = (id: string, deviceId: string, posterId: string | null, seq: number): Change => ({
      seq,
      entity: 'feedback',
      id,
      deleted: false,
      data: { id, stageId: 'stage-florac', deviceId, posterId, rating: 1, answers: {}, comment: '', createdAt: '2026-11-26T13:00:00.000Z', receivedAt: '2026-11-26T13:00:01.000Z', setAside: false },
    });
    await setAnswersAside(db, { kind: 'poster', id: 'poster-1' }, true);
    await setAnswersAside(db, { kind: 'device', id: 'kiosk-2' }, true);
    await applyChanges(db, { changes: [answer('a', 'phone-1', 'poster-1', 1), answer('b', 'kiosk-2', null, 2), answer('c', 'kiosk-3', null, 3)], nextCursor: 3 });
    expect((await db.feedback.toArray()).map((row) => [row.id, Boolean(row.setAside)])).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
    ]);
  });
});
