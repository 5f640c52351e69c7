import type { Selectable } from 'kysely';
import type { FormRecord } from '../../shared/protocol.ts';
import type { EventRecord, Locale, ParticipantRecord, Profile, StageKind, StageRecord, TalkRecord } from '../../shared/domain.ts';
import type {
  CheckinsTable,
  EventsTable,
  FeedbackTable,
  FormsTable,
  ParticipantsTable,
  StagesTable,
  TalksTable,
} from '../database/tables.ts';

/** Server rows as the records devices hold (the `data` of a change, the public programme). */

export function eventRecord(row: Selectable<EventsTable>): EventRecord {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    timeZone: row.timeZone,
    defaultLocale: row.defaultLocale as Locale,
    badgePublicKey: row.badgePublicKey,
    description: row.description ?? '',
    contactEmail: row.contactEmail ?? '',
    place: row.place ?? '',
    retentionDays: Number(row.retentionDays ?? 90),
    archivedAt: row.archivedAt ?? null,
  };
}

export function stageRecord(row: Selectable<StagesTable>): StageRecord {
  return {
    id: row.id,
    eventId: row.eventId,
    title: row.title,
    town: row.town,
    venue: row.venue,
    address: row.address,
    lat: Number(row.lat),
    lng: Number(row.lng),
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    theme: row.theme,
    kind: row.kind as StageKind,
    hosts: JSON.parse(row.hosts) as string[],
  };
}

export function talkRecord(row: Selectable<TalksTable>): TalkRecord {
  return {
    id: row.id,
    stageId: row.stageId,
    title: row.title,
    speakers: JSON.parse(row.speakers) as string[],
    partner: row.partner,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
  };
}

/** A participant as devices hold it; an erased one keeps only its id and badge code. */
export function participantRecord(row: Selectable<ParticipantsTable>): ParticipantRecord & { erased: boolean } {
  return {
    id: row.id,
    eventId: row.eventId,
    name: row.name,
    organisation: row.organisation,
    profile: row.profile as Profile,
    email: row.email,
    badgeCode: row.badgeCode,
    origin: row.origin as ParticipantRecord['origin'],
    consent: Boolean(row.consent),
    erased: Boolean(row.erased),
  };
}

/** A check-in as devices receive it, with the name of the device that made it (for "déjà enregistrée … sur Téléphone Florac"). */
export function checkinRecord(row: Selectable<CheckinsTable>, deviceName: string | null | undefined) {
  return {
    id: row.id,
    participantId: row.participantId,
    stageId: row.stageId,
    deviceId: row.deviceId,
    deviceName: deviceName ?? null,
    scannedAt: row.scannedAt,
    receivedAt: row.receivedAt,
    method: row.method,
    voided: Boolean(row.voided),
    voidedAt: row.voidedAt,
  };
}

export function feedbackRecord(row: Selectable<FeedbackTable>) {
  return {
    id: row.id,
    stageId: row.stageId,
    deviceId: row.deviceId,
    rating: row.rating,
    answers: JSON.parse(row.answers) as Record<string, string | string[]>,
    comment: row.comment,
    createdAt: row.createdAt,
    receivedAt: row.receivedAt,
    posterId: row.posterId ?? null,
    setAside: Boolean(row.setAside),
  };
}

export function formRecord(row: Selectable<FormsTable>): FormRecord {
  return {
    id: row.id,
    ratingLabel: JSON.parse(row.ratingLabel) as FormRecord['ratingLabel'],
    questions: JSON.parse(row.questions) as FormRecord['questions'],
    commentLabel: JSON.parse(row.commentLabel) as FormRecord['commentLabel'],
  };
}
