import type { Profile } from '../shared/domain.ts';
import type { DeviceIdentity } from './device.ts';
import { mergeFields } from './local-apply.ts';
import { NotEnrolledError } from './errors.ts';
import { META, readMeta } from './meta.ts';
import { appendOp, outboxTables } from './outbox.ts';
import { withDatabase } from './reliable.ts';
import type { EtapeDatabase, ParticipantRow } from './dexie.ts';

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

/**
 * Registers participants (a CSV import) all or nothing: every row and its `participant.set` op
 * in ONE transaction, so a failure leaves neither a half-imported list nor ops for rows that
 * are not there. No badge code is sent: the server signs one for each as it applies the op, and
 * it reaches this device at the next pull; until then the row holds PENDING_BADGE.
 */
export async function registerParticipants(db: EtapeDatabase, people: readonly RegistrationFields[], now = () => new Date()): Promise<string[]> {
  return withDatabase(db, () =>
    db.transaction('rw', [db.participants, ...outboxTables(db)], async () => {
      const device = (await readMeta(db, META.device)) as DeviceIdentity | undefined;
      if (!device) throw new NotEnrolledError();
      const ids: string[] = [];
      const at = () => now().getTime();
      for (const person of people) {
        const id = crypto.randomUUID();
        const fields = { ...person, origin: 'import' as const };
        const row: ParticipantRow = { id, eventId: device.eventId, badgeCode: PENDING_BADGE, ...fields };
        await db.participants.add(row);
        await appendOp(db, 'participant.set', { id, fields }, { now: at });
        ids.push(id);
      }
      return ids;
    }),
  );
}

/**
 * A re-import: new people registered and people already there updated (only the fields given),
 * all or nothing in ONE transaction. An update is a `participant.set` of the changed fields: the
 * person keeps their id and badge.
 */
export async function importParticipants(
  db: EtapeDatabase,
  { add, update }: { add: readonly RegistrationFields[]; update: readonly { id: string; fields: Partial<RegistrationFields> }[] },
  now = () => new Date(),
): Promise<{ added: number; updated: number }> {
  return withDatabase(db, () =>
    db.transaction('rw', [db.participants, ...outboxTables(db)], async () => {
      await registerParticipants(db, add, now);
      for (const { id, fields } of update) {
        if (Object.keys(fields).length === 0) continue;
        await mergeFields(db, 'participant', id, fields);
        await appendOp(db, 'participant.set', { id, fields }, { now: () => now().getTime() });
      }
      return { added: add.length, updated: update.length };
    }),
  );
}
