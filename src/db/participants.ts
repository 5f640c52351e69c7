import type { Profile } from '../shared/domain.ts';
import { getMeta, write, type DatabaseRef, type WriteTx } from './database.ts';
import { isIdentity } from './device.ts';
import { NotEnrolledError } from './errors.ts';
import { mergeFieldsWith, recordAccess } from './local-apply.ts';
import { META } from './meta.ts';
import { OUTBOX_TABLES, appendOp } from './outbox.ts';
import { PARTICIPANT_TABLES, storeParticipants } from './participant-kinds.ts';
import type { ParticipantRow } from './schema.ts';

/** The fields an organizer gives a registered participant (the badge code comes from the server). */
export interface RegistrationFields {
  name: string;
  organisation: string;
  profile: Profile;
  email: string | null;
  consent: boolean;
}

/** A participant whose badge code has not come back from the server yet. */
export const PENDING_BADGE = '';

/** Adds the participants and their `participant.set` ops, inside a transaction over PARTICIPANT_TABLES and OUTBOX_TABLES. */
async function addParticipants(tx: WriteTx, people: readonly RegistrationFields[], now: () => Date): Promise<string[]> {
  const device = await getMeta(tx, META.device);
  if (!isIdentity(device)) throw new NotEnrolledError();
  const added: ParticipantRow[] = [];
  for (const person of people) {
    const id = crypto.randomUUID();
    const fields = { ...person, origin: 'import' as const };
    const row: ParticipantRow = { id, eventId: device.eventId, badgeCode: PENDING_BADGE, ...fields };
    await appendOp(tx, 'participant.set', { id, fields }, now().getTime());
    added.push(row);
  }
  // In blocks of 100 (participant-store.ts), noted for the figures: new ids, so nothing is read first.
  await storeParticipants(tx, added);
  return added.map((row) => row.id);
}

/**
 * A CSV import, all or nothing in ONE transaction: new people registered, each row with its
 * `participant.set` op, and people already there updated (only the fields given: the person keeps
 * their id and badge), so a failure leaves neither a half-imported list nor ops for rows that are
 * not there. No badge code is sent for a new person: the server signs one as it applies the op,
 * and it reaches this device at the next pull; until then the row holds PENDING_BADGE.
 */
export function importParticipants(
  ref: DatabaseRef,
  { add, update }: { add: readonly RegistrationFields[]; update: readonly { id: string; fields: Partial<RegistrationFields> }[] },
  now = () => new Date(),
): Promise<{ added: number; updated: number }> {
  return write(ref, [...PARTICIPANT_TABLES, ...OUTBOX_TABLES], async (tx) => {
    await addParticipants(tx, add, now);
    for (const { id, fields } of update) {
      if (Object.keys(fields).length === 0) continue;
      await mergeFieldsWith(recordAccess(tx), 'participant', id, fields);
      await appendOp(tx, 'participant.set', { id, fields }, now().getTime());
    }
    return { added: add.length, updated: update.length };
  });
}
