import type { EventRecord, StageRecord } from '../shared/domain.ts';
import { read, type DatabaseRef } from './database.ts';
import { participantsOf } from './participant-store.ts';
import type { ParticipantRow } from './schema.ts';

/**
 * Reads of the records every screen shows, each in its own transaction (a screen that needs
 * several that agree reads them in one, as event-rows.ts does). Screens re-run them when their
 * tables change (live-query.ts). The identity is device.ts's readIdentity, the form forms.ts's
 * readForm, the programme programme.ts's readProgramme.
 */

/** Time order, as a stable sort (equal times keep their order). */
export const byStart = (a: { startsAt: string }, b: { startsAt: string }) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : 0);

/** One event, or undefined. */
export function readEvent(ref: DatabaseRef, id: string): Promise<EventRecord | undefined> {
  return read(ref, ['events'], (tx) => tx.objectStore('events').get(id));
}

/** The stages of an event, in time order. */
export async function readStagesOf(ref: DatabaseRef, eventId: string): Promise<StageRecord[]> {
  return (await read(ref, ['stages'], (tx) => tx.objectStore('stages').index('eventId').getAll(eventId))).sort(byStart);
}

/** Every stage this device holds. */
export function readStages(ref: DatabaseRef): Promise<StageRecord[]> {
  return read(ref, ['stages'], (tx) => tx.objectStore('stages').getAll());
}

/** One stage, or undefined. */
export function readStage(ref: DatabaseRef, id: string): Promise<StageRecord | undefined> {
  return read(ref, ['stages'], (tx) => tx.objectStore('stages').get(id));
}

/** The participants of an event, erased ones included. */
export function readParticipantsOf(ref: DatabaseRef, eventId: string): Promise<ParticipantRow[]> {
  return read(ref, ['participants'], (tx) => participantsOf(tx, eventId));
}

/** How many answers this device holds for a stage. */
export function countFeedbackOf(ref: DatabaseRef, stageId: string): Promise<number> {
  return read(ref, ['feedback'], (tx) => tx.objectStore('feedback').index('stageId').count(stageId));
}
