import type { Generated } from 'kysely';

/** The server database as Kysely sees it (camelCase here, snake_case in SQL through CamelCasePlugin). */
export interface Tables {
  events: EventsTable;
  eventSecrets: EventSecretsTable;
  stages: StagesTable;
  talks: TalksTable;
  participants: ParticipantsTable;
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
}

/** Private material of an event, kept apart so that no query of events can leak it. */
export interface EventSecretsTable {
  eventId: string;
  badgePrivateKey: string;
}

export interface StagesTable {
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

export interface TalksTable {
  id: string;
  stageId: string;
  title: string;
  speakers: string; // JSON array of names
  partner: string;
  startsAt: string;
  endsAt: string;
}

export interface ParticipantsTable {
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
}
