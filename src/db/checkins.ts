import { readNewCheckinCount, storeCheckins } from './attendance.ts';
import { addCheckin, checkinsAt, getCheckin } from './checkin-store.ts';
import { write, type DatabaseRef, type ReadTx, type WriteTx } from './database.ts';
import { isIdentity } from './device.ts';
import { InvalidWriteError, NotEnrolledError } from './errors.ts';
import { OUTBOX_TABLES, appendOp, readOpState } from './outbox.ts';
import { getParticipant } from './participant-store.ts';
import type { CheckinMethod, CheckinRow, ParticipantRow } from './schema.ts';

/** What a scan, a name search or a walk-in records. */
export interface NewCheckin {
  participantId: string;
  stageId: string;
  method: CheckinMethod;
}

/** The tables a check-in is written to: its row, who is present where, and each stage's counts (attendance.ts). */
export const CHECKIN_TABLES = ['checkins', 'attendance', 'attendanceLog', 'stageCounts'] as const;

/** Time order of check-ins (a stable sort: equal times keep their order). */
const byScan = (a: CheckinRow, b: CheckinRow) => (a.scannedAt < b.scannedAt ? -1 : a.scannedAt > b.scannedAt ? 1 : 0);

/**
 * Records a check-in: the row and its op in ONE transaction. Every scan is kept, repeats
 * included (a repeat is shown as such, never refused); the promise resolves once committed.
 */
export function recordCheckin(ref: DatabaseRef, checkin: NewCheckin, now = () => new Date()): Promise<CheckinRow> {
  return write(ref, [...CHECKIN_TABLES, ...OUTBOX_TABLES], (tx) => writeCheckin(tx, checkin, now()));
}

/**
 * Writes a check-in row and queues its op, inside a read-write transaction over CHECKIN_TABLES and
 * OUTBOX_TABLES (recordCheckin's, or a walk-in's that also writes the participant).
 */
export async function writeCheckin(tx: WriteTx, checkin: NewCheckin, at: Date): Promise<CheckinRow> {
  return (await prepareCheckin(tx, checkin)).write(at);
}

/**
 * What writing `checkin` reads (the device, its seq and clock, the participant's earliest live
 * check-in at the stage, the stage's counts), read in one round trip; `write` writes the row, its
 * counts and its op, side by side (different tables of one transaction). A scan's answer waits
 * for each round trip to IndexedDB: a scan makes one for its reads, this one included
 * (checkInIf), then one for its writes.
 */
async function prepareCheckin(tx: WriteTx, checkin: NewCheckin): Promise<{ earlier: CheckinRow | undefined; write(at: Date): Promise<CheckinRow> }> {
  const [ops, earlier, storeCounts] = await Promise.all([readOpState(tx), firstLiveCheckin(tx, checkin.stageId, checkin.participantId), readNewCheckinCount(tx, checkin.stageId)]);
  const write = async (at: Date) => {
    if (!isIdentity(ops.device)) throw new NotEnrolledError();
    const row: CheckinRow = {
      id: crypto.randomUUID(),
      participantId: checkin.participantId,
      stageId: checkin.stageId,
      deviceId: ops.device.deviceId,
      scannedAt: at.toISOString(),
      receivedAt: null,
      method: checkin.method,
      voided: 0,
      voidedAt: null,
    };
    const { deviceId: _device, receivedAt: _received, voided: _voided, voidedAt: _voidedAt, ...payload } = row;
    await Promise.all([addCheckin(tx, row), storeCounts(row.participantId, !earlier), ops.append('checkin.record', payload, at.getTime())]);
    return row;
  };
  return { earlier, write };
}

/** The participant's earliest non-voided check-in at the stage, if any (a new scan is then a repeat). */
export async function firstLiveCheckin(tx: ReadTx, stageId: string, participantId: string): Promise<CheckinRow | undefined> {
  return (await checkinsAt(tx, stageId, participantId)).sort(byScan).find((row) => !row.voided);
}

/** What a scan found on the device, and the check-in it recorded if `accept` said yes. */
export interface ScanFacts {
  participant: ParticipantRow | undefined;
  earlier: CheckinRow | undefined;
  checkin: CheckinRow | undefined;
}

/**
 * A scan's read and write in ONE rw transaction: the participant and their earliest live
 * check-in at the stage are read, `accept` decides on them, and the check-in (with its op) is
 * written only if accepted. One transaction rather than a read then a write keeps the scan
 * fast on a full device and leaves no gap between the decision and what it was based on. Only
 * the tables written are announced (none for a refused scan).
 */
export function checkInIf(
  ref: DatabaseRef,
  checkin: NewCheckin,
  accept: (participant: ParticipantRow | undefined, earlier: CheckinRow | undefined) => boolean,
  now = () => new Date(),
): Promise<ScanFacts> {
  return write(ref, ['participants', ...CHECKIN_TABLES, ...OUTBOX_TABLES], async (tx) => {
    // Everything the scan reads, what writing its check-in needs included, in one round trip.
    const [participant, { earlier, write }] = await Promise.all([getParticipant(tx, checkin.participantId), prepareCheckin(tx, checkin)]);
    // No early commit() once the writes are issued: a write failing as it is issued (the op not
    // made) would then commit the others, a check-in without its op. The transaction commits once
    // every write has answered; a failure before that aborts it whole.
    const row = accept(participant, earlier) ? await write(now()) : undefined;
    return { participant, earlier, checkin: row };
    // Announced: what was written, never the participants only read (the check-in screen would read 20,000 again after each scan).
  }, (facts) => (facts.checkin ? [...CHECKIN_TABLES, ...OUTBOX_TABLES] : []));
}

/** Undoes a wrong scan: marks the check-in voided, with its op, in one transaction. Voiding twice changes nothing. */
export function voidCheckin(ref: DatabaseRef, id: string, now = () => new Date()): Promise<CheckinRow> {
  return write(ref, [...CHECKIN_TABLES, ...OUTBOX_TABLES], async (tx) => {
    const row = await getCheckin(tx, id);
    if (!row) throw new InvalidWriteError(`No check-in ${id} on this device`);
    if (row.voided) return row;
    const at = now();
    const voided: CheckinRow = { ...row, voided: 1, voidedAt: at.toISOString() };
    await storeCheckins(tx, [voided]);
    await appendOp(tx, 'checkin.void', { id, voidedAt: voided.voidedAt! }, at.getTime());
    return voided;
  });
}
