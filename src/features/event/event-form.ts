import type { EventRecord, Locale, StageRecord } from '../../shared/domain.ts';
import type { EventFields } from '../../db/editable.ts';
import { localDay } from '../../shared/time.ts';
import type { EventMessageKey } from '../../ui/messages/event.ts';

/** The Événement page's form, as typed (every field a string, like the inputs). */
export interface EventDraft {
  name: string;
  startsOn: string;
  endsOn: string;
  timeZone: string;
  defaultLocale: Locale;
  description: string;
  contactEmail: string;
  place: string;
  retentionDays: string;
}


export function draftOf(event: EventRecord): EventDraft {
  return {
    name: event.name,
    startsOn: event.startsOn,
    endsOn: event.endsOn,
    timeZone: event.timeZone,
    defaultLocale: event.defaultLocale,
    description: event.description ?? '',
    contactEmail: event.contactEmail ?? '',
    place: event.place ?? '',
    retentionDays: String(event.retentionDays ?? 90),
  };
}

function knownTimeZone(zone: string): boolean {
  if (!zone.includes('/') && zone !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The mistakes of a draft, field by field (nothing is saved while there is one). */
export function draftErrors(draft: EventDraft): Partial<Record<keyof EventDraft, EventMessageKey>> {
  const errors: Partial<Record<keyof EventDraft, EventMessageKey>> = {};
  if (!draft.name.trim()) errors.name = 'event.error.name';
  if (draft.endsOn < draft.startsOn) errors.endsOn = 'event.error.dates';
  if (!knownTimeZone(draft.timeZone.trim())) errors.timeZone = 'event.error.timeZone';
  if (draft.contactEmail.trim() && !EMAIL.test(draft.contactEmail.trim())) errors.contactEmail = 'event.error.email';
  const days = Number(draft.retentionDays);
  if (!/^\d+$/.test(draft.retentionDays.trim()) || days > 3650) errors.retentionDays = 'event.error.retention';
  return errors;
}

/** Only the fields that changed, ready for an event.set op (last writer wins per field on the server). */
export function changedFields(event: EventRecord, draft: EventDraft): EventFields {
  const before = draftOf(event);
  const fields: EventFields = {};
  if (draft.name.trim() !== before.name) fields.name = draft.name.trim();
  if (draft.startsOn !== before.startsOn) fields.startsOn = draft.startsOn;
  if (draft.endsOn !== before.endsOn) fields.endsOn = draft.endsOn;
  if (draft.timeZone.trim() !== before.timeZone) fields.timeZone = draft.timeZone.trim();
  if (draft.defaultLocale !== before.defaultLocale) fields.defaultLocale = draft.defaultLocale;
  if (draft.description !== before.description) fields.description = draft.description;
  if (draft.contactEmail.trim() !== before.contactEmail) fields.contactEmail = draft.contactEmail.trim();
  if (draft.place !== before.place) fields.place = draft.place;
  if (draft.retentionDays.trim() !== before.retentionDays) fields.retentionDays = Number(draft.retentionDays);
  return fields;
}

/** What new dates or a new time zone do to the stages: how many fall outside the days, and whether shown times shift. */
export function stagesImpact(event: EventRecord, draft: EventDraft, stages: readonly StageRecord[]): { outside: number; zoneShift: boolean } {
  const zone = knownTimeZone(draft.timeZone.trim()) ? draft.timeZone.trim() : event.timeZone;
  const outside = stages.filter((stage) => {
    const day = localDay(stage.startsAt, zone);
    return day < draft.startsOn || day > draft.endsOn;
  }).length;
  return { outside, zoneShift: stages.length > 0 && zone !== event.timeZone };
}
