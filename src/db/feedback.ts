import type { DeviceIdentity } from './device.ts';
import { NotEnrolledError } from './errors.ts';
import { META, readMeta } from './meta.ts';
import { appendOp, outboxTables } from './outbox.ts';
import { withDatabase } from './reliable.ts';
import type { EtapeDatabase, FeedbackRow } from './schema.ts';

/** What a kiosk or a participant's phone records: a rating, answers, a comment; anonymous. */
export interface NewFeedback {
  stageId: string;
  rating: number;
  answers: Record<string, string | string[]>;
  comment: string;
}

/** Records one feedback and its op in ONE transaction; resolves once committed. */
export async function recordFeedback(db: EtapeDatabase, feedback: NewFeedback, now = () => new Date()): Promise<FeedbackRow> {
  return withDatabase(db, () =>
    db.transaction('rw', [db.feedback, ...outboxTables(db)], async () => {
      const device = (await readMeta(db, META.device)) as DeviceIdentity | undefined;
      if (!device) throw new NotEnrolledError();
      const at = now();
      const payload = { id: crypto.randomUUID(), ...feedback, createdAt: at.toISOString() };
      await appendOp(db, 'feedback.record', payload, { now: () => at.getTime() });
      const row: FeedbackRow = { ...payload, deviceId: device.deviceId, receivedAt: null };
      await db.feedback.add(row);
      return row;
    }),
  );
}
