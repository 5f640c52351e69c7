import { firstLiveCheckin } from '../../db/checkins.ts';
import type { CheckinRow, EtapeDatabase, ParticipantRow } from '../../db/schema.ts';
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

/**
 * A participant is present from their earliest non-voided check-in; later scans are repeats and
 * never count twice; registered people are those not erased who did not come as walk-ins.
 * `people` are the event's participants the screen already holds (for its name search): at a
 * festival they are 20,000, and reading them again after every scan would hold the door up. The
 * stage's check-ins and the people of the latest ones are read in one transaction, so the list
 * names whoever it shows.
 */
export async function stagePresence(db: EtapeDatabase, stageId: string, people: ReadonlyMap<string, ParticipantRow>, recentCount = 10): Promise<StagePresence> {
  return db.transaction('r', [db.checkins, db.participants], async () => {
    const checkins = await db.checkins.where('[stageId+scannedAt]').between([stageId, ''], [stageId, '\uffff']).toArray();
    const latest = checkins.slice(-recentCount).reverse();
    const named = await db.participants.bulkGet(latest.map((checkin) => checkin.participantId));
    // The same rules as the dashboard's (src/shared/figures.ts).
    const counts = attendance(checkins, (id) => people.get(id)?.origin === 'walk-in');
    let registered = 0;
    for (const person of people.values()) if (isRegistered(person)) registered += 1;
    return { ...counts, registered, recent: latest.map((checkin, i) => ({ checkin, participant: named[i] })) };
  });
}

/** The participant's earlier non-voided check-in at this stage, if any (the scan is then a repeat). */
export function earlierCheckin(db: EtapeDatabase, stageId: string, participantId: string): Promise<CheckinRow | undefined> {
  return firstLiveCheckin(db, stageId, participantId);
}
