import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLOCK_ROWS } from '../../../src/db/blocks.ts';
import { allCheckins, checkinsAt, checkinsOf, getCheckin, latestCheckins, putCheckins } from '../../../src/db/checkin-store.ts';
import { read, write } from '../../../src/db/database.ts';
import type { CheckinRow } from '../../../src/db/schema.ts';
import { freshDatabase } from './test-db.ts';

/*
 * Check-ins are stored in blocks (src/db/checkin-store.ts); the rest of the app sees rows. Whatever
 * is written (pages of new rows, replacements of stored ones, deletions, rows new and stored mixed
 * in one call), every read must give what a plain table of rows would.
 */

const STAGES = ['stage-a', 'stage-b'] as const;
const PEOPLE = ['p-1', 'p-2', 'p-3'] as const;

function row(n: number, overrides: Partial<CheckinRow> = {}): CheckinRow {
  return {
    id: `c-${String(n).padStart(4, '0')}`,
    participantId: PEOPLE[n % PEOPLE.length]!,
    stageId: STAGES[n % STAGES.length]!,
    deviceId: 'phone-1',
    scannedAt: new Date(Date.UTC(2026, 10, 26, 13) + (n % 7) * 60_000).toISOString(),
    receivedAt: null,
    method: 'camera',
    voided: 0,
    voidedAt: null,
    ...overrides,
  };
}

/** The latest `count` rows at a stage as a plain table's index would give them, newest first. */
function latestOf(rows: Iterable<CheckinRow>, stageId: string, count: number): CheckinRow[] {
  return [...rows]
    .filter((checkin) => checkin.stageId === stageId)
    .sort((a, b) => (a.scannedAt < b.scannedAt ? 1 : a.scannedAt > b.scannedAt ? -1 : a.id < b.id ? 1 : -1))
    .slice(0, count);
}

const byId = (a: CheckinRow, b: CheckinRow) => (a.id < b.id ? -1 : 1);

describe('check-ins stored in blocks', () => {
  it('stores a page of new check-ins in blocks of BLOCK_ROWS and finds each one again', async () => {
    const db = await freshDatabase();
    const rows = Array.from({ length: BLOCK_ROWS * 2 + 5 }, (_, n) => row(n));
    const writes = await write(db, ['checkins'], (tx) => putCheckins(tx, rows));
    expect(writes).toEqual(rows.map((after) => ({ after })));
    const stored = await read(db, ['checkins'], async (tx) => ({
      blocks: await tx.objectStore('checkins').count(),
      all: await allCheckins(tx),
      one: await getCheckin(tx, rows[150]!.id),
      missing: await getCheckin(tx, 'c-none'),
      at: await checkinsAt(tx, 'stage-a', 'p-1'),
      of: await checkinsOf(tx, 'p-1', STAGES),
    }));
    expect(stored.blocks).toBe(3);
    expect(stored.all).toEqual(rows);
    expect(stored.one).toEqual(rows[150]);
    expect(stored.missing).toBeUndefined();
    expect(stored.at.sort(byId)).toEqual(rows.filter((r) => r.stageId === 'stage-a' && r.participantId === 'p-1'));
    expect(stored.of.sort(byId)).toEqual(rows.filter((r) => r.participantId === 'p-1'));
  });

  it('replaces stored check-ins in their blocks, adds the new ones of the same call, and says what each was before', async () => {
    const db = await freshDatabase();
    const first = Array.from({ length: 10 }, (_, n) => row(n));
    await write(db, ['checkins'], (tx) => putCheckins(tx, first));
    const voided = { ...first[3]!, voided: 1 as const, voidedAt: '2026-11-26T14:00:00.000Z' };
    const fresh = row(20);
    const writes = await write(db, ['checkins'], (tx) => putCheckins(tx, [fresh, voided], [first[5]!.id, 'c-never-stored']));
    expect(writes).toEqual(expect.arrayContaining([{ after: fresh }, { before: first[3], after: voided }, { before: first[5] }]));
    expect(writes).toHaveLength(3);
    const all = await read(db, ['checkins'], (tx) => allCheckins(tx));
    expect(all.sort(byId)).toEqual([...first.filter((_, n) => n !== 3 && n !== 5), voided, fresh].sort(byId));
    // The replaced row's block was rewritten, not duplicated: one block of the first ten, one of the new row.
    expect(await read(db, ['checkins'], (tx) => tx.objectStore('checkins').count())).toBe(2);
  });

  it('removes a block whose every check-in was deleted', async () => {
    const db = await freshDatabase();
    await write(db, ['checkins'], (tx) => putCheckins(tx, [row(1), row(2)]));
    await write(db, ['checkins'], (tx) => putCheckins(tx, [], ['c-0001', 'c-0002']));
    expect(await read(db, ['checkins'], (tx) => tx.objectStore('checkins').count())).toBe(0);
  });

  it('reads what a table of rows would hold after any writes, in pages, one by one, replaced or deleted', async () => {
    type Step = { rows: { n: number; voided: boolean; minute: number }[]; deleted: number[] };
    const step: fc.Arbitrary<Step> = fc.record({
      rows: fc.array(fc.record({ n: fc.nat(260), voided: fc.boolean(), minute: fc.nat(5) }), { maxLength: 150 }),
      deleted: fc.array(fc.nat(260), { maxLength: 20 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 4 }), fc.nat(12), async (steps, count) => {
        const db = await freshDatabase();
        const model = new Map<string, CheckinRow>();
        for (const { rows, deleted } of steps) {
          const written = rows.map(({ n, voided, minute }) =>
            row(n, { voided: voided ? 1 : 0, scannedAt: new Date(Date.UTC(2026, 10, 26, 13, minute)).toISOString() }),
          );
          const gone = deleted.map((n) => row(n).id).filter((id) => !written.some((r) => r.id === id));
          const before = new Map(model);
          const writes = await write(db, ['checkins'], (tx) => putCheckins(tx, written, gone));
          for (const checkin of written) model.set(checkin.id, checkin);
          for (const id of gone) model.delete(id);
          // Each write says what the row was before it: what the table held.
          for (const { before: was, after } of writes) expect(was).toEqual(before.get((after ?? was)!.id));
        }
        const seen = await read(db, ['checkins'], async (tx) => ({
          all: await allCheckins(tx),
          latest: await Promise.all(STAGES.map((stageId) => latestCheckins(tx, stageId, count))),
          at: await Promise.all(PEOPLE.map((person) => checkinsAt(tx, 'stage-b', person))),
          each: await Promise.all([...model.keys()].map((id) => getCheckin(tx, id))),
        }));
        expect(seen.all.sort(byId)).toEqual([...model.values()].sort(byId));
        expect(seen.latest).toEqual(STAGES.map((stageId) => latestOf(model.values(), stageId, count)));
        expect(seen.at.map((rows) => rows.sort(byId))).toEqual(PEOPLE.map((person) => [...model.values()].filter((r) => r.stageId === 'stage-b' && r.participantId === person).sort(byId)));
        expect(seen.each).toEqual([...model.values()]);
        await db.delete();
      }),
      { numRuns: 20 },
    );
  }, 120_000);
});
