import { readStageCount } from '../../db/attendance.ts';
import { latestCheckins } from '../../db/checkin-store.ts';
import { getParticipant } from '../../db/participant-store.ts';
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
export const PRESENCE_TABLES: readonly TableName[] = ['checkins', 'participants', 'stageCounts'];

/**
 * What the check-in screen shows for one stage, read again after every change of the check-ins.
 * A participant is present from their earliest non-voided check-in; later scans are repeats and
 * never count twice; registered people are those not erased who did not come as walk-ins (the
 * same rules as the dashboard's, src/shared/figures.ts).
 *
 * At a festival a stage holds 12,000 check-ins and each scan changes them: reading them all again
 * after each scan would hold the door up. So who is present and how many scans come from the
 * stage's row of `stageCounts`, kept by every check-in write (src/db/attendance.ts); the walk-ins
 * present from the few walk-ins among `people` (is each checked in here); the latest few for the
 * list. One transaction, a handful of small reads, whatever the stage holds. `people` are the
 * event's participants the screen already holds for its name search (20,000: not read again).
 */
export function presenceReader(db: DatabaseRef, stageId: string, recentCount = 10): (people: ReadonlyMap<string, ParticipantRow>) => Promise<StagePresence> {
  return async (people) => {
    const walkInIds = walkInsAmong(people);
    const { counts, walkIns, latest } = await read(db, PRESENCE_TABLES, async (tx) => {
      // Named from the participants the screen holds (no block of 100 participants read for each of the
      // latest); from the device's table only for one the screen does not hold yet (a walk-in just
      // registered: its check-in can be read here before the screen's list of people is read again).
      const recent = async () =>
        Promise.all((await latestCheckins(tx, stageId, recentCount)).map(async (checkin) => ({ checkin, participant: people.get(checkin.participantId) ?? (await getParticipant(tx, checkin.participantId)) })));
      const [counts, walkInsHere, latest] = await Promise.all([
        readStageCount(tx, stageId),
        Promise.all(walkInIds.map((participantId) => firstLiveCheckin(tx, stageId, participantId))),
        recent(),
      ]);
      return { counts, walkIns: walkInsHere.filter(Boolean).length, latest };
    });
    return { present: counts.present, scans: counts.scans, walkIns, registered: registeredAmong(people), recent: latest };
  };
}

const walkInLists = new WeakMap<ReadonlyMap<string, ParticipantRow>, string[]>();

/** The ids of the walk-ins among `people`, listed once per participants list (a few among 20,000). */
function walkInsAmong(people: ReadonlyMap<string, ParticipantRow>): string[] {
  let walkIns = walkInLists.get(people);
  if (!walkIns) {
    walkIns = [];
    for (const person of people.values()) if (person.origin === 'walk-in') walkIns.push(person.id);
    walkInLists.set(people, walkIns);
  }
  return walkIns;
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
