import type { Kysely } from 'kysely';
import type { Tables } from '../database/tables.ts';
import { toCsv } from './csv.ts';

/** The registered participants of an event, with their badge codes (erased and deleted ones left out). */
export async function participantsCsv(db: Kysely<Tables>, eventId: string): Promise<string> {
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
  );
}

/** Every scan of an event, in scan order, undone ones included and marked `voided = yes`. */
export async function checkinsCsv(db: Kysely<Tables>, eventId: string): Promise<string> {
  const rows = await db
    .selectFrom('checkins')
    .leftJoin('participants', 'participants.id', 'checkins.participantId')
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
  );
}
