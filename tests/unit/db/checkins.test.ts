import { beforeEach, describe, expect, it } from 'vitest';
import { checkInIf, firstLiveCheckin, recordCheckin, voidCheckin } from '../../../src/db/checkins.ts';
import { onTablesChanged } from '../../../src/db/table-changes.ts';
import { read } from '../../../src/db/database.ts';
import type { DeviceDatabase } from '../../support/device-database.ts';
import { enrolledDatabase } from './test-db.ts';

describe('check-ins on the device', () => {
  let db: DeviceDatabase;
  beforeEach(async () => {
    db = await enrolledDatabase();
  });

  it('stores the check-in and queues its op in the same commit', async () => {
    const row = await recordCheckin(db, { participantId: 'p-1', stageId: 'stage-florac', method: 'camera' }, () => new Date('2026-11-26T13:02:00.000Z'));
    expect(await db.checkins.get(row.id)).toEqual({
      id: row.id,
      participantId: 'p-1',
      stageId: 'stage-florac',
      deviceId: 'phone-florac',
      scannedAt: '2026-11-26T13:02:00.000Z',
      receivedAt: null,
      method: 'camera',
      voided: 0,
      voidedAt: null,
    });
    const [op] = await db.outbox.toArray();
    expect(op).toMatchObject({
      type: 'checkin.record',
      payload: { id: row.id, participantId: 'p-1', stageId: 'stage-florac', scannedAt: '2026-11-26T13:02:00.000Z', method: 'camera' },
    });
  });

  it('announces a scan as the check-in and its op, not the participants it read; a refused scan announces nothing', async () => {
    const announced: string[][] = [];
    const stop = onTablesChanged(db.name, (tables) => announced.push([...tables].sort()));
    try {
      await checkInIf(db, { participantId: 'p-1', stageId: 'stage-florac', method: 'camera' }, () => true);
      await checkInIf(db, { participantId: 'p-1', stageId: 'stage-florac', method: 'camera' }, () => false);
    } finally {
      stop();
    }
    expect(announced).toEqual([['attendance', 'attendanceLog', 'checkins', 'meta', 'outbox', 'stageCounts']]);
  });

  it('keeps every repeat scan, earliest first, so a repeat can be shown and counted once', async () => {
    const first = await recordCheckin(db, { participantId: 'p-1', stageId: 'stage-florac', method: 'camera' }, () => new Date('2026-11-26T13:02:00.000Z'));
    await recordCheckin(db, { participantId: 'p-1', stageId: 'stage-florac', method: 'scanner' }, () => new Date('2026-11-26T13:40:00.000Z'));
    const all = await db.checkins.where('[stageId+participantId]').equals(['stage-florac', 'p-1']).toArray();
    expect(all.map((c) => c.scannedAt).sort()).toEqual(['2026-11-26T13:02:00.000Z', '2026-11-26T13:40:00.000Z']);
    expect((await read(db, ['checkins'], (tx) => firstLiveCheckin(tx, 'stage-florac', 'p-1')))?.id).toBe(first.id);
    expect(await db.checkins.filter((row) => row.stageId === 'stage-florac' && row.voided === 0).count()).toBe(2);
  });

  it('voids a wrong scan with its own op, and voiding again queues nothing more', async () => {
    const row = await recordCheckin(db, { participantId: 'p-1', stageId: 'stage-florac', method: 'camera' });
    const voided = await voidCheckin(db, row.id, () => new Date('2026-11-26T13:03:00.000Z'));
    expect(voided).toMatchObject({ voided: 1, voidedAt: '2026-11-26T13:03:00.000Z' });
    await voidCheckin(db, row.id);
    expect((await db.outbox.toArray()).map((op) => op.type)).toEqual(['checkin.record', 'checkin.void']);
    expect(await db.checkins.filter((row) => row.stageId === 'stage-florac' && row.voided === 0).count()).toBe(0);
  });

  it('refuses to void a check-in this device does not have', async () => {
    await expect(voidCheckin(db, 'nope')).rejects.toThrow(/No check-in/);
    expect(await db.outbox.toArray()).toEqual([]);
  });
});
