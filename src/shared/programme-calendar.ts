import type { EventRecord, StageRecord, TalkRecord } from './domain.ts';
import { buildCalendar, type CalendarEntry } from './ical.ts';
import { stagePath } from './programme.ts';
import { formatTime } from './time.ts';

/** What the calendars are made of: the same shape on the server and on a device. */
export interface CalendarSource {
  event: EventRecord;
  stages: StageRecord[];
  talks: TalkRecord[];
}

function talkLine(talk: TalkRecord, timeZone: string): string {
  const people = [talk.speakers.join(', '), talk.partner].filter(Boolean).join(' — ');
  return `${formatTime(talk.startsAt, timeZone, 'fr')} ${talk.title}${people ? ` (${people})` : ''}`;
}

function stageEntry(stage: StageRecord, talks: TalkRecord[], timeZone: string, origin: string | undefined, slug: string): CalendarEntry {
  const own = talks.filter((talk) => talk.stageId === stage.id);
  return {
    uid: `stage-${stage.id}@etape`,
    title: `${stage.town} — ${stage.title}`,
    startsAt: stage.startsAt,
    endsAt: stage.endsAt,
    location: [stage.venue, stage.address].filter(Boolean).join(', '),
    geo: { lat: stage.lat, lng: stage.lng },
    description: [stage.theme, ...own.map((talk) => talkLine(talk, timeZone))].filter(Boolean).join('\n'),
    url: origin ? `${origin}${stagePath(stage.id, slug)}` : undefined,
  };
}

function talkEntry(talk: TalkRecord, stage: StageRecord | undefined, origin: string, slug: string): CalendarEntry {
  return {
    uid: `talk-${talk.id}@etape`,
    title: talk.title,
    startsAt: talk.startsAt,
    endsAt: talk.endsAt,
    location: stage ? [stage.town, stage.venue, stage.address].filter(Boolean).join(', ') : undefined,
    geo: stage ? { lat: stage.lat, lng: stage.lng } : undefined,
    description: [talk.speakers.join(', '), talk.partner].filter(Boolean).join('\n'),
    url: stage ? `${origin}${stagePath(stage.id, slug)}` : undefined,
  };
}

/** The whole week: one entry per stage, its talks listed in the description (links to the stages' pages when `origin` is known). */
export function weekCalendar(source: CalendarSource, origin: string | undefined, now?: Date): string {
  const { event, stages, talks } = source;
  const entries = stages.map((stage) => stageEntry(stage, talks, event.timeZone, origin, event.slug));
  return buildCalendar({ name: event.name, timeZone: event.timeZone, entries, now });
}

/** One stage. */
export function stageCalendar(source: CalendarSource, stageId: string, origin: string | undefined, now?: Date): string {
  const { event, stages, talks } = source;
  const stage = stages.find((candidate) => candidate.id === stageId);
  const entries = stage ? [stageEntry(stage, talks, event.timeZone, origin, event.slug)] : [];
  return buildCalendar({ name: stage ? `${event.name} — ${stage.town}` : event.name, timeZone: event.timeZone, entries, now });
}

/** The talks a participant starred, each as its own entry. */
export function starredCalendar(source: CalendarSource, talkIds: readonly string[], origin: string, now?: Date): string {
  const { event, stages, talks } = source;
  const wanted = new Set(talkIds);
  const entries = talks
    .filter((talk) => wanted.has(talk.id))
    .map((talk) => talkEntry(talk, stages.find((stage) => stage.id === talk.stageId), origin, event.slug));
  return buildCalendar({ name: event.name, timeZone: event.timeZone, entries, now });
}
