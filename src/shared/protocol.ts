import * as v from 'valibot';
import { LOCALES, PROFILES, STAGE_KINDS } from './domain.ts';

/**
 * The sync wire format (docs/sync-protocol.md). Every op a device records is one of OP_TYPES,
 * validated with these schemas on the server before anything is written.
 */

/** Version of the op format written by this build. The server accepts every version up to its own. */
export const SCHEMA_VERSION = 1;

export const ROLES = ['organizer', 'animator', 'kiosk'] as const;
export type Role = (typeof ROLES)[number];

export const CHECKIN_METHODS = ['camera', 'scanner', 'search', 'walk-in'] as const;

/** Ids: printable, no control characters (PostgreSQL text refuses NUL), at most 64 characters. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(/^[^\u0000-\u001f\u007f]+$/, 'control characters are not allowed'));
/** Envelope ids (opId, deviceId): UUID-like tokens. */
const envelopeId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1 to 64 letters, digits, _ . : -'));
const instant = v.pipe(v.string(), v.isoTimestamp());
const shortText = v.pipe(v.string(), v.maxLength(500));

export const StageFieldsSchema = v.partial(
  v.strictObject({
    title: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
    town: v.pipe(v.string(), v.maxLength(120)),
    venue: shortText,
    address: shortText,
    lat: v.pipe(v.number(), v.minValue(-90), v.maxValue(90)),
    lng: v.pipe(v.number(), v.minValue(-180), v.maxValue(180)),
    startsAt: instant,
    endsAt: instant,
    theme: v.pipe(v.string(), v.maxLength(2000)),
    kind: v.picklist(STAGE_KINDS),
    hosts: v.pipe(v.array(shortText), v.maxLength(20)),
  }),
);

export const TalkFieldsSchema = v.partial(
  v.strictObject({
    stageId: id,
    title: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
    speakers: v.pipe(v.array(shortText), v.maxLength(20)),
    partner: shortText,
    startsAt: instant,
    endsAt: instant,
  }),
);

export const ParticipantFieldsSchema = v.partial(
  v.strictObject({
    name: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
    organisation: v.pipe(v.string(), v.maxLength(200)),
    profile: v.picklist(PROFILES),
    email: v.nullable(v.pipe(v.string(), v.maxLength(254), v.email())),
    badgeCode: v.pipe(v.string(), v.minLength(4), v.maxLength(512)),
    origin: v.picklist(['import', 'walk-in', 'online']),
    consent: v.boolean(),
  }),
);

/** A label in both languages of the app (French first). */
const Label = v.strictObject({ fr: v.pipe(v.string(), v.minLength(1), v.maxLength(200)), en: v.pipe(v.string(), v.maxLength(200)) });
const questionId = v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,32}$/, 'a question or choice id is 1 to 32 lower-case letters, digits or dashes'));

export const QUESTION_KINDS = ['single', 'multiple', 'text'] as const;
export const FORM_MAX_QUESTIONS = 8;
export const FEEDBACK_COMMENT_MAX = 2000;

/** One question of the feedback form: single or multiple choice (with its choices) or a short text. */
export const QuestionSchema = v.strictObject({
  id: questionId,
  kind: v.picklist(QUESTION_KINDS),
  label: Label,
  choices: v.optional(v.pipe(v.array(v.strictObject({ id: questionId, label: Label })), v.maxLength(8)), []),
});

/** The editable fields of an event's feedback form (last writer wins per field, like a stage). */
export const FormFieldsSchema = v.partial(
  v.strictObject({
    ratingLabel: Label,
    questions: v.pipe(v.array(QuestionSchema), v.maxLength(FORM_MAX_QUESTIONS, `a form has at most ${FORM_MAX_QUESTIONS} questions`)),
    commentLabel: Label,
  }),
);

const day = v.pipe(v.string(), v.isoDate('a day is written YYYY-MM-DD'));

/** What organizers edit on the Événement page (last writer wins per field, like a stage). */
export const EventFieldsSchema = v.partial(
  v.strictObject({
    name: v.pipe(v.string(), v.trim(), v.minLength(1, 'the name must not be empty'), v.maxLength(200)),
    startsOn: day,
    endsOn: day,
    timeZone: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
    defaultLocale: v.picklist(LOCALES),
    description: v.pipe(v.string(), v.maxLength(2000)),
    contactEmail: v.union([v.literal(''), v.pipe(v.string(), v.maxLength(254), v.email('the contact must be an e-mail address'))]),
    place: shortText,
    retentionDays: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3650, 'personal data is kept at most 3650 days')),
  }),
);

