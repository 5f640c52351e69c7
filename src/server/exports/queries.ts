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

/**
 * Every feedback answer of an event, in the order given: the rating, one column per question
 * (a multiple choice answer joined with " | "), the comment, the stage and the device. Answers are
 * anonymous: nothing here names a participant. Answers set aside by organizers (a flooded poster,
 * a misused phone) are left out unless asked for.
 */
export async function feedbackCsv(db: Kysely<Tables>, eventId: string, options: ExportOptions = {}): Promise<string> {
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
  const questions = [...new Set(answers.flatMap((answer) => Object.keys(answer)))];
  return toCsv(
    ['id', 'created_at', 'received_at', 'stage_id', 'stage_town', 'rating', ...questions.map((question) => `answer_${question}`), 'comment', 'device', ...(options.includeSetAside ? ['set_aside'] : [])],
    rows.map((row, index) => [
      row.id,
      row.createdAt,
      row.receivedAt,
      row.stageId,
      row.town,
      row.rating,
      ...questions.map((question) => {
        const value = answers[index]![question];
        return Array.isArray(value) ? value.join(' | ') : value;
      }),
      row.comment,
      row.deviceName,
      ...(options.includeSetAside ? [row.setAside ? 'yes' : 'no'] : []),
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
