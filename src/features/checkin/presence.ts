import { firstLiveCheckin } from '../../db/checkins.ts';
import { read, type DatabaseRef, type TableName } from '../../db/database.ts';
import type { CheckinRow, ParticipantRow } from '../../db/schema.ts';
import { attendance, isRegistered } from '../../shared/figures.ts';

/** A check-in with the participant it is for (undefined when that participant has not reached this device yet). */
export interface RecentCheckin {
  checkin: CheckinRow;
  participant: ParticipantRow | undefined;
}

/** What the check-in screen shows for a stage: who is present, out of how many, and the latest scans. */
export interface StagePresence {
  present: number;
  registered: number;
  walkIns: number;
  /** Every non-voided check-in at the stage, repeats included (present counts each person once). */
  scans: number;
  recent: RecentCheckin[];
}

/** The tables stagePresence reads. */
export const PRESENCE_TABLES: readonly TableName[] = ['checkins', 'participants'];

/**
 * A participant is present from their earliest non-voided check-in; later scans are repeats and
 * never count twice; registered people are those not erased who did not come as walk-ins. Read
 * in one transaction so the counters and the list agree.
 */
export function stagePresence(db: DatabaseRef, eventId: string, stageId: string, recentCount = 10): Promise<StagePresence> {
  return read(db, PRESENCE_TABLES, async (tx) => {
    const checkins = await tx.objectStore('checkins').index('[stageId+scannedAt]').getAll(IDBKeyRange.bound([stageId, ''], [stageId, '\uffff']));
    const participants = await tx.objectStore('participants').index('eventId').getAll(eventId);
    const byId = new Map(participants.map((p) => [p.id, p]));
    // The same rules as the dashboard's (src/shared/figures.ts).
    const counts = attendance(checkins, (id) => byId.get(id)?.origin === 'walk-in');
    const recent = checkins
      .slice(-recentCount)
      .reverse()
      .map((checkin) => ({ checkin, participant: byId.get(checkin.participantId) }));
    return { ...counts, registered: participants.filter(isRegistered).length, recent };
  });
}

/** The participant's earlier non-voided check-in at this stage, if any (the scan is then a repeat). */
export function earlierCheckin(db: DatabaseRef, stageId: string, participantId: string): Promise<CheckinRow | undefined> {
  return read(db, ['checkins'], (tx) => firstLiveCheckin(tx, stageId, participantId));
}
