import type { EditableFields } from '../../db/editable.ts';
import type { StageKind, StageRecord, TalkRecord } from '../../shared/domain.ts';
import { utcToZoned, zonedToUtc } from '../../shared/zoned-time.ts';
import type { MessageKey } from '../../ui/i18n.ts';

/**
 * The programme editor's forms: what the organizer typed (strings, times in the event's zone),
 * checked field by field into the fields of a `stage.set` / `talk.set` op, or into messages that
 * say what to fix. Nothing is written while one field is wrong.
 */

export interface StageForm {
  title: string;
  town: string;
  venue: string;
  address: string;
  lat: string;
  lng: string;
  day: string;
  starts: string;
  ends: string;
  theme: string;
  kind: StageKind;
  hosts: string;
}

export interface TalkForm {
  title: string;
  speakers: string;
  partner: string;
  starts: string;
  ends: string;
}

export interface FieldError {
  key: MessageKey;
  params?: Record<string, string | number>;
}

export type Checked<Form, Fields> = { ok: true; fields: Fields } | { ok: false; errors: Partial<Record<keyof Form, FieldError>> };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** A decimal number as typed in France ("44,52") or elsewhere ("44.52"). */
function parseDecimal(text: string): number {
  const value = text.trim().replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
}

function tooLong(value: string, max: number): FieldError | undefined {
  return value.length > max ? { key: 'edit.error.tooLong', params: { max } } : undefined;
}

export function stageForm(stage: StageRecord | undefined, timeZone: string, fallbackDay: string): StageForm {
  if (!stage) {
    return { title: '', town: '', venue: '', address: '', lat: '', lng: '', day: fallbackDay, starts: '14:00', ends: '17:00', theme: '', kind: 'indoor', hosts: '' };
  }
  const start = utcToZoned(stage.startsAt, timeZone);
  return {
    title: stage.title,
    town: stage.town,
    venue: stage.venue,
    address: stage.address,
    lat: String(stage.lat),
    lng: String(stage.lng),
    day: start.day,
    starts: start.time,
    ends: utcToZoned(stage.endsAt, timeZone).time,
    theme: stage.theme,
    kind: stage.kind,
    hosts: stage.hosts.join('\n'),
  };
}

export function talkForm(talk: TalkRecord | undefined, stage: StageRecord, timeZone: string): TalkForm {
  if (!talk) {
    const start = utcToZoned(stage.startsAt, timeZone).time;
    return { title: '', speakers: '', partner: '', starts: start, ends: start };
  }
  return {
    title: talk.title,
    speakers: talk.speakers.join('\n'),
    partner: talk.partner,
    starts: utcToZoned(talk.startsAt, timeZone).time,
    ends: utcToZoned(talk.endsAt, timeZone).time,
  };
}

/** Checks a stage form; times are wall-clock times in the event's zone on the stage's day. */
export function checkStage(form: StageForm, timeZone: string): Checked<StageForm, Required<EditableFields['stage']>> {
  const errors: Partial<Record<keyof StageForm, FieldError>> = {};
  if (!form.title.trim()) errors.title = { key: 'edit.error.title' };
  else errors.title = tooLong(form.title.trim(), 200);
  if (!form.town.trim()) errors.town = { key: 'edit.error.town' };
  else errors.town = tooLong(form.town.trim(), 120);
  errors.venue = tooLong(form.venue.trim(), 500);
  errors.address = tooLong(form.address.trim(), 500);
  errors.theme = tooLong(form.theme.trim(), 2000);
  const lat = parseDecimal(form.lat);
  const lng = parseDecimal(form.lng);
  if (!(lat >= -90 && lat <= 90)) errors.lat = { key: 'edit.error.lat' };
  if (!(lng >= -180 && lng <= 180)) errors.lng = { key: 'edit.error.lng' };
  if (!DAY.test(form.day)) errors.day = { key: 'edit.error.day' };
  if (!TIME.test(form.starts)) errors.starts = { key: 'edit.error.time' };
  if (!TIME.test(form.ends)) errors.ends = { key: 'edit.error.time' };
  else if (TIME.test(form.starts) && form.ends <= form.starts) errors.ends = { key: 'edit.error.endsBeforeStarts' };
  const hosts = lines(form.hosts);
  if (hosts.some((host) => host.length > 500) || hosts.length > 20) errors.hosts = { key: 'edit.error.tooLong', params: { max: 500 } };
  const wrong = Object.fromEntries(Object.entries(errors).filter(([, error]) => error !== undefined));
  if (Object.keys(wrong).length > 0) return { ok: false, errors: wrong };
  return {
    ok: true,
    fields: {
      title: form.title.trim(),
      town: form.town.trim(),
      venue: form.venue.trim(),
      address: form.address.trim(),
      lat,
      lng,
      startsAt: zonedToUtc(form.day, form.starts, timeZone),
      endsAt: zonedToUtc(form.day, form.ends, timeZone),
      theme: form.theme.trim(),
      kind: form.kind,
      hosts,
    },
  };
}

/** Checks a talk form: on its stage's day, inside the stage's times. */
export function checkTalk(form: TalkForm, stage: StageRecord, timeZone: string): Checked<TalkForm, Required<EditableFields['talk']>> {
  const errors: Partial<Record<keyof TalkForm, FieldError>> = {};
  if (!form.title.trim()) errors.title = { key: 'edit.error.title' };
  else errors.title = tooLong(form.title.trim(), 200);
  errors.partner = tooLong(form.partner.trim(), 500);
  const speakers = lines(form.speakers);
  if (speakers.some((speaker) => speaker.length > 500) || speakers.length > 20) errors.speakers = { key: 'edit.error.tooLong', params: { max: 500 } };
  const day = utcToZoned(stage.startsAt, timeZone).day;
  if (!TIME.test(form.starts)) errors.starts = { key: 'edit.error.time' };
  if (!TIME.test(form.ends)) errors.ends = { key: 'edit.error.time' };
  else if (TIME.test(form.starts) && form.ends <= form.starts) errors.ends = { key: 'edit.error.endsBeforeStarts' };
  let startsAt = '';
  let endsAt = '';
  if (!errors.starts && !errors.ends) {
    startsAt = zonedToUtc(day, form.starts, timeZone);
    endsAt = zonedToUtc(day, form.ends, timeZone);
    if (startsAt < stage.startsAt || endsAt > stage.endsAt) {
      const params = { start: utcToZoned(stage.startsAt, timeZone).time, end: utcToZoned(stage.endsAt, timeZone).time };
      errors[startsAt < stage.startsAt ? 'starts' : 'ends'] = { key: 'edit.error.talkOutside', params };
    }
  }
  const wrong = Object.fromEntries(Object.entries(errors).filter(([, error]) => error !== undefined));
  if (Object.keys(wrong).length > 0) return { ok: false, errors: wrong };
  return { ok: true, fields: { stageId: stage.id, title: form.title.trim(), speakers, partner: form.partner.trim(), startsAt, endsAt } };
}

/**
 * Only the fields that differ from the record as this device has it: an op carries what the
 * organizer changed, so that it never overwrites, with old values, another organizer's edit of
 * another field (the server keeps the last writer per field).
 */
export function changedFields<T extends object>(record: object | undefined, fields: T): Partial<T> {
  if (!record) return fields;
  const before = record as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(fields).filter(([name, value]) => JSON.stringify(before[name]) !== JSON.stringify(value)),
  ) as Partial<T>;
}
