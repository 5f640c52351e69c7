import { isIdentity } from './device.ts';
import { NotEnrolledError } from './errors.ts';
import { getMeta, write, type DatabaseRef } from './database.ts';
import { appendOp } from './outbox.ts';
import { META } from './meta.ts';
import type { FeedbackRow } from './schema.ts';

/** What a kiosk or a participant's phone records: a rating, answers, a comment; anonymous. */
export interface NewFeedback {
  stageId: string;
  rating: number;
  answers: Record<string, string | string[]>;
  comment: string;
}

/**
 * Records one feedback and its op in ONE transaction; resolves once committed. This is the kiosk's write.
 */
export async function recordFeedback(ref: DatabaseRef, feedback: NewFeedback, now = () => new Date()): Promise<FeedbackRow> {
  return write(ref, ['feedback', 'outbox', 'meta'], async (tx) => {
    const device = await getMeta(tx, META.device);
    if (!isIdentity(device)) throw new NotEnrolledError();
    const at = now();
    const payload = { id: crypto.randomUUID(), ...feedback, createdAt: at.toISOString() };
    await appendOp(tx, 'feedback.record', payload, at.getTime());
    const row: FeedbackRow = { ...payload, deviceId: device.deviceId, receivedAt: null };
    await tx.objectStore('feedback').add(row);
    return row;
  });
}

/** One phone's answers (`device`, its device id) or one poster's (`poster`). */
export interface AnswersOf {
  kind: 'device' | 'poster';
  id: string;
}

/**
 * Sets aside (or takes back) the answers of one phone or one poster, on this organizer's device
 * and, as a `feedback.aside` op, on the server: one transaction, offline too. The answers stay,
 * marked; the figures leave them out.
 */
export async function setAnswersAside(ref: DatabaseRef, target: AnswersOf, setAside: boolean, now = () => new Date()): Promise<number> {
  return write(ref, ['feedback', 'outbox', 'meta'], async (tx) => {
    const at = now();
    await appendOp(tx, 'feedback.aside', { kind: target.kind, id: target.id, setAside }, at.getTime());
    const store = tx.objectStore('feedback');
    const rows = await store.getAll();
    let marked = 0;
    for (const row of rows) {
      if ((target.kind === 'device' ? row.deviceId : row.posterId) !== target.id || Boolean(row.setAside) === setAside) continue;
      await store.put({ ...row, setAside });
      marked += 1;
    }
    return marked;
  });
}
