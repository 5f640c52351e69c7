import type { Programme } from '../../src/shared/programme.ts';

/** A small valid programme: one event, two stages, one talk. */
export function sampleProgramme(overrides: Partial<Programme> = {}): Programme {
  return {
    event: {
      id: 'event-1',
      slug: 'tiers-lieux-lozere',
      name: 'Semaine des tiers-lieux en Lozère',
      startsOn: '2026-11-23',
      endsOn: '2026-11-26',
      timeZone: 'Europe/Paris',
      defaultLocale: 'fr',
      badgePublicKey: 'key',
    },
    stages: [
      {
        id: 'stage-florac',
        eventId: 'event-1',
        title: 'Florac',
        town: 'Florac Trois Rivières',
        venue: 'Tiers-lieu éphémère en extérieur',
        address: '48400 Florac',
        lat: 44.3243,
        lng: 3.5933,
        startsAt: '2026-11-26T09:00:00.000Z',
        endsAt: '2026-11-26T12:00:00.000Z',
        theme: 'Formes de collaboration',
        kind: 'ephemeral',
        hosts: ['Lozère Développement'],
      },
      {
        id: 'stage-langogne',
        eventId: 'event-1',
        title: 'Langogne',
        town: 'Langogne',
        venue: 'MSAP',
        address: '48300 Langogne',
        lat: 44.7278,
        lng: 3.8558,
        startsAt: '2026-11-23T13:00:00.000Z',
        endsAt: '2026-11-23T16:00:00.000Z',
        theme: 'Commerce connecté',
        kind: 'indoor',
        hosts: [],
      },
    ],
    talks: [
      {
        id: 'talk-1',
        stageId: 'stage-langogne',
        title: 'Géolocalisation commerciale',
        speakers: ['Lysiane Bonicel'],
        partner: 'CCI de la Lozère',
        startsAt: '2026-11-23T13:45:00.000Z',
        endsAt: '2026-11-23T15:15:00.000Z',
      },
    ],
    generatedAt: '2026-11-25T10:00:00.000Z',
    ...overrides,
  };
}
