import { describe, expect, it } from 'vitest';
import { recordFeedback } from '../../../src/db/feedback.ts';
import { InvalidWriteError } from '../../../src/db/errors.ts';
import { pendingOps } from '../../../src/db/outbox.ts';
import { enrolledDatabase } from './test-db.ts';

describe('feedback on the device', () => {
  it('stores the answer and queues its op in the same commit', async () => {
    const db = await enrolledDatabase({ deviceId: 'kiosk-florac', role: 'kiosk' });
    const row = await recordFeedback(
      db,
      { stageId: 'stage-florac', rating: 5, answers: { useful: 'oui', topics: ['tiers-lieux'] }, comment: 'Merci' },
      () => new Date('2026-11-26T16:00:00.000Z'),
    );
    expect(await db.feedback.where('stageId').equals('stage-florac').toArray()).toEqual([row]);
    expect(row).toMatchObject({ deviceId: 'kiosk-florac', createdAt: '2026-11-26T16:00:00.000Z' });
    const [op] = await pendingOps(db, 10);
    expect(op).toMatchObject({ type: 'feedback.record', deviceId: 'kiosk-florac', payload: { id: row.id, rating: 5, comment: 'Merci' } });
  });

  it('refuses a rating outside 1–5 and stores nothing', async () => {
    const db = await enrolledDatabase({ deviceId: 'kiosk-florac', role: 'kiosk' });
    await expect(recordFeedback(db, { stageId: 'stage-florac', rating: 0, answers: {}, comment: '' })).rejects.toBeInstanceOf(InvalidWriteError);
    expect(await db.feedback.count()).toBe(0);
    expect(await pendingOps(db, 10)).toEqual([]);
  });
});

describe('feedback refused in words', () => {
  it('says why a rating out of range or a comment over the limit is refused', async () => {
    const db = await enrolledDatabase({ deviceId: 'kiosk-florac', role: 'kiosk' });
    await expect(recordFeedback(db, { stageId: 's', rating: 6, answers: {}, comment: '' })).rejects.toThrow('the rating must be from 1 to 5');
    await expect(recordFeedback(db, { stageId: 's', rating: 3, answers: {}, comment: 'x'.repeat(2001) })).rejects.toThrow('longer than 2000 characters');
    expect(await db.feedback.count()).toBe(0);
  });
});
