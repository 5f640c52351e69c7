import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { read, write } from '../../../src/db/database.ts';
import { addParticipant, allParticipants, getParticipant, participantsOf, putParticipants } from '../../../src/db/participant-store.ts';
import type { ParticipantRow } from '../../../src/db/schema.ts';
import { freshDatabase } from './test-db.ts';

/*
 * Participants are stored in blocks (src/db/blocks.ts, participant-store.ts); the rest of the app
 * sees rows. Whatever is written (pages of new rows, replacements, deletions, a walk-in added on its
 * own), every read must give what a plain table of rows would, by id and by event.
 */

const EVENTS = ['event-lozere', 'event-aveyron'] as const;

function person(n: number, overrides: Partial<ParticipantRow> = {}): ParticipantRow {
  return {
    id: `p-${String(n).padStart(4, '0')}`,
    eventId: EVENTS[n % EVENTS.length]!,
    name: `Personne ${n}`,
    organisation: 'Mairie de Florac',
    profile: 'association',
    email: null,
    badgeCode: `B${n}`,
    origin: 'import',
    consent: true,
    ...overrides,
  };
}

const byId = (a: ParticipantRow, b: ParticipantRow) => (a.id < b.id ? -1 : 1);

describe('participants stored in blocks', () => {
  it('reads what a table of rows would hold after any writes, by id and by event', async () => {
    type Step = { rows: { n: number; renamed: boolean; moved: boolean }[]; deleted: number[]; walkIn: number };
    const step: fc.Arbitrary<Step> = fc.record({
      rows: fc.array(fc.record({ n: fc.nat(260), renamed: fc.boolean(), moved: fc.boolean() }), { maxLength: 150 }),
      deleted: fc.array(fc.nat(260), { maxLength: 20 }),
      walkIn: fc.integer({ min: 1000, max: 1010 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 4 }), async (steps) => {
        const db = await freshDatabase();
        const model = new Map<string, ParticipantRow>();
        for (const { rows, deleted, walkIn } of steps) {
          // A renamed row is an edit; a moved one belongs to the other event (its block's event keys change).
          const written = rows.map(({ n, renamed, moved }) => person(n, { ...(renamed ? { name: `Renommée ${n}` } : {}), ...(moved ? { eventId: EVENTS[(n + 1) % EVENTS.length]! } : {}) }));
          const gone = deleted.map((n) => person(n).id).filter((id) => !written.some((row) => row.id === id));
          const before = new Map(model);
          const writes = await write(db, ['participants'], (tx) => putParticipants(tx, written, gone));
          for (const row of written) model.set(row.id, row);
          for (const id of gone) model.delete(id);
          for (const { before: was, after } of writes) expect(was).toEqual(before.get((after ?? was)!.id));
          // A walk-in: a block of its own, refused when the id is taken (nothing else written then).
          const added = person(walkIn, { origin: 'walk-in' });
          const refused = await write(db, ['participants'], (tx) => addParticipant(tx, added)).then(() => false, () => true);
          expect(refused).toBe(model.has(added.id));
          if (!refused) model.set(added.id, added);
        }
        const seen = await read(db, ['participants'], async (tx) => ({
          all: await allParticipants(tx),
          ofEvent: await Promise.all(EVENTS.map((eventId) => participantsOf(tx, eventId))),
          each: await Promise.all([...model.keys()].map((id) => getParticipant(tx, id))),
          missing: await getParticipant(tx, 'p-none'),
        }));
        expect(seen.all.sort(byId)).toEqual([...model.values()].sort(byId));
        expect(seen.ofEvent.map((rows) => rows.sort(byId))).toEqual(EVENTS.map((eventId) => [...model.values()].filter((row) => row.eventId === eventId).sort(byId)));
        expect(seen.each).toEqual([...model.values()]);
        expect(seen.missing).toBeUndefined();
        await db.delete();
      }),
      { numRuns: 40 },
    );
  });
});
