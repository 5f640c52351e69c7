import { useMemo } from 'preact/hooks';
import { useLiveQuery } from '../../db/live-query.ts';
import { APP_DATABASE, read, type TableName } from '../../db/database.ts';
import { byStart } from '../../db/records.ts';
import { filterParticipants, indexParticipants, presentIds, type ParticipantFilter } from './filter.ts';

const TABLES: readonly TableName[] = ['participants', 'checkins', 'stages', 'events'];

/** The event's participants, stages and check-ins from the device's database, filtered; live. */
export function useFilteredParticipants(eventId: string, filter: ParticipantFilter) {
  const db = APP_DATABASE;
  const data = useLiveQuery(
    () =>
      read(db, TABLES, async (tx) => ({
        people: await tx.objectStore('participants').index('eventId').getAll(eventId),
        checkins: await tx.objectStore('checkins').getAll(),
        stages: (await tx.objectStore('stages').index('eventId').getAll(eventId)).sort(byStart),
        event: await tx.objectStore('events').get(eventId),
      })),
    TABLES,
    [eventId],
  );
  const ready = data.status === 'ready' ? data.value : undefined;
  const index = useMemo(() => (ready ? indexParticipants(ready.people) : []), [ready]);
  const present = useMemo(() => (ready ? presentIds(ready.checkins, filter.stageId) : new Set<string>()), [ready, filter.stageId]);
  const shown = useMemo(() => filterParticipants(index, present, filter), [index, present, filter]);
  return { ready: ready !== undefined, total: index.length, shown, present, stages: ready?.stages ?? [], event: ready?.event };
}
