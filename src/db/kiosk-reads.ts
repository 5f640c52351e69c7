import type { StageRecord } from '../shared/domain.ts';
import type { FormRecord } from '../shared/protocol.ts';
import { read, type DatabaseRef } from './database.ts';

/**
 * The reads of the kiosk screen, through idb (idb-store.ts): the kiosk never loads Dexie. Screens
 * re-run them when their tables change (store-query.ts). The identity is device.ts's readIdentity.
 */

/** What a device shows before any form reached it: the faces and a comment, no questions. */
export const FALLBACK_FORM: Omit<FormRecord, 'id'> = {
  ratingLabel: { fr: 'Comment était cette étape ?', en: 'How was this stage?' },
  questions: [],
  commentLabel: { fr: 'Un commentaire ? (facultatif)', en: 'Any comment? (optional)' },
};

/** The event's feedback form as this device holds it (the fallback for fields not received yet). */
export async function readFormOf(ref: DatabaseRef, eventId: string): Promise<FormRecord> {
  const row = await read(ref, ['forms'], (tx) => tx.objectStore('forms').get(eventId));
  return { ...FALLBACK_FORM, ...row, id: eventId };
}

/** The stages of an event, in time order. */
export async function readStagesOf(ref: DatabaseRef, eventId: string): Promise<StageRecord[]> {
  const stages = await read(ref, ['stages'], (tx) => tx.objectStore('stages').index('eventId').getAll(eventId));
  return stages.sort((a, b) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : 0));
}

/** One stage, or undefined. */
export function readStage(ref: DatabaseRef, id: string): Promise<StageRecord | undefined> {
  return read(ref, ['stages'], (tx) => tx.objectStore('stages').get(id));
}

/** How many ops wait to be acknowledged (this device's and those imported from files). */
export function countWaiting(ref: DatabaseRef): Promise<number> {
  return read(ref, ['outbox'], (tx) => tx.objectStore('outbox').count());
}

/** How many answers this device holds for a stage. */
export function countFeedbackOf(ref: DatabaseRef, stageId: string): Promise<number> {
  return read(ref, ['feedback'], (tx) => tx.objectStore('feedback').index('stageId').count(stageId));
}
