import type { Kysely } from 'kysely';
import type { Tables } from '../database/tables.ts';
import { toCsv, type CsvOptions } from './csv.ts';

/** The registered participants of an event, with their badge codes (erased and deleted ones left out). */
export async function participantsCsv(db: Kysely<Tables>, eventId: string, options: CsvOptions = {}): Promise<string> {
  const rows = await db
    .selectFrom('participants')
    .selectAll()
    .where('eventId', '=', eventId)
    .where('erased', '=', 0)
    .where('deleted', '=', 0)
    .orderBy('name')
    .orderBy('id')
    .execute();
  return toCsv(
    ['id', 'name', 'organisation', 'profile', 'email', 'origin', 'consent', 'badge_code', 'created_at'],
    rows.map((p) => [p.id, p.name, p.organisation, p.profile, p.email, p.origin, p.consent ? 'yes' : 'no', p.badgeCode, p.createdAt]),
    options,
  );
}

/** Every scan of an event, in scan order, undone ones included and marked `voided = yes`. */
export async function checkinsCsv(db: Kysely<Tables>, eventId: string, options: CsvOptions = {}): Promise<string> {
  const rows = await db
    .selectFrom('checkins')
    // A participant of this event only: a scan of an id not (yet) known here never shows another event's person.
    .leftJoin('participants', (join) => join.onRef('participants.id', '=', 'checkins.participantId').on('participants.eventId', '=', eventId))
    .leftJoin('stages', 'stages.id', 'checkins.stageId')
    .leftJoin('devices', 'devices.id', 'checkins.deviceId')
    .select([
      'checkins.id',
      'checkins.scannedAt',
      'checkins.receivedAt',
      'checkins.stageId',
      'stages.town',
      'checkins.participantId',
      'participants.name',
      'participants.organisation',
      'checkins.method',
      'devices.name as deviceName',
      'checkins.voided',
      'checkins.voidedAt',
    ])
    .where('checkins.eventId', '=', eventId)
    .orderBy('checkins.scannedAt')
    .orderBy('checkins.id')
    .execute();
  return toCsv(
    ['id', 'scanned_at', 'received_at', 'stage_id', 'stage_town', 'participant_id', 'participant_name', 'organisation', 'method', 'device', 'voided', 'voided_at'],
    rows.map((r) => [
      r.id,
      r.scannedAt,
      r.receivedAt,
      r.stageId,
      r.town,
      r.participantId,
      r.name,
      r.organisation,
      r.method,
      r.deviceName,
      r.voided ? 'yes' : 'no',
      r.voidedAt,
    ]),
    options,
  );
}

/** What an export may be asked for besides its separator. */
export interface ExportOptions extends CsvOptions {
  /** Include the answers organizers set aside (with a `set_aside` column); left out by default. */
  includeSetAside?: boolean;
}

interface FormQuestion {
  id: string;
  kind: string;
  label: { fr: string; en: string };
  choices?: { id: string; label: { fr: string; en: string } }[];
}

/** The event's default language, for the labels of an export. */
async function eventLocale(db: Kysely<Tables>, eventId: string): Promise<'fr' | 'en'> {
  const event = await db.selectFrom('events').select('defaultLocale').where('id', '=', eventId).executeTakeFirst();
  return event?.defaultLocale === 'en' ? 'en' : 'fr';
}

/** The event's form questions, in its order (an unreadable form gives none: the ids are still exported). */
async function formQuestions(db: Kysely<Tables>, eventId: string): Promise<FormQuestion[]> {
  const form = await db.selectFrom('forms').select('questions').where('id', '=', eventId).executeTakeFirst();
  try {
    const questions: unknown = JSON.parse(form?.questions ?? '[]');
    return Array.isArray(questions) ? (questions as FormQuestion[]) : [];
  } catch {
    return [];
  }
}

/**
 * Every feedback answer of an event, in the order given: the rating, one column per question,
 * headed by its label, with the choices' labels in the event's language (its default language
 * unless `locale` says otherwise; French where a label has no English) and a multiple choice joined with " | ", a text question's text as written; the
 * comment, the stage and the device; then the same answers as ids (`answer_QUESTION`) for
 * scripts. Answers are anonymous: nothing here names a participant. Answers set aside by organizers
 * (a flooded poster, a misused phone) are left out unless asked for (then with a `set_aside` column).
 */
export async function feedbackCsv(db: Kysely<Tables>, eventId: string, options: ExportOptions & { locale?: 'fr' | 'en' } = {}): Promise<string> {
  const rows = await db
    .selectFrom('feedback')
    .leftJoin('stages', 'stages.id', 'feedback.stageId')
    .leftJoin('devices', 'devices.id', 'feedback.deviceId')
    .select([
      'feedback.id',
      'feedback.createdAt',
      'feedback.receivedAt',
      'feedback.stageId',
      'stages.town',
      'feedback.rating',
      'feedback.answers',
      'feedback.comment',
      'devices.name as deviceName',
      'feedback.setAside',
    ])
    .where('feedback.eventId', '=', eventId)
    .$if(!options.includeSetAside, (query) => query.where('feedback.setAside', '=', 0))
    .orderBy('feedback.createdAt')
    .orderBy('feedback.id')
    .execute();
  const answers = rows.map((row) => parseAnswers(row.answers));
  const form = await formQuestions(db, eventId);
  const locale = options.locale ?? (await eventLocale(db, eventId));
  const answered = [...new Set(answers.flatMap((answer) => Object.keys(answer)))];
  // The form's questions in its order, then any answered question no longer in the form (by its id).
  const questions = [...form.map((question) => question.id), ...answered.filter((id) => !form.some((question) => question.id === id))];
  const byId = new Map(form.map((question) => [question.id, question]));
  const text = (label: { fr: string; en: string } | undefined, fallback: string) => (label ? (locale === 'en' && label.en) || label.fr : fallback);
  const headers: string[] = [];
  for (const id of questions) {
    const header = text(byId.get(id)?.label, id);
    headers.push(headers.includes(header) ? `${header} (${id})` : header);
  }
  const readable = (id: string, value: string | string[] | undefined) => {
    const question = byId.get(id);
    const label = (choice: string) => text(question?.choices?.find((candidate) => candidate.id === choice)?.label, choice);
    if (value === undefined) return '';
    if (question?.kind === 'text') return Array.isArray(value) ? value.join(' | ') : value;
    return (Array.isArray(value) ? value : [value]).map(label).join(' | ');
  };
  const ids = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(' | ') : value);
  return toCsv(
    ['id', 'created_at', 'received_at', 'stage_id', 'stage_town', 'rating', ...headers, 'comment', 'device', ...(options.includeSetAside ? ['set_aside'] : []), ...questions.map((question) => `answer_${question}`)],
    rows.map((row, index) => [
      row.id,
      row.createdAt,
      row.receivedAt,
      row.stageId,
      row.town,
      row.rating,
      ...questions.map((question) => readable(question, answers[index]![question])),
      row.comment,
      row.deviceName,
      ...(options.includeSetAside ? [row.setAside ? 'yes' : 'no'] : []),
      ...questions.map((question) => ids(answers[index]![question])),
    ]),
    options,
  );
}

function parseAnswers(json: string): Record<string, string | string[]> {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string | string[]>) : {};
  } catch {
    return {};
  }
}
