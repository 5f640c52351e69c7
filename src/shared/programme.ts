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

/** The address of a stage's page in the app (what a calendar entry links to, and what is shared). */
export function stagePath(stageId: string): string {
  return `/stages/${encodeURIComponent(stageId)}`;
}

/** The demo event's slug, the app's default event until a device is enrolled. */
export const DEMO_EVENT_SLUG = 'tiers-lieux-lozere';
