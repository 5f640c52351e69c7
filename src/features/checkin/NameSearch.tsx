import { Component } from 'preact';
import { useMemo, useRef, useState } from 'preact/hooks';
import type { ParticipantRow } from '../../db/schema.ts';
import { useI18n, type Translate } from '../../ui/i18n.ts';
import { personDetail } from './describe-outcome.ts';
import { unlockSound } from './scan-feedback.ts';
import { searchPeople, type SearchIndex } from './search.ts';
import { looksLikeBadge } from './use-wedge-scanner.ts';

interface Props {
  index: SearchIndex;
  /** Checks the person in; resolves to true once it committed (the box is then cleared for the next person). */
  onPick(person: ParticipantRow): Promise<boolean>;
  /** A badge code typed into the box by a scanner, then Enter. */
  onBadge(code: string): void;
}

/**
 * Results shown at most: what a phone shows below the box (more rows are more work at every key,
 * for rows nobody sees); beyond, a line asks for more of the name.
 */
const SHOWN = 8;
const SLOTS = Array.from({ length: SHOWN }, (_, position) => position);

/**
 * The name search of the check-in screen: the box and its results. Its query is its own state, so
 * a key re-renders this list and nothing else of the screen (at a festival a key must answer in
 * 16 ms on a phone slowed 4×). The result rows are kept mounted and matched by position, not by
 * person: the next key changes their texts instead of removing and creating elements, which
 * costs the browser style and layout work for every new element. Rows without a person are
 * hidden, not removed: the first key of the next query (the box is emptied after each check-in)
 * fills them instead of creating them (at festival size, first keys were the slowest).
 */
export function NameSearch({ index, onPick, onBadge }: Props) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const found = useMemo(() => searchPeople(index, query, SHOWN + 1), [index, query]);
  const matches = found.slice(0, SHOWN);

  const pick = async (person: ParticipantRow) => {
    const searched = query;
    // Cleared for the next person, unless the next name is already being typed while this one committed.
    if (await onPick(person)) setQuery((current) => (current === searched ? '' : current));
  };
  // One callback for the whole life of the list, calling this key's `pick`: a row whose person did not change is not rendered again.
  const latestPick = useRef(pick);
  latestPick.current = pick;
  const choose = useMemo(() => (person: ParticipantRow) => void latestPick.current(person), []);

  return (
    <>
      <label for="checkin-search">{t('checkin.search')}</label>
      <input
        id="checkin-search"
        class="field"
        type="search"
        autoComplete="off"
        aria-describedby="checkin-search-hint"
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={(e) => {
          // A scanner typing into the search box: a badge followed by Enter is a scan, not a search.
          if (e.key === 'Enter' && looksLikeBadge(e.currentTarget.value)) {
            e.preventDefault();
            const code = e.currentTarget.value;
            setQuery('');
            onBadge(code);
          }
        }}
      />
      <p id="checkin-search-hint" class="muted">
        {t('checkin.searchHint')}
      </p>
      {query.trim() && matches.length === 0 ? <p>{t('checkin.noMatch', { query })}</p> : null}
      <ul class="people people--search">
        {/* Keyed by position on purpose (see above): the row stays, its person changes; without one it is hidden, not removed. */}
        {SLOTS.map((position) => (
          <SearchRow key={position} person={matches[position]?.person} t={t} onChoose={choose} />
        ))}
      </ul>
      {found.length > SHOWN ? <p class="muted">{t('checkin.moreMatches')}</p> : null}
    </>
  );
}

interface RowProps {
  person: ParticipantRow | undefined;
  t: Translate;
  onChoose(person: ParticipantRow): void;
}

/**
 * One result row, rendered again only when its person (or the language) changed: over the festival
 * bench's queries, 7 rows in 10 keep their person (or their emptiness) from one key to the next, and
 * those then cost no render and no diff. A class for `shouldComponentUpdate`: `memo` is in
 * preact/compat, which the app does not load.
 */
class SearchRow extends Component<RowProps> {
  override shouldComponentUpdate(next: RowProps): boolean {
    return next.person !== this.props.person || next.t !== this.props.t || next.onChoose !== this.props.onChoose;
  }

  override render({ person, t, onChoose }: RowProps) {
    const detail = person ? personDetail(person, t) : '';
    return (
      <li hidden={!person}>
        {/*
          The name read out says what the button does and holds the text shown (the name, then the
          detail that tells two namesakes apart). No hidden text in the row: a visually hidden (out of
          flow) name in each row was about a third of every key's layout at festival size.
        */}
        <button
          type="button"
          class="button person"
          aria-label={person ? `${t('checkin.checkIn', { name: person.name })}, ${detail}` : undefined}
          onClick={() => {
            if (!person) return;
            unlockSound();
            onChoose(person);
          }}
        >
          <strong>{person?.name ?? ''}</strong> <span class="muted">{detail}</span>
        </button>
      </li>
    );
  }
}
