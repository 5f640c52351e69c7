import type { Transaction } from 'kysely';
import * as v from 'valibot';
import { decodeHlc } from '../../shared/hlc.ts';
import {
  APPEND_ONLY,
  OP_PAYLOADS,
  ROLE_OPS,
  SCHEMA_VERSION,
  type Op,
  type OpPayload,
  type OpType,
  type RejectionCode,
  type Role,
} from '../../shared/protocol.ts';
import type { Tables } from '../database/tables.ts';
import { ROWS_PER_STATEMENT, snapshot } from './change-log.ts';
import { noteEarlyVoid, takeCheckin } from './checkin-batch.ts';
import { mergeFields } from './editable.ts';
import { withOpRules } from './op-rules.ts';
import { answersSetAside, applySetAside } from './set-aside.ts';
import { badgeCodeForNew, fitsInBadge } from '../badges/assign.ts';
import { applyEventSet, archivedRefusal } from '../events/event-ops.ts';

/** The device an op comes from (its author, which may differ from the device forwarding it). */
export interface OpAuthor {
  id: string;
  eventId: string;
  role: Role;
  /** The device's name ("Téléphone Florac"), shown with its check-ins on the other devices. */
  name?: string;
  /** Set for a participant's phone enrolled through a stage poster: it writes feedback for that stage only. */
  poster?: { stageId: string; posterId: string };
  /** The stage a device was enrolled for, if any: a kiosk bound to a stage answers for that stage only. */
  stageId?: string | null;
}

/** Answers one phone enrolled through a poster may send (a participant answers once or twice; more is abuse). */
export const POSTER_DEVICE_MAX_FEEDBACK = 10;
/** Answers all the phones of one poster may send: a stage's audience, with room; a poster re-opened in a loop stops here. */
export const POSTER_MAX_FEEDBACK = 500;

export type OpOutcome = { status: 'applied' } | { status: 'rejected'; code: RejectionCode; message: string };

const MAX_CLOCK_LEAD_MS = 24 * 60 * 60 * 1000;
const applied: OpOutcome = { status: 'applied' };
const reject = (code: RejectionCode, message: string): OpOutcome => ({ status: 'rejected', code, message });

/**
 * The per-op check stage: version, type, role, payload, clock, then the type's rules and write
 * (HANDLERS: a rule is a check at the top of its handler, returning reject(...) before any write).
 * Every refusal is an outcome, not an exception, so that it is recorded and acknowledged; an
 * exception is a failure of ours and aborts the batch (503). Check-ins are written set-based: the
 * handler takes the row once its rules passed (checkin-batch.ts), so rules run per op as for the
 * others. push.ts runs payloadFault (depth, size, text) before this stage.
 */
export async function applyOp(trx: Transaction<Tables>, author: OpAuthor, op: Op, now: Date): Promise<OpOutcome> {
  if (op.schemaVersion > SCHEMA_VERSION) {
    return reject('schema-too-new', `This op was written by a newer version of Étape (${op.schemaVersion}); update the server.`);
  }
  if (!(op.type in OP_PAYLOADS)) return reject('unknown-type', `Unknown op type "${op.type}".`);
  const type = op.type as OpType;
  if (!ROLE_OPS[author.role].includes(type)) {
    return reject('forbidden', `A device with the ${author.role} role may not write ${type}.`);
  }
  const parsed = v.safeParse(OP_PAYLOADS[type], op.payload);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = issue.path?.map((item) => String(item.key)).join('.') ?? 'payload';
    return reject('invalid-op', `Invalid ${type}: ${where}: ${issue.message}`);
  }
  if (!APPEND_ONLY.includes(type)) {
    const clock = decodeHlc(op.hlc);
    if (!clock) return reject('invalid-op', `Invalid clock "${op.hlc}".`);
    if (clock.wallMs > now.getTime() + MAX_CLOCK_LEAD_MS) {
      return reject('clock-ahead', 'The device clock is more than 24 hours ahead of the server: set its date and time.');
    }
  }
  // Any op but a check-in may create the stages or participants read as absent before the batch.
  if (type !== 'checkin.record') known(trx).absent.clear();
  const at = now.toISOString();
  const payload = parsed.output as OpPayload<typeof type>;
  const closed = await archivedRefusal(trx, author, type, payload, op.hlc);
  if (closed) return closed;
  // Who may write what (stage binding, walk-ins, other events): src/server/sync/op-rules.ts.
  return withOpRules(trx, author, type, payload, (allowed) => HANDLERS[type](trx, author, allowed as never, op.hlc, at));
}

