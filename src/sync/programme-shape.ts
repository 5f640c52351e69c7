import type { Programme } from '../shared/programme.ts';

/**
 * Checks that an answer has the shape of a programme before it replaces the stored copy: the
 * server validated every field when it was written, so the device only guards against answers
 * that are not the programme at all (a captive portal's page, a truncated body, an old server).
 * Kept apart from the valibot schemas so that the public programme page does not load valibot.
 */
export function isProgrammeShape(body: unknown): body is Programme {
  if (!isObject(body) || !isObject(body.event) || !Array.isArray(body.stages) || !Array.isArray(body.talks)) return false;
  const { event } = body;
  if (!allStrings(event, ['id', 'slug', 'name', 'startsOn', 'endsOn', 'timeZone'])) return false;
  const stagesOk = body.stages.every(
    (stage) =>
      isObject(stage) &&
      allStrings(stage, ['id', 'eventId', 'title', 'town', 'venue', 'startsAt', 'endsAt', 'kind']) &&
      typeof stage.lat === 'number' &&
      typeof stage.lng === 'number' &&
      Array.isArray(stage.hosts),
  );
  const talksOk = body.talks.every(
    (talk) => isObject(talk) && allStrings(talk, ['id', 'stageId', 'title', 'startsAt', 'endsAt']) && Array.isArray(talk.speakers),
  );
  return stagesOk && talksOk;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function allStrings(record: Record<string, unknown>, keys: string[]): boolean {
  return keys.every((key) => typeof record[key] === 'string');
}
