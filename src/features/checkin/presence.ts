import { firstLiveCheckin } from '../../db/checkins.ts';
import { read, type DatabaseRef, type TableName } from '../../db/database.ts';
import type { CheckinRow, ParticipantRow } from '../../db/schema.ts';
import { attendanceOf, isRegistered } from '../../shared/figures.ts';

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
export const PRESENCE_TABLES: readonly TableName[] = ['checkins', 'participants'];

/**
 * What the check-in screen shows for one stage, read again after every change of the check-ins.
 * A participant is present from their earliest non-voided check-in; later scans are repeats and
 * never count twice; registered people are those not erased who did not come as walk-ins (the
 * same rules as the dashboard's, src/shared/figures.ts).
 *
 * At a festival a stage holds 12,000 check-ins and each scan changes them: reading them all again
 * after each scan would hold the door up (a long task at every scan). So the reader keeps which
 * participant each check-in is for (that never changes), and each read fetches only the keys of
 * the stage's check-ins and of its voided ones (indexes, no records), the records it has not seen
 * yet, and the latest few for the list, in one transaction, and counts after it (a transaction
 * kept open while 12,000 ids are counted would hold up the next scan's write). `people` are the
 * event's participants the screen already holds for its name search (20,000: not read again either).
 */
export function presenceReader(db: DatabaseRef, stageId: string, recentCount = 10): (people: ReadonlyMap<string, ParticipantRow>) => Promise<StagePresence> {
  const participantOf = new Map<string, string>(); // check-in id → participant id
  const ofStage = IDBKeyRange.bound([stageId, ''], [stageId, '\uffff']);
  return async (people) => {
    const { ids, voided, latest } = await read(db, PRESENCE_TABLES, async (tx) => {
      const checkins = tx.objectStore('checkins');
      const participants = tx.objectStore('participants');
      const byTime = checkins.index('[stageId+scannedAt]');
      const recent = async () => {
        const rows: CheckinRow[] = [];
        for (let cursor = await byTime.openCursor(ofStage, 'prev'); cursor && rows.length < recentCount; cursor = await cursor.continue()) rows.push(cursor.value);
        const named = await Promise.all(rows.map((checkin) => participants.get(checkin.participantId)));
        return rows.map((checkin, i) => ({ checkin, participant: named[i] }));
      };
      const [keys, voided, latest] = await Promise.all([byTime.getAllKeys(ofStage), checkins.index('[stageId+voided]').getAllKeys([stageId, 1]), recent()]);
      // The check-in a scan just added is among the latest: after a scan, no record is left to fetch.
      for (const { checkin } of latest) participantOf.set(checkin.id, checkin.participantId);
      const ids = keys as string[]; // check-ins are keyed by their id
      const unseen: string[] = [];
      for (const id of ids) if (!participantOf.has(id)) unseen.push(id);
      const rows = await Promise.all(unseen.map((id) => checkins.get(id)));
      rows.forEach((row, i) => row && participantOf.set(unseen[i]!, row.participantId));
      return { ids, voided, latest };
    });
    // Counted once the transaction is over: a scan's write waits for the reads of its tables, not for this.
    const isVoided = new Set(voided);
    const live: string[] = [];
    for (const id of ids) if (!isVoided.has(id)) live.push(participantOf.get(id)!);
    const counts = attendanceOf(live, (id) => people.get(id)?.origin === 'walk-in');
    return { ...counts, registered: registeredAmong(people), recent: latest };
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
