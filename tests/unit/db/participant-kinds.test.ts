import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf, splitList } from '../../../src/db/attendance.ts';
import { SCHEMA_VERSION, connection, read } from '../../../src/db/database.ts';
import { eraseParticipant, setFields } from '../../../src/db/editable.ts';
import { readParticipantKinds } from '../../../src/db/participant-kinds.ts';
import { importParticipants } from '../../../src/db/participants.ts';
import { eraseRevokedDevice } from '../../../src/db/revocation.ts';
import { VERSIONS, type ParticipantRow } from '../../../src/db/schema.ts';
import { registerWalkIn } from '../../../src/db/walk-ins.ts';
import { PROFILES } from '../../../src/shared/domain.ts';
import type { FigureParticipant } from '../../../src/shared/figures.ts';
import type { Change } from '../../../src/shared/protocol.ts';
import { applyChanges } from '../../../src/sync/apply-changes.ts';
import type { DeviceDatabase } from '../../support/device-database.ts';
import { enrolledDatabase } from './test-db.ts';

/*
 * What the figures need of each participant (src/db/participant-kinds.ts): the dashboard reads it
 * instead of every participant row, so it must say what the participant rows say after anything
 * that writes them.
 */

const ORIGINS = ['import', 'walk-in', 'online'] as const;
const EVENTS = ['event-1', 'event-2'] as const;

/** An event's participants as the figures see them, read from `participantKinds`, by id. */
async function kinds(db: DeviceDatabase, eventId: string): Promise<FigureParticipant[]> {
  const people = await read(db, ['participantKinds'], (tx) => readParticipantKinds(tx, eventId));
  return people.sort((a, b) => a.id.localeCompare(b.id));
}

/** The same from the participant rows themselves. */
async function fromRows(db: DeviceDatabase, eventId: string): Promise<FigureParticipant[]> {
  const rows = await db.participants.where('eventId').equals(eventId).toArray();
  return rows
    .map(({ id, profile, origin, erased }): FigureParticipant => (erased ? { id, profile, origin, erased } : { id, profile, origin }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

type Action =
  | { kind: 'import'; add: number; update: number; profile: number }
  | { kind: 'edit'; pick: number; fresh: boolean; bare: boolean; profile: number }
  | { kind: 'erase'; pick: number }
  | { kind: 'walk-in'; profile: number }
  | { kind: 'pull'; changes: { pick: number; fresh: boolean; event: number; profile: number; origin: number; erased: boolean; deleted: boolean }[] };

const profile = fc.nat(PROFILES.length - 1);
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('import' as const), add: fc.nat(2), update: fc.nat(1_000), profile }),
  fc.record({ kind: fc.constant('edit' as const), pick: fc.nat(1_000), fresh: fc.boolean(), bare: fc.boolean(), profile }),
  fc.record({ kind: fc.constant('erase' as const), pick: fc.nat(1_000) }),
  fc.record({ kind: fc.constant('walk-in' as const), profile }),
  fc.record({
    kind: fc.constant('pull' as const),
    changes: fc.array(
      fc.record({ pick: fc.nat(1_000), fresh: fc.boolean(), event: fc.nat(EVENTS.length - 1), profile, origin: fc.nat(ORIGINS.length - 1), erased: fc.boolean(), deleted: fc.boolean() }),
      { maxLength: 5 },
    ),
  }),
);

/** A participant as the server sends it in a pull. */
function serverParticipant(id: string, seq: number, change: { event: number; profile: number; origin: number; erased: boolean }): Change {
  const data: ParticipantRow & { erased: boolean } = {
    id,
    eventId: EVENTS[change.event]!,
    name: change.erased ? '' : `Personne ${seq}`,
    organisation: '',
    profile: PROFILES[change.profile]!,
    email: null,
    badgeCode: `code-${id}`,
    origin: ORIGINS[change.origin]!,
    consent: !change.erased,
    erased: change.erased,
  };
  return { seq, entity: 'participant', id, deleted: false, data: data as unknown as Change['data'] };
}

