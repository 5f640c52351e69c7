import type { Generated } from 'kysely';

/** The server database as Kysely sees it (camelCase here, snake_case in SQL through CamelCasePlugin). */
export interface Tables {
  events: EventsTable;
  eventSecrets: EventSecretsTable;
  stages: StagesTable;
  talks: TalksTable;
  participants: ParticipantsTable;
  devices: DevicesTable;
  enrolmentCodes: EnrolmentCodesTable;
  opLog: OpLogTable;
  rejections: RejectionsTable;
  changes: ChangesTable;
  checkins: CheckinsTable;
  feedback: FeedbackTable;
  forms: FormsTable;
  posters: PostersTable;
  earlyVoids: EarlyVoidsTable;
  setAsides: SetAsidesTable;
  securityLog: SecurityLogTable;
}

/** Per-field clocks and tombstone of an editable record (stages, talks, participants). */
interface Editable {
  fieldClocks: Generated<string>; // JSON { field: hlc }
  deleted: Generated<number>;
}

export interface EventsTable {
  id: string;
  slug: string;
  name: string;
  startsOn: string;
  endsOn: string;
  timeZone: string;
  defaultLocale: string;
  badgePublicKey: string;
  createdAt: string;
  description: Generated<string>;
  contactEmail: Generated<string>;
  place: Generated<string>;
  /** Days after the event's end when participants' personal data is erased. */
  retentionDays: Generated<number>;
  /** Set once the event is archived: read-only from then on. */
  archivedAt: Generated<string | null>;
  /** When participants' personal data was erased (retention passed, or `etape event purge`). */
  purgedAt: Generated<string | null>;
  fieldClocks: Generated<string>; // JSON { field: hlc }, for event.set
}

/** Private material of an event, kept apart so that no query of events can leak it. */
export interface EventSecretsTable {
  eventId: string;
  badgePrivateKey: string;
}

export interface StagesTable extends Editable {
  id: string;
  eventId: string;
  title: string;
  town: string;
  venue: string;
  address: string;
  lat: number;
  lng: number;
  startsAt: string;
  endsAt: string;
  theme: string;
  kind: string;
  hosts: string; // JSON array of names
}

export interface TalksTable extends Editable {
  id: string;
  stageId: string;
  title: string;
  speakers: string; // JSON array of names
  partner: string;
  startsAt: string;
  endsAt: string;
}

export interface ParticipantsTable extends Editable {
  id: string;
  eventId: string;
  name: string;
  organisation: string;
  profile: string;
  email: string | null;
  badgeCode: string;
  origin: string;
  consent: Generated<number>;
  createdAt: string;
  erased: Generated<number>;
  /** The device whose op created the participant (null for those made before it was kept). */
  createdBy?: string | null;
}

export interface DevicesTable {
  id: string;
  eventId: string;
  name: string;
  role: string;
  stageId: string | null;
  tokenHash: string;
  enrolledAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
  pendingOps: number | null;
  lastAppliedSeq: Generated<number>;
  /** The poster a participant's phone was enrolled through (it may then write feedback for that stage only). */
  posterId?: string | null;
}

export interface EnrolmentCodesTable {
  codeHash: string;
  eventId: string;
  role: string;
  stageId: string | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  deviceId: string | null;
}

/** Every op the server has applied or rejected for its author, keyed by (deviceId, seq): the idempotency record. */
export interface OpLogTable {
  opId: string;
  deviceId: string;
  seq: number;
  type: string;
  status: 'applied' | 'rejected';
  receivedAt: string;
}

/** Ops acknowledged without being applied, keyed by (deviceId, opId). */
export interface RejectionsTable {
  opId: string;
  eventId: string;
  deviceId: string;
  seq: number;
  type: string;
  code: string;
  message: string;
  payload: string;
  receivedAt: string;
}

/** The change log read by pull; seq is gap-free and assigned in commit order. */
export interface ChangesTable {
  seq: number;
  eventId: string;
  entity: string;
  entityId: string;
  deleted: number;
  data: string | null;
  changedAt: string;
}

export interface CheckinsTable {
  id: string;
  eventId: string;
  participantId: string;
  stageId: string;
  deviceId: string;
  scannedAt: string;
  receivedAt: string;
  method: string;
  voided: Generated<number>;
  voidedAt: string | null;
}

export interface FeedbackTable {
  id: string;
  eventId: string;
  stageId: string;
  deviceId: string;
  rating: number;
  answers: string;
  comment: string;
  createdAt: string;
  receivedAt: string;
  /** The poster the answering phone was enrolled through, if any. */
  posterId?: string | null;
  /** 1 when an organizer set aside this phone's or this poster's answers. */
  setAside?: Generated<number>;
}

/** An event's feedback form (id = the event's id); labels and questions as JSON. */
export interface FormsTable extends Editable {
  id: string;
  ratingLabel: string;
  questions: string;
  commentLabel: string;
}

/** A printed stage poster: its QR link carries a token (only the hash is kept here). */
export interface PostersTable {
  id: string;
  eventId: string;
  stageId: string;
  tokenHash: string;
  createdAt: string;
  revokedAt: string | null;
}

/** An undo that arrived before its check-in: applied when the check-in arrives (see migration 006). */
export interface EarlyVoidsTable {
  id: string;
  eventId: string;
  voidedAt: string;
  receivedAt: string;
}

/** Answers an organizer set aside: those of one phone (`device`) or of every phone of one poster (`poster`). */
export interface SetAsidesTable {
  /** `device:ID` or `poster:ID`. */
  id: string;
  eventId: string;
  kind: 'device' | 'poster';
  targetId: string;
  setAside: number;
  /** HLC of the last edit (last writer wins). */
  clock: string;
  changedAt: string;
}

/** What the security log keeps: enrolments, revocations, refused codes, rate limits, poster bursts, set-asides. */
export interface SecurityLogTable {
  id: string;
  eventId: string | null;
  at: string;
  kind: string;
  deviceId: string | null;
  address: string | null;
  /** JSON object. */
  detail: string;
}
