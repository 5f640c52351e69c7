import { checkinsOf } from '../../db/checkin-store.ts';
import { read, type DatabaseRef, type TableName } from '../../db/database.ts';
import { getParticipant } from '../../db/participant-store.ts';
import type { CheckinRow, ParticipantRow } from '../../db/schema.ts';
import type { EventRecord, StageRecord } from '../../shared/domain.ts';

/** What a participant's page shows: the person, their check-ins (voided ones included, earliest first), the stages and the event. */
export interface ParticipantDetail {
  person: ParticipantRow | undefined;
  checkins: CheckinRow[];
  stages: Map<string, StageRecord>;
  event: EventRecord | undefined;
}

/** The tables the page reads: it reads again when one of them changes. */
export const PARTICIPANT_DETAIL_TABLES: readonly TableName[] = ['participants', 'checkins', 'stages', 'events'];

/** One participant and their check-ins at the stages of their event (a deleted stage's are in no figure either), in one transaction. */
export function readParticipantDetail(db: DatabaseRef, id: string): Promise<ParticipantDetail> {
  return read(db, PARTICIPANT_DETAIL_TABLES, async (tx) => {
    const person = await getParticipant(tx, id);
    const ofEvent = person ? await tx.objectStore('stages').index('eventId').getAll(person.eventId) : [];
    const [checkins, event] = await Promise.all([checkinsOf(tx, id, ofEvent.map((stage) => stage.id)), person ? tx.objectStore('events').get(person.eventId) : undefined]);
    checkins.sort((a, b) => (a.scannedAt < b.scannedAt ? -1 : a.scannedAt > b.scannedAt ? 1 : 0));
    return { person, checkins, stages: new Map(ofEvent.map((stage) => [stage.id, stage])), event };
  });
}
