import { beforeEach, describe, expect, it } from 'vitest';
import { recordCheckin } from '../../../src/db/checkins.ts';
import { InvalidWriteError, NotEnrolledError } from '../../../src/db/errors.ts';
import { ackOps, appendOp, countPending, outboxTables, pendingOps } from '../../../src/db/outbox.ts';
import type { EtapeDatabase } from '../../../src/db/dexie.ts';
import { decodeHlc } from '../../../src/shared/hlc.ts';
import { SCHEMA_VERSION } from '../../../src/shared/protocol.ts';
import { enrolledDatabase, freshDatabase } from './test-db.ts';

const scan = (participantId: string) => ({ participantId, stageId: 'stage-florac', method: 'camera' as const });

describe('the outbox', () => {
  let db: EtapeDatabase;
  beforeEach(async () => {
    db = await enrolledDatabase();
  });

  it('gives each op the next seq and a later clock, across transactions, even when the wall clock stands still', async () => {
    const frozen = () => new Date('2026-11-26T10:00:00.000Z');
    for (let i = 0; i < 5; i += 1) await recordCheckin(db, scan(`p-${i}`), frozen);
    const ops = await pendingOps(db, 100);
    expect(ops.map((op) => op.seq)).toEqual([1, 2, 3, 4, 5]);
    const clocks = ops.map((op) => op.hlc);
    expect([...clocks].sort()).toEqual(clocks);
    expect(new Set(clocks).size).toBe(5);
    expect(decodeHlc(clocks[0]!)).toEqual({ wallMs: frozen().getTime(), counter: 0, node: 'phone-florac' });
    expect(ops.every((op) => op.deviceId === 'phone-florac' && op.schemaVersion === SCHEMA_VERSION)).toBe(true);
    expect(new Set(ops.map((op) => op.opId)).size).toBe(5);
  });

  it('keeps the clock moving forward when the device clock is set back', async () => {
    await recordCheckin(db, scan('a'), () => new Date('2026-11-26T12:00:00.000Z'));
    await recordCheckin(db, scan('b'), () => new Date('2026-11-26T09:00:00.000Z'));
    const [first, second] = await pendingOps(db, 10);
    expect(second!.hlc > first!.hlc).toBe(true);
  });

  it('leaves neither the row nor the op, nor a used seq, when the transaction fails', async () => {
    await expect(
      db.transaction('rw', [db.checkins, ...outboxTables(db)], async () => {
        await db.checkins.add({
          id: 'c-1',
          participantId: 'p',
          stageId: 's',
          deviceId: 'phone-florac',
          scannedAt: '2026-11-26T10:00:00.000Z',
          receivedAt: null,
          method: 'camera',
          voided: 0,
          voidedAt: null,
        });
        await appendOp(db, 'checkin.record', { id: 'c-1', participantId: 'p', stageId: 's', scannedAt: '2026-11-26T10:00:00.000Z', method: 'camera' });
        throw new Error('the screen was closed');
      }),
    ).rejects.toThrow('the screen was closed');
    expect(await db.checkins.count()).toBe(0);
    expect(await countPending(db)).toBe(0);
    await recordCheckin(db, scan('p'));
    expect((await pendingOps(db, 10)).map((op) => op.seq)).toEqual([1]);
  });

  it('never reuses a seq after the server acknowledged the ops', async () => {
    await recordCheckin(db, scan('a'));
    await recordCheckin(db, scan('b'));
    expect(await ackOps(db, { 'phone-florac': 2 })).toBe(2);
    expect(await countPending(db)).toBe(0);
    await recordCheckin(db, scan('c'));
    expect((await pendingOps(db, 10)).map((op) => op.seq)).toEqual([3]);
  });

  it('removes only what was acknowledged, per device, and acknowledging again changes nothing', async () => {
    for (const p of ['a', 'b', 'c']) await recordCheckin(db, scan(p));
    await db.outbox.add({ opId: 'x-1', deviceId: 'kiosk-1', seq: 1, type: 'feedback.record', payload: {}, hlc: 'h', schemaVersion: 1 });
    expect(await ackOps(db, { 'phone-florac': 2 })).toBe(2);
    expect(await ackOps(db, { 'phone-florac': 2 })).toBe(0);
    expect((await pendingOps(db, 10)).map((op) => `${op.deviceId}:${op.seq}`)).toEqual(['kiosk-1:1', 'phone-florac:3']);
  });

  it('refuses an op outside a transaction, and a payload the server would refuse', async () => {
    await expect(appendOp(db, 'checkin.void', { id: 'c', voidedAt: '2026-11-26T10:00:00.000Z' })).rejects.toThrow(/inside a rw transaction/);
    const write = db.transaction('rw', [db.checkins, ...outboxTables(db)], () =>
      appendOp(db, 'feedback.record', { id: 'f', stageId: 's', rating: 9, answers: {}, comment: '', createdAt: '2026-11-26T10:00:00.000Z' }),
    );
    await expect(write).rejects.toBeInstanceOf(InvalidWriteError);
    expect(await countPending(db)).toBe(0);
  });

  it('refuses to record on a device that is not enrolled', async () => {
    const blank = await freshDatabase();
    await expect(recordCheckin(blank, scan('a'))).rejects.toBeInstanceOf(NotEnrolledError);
    expect(await blank.checkins.count()).toBe(0);
  });
});
