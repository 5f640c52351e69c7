import type { DeviceIdentity } from './device.ts';
import { InvalidWriteError, NotEnrolledError } from './errors.ts';
import { META, readMeta } from './meta.ts';
import { appendOp, outboxTables } from './outbox.ts';
import { withDatabase } from './reliable.ts';
import type { CheckinMethod, CheckinRow, EtapeDatabase, ParticipantRow } from './dexie.ts';

/** What a scan, a name search or a walk-in records. */
export interface NewCheckin {
  participantId: string;
  stageId: string;
  method: CheckinMethod;
}

/**
 * Records a check-in: the row and its op in ONE transaction. Every scan is kept, repeats
 * included (a repeat is shown as such, never refused); the promise resolves once committed.
 */
export async function recordCheckin(db: EtapeDatabase, checkin: NewCheckin, now = () => new Date()): Promise<CheckinRow> {
  return withDatabase(db, () => db.transaction('rw', [db.checkins, ...outboxTables(db)], async () => writeCheckin(db, checkin, now())));
}

/**
 * Writes a check-in row and queues its op. MUST run inside a rw transaction over db.checkins
 * and outboxTables(db) (recordCheckin's, or a walk-in's that also writes the participant).
 */
export async function writeCheckin(db: EtapeDatabase, checkin: NewCheckin, at: Date): Promise<CheckinRow> {
  const device = (await readMeta(db, META.device)) as DeviceIdentity | undefined;
  if (!device) throw new NotEnrolledError();
  const row: CheckinRow = {
    id: crypto.randomUUID(),
    participantId: checkin.participantId,
    stageId: checkin.stageId,
    deviceId: device.deviceId,
    scannedAt: at.toISOString(),
    receivedAt: null,
    method: checkin.method,
    voided: 0,
    voidedAt: null,
  };
  await db.checkins.add(row);
  const { deviceId: _device, receivedAt: _received, voided: _voided, voidedAt: _voidedAt, ...payload } = row;
  await appendOp(db, 'checkin.record', payload, { now: () => at.getTime() });
  return row;
}

/** The participant's earliest non-voided check-in at the stage, if any (a new scan is then a repeat). */
export async function firstLiveCheckin(db: EtapeDatabase, stageId: string, participantId: string): Promise<CheckinRow | undefined> {
  const rows = await db.checkins.where('[stageId+participantId]').equals([stageId, participantId]).sortBy('scannedAt');
  return rows.find((row) => !row.voided);
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
 * fast on a full device and leaves no gap between the decision and what it was based on.
 */
export async function checkInIf(
  db: EtapeDatabase,
  checkin: NewCheckin,
  accept: (participant: ParticipantRow | undefined, earlier: CheckinRow | undefined) => boolean,
  now = () => new Date(),
): Promise<ScanFacts> {
  return withDatabase(db, () =>
    db.transaction('rw', [db.participants, db.checkins, ...outboxTables(db)], async () => {
      const [participant, earlier] = await Promise.all([
        db.participants.get(checkin.participantId),
        firstLiveCheckin(db, checkin.stageId, checkin.participantId),
      ]);
      const row = accept(participant, earlier) ? await writeCheckin(db, checkin, now()) : undefined;
      return { participant, earlier, checkin: row };
    }),
  );
}

/** Undoes a wrong scan: marks the check-in voided, with its op, in one transaction. Voiding twice changes nothing. */
export async function voidCheckin(db: EtapeDatabase, id: string, now = () => new Date()): Promise<CheckinRow> {
  return withDatabase(db, () =>
    db.transaction('rw', [db.checkins, ...outboxTables(db)], async () => {
      const row = await db.checkins.get(id);
      if (!row) throw new InvalidWriteError(`No check-in ${id} on this device`);
      if (row.voided) return row;
      const at = now();
      const voided: CheckinRow = { ...row, voided: 1, voidedAt: at.toISOString() };
      await db.checkins.put(voided);
      await appendOp(db, 'checkin.void', { id, voidedAt: voided.voidedAt! }, { now: () => at.getTime() });
      return voided;
    }),
  );
}

/** Every check-in of a participant at a stage, voided ones included, earliest first. */
export async function checkinsOf(db: EtapeDatabase, stageId: string, participantId: string): Promise<CheckinRow[]> {
  return withDatabase(db, () => db.checkins.where('[stageId+participantId]').equals([stageId, participantId]).sortBy('scannedAt'));
}
