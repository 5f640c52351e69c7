import { describe, expect, it } from 'vitest';
import { recordFeedback, setAnswersAside } from '../../../src/db/feedback.ts';
import { InvalidWriteError } from '../../../src/db/errors.ts';

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
    const [op] = await db.outbox.toArray();
    expect(op).toMatchObject({ type: 'feedback.record', deviceId: 'kiosk-florac', payload: { id: row.id, rating: 5, comment: 'Merci' } });
  });

  it('refuses a rating outside 1–5 and stores nothing', async () => {
    const db = await enrolledDatabase({ deviceId: 'kiosk-florac', role: 'kiosk' });
    await expect(recordFeedback(db, { stageId: 'stage-florac', rating: 0, answers: {}, comment: '' })).rejects.toBeInstanceOf(InvalidWriteError);
    expect(await db.feedback.count()).toBe(0);
    expect(await db.outbox.toArray()).toEqual([]);
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

describe('setting answers aside on an organizer’s device', () => {
  it('marks the answers of one poster (or one phone) and queues the edit in the same commit, offline', async () => {
    const db = await enrolledDatabase({ deviceId: 'laptop', role: 'organizer' });
    const answer = (id: string, deviceId: string, posterId: string | null) =>
      ({ id, stageId: 's1', deviceId, posterId, rating: 1, answers: {}, comment: '', createdAt: '2026-11-23T17:00:00.000Z', receivedAt: '2026-11-23T17:00:01.000Z' });
    await db.feedback.bulkAdd([answer('a', 'phone-1', 'poster-1'), answer('b', 'phone-2', 'poster-1'), answer('c', 'kiosk', null)]);
    expect(await setAnswersAside(db, { kind: 'poster', id: 'poster-1' }, true)).toBe(2);
    expect((await db.feedback.toArray()).map((row) => [row.id, Boolean(row.setAside)])).toEqual([['a', true], ['b', true], ['c', false]]);
    expect(await db.outbox.toArray()).toMatchObject([{ type: 'feedback.aside', payload: { kind: 'poster', id: 'poster-1', setAside: true } }]);
    expect(await setAnswersAside(db, { kind: 'device', id: 'phone-2' }, false)).toBe(1);
    expect((await db.feedback.get('b'))?.setAside).toBe(false);
  });
});
