import * as v from 'valibot';
import { LOCALES, STAGE_KINDS } from './domain.ts';

/** Public programme of an event, as served by GET /api/public/events/:slug/programme.json. */

const isoInstant = v.pipe(v.string(), v.isoTimestamp());
const isoDate = v.pipe(v.string(), v.isoDate());

export const PublicEventSchema = v.object({
  id: v.string(),
  slug: v.string(),
  name: v.string(),
  startsOn: isoDate,
  endsOn: isoDate,
  timeZone: v.string(),
  defaultLocale: v.picklist(LOCALES),
  badgePublicKey: v.string(),
});

export const StageSchema = v.object({
  id: v.string(),
  eventId: v.string(),
  title: v.string(),
  town: v.string(),
  venue: v.string(),
  address: v.string(),
  lat: v.number(),
  lng: v.number(),
  startsAt: isoInstant,
  endsAt: isoInstant,
  theme: v.string(),
  kind: v.picklist(STAGE_KINDS),
  hosts: v.array(v.string()),
});

export const TalkSchema = v.object({
  id: v.string(),
  stageId: v.string(),
  title: v.string(),
  speakers: v.array(v.string()),
  partner: v.string(),
  startsAt: isoInstant,
  endsAt: isoInstant,
});

export const ProgrammeSchema = v.object({
  event: PublicEventSchema,
  stages: v.array(StageSchema),
  talks: v.array(TalkSchema),
  generatedAt: isoInstant,
});

export type Programme = v.InferOutput<typeof ProgrammeSchema>;

/** Path of the public programme JSON for an event. */
export function programmePath(slug: string): string {
  return `/api/public/events/${encodeURIComponent(slug)}/programme.json`;
}

/** The demo event's slug, the app's default event until a device is enrolled. */
export const DEMO_EVENT_SLUG = 'tiers-lieux-lozere';
