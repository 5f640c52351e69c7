import { beforeEach, describe, expect, it } from 'vitest';
import { recordCheckin } from '../../../src/db/checkins.ts';
import { InvalidWriteError, NotEnrolledError } from '../../../src/db/errors.ts';
import { write } from '../../../src/db/database.ts';
import { OUTBOX_TABLES, ackOpsIn, appendOp, countPending, pendingBatch } from '../../../src/db/outbox.ts';
import type { DeviceDatabase } from '../../support/device-database.ts';
import { decodeHlc } from '../../../src/shared/hlc.ts';
import { SCHEMA_VERSION } from '../../../src/shared/protocol.ts';
import { enrolledDatabase, freshDatabase } from './test-db.ts';

const scan = (participantId: string) => ({ participantId, stageId: 'stage-florac', method: 'camera' as const });
const NOW = Date.parse('2026-11-26T10:00:00.000Z');
/** What push does with the server's acknowledgement (push.ts): the acked ops leave the outbox in one transaction. */
const ack = (db: DeviceDatabase, acked: Record<string, number>) => write(db, ['outbox', 'sent'], (tx) => ackOpsIn(tx, acked, NOW));

describe('the outbox', () => {
  let db: DeviceDatabase;
  beforeEach(async () => {
    db = await enrolledDatabase();
  });

  it('gives each op the next seq and a later clock, across transactions, even when the wall clock stands still', async () => {
    const frozen = () => new Date('2026-11-26T10:00:00.000Z');
    for (let i = 0; i < 5; i += 1) await recordCheckin(db, scan(`p-${i}`), frozen);
    const { ops, waiting } = await pendingBatch(db, 'phone-florac', 100);
    expect(waiting).toBe(5);
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
    const [first, second] = (await pendingBatch(db, 'phone-florac', 10)).ops;
    expect(second!.hlc > first!.hlc).toBe(true);
  });

  it('leaves neither the row nor the op, nor a used seq, when the transaction fails', async () => {
    await expect(
      write(db, ['checkins', ...OUTBOX_TABLES], async (tx) => {
        await tx.objectStore('checkins').add({
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
        await appendOp(tx, 'checkin.record', { id: 'c-1', participantId: 'p', stageId: 's', scannedAt: '2026-11-26T10:00:00.000Z', method: 'camera' }, NOW);
        throw new Error('the screen was closed');
      }),
    ).rejects.toThrow('the screen was closed');
    expect(await db.checkins.count()).toBe(0);
    expect(await countPending(db)).toBe(0);
    await recordCheckin(db, scan('p'));
    expect((await pendingBatch(db, 'phone-florac', 10)).ops.map((op) => op.seq)).toEqual([1]);
  });

  it('never reuses a seq after the server acknowledged the ops', async () => {
    await recordCheckin(db, scan('a'));
    await recordCheckin(db, scan('b'));
    expect(await ack(db, { 'phone-florac': 2 })).toBe(2);
    expect(await countPending(db)).toBe(0);
    expect((await db.sent.toArray()).map((op) => op.seq)).toEqual([1, 2]); // kept a while, for a server restored from a backup
    await recordCheckin(db, scan('c'));
    expect((await pendingBatch(db, 'phone-florac', 10)).ops.map((op) => op.seq)).toEqual([3]);
  });

  it('removes only what was acknowledged, per device, and acknowledging again changes nothing', async () => {
    for (const p of ['a', 'b', 'c']) await recordCheckin(db, scan(p));
    await db.outbox.add({ opId: 'x-1', deviceId: 'kiosk-1', seq: 1, type: 'feedback.record', payload: {}, hlc: 'h', schemaVersion: 1 });
    expect(await ack(db, { 'phone-florac': 2 })).toBe(2);
    expect(await ack(db, { 'phone-florac': 2 })).toBe(0);
    expect((await db.outbox.toArray()).map((op) => `${op.deviceId}:${op.seq}`)).toEqual(['kiosk-1:1', 'phone-florac:3']);
  });

  it('refuses a payload the server would refuse, and stores nothing of it', async () => {
    const refused = write(db, ['checkins', ...OUTBOX_TABLES], (tx) =>
      appendOp(tx, 'feedback.record', { id: 'f', stageId: 's', rating: 9, answers: {}, comment: '', createdAt: '2026-11-26T10:00:00.000Z' }, NOW),
    );
    await expect(refused).rejects.toBeInstanceOf(InvalidWriteError);
    expect(await countPending(db)).toBe(0);
  });

  it('refuses to record on a device that is not enrolled', async () => {
    const blank = await freshDatabase();
    await expect(recordCheckin(blank, scan('a'))).rejects.toBeInstanceOf(NotEnrolledError);
    expect(await blank.checkins.count()).toBe(0);
  });
});
