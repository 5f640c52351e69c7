import { beforeEach, describe, expect, it } from 'vitest';
import { eraseParticipant } from '../../../src/db/editable.ts';
import { write } from '../../../src/db/database.ts';
import { recordAccess, replayOpWith } from '../../../src/db/local-apply.ts';
import { importParticipants, PENDING_BADGE, type RegistrationFields } from '../../../src/db/participants.ts';
import type { DeviceDatabase } from '../../support/device-database.ts';
import { enrolledDatabase } from './test-db.ts';

const person = (name: string, email: string | null = null) => ({ name, organisation: 'Mairie', profile: 'other' as const, email, consent: true });

/** Registers new people as a CSV import does; their ids, in the order given (their ops' order). */
async function registerParticipants(db: DeviceDatabase, people: RegistrationFields[]): Promise<string[]> {
  const before = (await db.outbox.toArray()).length;
  await importParticipants(db, { add: people, update: [] });
  return (await db.outbox.toArray()).slice(before).map((op) => (op.payload as { id: string }).id);
}

describe('registering participants (CSV import) on the device', () => {
  let db: DeviceDatabase;
  beforeEach(async () => {
    db = await enrolledDatabase({ role: 'organizer' });
  });

  it('writes every participant and its op, with no badge code yet (the server signs one)', async () => {
    const ids = await registerParticipants(db, [person('Hélène Chély'), person('Jean Dupont', 'jean@example.org')]);
    expect(await db.participants.count()).toBe(2);
    expect(await db.participants.get(ids[0]!)).toMatchObject({ name: 'Hélène Chély', eventId: 'event-1', origin: 'import', badgeCode: PENDING_BADGE });
    const ops = await db.outbox.toArray();
    expect(ops.map((op) => op.type)).toEqual(['participant.set', 'participant.set']);
    expect(ops[1]!.payload).toEqual({ id: ids[1], fields: { ...person('Jean Dupont', 'jean@example.org'), origin: 'import' } });
    expect(JSON.stringify(ops)).not.toContain('badgeCode');
  });

  it('is all or nothing: one invalid row leaves neither participants nor ops', async () => {
    await expect(registerParticipants(db, [person('Alice'), person('Bob', 'not an address')])).rejects.toThrow();
    expect(await db.participants.count()).toBe(0);
    expect(await db.outbox.toArray()).toEqual([]);
  });

  it('keeps an erased participant erased when a still-pending edit is replayed over it', async () => {
    const [id] = await registerParticipants(db, [person('Jean Dupont', 'jean@example.org')]);
    const [create] = await db.outbox.toArray();
    await eraseParticipant(db, id!);
    await write(db, ['participants'], (tx) => replayOpWith(recordAccess(tx), create!));
    expect(await db.participants.get(id!)).toMatchObject({ name: '', email: null, erased: true });
  });

  it('imports again without duplicates: new people added, people there updated in place (same id and badge), all or nothing', async () => {
    const [helene] = await registerParticipants(db, [person('Hélène Chély', 'helene@example.org')]);
    await db.participants.update(helene!, { badgeCode: 'E1.signed-badge' });
    const before = (await db.outbox.toArray()).length;
    const result = await importParticipants(db, { add: [person('Zoé Nouvelle')], update: [{ id: helene!, fields: { organisation: 'Mairie de Mende – élus' } }] });
    expect(result).toEqual({ added: 1, updated: 1 });
    expect(await db.participants.count()).toBe(2);
    expect(await db.participants.get(helene!)).toMatchObject({ name: 'Hélène Chély', organisation: 'Mairie de Mende – élus', badgeCode: 'E1.signed-badge' });
    const ops = (await db.outbox.toArray()).slice(before);
    expect(ops.map((op) => op.type)).toEqual(['participant.set', 'participant.set']);
    expect(ops[1]!.payload).toEqual({ id: helene, fields: { organisation: 'Mairie de Mende – élus' } });

    await expect(importParticipants(db, { add: [person('Alice')], update: [{ id: helene!, fields: { email: 'not an address' } }] })).rejects.toThrow();
    expect(await db.participants.count()).toBe(2);
    expect((await db.outbox.toArray()).length).toBe(before + 2);
  });
});