/** Payload schema of each op type. */
export const OP_PAYLOADS = {
  'checkin.record': v.strictObject({
    id,
    participantId: id,
    stageId: id,
    scannedAt: instant,
    method: v.picklist(CHECKIN_METHODS),
  }),
  'checkin.void': v.strictObject({ id, voidedAt: instant }),
  'feedback.record': v.strictObject({
    id,
    stageId: id,
    rating: v.pipe(v.number('the rating must be a number from 1 to 5'), v.integer('the rating must be a whole number from 1 to 5'), v.minValue(1, 'the rating must be from 1 to 5'), v.maxValue(5, 'the rating must be from 1 to 5')),
    answers: v.pipe(
      v.record(v.pipe(v.string(), v.maxLength(64)), v.union([shortText, v.pipe(v.array(shortText), v.maxLength(20))])),
      v.maxEntries(FORM_MAX_QUESTIONS, `at most ${FORM_MAX_QUESTIONS} answers, one per question of the form`),
    ),
    comment: v.pipe(v.string(), v.maxLength(FEEDBACK_COMMENT_MAX, `the comment is longer than ${FEEDBACK_COMMENT_MAX} characters`)),
    createdAt: instant,
  }),
  'stage.set': v.strictObject({ id, fields: StageFieldsSchema }),
  'stage.delete': v.strictObject({ id }),
  'talk.set': v.strictObject({ id, fields: TalkFieldsSchema }),
  'talk.delete': v.strictObject({ id }),
  'participant.set': v.strictObject({ id, fields: ParticipantFieldsSchema }),
  'participant.erase': v.strictObject({ id }),
  /** The event's feedback form; `id` is the event's id. */
  'form.set': v.strictObject({ id, fields: FormFieldsSchema }),
  /**
   * Sets aside (or takes back) the answers of one phone (`kind: 'device'`, `id` its device id) or
   * of every phone of one poster (`kind: 'poster'`): kept and marked, left out of figures and
   * exports unless asked. An edit: last writer wins by `hlc`.
   */
  'feedback.aside': v.strictObject({ kind: v.picklist(['device', 'poster']), id, setAside: v.boolean() }),
  /** The event itself (Événement page); `id` is the event's id. */
  'event.set': v.strictObject({ id, fields: EventFieldsSchema }),
} as const;

export type OpType = keyof typeof OP_PAYLOADS;
export const OP_TYPES = Object.keys(OP_PAYLOADS) as OpType[];
export type OpPayload<T extends OpType> = v.InferOutput<(typeof OP_PAYLOADS)[T]>;

/** Op types each role may write. The server enforces this on push; devices only offer these actions. */
export const ROLE_OPS: Record<Role, readonly OpType[]> = {
  organizer: OP_TYPES,
  animator: ['checkin.record', 'checkin.void', 'participant.set'],
  kiosk: ['feedback.record'],
};

/** Append-only op types: never in conflict, never refused for their clock. */
export const APPEND_ONLY: readonly OpType[] = ['checkin.record', 'checkin.void', 'feedback.record'];

/** Half of a UTF-16 pair alone: PostgreSQL would store it as U+FFFD (two ids becoming one), SQLite as it is. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The envelope of every op, as recorded in the outbox and sent in a push. */
export const OpSchema = v.object({
  opId: envelopeId,
  deviceId: envelopeId,
  seq: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2 ** 31 - 1)),
  type: v.pipe(v.string(), v.regex(/^[a-z]{1,32}\.[a-z]{1,32}$/, 'must look like "entity.action"')),
  payload: v.unknown(),
  hlc: v.pipe(
    v.string(),
    v.maxLength(120),
    // eslint-disable-next-line no-control-regex -- refusing control characters is the point
    v.regex(/^[^\u0000-\u001f\u007f]*$/, 'control characters are not allowed'),
    v.check((text) => !LONE_SURROGATE.test(text), 'broken characters (half of a UTF-16 pair) are not allowed'),
  ),
  schemaVersion: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** HMAC by the author device (see opSigningString); required when another device forwards the op. */
  sig: v.optional(v.pipe(v.string(), v.maxLength(100))),
});
export type Op = v.InferOutput<typeof OpSchema>;

/**
 * What the author device signs: HMAC-SHA-256 of this string, keyed with the UTF-8 bytes of the
 * lower-case hex SHA-256 of its token (the server stores exactly that hash), in base64url. A
 * device forwarding another device's ops (from a file) cannot forge or alter them.
 */
export function opSigningString(op: Pick<Op, 'opId' | 'deviceId' | 'seq' | 'type' | 'hlc' | 'schemaVersion' | 'payload'>): string {
  return [op.opId, op.deviceId, op.seq, op.type, op.hlc, op.schemaVersion, JSON.stringify(op.payload ?? null)].join('\n');
}

/** Deepest nesting of a payload (a form is about 7 levels deep). */
export const PAYLOAD_MAX_DEPTH = 32;
/** Largest payload, in characters of its JSON (a full feedback form is about 30,000). */
export const PAYLOAD_MAX_CHARS = 64 * 1024;

/** Why a text cannot be stored alike on both databases (SQLite and PostgreSQL), or undefined. */
export function textFault(text: string): string | undefined {
  if (text.includes('\u0000')) return 'holds a NUL character, which is not text';
  if (LONE_SURROGATE.test(text)) return 'holds a broken character (half of a UTF-16 pair)';
  return undefined;
}

