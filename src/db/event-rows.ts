import type { EventRows } from '../shared/figures.ts';
import type { EtapeDatabase } from './dexie.ts';

/**
 * Every row the event's figures are computed from, as this device holds them (an organizer's
 * device holds them all after sync), read in one transaction so that the figures agree.
 */
export async function readEventRows(db: EtapeDatabase, eventId: string): Promise<EventRows> {
  return db.transaction('r', [db.stages, db.talks, db.participants, db.checkins, db.feedback], async () => {
    const stages = await db.stages.where('eventId').equals(eventId).toArray();
    const stageIds = stages.map((stage) => stage.id);
    const [talks, participants, checkins, feedback] = await Promise.all([
      db.talks.where('stageId').anyOf(stageIds).toArray(),
      db.participants.where('eventId').equals(eventId).toArray(),
      db.checkins.toArray(),
      db.feedback.toArray(),
    ]);
    const ofEvent = new Set(stageIds);
    return {
      stages,
      talks,
      participants,
      checkins: checkins.filter((checkin) => ofEvent.has(checkin.stageId)),
      feedback: feedback.filter((answer) => ofEvent.has(answer.stageId)),
    };
  });
}
