import { beforeEach, describe, expect, it } from 'vitest';
import { eraseParticipant } from '../../../src/db/editable.ts';
import { replayOp } from '../../../src/db/local-apply.ts';
import { pendingOps } from '../../../src/db/outbox.ts';
import { PENDING_BADGE, registerParticipants } from '../../../src/db/participants.ts';
import type { EtapeDatabase } from '../../../src/db/schema.ts';
import { enrolledDatabase } from './test-db.ts';

const person = (name: string, email: string | null = null) => ({ name, organisation: 'Mairie', profile: 'other' as const, email, consent: true });

describe('registering participants (CSV import) on the device', () => {
  let db: EtapeDatabase;
  beforeEach(async () => {
    db = await enrolledDatabase({ role: 'organizer' });
  });

  it('writes every participant and its op, with no badge code yet (the server signs one)', async () => {
    const ids = await registerParticipants(db, [person('Hélène Chély'), person('Jean Dupont', 'jean@example.org')]);
    expect(await db.participants.count()).toBe(2);
    expect(await db.participants.get(ids[0]!)).toMatchObject({ name: 'Hélène Chély', eventId: 'event-1', origin: 'import', badgeCode: PENDING_BADGE });
    const ops = await pendingOps(db, 10);
    expect(ops.map((op) => op.type)).toEqual(['participant.set', 'participant.set']);
    expect(ops[1]!.payload).toEqual({ id: ids[1], fields: { ...person('Jean Dupont', 'jean@example.org'), origin: 'import' } });
    expect(JSON.stringify(ops)).not.toContain('badgeCode');
  });

  it('is all or nothing: one invalid row leaves neither participants nor ops', async () => {
    await expect(registerParticipants(db, [person('Alice'), person('Bob', 'not an address')])).rejects.toThrow();
    expect(await db.participants.count()).toBe(0);
    expect(await pendingOps(db, 10)).toEqual([]);
  });

  it('keeps an erased participant erased when a still-pending edit is replayed over it', async () => {
    const [id] = await registerParticipants(db, [person('Jean Dupont', 'jean@example.org')]);
    const [create] = await pendingOps(db, 10);
    await eraseParticipant(db, id!);
    await db.transaction('rw', db.participants, () => replayOp(db, create!));
    expect(await db.participants.get(id!)).toMatchObject({ name: '', email: null, erased: true });
  });
});
