import * as v from 'valibot';
import { LOCALES, STAGE_KINDS } from './domain.ts';
import type { Programme } from './programme.ts';

/**
 * The valibot schema of the public programme (GET /api/public/events/:slug/programme.json), for
 * the server and tests. The browser checks only the shape (src/sync/programme-shape.ts), so that
 * the public programme page does not load valibot.
 */

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

// The schema and the Programme type must describe the same thing.
export const programmeSchemaMatchesType: v.InferOutput<typeof ProgrammeSchema> extends Programme
  ? Programme extends v.InferOutput<typeof ProgrammeSchema>
    ? true
    : false
  : false = true;