async function run(db: DeviceDatabase, actions: readonly Action[]): Promise<void> {
  let seq = 0;
  for (const step of actions) {
    const ids = (await db.participants.toArray()).map((row) => row.id).sort();
    const pick = (n: number) => (ids.length > 0 ? ids[n % ids.length] : undefined);
    if (step.kind === 'import') {
      const add = Array.from({ length: step.add }, (_, i) => ({ name: `Importée ${i}`, organisation: '', profile: PROFILES[step.profile]!, email: null, consent: true }));
      const existing = pick(step.update);
      const row = existing ? await db.participants.get(existing) : undefined;
      // Only this device's event is imported into (an erased person is not updated: the import leaves them out).
      const update = row && row.eventId === 'event-1' && !row.erased ? [{ id: row.id, fields: { profile: PROFILES[(step.profile + 1) % PROFILES.length]! } }] : [];
      await importParticipants(db, { add, update });
    }
    if (step.kind === 'edit') {
      const id = step.fresh ? crypto.randomUUID() : pick(step.pick);
      // A new person with every field, or with a name only (a row without profile or origin).
      const created = step.bare ? { name: 'Nouvelle' } : { name: 'Nouvelle', organisation: '', profile: PROFILES[step.profile]!, origin: 'online' as const, consent: true, email: null };
      if (id) await setFields(db, 'participant', id, step.fresh ? created : { profile: PROFILES[step.profile]! });
    }
    if (step.kind === 'erase') {
      const id = pick(step.pick);
      if (id) await eraseParticipant(db, id);
    }
    if (step.kind === 'walk-in') await registerWalkIn(db, { name: 'Nouvelle venue', organisation: '', profile: PROFILES[step.profile]!, consent: true }, 'stage-florac');
    if (step.kind === 'pull') {
      const changes = step.changes.map((change): Change => {
        seq += 1;
        const existing = change.fresh ? undefined : pick(change.pick);
        if (existing && change.deleted) return { seq, entity: 'participant', id: existing, deleted: true, data: null };
        return serverParticipant(existing ?? `server-${seq}`, seq, change);
      });
      await applyChanges(db, { changes, nextCursor: seq });
    }
  }
}

describe('what the figures need of each participant, kept with the participants', () => {
  it('says what the participant rows say after any sequence of imports, edits, erasures, walk-ins and pulls', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 12 }), async (actions) => {
        const db = await enrolledDatabase({ role: 'organizer' });
        try {
          await run(db, actions);
          for (const eventId of EVENTS) expect(await kinds(db, eventId)).toEqual(await fromRows(db, eventId));
          for (const row of await db.participantKinds.toArray()) {
            for (const { ids, kinds } of Object.values(row.lists)) {
              expect(splitList(kinds)).toHaveLength(splitList(ids).length);
              for (const id of splitList(ids)) expect(bucketOf(id)).toBe(row.bucket);
            }
          }
        } finally {
          await db.delete();
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000); // 60 databases: a busy machine takes more than the default 5 s

  it('is emptied with the participants when the device is revoked', async () => {
    const db = await enrolledDatabase({ role: 'organizer' });
    try {
      await registerWalkIn(db, { name: 'Nouvelle venue', organisation: '', profile: 'other', consent: true }, 'stage-florac');
      expect(await kinds(db, 'event-1')).toHaveLength(1);
      await eraseRevokedDevice(db, new Date('2026-11-26T12:00:00.000Z').toISOString());
      expect(await db.participants.count()).toBe(0);
      expect(await db.participantKinds.count()).toBe(0);
    } finally {
      await db.delete();
    }
  });

  it('is filled from the participants a device already holds when its database is upgraded from an earlier version', async () => {
    const name = `test-${crypto.randomUUID()}`;
    const before = Math.max(...VERSIONS.map((step) => step.version).filter((version) => version < 70));
    const participants: (ParticipantRow & { erased?: boolean })[] = [
      { id: 'p-1', eventId: 'event-1', name: 'Hélène', organisation: '', profile: 'freelancer', email: null, badgeCode: 'code-1', origin: 'import', consent: true },
      { id: 'p-2', eventId: 'event-1', name: '', organisation: '', profile: 'other', email: null, badgeCode: 'code-2', origin: 'walk-in', consent: false, erased: true },
      { id: 'p-3', eventId: 'event-2', name: 'Jérôme', organisation: '', profile: 'pupil', email: null, badgeCode: 'code-3', origin: 'online', consent: true },
    ];
    // A database as the builds of the version before left it, holding three participants.
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(name, before);
      request.onupgradeneeded = () => {
        for (const step of VERSIONS) if (step.version <= before) step.upgrade(request.result, request.transaction!);
      };
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const db = request.result;
        const tx = db.transaction('participants', 'readwrite');
        for (const row of participants) tx.objectStore('participants').put(row);
        tx.oncomplete = () => {
          db.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
    });
    expect((await connection({ name })).version).toBe(SCHEMA_VERSION);
    const ref = { name };
    expect(await read(ref, ['participantKinds'], (tx) => readParticipantKinds(tx, 'event-1'))).toEqual(
      expect.arrayContaining([
        { id: 'p-1', profile: 'freelancer', origin: 'import' },
        { id: 'p-2', profile: 'other', origin: 'walk-in', erased: true },
      ]),
    );
    expect(await read(ref, ['participantKinds'], (tx) => readParticipantKinds(tx, 'event-1'))).toHaveLength(2);
    expect(await read(ref, ['participantKinds'], (tx) => readParticipantKinds(tx, 'event-2'))).toEqual([{ id: 'p-3', profile: 'pupil', origin: 'online' }]);
  });
});
