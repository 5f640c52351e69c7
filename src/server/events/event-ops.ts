import type { Transaction } from 'kysely';
import { decodeHlc } from '../../shared/hlc.ts';
import type { OpPayload, OpType, RejectionCode } from '../../shared/protocol.ts';
import type { Tables } from '../database/tables.ts';
import type { OpAuthor, OpOutcome } from '../sync/apply-op.ts';
import { snapshot } from '../sync/change-log.ts';
import { mergeFields } from '../sync/editable.ts';
import { EventInputError, checkTimeZone } from './event-input.ts';

/**
 * The op rules of an event as a whole (issue 12): `event.set` (the Événement page, last writer
 * wins per field) and the refusal of changes to an archived event. Called from apply-op.ts.
 */

const reject = (code: RejectionCode, message: string): OpOutcome => ({ status: 'rejected', code, message });

interface Closing {
  archivedAt: string | null;
  purgedAt: string | null;
}

/** Archive and purge times of each event read in this transaction (a push of 1,000 ops asks once). */
const closings = new WeakMap<object, Map<string, Closing>>();

async function closing(trx: Transaction<Tables>, eventId: string): Promise<Closing> {
  let known = closings.get(trx);
  if (!known) closings.set(trx, (known = new Map()));
  if (!known.has(eventId)) {
    const row = await trx.selectFrom('events').select(['archivedAt', 'purgedAt']).where('id', '=', eventId).executeTakeFirst();
    known.set(eventId, { archivedAt: row?.archivedAt ?? null, purgedAt: row?.purgedAt ?? null });
  }
  return known.get(eventId)!;
}

/** When the device says the thing happened: the scan, the undo, the answer, or else the op's clock. */
function madeAt(type: OpType, payload: unknown, hlc: string): string | undefined {
  const p = payload as Partial<{ scannedAt: string; voidedAt: string; createdAt: string }>;
  if (type === 'checkin.record') return p.scannedAt;
  if (type === 'checkin.void') return p.voidedAt;
  if (type === 'feedback.record') return p.createdAt;
  const clock = decodeHlc(hlc);
  return clock ? new Date(clock.wallMs).toISOString() : undefined;
}

/**
 * An archived event is read-only: an op is refused (`event-archived`) unless it is a check-in,
 * its undo, an answer, or the registration of a walk-in made before the archive time (devices that
 * were offline still bring in the last day), or the erasure of a participant's personal data
 * (always allowed: it only removes). Once its personal data was erased (retention.ts), no
 * participant can be changed or added.
 */
export async function archivedRefusal(
  trx: Transaction<Tables>,
  author: OpAuthor,
  type: OpType,
  payload: unknown,
  hlc: string,
): Promise<OpOutcome | undefined> {
  const { archivedAt: archived, purgedAt } = await closing(trx, author.eventId);
  if (purgedAt && type === 'participant.set') {
    return reject('event-archived', `The personal data of this event was erased on ${purgedAt.slice(0, 10)}: participants can no longer be changed.`);
  }
  if (!archived || type === 'participant.erase') return undefined;
  const late = ['checkin.record', 'checkin.void', 'feedback.record'].includes(type) ||
    (type === 'participant.set' && (payload as OpPayload<'participant.set'>).fields.origin === 'walk-in');
  const at = madeAt(type, payload, hlc);
  if (late && at !== undefined && at < archived) return undefined;
  return reject('event-archived', `This event was archived on ${archived.slice(0, 10)}: it is read-only, this change was not saved.`);
}

/** event.set: the event's own fields, last writer wins per field; the dates must stay in order. */
export async function applyEventSet(
  trx: Transaction<Tables>,
  author: OpAuthor,
  p: OpPayload<'event.set'>,
  hlc: string,
  now: string,
): Promise<OpOutcome> {
  if (p.id !== author.eventId) return reject('foreign-event', 'A device can only edit its own event.');
  if (p.fields.timeZone !== undefined) {
    try {
      checkTimeZone(p.fields.timeZone);
    } catch (error) {
      if (error instanceof EventInputError) return reject('invalid-op', error.message);
      throw error;
    }
  }
  const row = await trx.selectFrom('events').select(['startsOn', 'endsOn']).where('id', '=', p.id).executeTakeFirstOrThrow();
  const startsOn = p.fields.startsOn ?? row.startsOn;
  const endsOn = p.fields.endsOn ?? row.endsOn;
  if (endsOn < startsOn) return reject('invalid-op', `The event would end (${endsOn}) before it starts (${startsOn}).`);
  await mergeFields(trx, 'event', p.id, p.fields, hlc, {});
  await snapshot(trx, 'event', p.id, now);
  return { status: 'applied' };
}
