import { describe, expect, it } from 'vitest';
import type { CheckinRow, ParticipantRow } from '../../../../src/db/schema.ts';
import {
  NO_FILTER,
  filterFromQuery,
  filterParticipants,
  filterToQuery,
  indexParticipants,
  presentIds,
} from '../../../../src/features/participants/filter.ts';

const person = (id: string, name: string, organisation: string, profile: ParticipantRow['profile'] = 'other', erased = false): ParticipantRow => ({
  id, eventId: 'event-1', name, organisation, profile, email: null, badgeCode: `E1.event-1.${id}.sig`, origin: 'import', consent: true, erased,
});
const scan = (participantId: string, stageId: string, voided: 0 | 1 = 0): CheckinRow => ({
  id: `${participantId}-${stageId}-${voided}`, participantId, stageId, deviceId: 'd', scannedAt: '2026-11-26T09:00:00Z', receivedAt: null, method: 'camera', voided, voidedAt: null,
});

const people = [
  person('h', 'Hélène Martin', 'Mairie de Mende', 'elected-official'),
  person('c', 'Paul Chély', 'Tiers-lieu de Florac', 'freelancer'),
  person('z', 'Zoé Ébrard', 'Lozère Développement', 'public-agency'),
  person('e', '', '', 'other', true),
];
const index = indexParticipants(people);
const checkins = [scan('h', 'florac'), scan('c', 'florac', 1), scan('c', 'mende'), scan('z', 'mende')];
const names = (filter: Partial<typeof NO_FILTER>, stage = filter.stageId ?? '') =>
  filterParticipants(index, presentIds(checkins, stage), { ...NO_FILTER, ...filter }).map((p) => p.id);

describe('searching and filtering participants', () => {
  it('sorts by name in French order and leaves erased participants out', () => {
    expect(index.map(({ person }) => person.id)).toEqual(['h', 'c', 'z']);
  });

  it('folds accents and case: "helene" finds Hélène, "chely" finds Chély, "ebrard" finds Ébrard', () => {
    expect(names({ query: 'helene' })).toEqual(['h']);
    expect(names({ query: 'CHELY' })).toEqual(['c']);
    expect(names({ query: 'ebrard' })).toEqual(['z']);
    expect(names({ query: 'lozere dev' })).toEqual(['z']);
    expect(names({ query: 'nobody' })).toEqual([]);
  });

  it('filters by presence at a stage (an undone scan does not count), or over the week', () => {
    expect(names({ stageId: 'florac', presence: 'present' })).toEqual(['h']);
    expect(names({ stageId: 'florac', presence: 'absent' })).toEqual(['c', 'z']);
    expect(names({ presence: 'present' })).toEqual(['h', 'c', 'z']);
  });

  it('filters by profile, combined with the search', () => {
    expect(names({ profile: 'freelancer' })).toEqual(['c']);
    expect(names({ profile: 'freelancer', query: 'helene' })).toEqual([]);
  });

  it('carries the filter in the badge sheet’s address and back', () => {
    const filter = { query: 'hélène ', stageId: 'florac', presence: 'present' as const, profile: 'elected-official' as const };
    const query = filterToQuery(filter);
    expect(query).toBe('?q=h%C3%A9l%C3%A8ne&stage=florac&presence=present&profile=elected-official');
    expect(filterFromQuery(Object.fromEntries(new URLSearchParams(query)))).toEqual({ ...filter, query: 'hélène' });
    expect(filterFromQuery({ presence: 'maybe', profile: 'astronaut' })).toEqual(NO_FILTER);
  });
});
