import Dexie, { RangeSet, liveQuery } from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { onTablesChanged, type TablesChanged } from '../../../src/db/changes.ts';
import { recordCheckin } from '../../../src/db/checkins.ts';
import { InvalidWriteError } from '../../../src/db/errors.ts';
import { recordFeedback } from '../../../src/db/feedback.ts';
import { write } from '../../../src/db/database.ts';
import { readIdentity } from '../../../src/db/device.ts';
import { readKioskSettings, updateKioskSettings } from '../../../src/db/kiosk-settings.ts';
import { META, readMeta } from '../../../src/db/meta.ts';
import { pendingOps } from '../../../src/db/outbox.ts';
import { encodeHlc } from '../../../src/shared/hlc.ts';
import { enrolledDatabase } from './test-db.ts';

/*
 * The IndexedDB path (idb-store.ts) the kiosk and the sync engine use instead of Dexie: the same
 * database as schema.ts, atomic writes, and changes seen both ways between it and Dexie.
 */

const AT = new Date('2026-11-26T16:00:00.000Z');
const answer = (rating: number) => ({ stageId: 'stage-chanac', rating, answers: { profil: 'pro' }, comment: '' });

describe('the IndexedDB path of the device database', () => {
  it('writes a kiosk answer, its op, the next seq and the clock in one transaction, in seq and clock order', async () => {
    const db = await enrolledDatabase({ deviceId: 'kiosk-chanac', role: 'kiosk' });
    const first = await recordFeedback(db, answer(5), () => AT);
    const second = await recordFeedback(db, answer(3), () => AT); // same millisecond: the clock's counter moves

    expect(await db.feedback.toArray()).toEqual(expect.arrayContaining([first, second]));
    const ops = await pendingOps(db, 10);
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
    const [op] = await pendingOps(db, 1);
    await db.outbox.put({ ...op!, opId: crypto.randomUUID(), seq: 2 });
    await expect(recordFeedback(db, answer(2), () => new Date(AT.getTime() + 1000))).rejects.toThrow();

    expect(await db.feedback.count()).toBe(1);
    expect(await db.outbox.count()).toBe(2);
    expect(await readMeta(db, META.nextSeq('kiosk-chanac'))).toBe(2);
    expect(await readMeta(db, META.hlc)).toBe(op!.hlc);
  });

  it('wakes a Dexie live query with a write made through it, and tells its listeners of writes made through Dexie', async () => {
    const db = await enrolledDatabase({ deviceId: 'kiosk-chanac', role: 'kiosk' });
    const seen: number[] = [];
    const subscription = liveQuery(() => db.feedback.where('stageId').equals('stage-chanac').count()).subscribe((count) => seen.push(count));
    await vi.waitFor(() => expect(seen).toEqual([0]));
    await recordFeedback(db, answer(5), () => AT);
    await vi.waitFor(() => expect(seen.at(-1)).toBe(1));
    subscription.unsubscribe();

    const changes: TablesChanged[] = [];
    const stop = onTablesChanged((change) => changes.push(change));
    await recordCheckin(db, { participantId: 'p-1', stageId: 'stage-chanac', method: 'camera' });
    stop();
    expect(changes.find((change) => change.database === db.name && change.tables.includes('checkins'))).toBeDefined();
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

  it('tells its listeners that every table may have changed when Dexie says so (page back from the back/forward cache)', async () => {
    const db = await enrolledDatabase({ deviceId: 'kiosk-chanac', role: 'kiosk' });
    const changes: TablesChanged[] = [];
    const stop = onTablesChanged((change) => changes.push(change));
    Dexie.on('storagemutated').fire({ all: new RangeSet(-Infinity, [[]]) });
    stop();
    expect(changes.find((change) => change.database === db.name)?.tables).toEqual(expect.arrayContaining(['outbox', 'feedback', 'meta', 'stages']));
  });
});
