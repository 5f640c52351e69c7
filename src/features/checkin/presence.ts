import { readAttendance } from '../../db/attendance.ts';
import { latestCheckins } from '../../db/checkin-store.ts';
import { firstLiveCheckin } from '../../db/checkins.ts';
import { read, type DatabaseRef, type TableName } from '../../db/database.ts';
import type { CheckinRow, ParticipantRow } from '../../db/schema.ts';
import { isRegistered } from '../../shared/figures.ts';

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

/** The tables a presence reader reads. */
export const PRESENCE_TABLES: readonly TableName[] = ['checkins', 'attendance', 'participants'];

/**
 * What the check-in screen shows for one stage, read again after every change of the check-ins.
 * A participant is present from their earliest non-voided check-in; later scans are repeats and
 * never count twice; registered people are those not erased who did not come as walk-ins (the
 * same rules as the dashboard's, src/shared/figures.ts). Who is present comes from `attendance`
 * (per participant and stage, the live check-ins), the latest few check-ins from the stage's
 * latest blocks; `people` are the event's participants the screen already holds for its name
 * search (20,000 at a festival: not read again).
 */
export function presenceReader(db: DatabaseRef, stageId: string, recentCount = 10): (people: ReadonlyMap<string, ParticipantRow>) => Promise<StagePresence> {
  return async (people) => {
    const { live, latest } = await read(db, PRESENCE_TABLES, async (tx) => {
      const participants = tx.objectStore('participants');
      const [live, rows] = await Promise.all([readAttendance(tx, new Set([stageId])), latestCheckins(tx, stageId, recentCount)]);
      const named = await Promise.all(rows.map((checkin) => participants.get(checkin.participantId)));
      return { live, latest: rows.map((checkin, i) => ({ checkin, participant: named[i] })) };
    });
    const present = live.length;
    const scans = live.reduce((total, row) => total + (row.count ?? 1), 0);
    const walkIns = live.filter((row) => people.get(row.participantId)?.origin === 'walk-in').length;
    return { present, walkIns, scans, registered: registeredAmong(people), recent: latest };
  };
}

const registeredCounts = new WeakMap<ReadonlyMap<string, ParticipantRow>, number>();

/** How many of `people` are registered, counted once per list (the screen reads presence again after every scan, not its 20,000 participants). */
function registeredAmong(people: ReadonlyMap<string, ParticipantRow>): number {
  let registered = registeredCounts.get(people);
  if (registered === undefined) {
    registered = 0;
    for (const person of people.values()) if (isRegistered(person)) registered += 1;
    registeredCounts.set(people, registered);
  }
  return registered;
}

/** The participant's earlier non-voided check-in at this stage, if any (the scan is then a repeat). */
export function earlierCheckin(db: DatabaseRef, stageId: string, participantId: string): Promise<CheckinRow | undefined> {
  return read(db, ['checkins'], (tx) => firstLiveCheckin(tx, stageId, participantId));
}
