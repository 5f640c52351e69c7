import type { StageRecord } from '../shared/domain.ts';
import type { FormRecord } from '../shared/protocol.ts';
import { isIdentity, type DeviceIdentity } from './device.ts';
import { getMeta, read, type DatabaseRef } from './idb-store.ts';
import { META } from './meta.ts';

/**
 * The reads of the app shell and the kiosk screen, through idb (idb-store.ts): the pages that load
 * these never load Dexie. Screens re-run them when their tables change (store-query.ts).
 */

/** What a device shows before any form reached it: the faces and a comment, no questions. */
export const FALLBACK_FORM: Omit<FormRecord, 'id'> = {
  ratingLabel: { fr: 'Comment était cette étape ?', en: 'How was this stage?' },
  questions: [],
  commentLabel: { fr: 'Un commentaire ? (facultatif)', en: 'Any comment? (optional)' },
};

/** This device's identity, or undefined if it was never enrolled (or was forgotten). */
export async function readIdentity(ref: DatabaseRef): Promise<DeviceIdentity | undefined> {
  const value = await read(ref, ['meta'], (tx) => getMeta(tx, META.device));
  return isIdentity(value) ? value : undefined;
}

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