/**
 * Why a payload can never be applied whatever its type, in words, or undefined: nested too deep,
 * too large, or text (keys included) that one of the databases would refuse or alter. Iterative,
 * so that no payload can exhaust the stack; checked before anything else reads the payload.
 */
export function payloadFault(payload: unknown): string | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: payload, path: 'payload', depth: 0 }];
  let chars = 0;
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (depth > PAYLOAD_MAX_DEPTH) return `payload is nested more than ${PAYLOAD_MAX_DEPTH} levels deep`;
    if (typeof value === 'string') {
      chars += value.length + 2;
      const fault = textFault(value);
      if (fault) return `${path} ${fault}`;
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const fault = textFault(key);
        if (fault) return `a key of ${path} ${fault}`;
        chars += key.length + 4;
        stack.push({ value: item, path: `${path}.${key}`, depth: depth + 1 });
      }
    } else {
      chars += 8;
    }
    if (chars > PAYLOAD_MAX_CHARS) return `payload is larger than ${PAYLOAD_MAX_CHARS.toLocaleString('en-US')} characters`;
  }
  return undefined;
}

export const PUSH_MAX_OPS = 1000;

export const PushRequestSchema = v.object({
  ops: v.pipe(v.array(v.unknown()), v.maxLength(PUSH_MAX_OPS)),
  /** Ops still waiting on the device after this batch, shown to organizers. */
  pending: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.transform((n) => Math.min(n, 2 ** 31 - 1)))),
  /** The furthest point of the log the device saw: a server that no longer has it answers 409 `cursor-unknown`, applying nothing. */
  seen: v.optional(
    v.object({
      seq: v.pipe(v.number('seen.seq must be a number'), v.integer('seen.seq must be a whole number'), v.minValue(0, 'seen.seq must be 0 or more')),
      mark: v.pipe(v.string('seen.mark must be text'), v.maxLength(200, 'seen.mark is at most 200 characters')),
    }),
  ),
});

export const REJECTION_CODES = [
  'invalid-op',
  'bad-signature',
  'device-revoked',
  'unknown-type',
  'forbidden',
  'schema-too-new',
  'clock-ahead',
  'unknown-device',
  'foreign-event',
  'unknown-stage',
  'unknown-participant',
  'unknown-record',
  'wrong-stage',
  'too-many',
  'seq-reused',
  'event-archived',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

/** An op the server acknowledged without applying it, and why. */
export interface Rejection {
  opId: string;
  deviceId: string;
  seq: number;
  code: RejectionCode;
  message: string;
}

/** The answer to a push: the last seq applied for each device whose ops were in the batch. */
export interface PushResponse {
  acked: Record<string, number>;
  serverTime: string;
  rejections: Rejection[];
  /** Set when an op's seq left a gap: the batch stopped there. */
  gap?: { deviceId: string; expected: number; got: number };
  /** Where the change log stood once the push committed (sent back with the next pull and push). */
  seen?: LogMark;
}

export const ENTITIES = ['event', 'stage', 'talk', 'participant', 'checkin', 'feedback', 'form'] as const;
export type Entity = (typeof ENTITIES)[number];

/** One change since a cursor: the whole current record, or a tombstone. */
export interface Change {
  seq: number;
  entity: Entity;
  id: string;
  deleted: boolean;
  data: Record<string, unknown> | null;
  /** The clock of each field's current value (editable records), so that an edit made after seeing it orders after it. */
  clocks?: Record<string, string>;
}

/** A point of the change log and the server's mark of the change there (a restored log no longer has it). */
export interface LogMark {
  seq: number;
  mark: string;
}

export interface PullResponse {
  changes: Change[];
  nextCursor: number;
  hasMore: boolean;
  serverTime: string;
  /** The last seq the server handled (applied or rejected) for the pulling device, read after the changes (as Replicache's lastMutationID). */
  acked?: Record<string, number>;
  /** The mark of `nextCursor` in the change log, sent back with the next pull (`at=`): a restored log no longer has it. */
  mark?: string;
  /** How many changes for this device are left after this page (sent when `hasMore`): the device shows "45 000 sur 120 000". */
  remaining?: number;
}

/**
 * The largest pull page, which devices ask for. Each page is one transaction that also rewrites
 * the device's `attendance` rows (src/db/attendance.ts), so fewer, larger pages cost a first pull
 * less (docs/benchmarks.md, "Festival size"); a page of 10,000 changes is a few megabytes of JSON.
 */
export const PULL_MAX_LIMIT = 10_000;

export type Question = v.InferOutput<typeof QuestionSchema>;
export type FormFields = v.InferOutput<typeof FormFieldsSchema>;
/** An event's feedback form as devices hold it (the `data` of a `form` change); id is the event's id. */
export type FormRecord = Required<FormFields> & { id: string };
