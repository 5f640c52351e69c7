import type { EventRows } from '../shared/figures.ts';
import { readAttendance } from './attendance.ts';
import { read, type DatabaseRef } from './database.ts';
import { readParticipantKinds } from './participant-kinds.ts';

/** The tables readEventRows reads: a screen showing figures re-reads when one of them changes. */
export const EVENT_ROWS_TABLES = ['stages', 'talks', 'participantKinds', 'attendance', 'attendanceLog', 'feedback'] as const;

/**
 * Every row the event's figures are computed from, as this device holds them (an organizer's
 * device holds them all after sync), read in one transaction so that the figures agree. The
 * check-ins come from `attendance` (attendance.ts: per participant and stage, in 64 rows), the
 * participants from `participantKinds` (participant-kinds.ts: what the figures need of each, in 64
 * rows): at festival size, reading 20,000 participant rows took about a second of a 4× slowed phone.
 */
export function readEventRows(ref: DatabaseRef, eventId: string): Promise<EventRows> {
  return read(ref, EVENT_ROWS_TABLES, async (tx) => {
    const stages = await tx.objectStore('stages').index('eventId').getAll(eventId);
    const stageIds = stages.map((stage) => stage.id);
    const talksOf = tx.objectStore('talks').index('stageId');
    const ofEvent = new Set(stageIds);
    const [talks, participants, checkins, feedback] = await Promise.all([
      Promise.all([...stageIds].sort().map((id) => talksOf.getAll(id))).then((lists) => lists.flat()),
      readParticipantKinds(tx, eventId),
      readAttendance(tx, ofEvent),
      tx.objectStore('feedback').getAll(),
    ]);
    return {
      stages,
      talks,
      participants,
      checkins,
      feedback: feedback.filter((answer) => ofEvent.has(answer.stageId)),
    };
  });
}
