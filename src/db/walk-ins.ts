import { walkInBadge } from '../shared/badge.ts';
import type { Profile } from '../shared/domain.ts';
import { CHECKIN_TABLES, writeCheckin } from './checkins.ts';
import { getMeta, write, type DatabaseRef } from './database.ts';
import { isIdentity } from './device.ts';
import { InvalidWriteError, NotEnrolledError } from './errors.ts';
import { META } from './meta.ts';
import { OUTBOX_TABLES, appendOp } from './outbox.ts';
import { PARTICIPANT_TABLES, noteParticipants } from './participant-kinds.ts';
import { addParticipant } from './participant-store.ts';
import type { CheckinRow, ParticipantRow } from './schema.ts';

/** What an animator types for someone who arrives without being registered. */
export interface NewWalkIn {
  name: string;
  organisation: string;
  profile: Profile;
  consent: boolean;
}

/**
 * Registers a walk-in on the spot and checks them in, offline, in ONE transaction: the
 * participant row with its `participant.set` op (origin 'walk-in', a device-made W1 badge) and
 * the check-in with its `checkin.record` op (method 'walk-in'). Both commit or neither does, so
 * the screen never shows a badge for someone the device did not keep.
 */
export async function registerWalkIn(
  ref: DatabaseRef,
  walkIn: NewWalkIn,
  stageId: string,
  now = () => new Date(),
): Promise<{ participant: ParticipantRow; checkin: CheckinRow }> {
  const name = walkIn.name.trim();
  if (!name) throw new InvalidWriteError('A walk-in needs a name');
  return write(ref, [...PARTICIPANT_TABLES, ...CHECKIN_TABLES, ...OUTBOX_TABLES], async (tx) => {
    const device = await getMeta(tx, META.device);
    if (!isIdentity(device)) throw new NotEnrolledError();
    const at = now();
    const id = crypto.randomUUID();
    const fields = {
      name,
      organisation: walkIn.organisation.trim(),
      profile: walkIn.profile,
      email: null,
      badgeCode: walkInBadge(device.eventId, id),
      origin: 'walk-in' as const,
      consent: walkIn.consent,
    };
    const participant: ParticipantRow = { id, eventId: device.eventId, ...fields };
    await addParticipant(tx, participant);
    await noteParticipants(tx, [{ id, after: participant }]);
    await appendOp(tx, 'participant.set', { id, fields }, at.getTime());
    const checkin = await writeCheckin(tx, { participantId: id, stageId, method: 'walk-in' }, at);
    return { participant, checkin };
  });
}
