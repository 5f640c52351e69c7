import { describe, expect, it, vi } from 'vitest';
import { onTablesChanged } from '../../../src/db/table-changes.ts';
import { recordCheckin } from '../../../src/db/checkins.ts';
import { InvalidWriteError } from '../../../src/db/errors.ts';
import { recordFeedback } from '../../../src/db/feedback.ts';
import { write } from '../../../src/db/database.ts';
import { readIdentity } from '../../../src/db/device.ts';
import { readKioskSettings, updateKioskSettings } from '../../../src/db/kiosk-settings.ts';
import { META } from '../../../src/db/meta.ts';
import { readMeta } from '../../support/device-database.ts';

import { encodeHlc } from '../../../src/shared/hlc.ts';
import { enrolledDatabase } from './test-db.ts';

/*
 * Transactions of the device database (database.ts): atomic writes, never rerun, the change
 * signal after a commit (table-changes.ts), and a first read that does not create the database.
 */

const AT = new Date('2026-11-26T16:00:00.000Z');
const answer = (rating: number) => ({ stageId: 'stage-chanac', rating, answers: { profil: 'pro' }, comment: '' });

describe('transactions of the device database', () => {
  it('writes a kiosk answer, its op, the next seq and the clock in one transaction, in seq and clock order', async () => {
    const db = await enrolledDatabase({ deviceId: 'kiosk-chanac', role: 'kiosk' });
    const first = await recordFeedback(db, answer(5), () => AT);
    const second = await recordFeedback(db, answer(3), () => AT); // same millisecond: the clock's counter moves

    expect(await db.feedback.toArray()).toEqual(expect.arrayContaining([first, second]));
    const ops = await db.outbox.toArray();
    expect(ops.map((op) => [op.seq, op.type, (op.payload as { id: string }).id])).toEqual([
      [1, 'feedback.record', first.id],
      [2, 'feedback.record', second.id],
    ]);
    expect(ops.map((op) => op.hlc)).toEqual([
      encodeHlc({ wallMs: AT.getTime(), counter: 0, node: 'kiosk-chanac' }),
      encodeHlc({ wallMs: AT.getTime(), counter: 1, node: 'kiosk-chanac' }),
    ]);
    expect(await readMeta(db, META.nextSeq('kiosk-chanac'))).toBe(3);
    expect(await readMeta(db, META.hlc)).toBe(ops[1]!.hlc);
  });

  it('stores nothing of an answer whose op cannot be queued: no row, no op, seq and clock unmoved', async () => {
    const db = await enrolledDatabase({ deviceId: 'kiosk-chanac', role: 'kiosk' });
    await recordFeedback(db, answer(4), () => AT);
    await expect(recordFeedback(db, answer(9), () => AT)).rejects.toBeInstanceOf(InvalidWriteError);
    // An outbox key already taken: the op's add fails after the meta writes, and they are undone too.
    const [op] = await db.outbox.toArray();
    await db.outbox.put({ ...op!, opId: crypto.randomUUID(), seq: 2 });
    await expect(recordFeedback(db, answer(2), () => new Date(AT.getTime() + 1000))).rejects.toThrow();

    expect(await db.feedback.count()).toBe(1);
    expect(await db.outbox.count()).toBe(2);
    expect(await readMeta(db, META.nextSeq('kiosk-chanac'))).toBe(2);
    expect(await readMeta(db, META.hlc)).toBe(op!.hlc);
  });

  it('announces the tables of a committed write to the listeners of its database, and nothing of a failed one', async () => {
    const db = await enrolledDatabase({ deviceId: 'kiosk-chanac', role: 'kiosk' });
    const seen: (readonly string[])[] = [];
    const stop = onTablesChanged(db.name, (tables) => seen.push(tables));
    const elsewhere: (readonly string[])[] = [];
    const stopElsewhere = onTablesChanged('another-database', (tables) => elsewhere.push(tables));
    await recordCheckin(db, { participantId: 'p-1', stageId: 'stage-chanac', method: 'camera' });
    await expect(recordFeedback(db, answer(9), () => AT)).rejects.toBeInstanceOf(InvalidWriteError);
    stop();
    stopElsewhere();
    expect(seen).toEqual([['checkins', 'attendance', 'attendanceLog', 'stageCounts', 'meta', 'outbox']]);
    expect(elsewhere).toEqual([]);
  });

  it('reads a device that never stored anything without creating its database, and creates it on the first write', async () => {
    const name = `test-${crypto.randomUUID()}`;
    const exists = () => indexedDB.databases().then((list) => list.some((entry) => entry.name === name));
    expect(await readIdentity({ name })).toBeUndefined();
    expect(await readKioskSettings({ name })).toMatchObject({ pin: null });
    expect(await exists()).toBe(false);
    await updateKioskSettings({ name }, { stageId: 'stage-chanac' });
    expect(await exists()).toBe(true);
    expect(await readKioskSettings({ name })).toMatchObject({ stageId: 'stage-chanac' });
  });

  it('never runs a write twice: work that awaits something else than IndexedDB fails once, in words', async () => {
    const db = await enrolledDatabase({ deviceId: 'kiosk-chanac', role: 'kiosk' });
    let runs = 0;
    const work = write(db, ['meta'], async (tx) => {
      runs += 1;
      await tx.objectStore('meta').put({ key: 'probe', value: runs });
      await new Promise((resolve) => setTimeout(resolve, 10)); // the transaction commits meanwhile
      await tx.objectStore('meta').put({ key: 'probe-2', value: runs });
    });
    await expect(work).rejects.toThrow();
    expect(runs).toBe(1);
    expect(await readMeta(db, 'probe-2')).toBeUndefined();
  });

  it('tells its listeners that every table may have changed when the page comes back from the back/forward cache', async () => {
    // Node has no window: a fresh copy of the signal module, on a page stood in by an EventTarget.
    const page = new EventTarget();
    vi.stubGlobal('addEventListener', page.addEventListener.bind(page));
    vi.resetModules();
    const fresh = await import('../../../src/db/table-changes.ts');
    const seen: (readonly string[])[] = [];
    const stop = fresh.onTablesChanged('etape-bfcache', (tables) => seen.push(tables));
    vi.unstubAllGlobals();
    page.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    page.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: false })); // a plain load: nothing missed
    stop();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual(expect.arrayContaining(['outbox', 'feedback', 'meta', 'stages', 'checkins']));
  });
});
