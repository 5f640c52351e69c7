import { useMemo } from 'preact/hooks';
import { useLiveQuery } from '../../db/live-query.ts';
import { database } from '../../db/dexie.ts';
import { filterParticipants, indexParticipants, presentIds, type ParticipantFilter } from './filter.ts';

/** The event's participants, stages and check-ins from the device's database, filtered; live. */
export function useFilteredParticipants(eventId: string, filter: ParticipantFilter) {
  const db = database();
  const data = useLiveQuery(
    () =>
      db.transaction('r', [db.participants, db.checkins, db.stages, db.events], async () => ({
        people: await db.participants.where('eventId').equals(eventId).toArray(),
        checkins: await db.checkins.toArray(),
        stages: await db.stages.where('eventId').equals(eventId).sortBy('startsAt'),
        event: await db.events.get(eventId),
      })),
    [eventId],
  );
  const ready = data.status === 'ready' ? data.value : undefined;
  const index = useMemo(() => (ready ? indexParticipants(ready.people) : []), [ready]);
  const present = useMemo(() => (ready ? presentIds(ready.checkins, filter.stageId) : new Set<string>()), [ready, filter.stageId]);
  const shown = useMemo(() => filterParticipants(index, present, filter), [index, present, filter]);
  return { ready: ready !== undefined, total: index.length, shown, present, stages: ready?.stages ?? [], event: ready?.event };
}
