/** Domain records shared by the app, the service worker and the server. Times are ISO 8601 UTC strings. */

export const STAGE_KINDS = ['indoor', 'outdoor', 'ephemeral'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

export const PROFILES = [
  'remote-worker',
  'freelancer',
  'company',
  'elected-official',
  'association',
  'public-agency',
  'pupil',
  'other',
] as const;
export type Profile = (typeof PROFILES)[number];

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** An event: the whole travelling week. */
export interface EventRecord {
  id: string;
  slug: string;
  name: string;
  startsOn: string; // YYYY-MM-DD, in the event's time zone
  endsOn: string;
  timeZone: string;
  defaultLocale: Locale;
  badgePublicKey: string; // base64url Ed25519 public key
  /** Set by organizers on the Événement page (absent from servers before issue 12). */
  description?: string;
  contactEmail?: string;
  place?: string;
  /** Days after the end when participants' personal data is erased. */
  retentionDays?: number;
  /** Set once the event is archived (read-only). */
  archivedAt?: string | null;
}

/** A stage (étape): one town, one venue, one afternoon. */
export interface StageRecord {
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
  kind: StageKind;
  hosts: string[];
}

/** A talk (intervention) given during a stage. */
export interface TalkRecord {
  id: string;
  stageId: string;
  title: string;
  speakers: string[];
  partner: string;
  startsAt: string;
  endsAt: string;
}

/** A registered or walk-in participant. */
export interface ParticipantRecord {
  id: string;
  eventId: string;
  name: string;
  organisation: string;
  profile: Profile;
  email: string | null;
  badgeCode: string;
  origin: 'import' | 'walk-in' | 'online';
  consent: boolean;
}
