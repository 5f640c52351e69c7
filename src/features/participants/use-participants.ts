import { useMemo } from 'preact/hooks';
import { useLiveQuery } from '../../db/live-query.ts';
import { APP_DATABASE, read, type TableName } from '../../db/database.ts';
import { readAttendance } from '../../db/attendance.ts';
import { participantsOf } from '../../db/participant-store.ts';
import { byStart } from '../../db/records.ts';
import { filterParticipants, indexParticipants, presentIds, type ParticipantFilter } from './filter.ts';

const TABLES: readonly TableName[] = ['participants', 'attendance', 'attendanceLog', 'stages', 'events'];

/**
 * The event's participants and stages from the device's database, and who is present where (its
 * `attendance`, not its 100,000 check-ins at a festival), filtered; live.
 */
export function useFilteredParticipants(eventId: string, filter: ParticipantFilter) {
  const db = APP_DATABASE;
  const data = useLiveQuery(
    () =>
      read(db, TABLES, async (tx) => {
        const stages = (await tx.objectStore('stages').index('eventId').getAll(eventId)).sort(byStart);
        return {
          people: await participantsOf(tx, eventId),
          checkins: await readAttendance(tx, new Set(stages.map((stage) => stage.id))),
          stages,
          event: await tx.objectStore('events').get(eventId),
        };
      }),
    TABLES,
    [eventId],
  );
  const ready = data.status === 'ready' ? data.value : undefined;
  const index = useMemo(() => (ready ? indexParticipants(ready.people) : []), [ready]);
  const present = useMemo(() => (ready ? presentIds(ready.checkins, filter.stageId) : new Set<string>()), [ready, filter.stageId]);
  const shown = useMemo(() => filterParticipants(index, present, filter), [index, present, filter]);
  return { ready: ready !== undefined, total: index.length, shown, present, stages: ready?.stages ?? [], event: ready?.event };
}
