import type { EventRecord, StageRecord, TalkRecord } from './domain.ts';

/** Public programme of an event, as served by GET /api/public/events/:slug/programme.json. */
export interface Programme {
  event: EventRecord;
  stages: StageRecord[];
  talks: TalkRecord[];
  generatedAt: string;
}

/** Path of the public programme JSON for an event. */
export function programmePath(slug: string): string {
  return `/api/public/events/${encodeURIComponent(slug)}/programme.json`;
}

/** The demo event's slug, the app's default event until a device is enrolled. */
export const DEMO_EVENT_SLUG = 'tiers-lieux-lozere';

/**
 * A public address of an event's page: `/e/SLUG` (its programme), `/e/SLUG/stages/ID`,
 * `/e/SLUG/my-programme`… The demo week keeps its first addresses (`/programme`, `/stages/ID`),
 * so that links already printed or shared keep working.
 */
export function eventPath(slug: string, rest = ''): string {
  if (slug === DEMO_EVENT_SLUG) return rest || '/programme';
  return `/e/${encodeURIComponent(slug)}${rest}`;
}

/** The address of a stage's page in the app (what a calendar entry links to, and what is shared). */
export function stagePath(stageId: string, slug = DEMO_EVENT_SLUG): string {
  return eventPath(slug, `/stages/${encodeURIComponent(stageId)}`);
}