type Handler<T extends OpType> = (
  trx: Transaction<Tables>,
  author: OpAuthor,
  payload: OpPayload<T>,
  hlc: string,
  now: string,
) => Promise<OpOutcome>;

/*
 * Per-transaction memory of records already looked up (a batch scans the same stages and people
 * a thousand times): the event of each one that exists, and, read with the whole batch before its
 * first op, the ids that do not exist (`absent`). Ops other than check-ins may create stages or
 * participants, so `absent` is forgotten at the first of them; a failed batch rolls back whole.
 */
interface KnownRecords {
  events: Map<string, string>;
  absent: Set<string>;
}
const knownRecords = new WeakMap<object, KnownRecords>();

function known(trx: Transaction<Tables>): KnownRecords {
  let records = knownRecords.get(trx);
  if (!records) knownRecords.set(trx, (records = { events: new Map(), absent: new Set() }));
  return records;
}

async function rememberedEvent(trx: Transaction<Tables>, key: string, load: () => Promise<string | undefined>): Promise<string | undefined> {
  const records = known(trx);
  const hit = records.events.get(key);
  if (hit !== undefined || records.absent.has(key)) return hit;
  const eventId = await load();
  if (eventId !== undefined) records.events.set(key, eventId);
  return eventId;
}

/**
 * Reads, one statement per table, the stages and participants a batch's check-ins and answers
 * name, so that checking each op's rules asks the database nothing (call before the first op).
 */
export async function prepareRecords(trx: Transaction<Tables>, ids: { stages: readonly string[]; participants: readonly string[] }): Promise<void> {
  const records = known(trx);
  const tables = [
    ['stage', 'stages', ids.stages],
    ['participant', 'participants', ids.participants],
  ] as const;
  for (const [kind, table, list] of tables) {
    const unique = [...new Set(list)];
    for (let start = 0; start < unique.length; start += ROWS_PER_STATEMENT) {
      const chunk = unique.slice(start, start + ROWS_PER_STATEMENT);
      const rows = await trx.selectFrom(table).select(['id', 'eventId']).where('id', 'in', chunk).execute();
      const found = new Map(rows.map((row) => [row.id, row.eventId]));
      for (const id of chunk) {
        const eventId = found.get(id);
        if (eventId === undefined) records.absent.add(`${kind}:${id}`);
        else records.events.set(`${kind}:${id}`, eventId);
      }
    }
  }
}

async function stageInEvent(trx: Transaction<Tables>, stageId: string, eventId: string): Promise<boolean> {
  const found = await rememberedEvent(trx, `stage:${stageId}`, async () =>
    (await trx.selectFrom('stages').select('eventId').where('id', '=', stageId).executeTakeFirst())?.eventId,
  );
  return found === eventId;
}

async function participantEvent(trx: Transaction<Tables>, participantId: string): Promise<string | undefined> {
  return rememberedEvent(trx, `participant:${participantId}`, async () =>
    (await trx.selectFrom('participants').select('eventId').where('id', '=', participantId).executeTakeFirst())?.eventId,
  );
}

/*
 * Edits always append the record's merged state to the change log, even when the edit lost to a
 * later clock: the device that made it shows its own value until it pulls, and must then get the
 * server's. Append-only events are logged only when they are new.
 */
