import type { ParticipantRow } from '../../db/schema.ts';
import type { FigureCheckin } from '../../shared/figures.ts';
import { PROFILES, type Profile } from '../../shared/domain.ts';
import { foldText, matchesQuery } from '../../shared/fold.ts';

/** What the organizer narrows the list to; also carried in the badge sheet's address. */
export interface ParticipantFilter {
  query: string;
  /** A stage, or '' for the whole week. */
  stageId: string;
  presence: 'all' | 'present' | 'absent';
  profile: Profile | '';
}

export const NO_FILTER: ParticipantFilter = { query: '', stageId: '', presence: 'all', profile: '' };

/** The ids of people present at the stage (any stage when ''): those with a non-voided check-in. */
export function presentIds(checkins: readonly FigureCheckin[], stageId: string): Set<string> {
  const ids = new Set<string>();
  for (const row of checkins) if (!row.voided && (!stageId || row.stageId === stageId)) ids.add(row.participantId);
  return ids;
}

/** A participant and the folded text the search runs on (built once per list, not per keystroke). */
export interface IndexedParticipant {
  person: ParticipantRow;
  folded: string;
}

/** Sorted by name (French order), erased participants left out. */
export function indexParticipants(people: readonly ParticipantRow[]): IndexedParticipant[] {
  const collator = new Intl.Collator('fr', { sensitivity: 'base' });
  return people
    .filter((person) => !person.erased)
    .sort((a, b) => collator.compare(a.name, b.name))
    .map((person) => ({ person, folded: foldText(`${person.name} ${person.organisation} ${person.email ?? ''}`) }));
}

/** The participants that pass every criterion of the filter, in the index's order. */
export function filterParticipants(index: readonly IndexedParticipant[], present: ReadonlySet<string>, filter: ParticipantFilter): ParticipantRow[] {
  const query = filter.query.trim();
  return index
    .filter(({ person, folded }) => {
      if (filter.profile && person.profile !== filter.profile) return false;
      if (filter.presence === 'present' && !present.has(person.id)) return false;
      if (filter.presence === 'absent' && present.has(person.id)) return false;
      return !query || matchesQuery(folded, query);
    })
    .map(({ person }) => person);
}

/** The filter as address parameters (only what is set), and back. */
export function filterToQuery(filter: ParticipantFilter): string {
  const params = new URLSearchParams();
  if (filter.query.trim()) params.set('q', filter.query.trim());
  if (filter.stageId) params.set('stage', filter.stageId);
  if (filter.presence !== 'all') params.set('presence', filter.presence);
  if (filter.profile) params.set('profile', filter.profile);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The filter of an address's query string (`location.search`), or of its parameters. */
export function filterFromQuery(search: string | Record<string, string | undefined>): ParticipantFilter {
  const query = typeof search === 'string' ? Object.fromEntries(new URLSearchParams(search)) : search;
  const presence = query.presence === 'present' || query.presence === 'absent' ? query.presence : 'all';
  const profile = (PROFILES as readonly string[]).includes(query.profile ?? '') ? (query.profile as Profile) : '';
  return { query: query.q ?? '', stageId: query.stage ?? '', presence, profile };
}