const HANDLERS: { [T in OpType]: Handler<T> } = {
  'checkin.record': async (trx, author, p, _hlc, now) => {
    if (!(await stageInEvent(trx, p.stageId, author.eventId))) return reject('unknown-stage', `No stage "${p.stageId}" in this event.`);
    // A participant not known yet is accepted (a walk-in registered on a device that has not synced).
    const personEvent = await participantEvent(trx, p.participantId);
    if (personEvent && personEvent !== author.eventId) return reject('foreign-event', 'This participant belongs to another event.');
    // Written with the batch's other check-ins (checkin-batch.ts); one already received (same id) is kept as it is.
    await takeCheckin(trx, { ...p, eventId: author.eventId, deviceId: author.id, receivedAt: now }, author.name);
    return applied;
  },
  'checkin.void': async (trx, author, p, _hlc, now) => {
    const row = await trx.selectFrom('checkins').select(['id', 'voided']).where('id', '=', p.id).where('eventId', '=', author.eventId).executeTakeFirst();
    if (!row) {
      // The check-in has not arrived yet (it may travel in another device's file): the undo waits for it.
      await trx.insertInto('earlyVoids').values({ id: p.id, eventId: author.eventId, voidedAt: p.voidedAt, receivedAt: now }).onConflict((oc) => oc.column('id').doNothing()).execute();
      noteEarlyVoid(trx, p.id, { eventId: author.eventId, voidedAt: p.voidedAt });
      return applied;
    }
    if (!row.voided) {
      await trx.updateTable('checkins').set({ voided: 1, voidedAt: p.voidedAt }).where('id', '=', p.id).execute();
      await snapshot(trx, 'checkin', p.id, now);
    }
    return applied;
  },
  'feedback.record': async (trx, author, p, _hlc, now) => {
    if (!(await stageInEvent(trx, p.stageId, author.eventId))) return reject('unknown-stage', `No stage "${p.stageId}" in this event.`);
    if (author.role === 'kiosk' && !author.poster && author.stageId && p.stageId !== author.stageId) {
      return reject('wrong-stage', 'This kiosk was enrolled for another stage.');
    }
    if (author.poster) {
      if (p.stageId !== author.poster.stageId) return reject('wrong-stage', 'This poster link can only leave feedback on its own stage.');
      const sent = await trx.selectFrom('feedback').select((eb) => eb.fn.countAll().as('n')).where('deviceId', '=', author.id).executeTakeFirst();
      if (Number(sent?.n ?? 0) >= POSTER_DEVICE_MAX_FEEDBACK) {
        return reject('too-many', `This phone has already sent ${POSTER_DEVICE_MAX_FEEDBACK} answers for this stage.`);
      }
      const byPoster = await trx
        .selectFrom('feedback')
        .innerJoin('devices', 'devices.id', 'feedback.deviceId')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('devices.posterId', '=', author.poster.posterId)
        .executeTakeFirst();
      if (Number(byPoster?.n ?? 0) >= POSTER_MAX_FEEDBACK) {
        return reject('too-many', `This poster has already collected ${POSTER_MAX_FEEDBACK} answers.`);
      }
    }
    p = { ...p, answers: await answersOfForm(trx, author.eventId, p.answers) };
    const inserted = await trx
      .insertInto('feedback')
      .values({
        ...p,
        answers: JSON.stringify(p.answers),
        eventId: author.eventId,
        deviceId: author.id,
        receivedAt: now,
        // Issue 15: the poster it came through, and set aside at once if its phone or poster is (sync/set-aside.ts).
        posterId: author.poster?.posterId ?? null,
        setAside: (await answersSetAside(trx, author)) ? 1 : 0,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) await snapshot(trx, 'feedback', p.id, now);
    return applied;
  },
  'stage.set': async (trx, author, p, hlc, now) => {
    const row = await trx.selectFrom('stages').select('eventId').where('id', '=', p.id).executeTakeFirst();
    if (row && row.eventId !== author.eventId) return reject('foreign-event', 'This stage belongs to another event.');
    await mergeFields(trx, 'stage', p.id, p.fields, hlc, { eventId: author.eventId });
    await snapshot(trx, 'stage', p.id, now);
    return applied;
  },
  'stage.delete': async (trx, author, p, hlc, now) => {
    if (!(await stageInEvent(trx, p.id, author.eventId))) return reject('unknown-record', `No stage "${p.id}" to delete.`);
    await mergeFields(trx, 'stage', p.id, { deleted: true }, hlc, {});
    await snapshot(trx, 'stage', p.id, now);
    // Its talks go with it (logged as tombstones; a talk moved onto it later is deleted too).
    const talks = await trx.selectFrom('talks').select('id').where('stageId', '=', p.id).where('deleted', '=', 0).orderBy('id').execute();
    for (const talk of talks) await snapshot(trx, 'talk', talk.id, now);
    return applied;
  },
  'talk.set': async (trx, author, p, hlc, now) => {
    const row = await trx.selectFrom('talks').select('stageId').where('id', '=', p.id).executeTakeFirst();
    const stageId = p.fields.stageId ?? row?.stageId;
    if (!stageId) return reject('invalid-op', 'A new talk needs its stage (fields.stageId).');
    if (!(await stageInEvent(trx, stageId, author.eventId))) return reject('unknown-stage', `No stage "${stageId}" in this event.`);
    if (row && !(await stageInEvent(trx, row.stageId, author.eventId))) return reject('foreign-event', 'This talk belongs to another event.');
    // A talk on a stage deleted meanwhile (on another device) is merged all the same, and logged
    // deleted with its stage (change-log.ts): the same end whichever arrives first.
    await mergeFields(trx, 'talk', p.id, p.fields, hlc, { stageId });
    await snapshot(trx, 'talk', p.id, now);
    return applied;
  },
  'talk.delete': async (trx, author, p, hlc, now) => {
    const row = await trx.selectFrom('talks').select('stageId').where('id', '=', p.id).executeTakeFirst();
    if (!row || !(await stageInEvent(trx, row.stageId, author.eventId))) return reject('unknown-record', `No talk "${p.id}" to delete.`);
    await mergeFields(trx, 'talk', p.id, { deleted: true }, hlc, {});
    await snapshot(trx, 'talk', p.id, now);
    return applied;
  },
  'participant.set': async (trx, author, p, hlc, now) => {
    const row = await trx.selectFrom('participants').select(['eventId', 'origin', 'erased']).where('id', '=', p.id).executeTakeFirst();
    if (row && row.eventId !== author.eventId) return reject('foreign-event', 'This participant belongs to another event.');
    if (author.role === 'animator' && (row ? row.origin !== 'walk-in' : p.fields.origin !== 'walk-in')) {
      return reject('forbidden', 'An animator may only register walk-ins.');
    }
    if (row?.erased) {
      // Erased for good: personal fields never come back; the author's device gets the erased record again.
      await snapshot(trx, 'participant', p.id, now);
      return applied;
    }
    if (!row && !p.fields.name) return reject('invalid-op', 'A new participant needs a name.');
    if (!row && !fitsInBadge(p.id)) return reject('invalid-op', 'A participant id must be 1 to 64 letters, digits, _ or - (it goes into the badge).');
    // The badge code is the server's: set once, when the participant is created (see badges/assign.ts).
    const { badgeCode: proposed, ...allFields } = p.fields;
    // An animator registers walk-ins; on an existing one it may not move them out of the walk-ins
    // nor set an email (animators never receive emails).
    const fields = author.role === 'animator' && row ? omit(allFields, ['origin', 'email']) : allFields;
    if (row) {
      await mergeFields(trx, 'participant', p.id, fields, hlc, {});
    } else {
      const badgeCode = await badgeCodeForNew(trx, author.eventId, p.id, proposed);
      const holder = await trx.selectFrom('participants').select('id').where('badgeCode', '=', badgeCode).executeTakeFirst();
      if (holder) return reject('invalid-op', 'This badge code already belongs to another participant.');
      await mergeFields(trx, 'participant', p.id, fields, hlc, { eventId: author.eventId, createdAt: now, badgeCode });
    }
    await snapshot(trx, 'participant', p.id, now);
    return applied;
  },
  'form.set': async (trx, author, p, hlc, now) => {
    if (p.id !== author.eventId) return reject('foreign-event', 'A device can only edit the feedback form of its own event.');
    await mergeFields(trx, 'form', p.id, p.fields, hlc, {});
    await snapshot(trx, 'form', p.id, now);
    return applied;
  },
  'feedback.aside': applySetAside,
  'event.set': applyEventSet,
  'participant.erase': async (trx, author, p, _hlc, now) => {
    const row = await trx.selectFrom('participants').select('eventId').where('id', '=', p.id).executeTakeFirst();
    if (!row || row.eventId !== author.eventId) return reject('unknown-participant', `No participant "${p.id}" to erase.`);
    await trx
      .updateTable('participants')
      .set({ name: '', organisation: '', email: null, consent: 0, profile: 'other', erased: 1 })
      .where('id', '=', p.id)
      .execute();
    await snapshot(trx, 'participant', p.id, now);
    await scrubErased(trx, author.eventId, p.id);
    return applied;
  },
};

/**
 * Erasure reaches the past too: earlier changes of the participant are rewritten to the erased
 * record (a device pulling from the start never sees the name), and rejected ops about them lose
 * their payload.
 */
export async function scrubErased(trx: Transaction<Tables>, eventId: string, participantId: string): Promise<void> {
  const latest = await trx
    .selectFrom('changes')
    .select('data')
    .where('entity', '=', 'participant')
    .where('entityId', '=', participantId)
    .orderBy('seq', 'desc')
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('changes')
    .set({ data: latest.data })
    .where('entity', '=', 'participant')
    .where('entityId', '=', participantId)
    .where('deleted', '=', 0)
    .execute();
  const rejected = await trx
    .selectFrom('rejections')
    .select(['deviceId', 'opId', 'payload'])
    .where('eventId', '=', eventId)
    .where('type', 'like', 'participant.%')
    .execute();
  for (const row of rejected) {
    if ((JSON.parse(row.payload) as { id?: unknown } | null)?.id !== participantId) continue;
    await trx
      .updateTable('rejections')
      .set({ payload: JSON.stringify({ id: participantId, erased: true }) })
      .where('deviceId', '=', row.deviceId)
      .where('opId', '=', row.opId)
      .execute();
  }
}

function omit<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Omit<T, K> {
  const copy = { ...value };
  for (const key of keys) delete copy[key];
  return copy;
}

/**
 * The answers kept from a feedback op: only questions of the event's form, and for a choice
 * question only its choices (a device cannot fill the exports with columns of its own). Without
 * a form on the server, the answers are kept as sent (the schema bounds their number and size).
 */
async function answersOfForm(
  trx: Transaction<Tables>,
  eventId: string,
  answers: Record<string, string | string[]>,
): Promise<Record<string, string | string[]>> {
  const row = await trx.selectFrom('forms').select('questions').where('id', '=', eventId).executeTakeFirst();
  if (!row) return answers;
  let questions: { id: string; kind: string; choices?: { id: string }[] }[];
  try {
    questions = JSON.parse(row.questions) as typeof questions;
  } catch {
    return answers;
  }
  const kept: Record<string, string | string[]> = {};
  for (const question of questions) {
    const value = answers[question.id];
    if (value === undefined) continue;
    if (question.kind === 'text') {
      if (typeof value === 'string') kept[question.id] = value;
      continue;
    }
    const choices = new Set((question.choices ?? []).map((choice) => choice.id));
    const picked = (Array.isArray(value) ? value : [value]).filter((choice) => choices.has(choice));
    if (picked.length === 0) continue;
    kept[question.id] = question.kind === 'multiple' ? picked : picked[0]!;
  }
  return kept;
}
