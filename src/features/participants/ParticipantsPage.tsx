import { useState } from 'preact/hooks';
import type { DeviceIdentity } from '../../db/device.ts';
import { PROFILES } from '../../shared/domain.ts';
import { formatTime } from '../../shared/time.ts';
import { useI18n } from '../../ui/i18n.ts';
import { filterFromQuery, filterToQuery, type ParticipantFilter } from './filter.ts';
import { ExportButtons } from '../../ui/ExportButtons.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import { OrganizerOnly } from './OrganizerOnly.tsx';
import { useFilteredParticipants } from './use-participants.ts';

/** Rows drawn at once: enough to browse, few enough to stay fast with 10,000 participants. */
const LIST_LIMIT = 200;

/** /participants: the organizer's list, searched and filtered, with the CSV import and the badge sheet. */
export function ParticipantsPage() {
  return <OrganizerOnly>{(me) => <ParticipantList me={me} />}</OrganizerOnly>;
}

function ParticipantList({ me }: { me: DeviceIdentity }) {
  const { t, locale } = useI18n();
  const [filter, setFilterState] = useState<ParticipantFilter>(() => filterFromQuery(location.search));
  const setFilter = (next: ParticipantFilter) => {
    setFilterState(next);
    // Kept in the address (without a new history entry) so that "back" from a detail page finds the same list.
    history.replaceState(history.state, '', `/participants${filterToQuery(next)}`);
  };
  const { ready, total, shown, present, stages, event } = useFilteredParticipants(me.eventId, filter);
  const timeZone = event?.timeZone ?? 'Europe/Paris';
  if (!ready) return null;

  return (
    <section class="participants">
      <h1>{t('participants.title')}</h1>
      <div class="filters">
        <div>
          <label for="participants-search">{t('participants.search')}</label>
          <input
            id="participants-search"
            class="field"
            type="search"
            autoComplete="off"
            aria-describedby="participants-search-hint"
            value={filter.query}
            onInput={(e) => setFilter({ ...filter, query: e.currentTarget.value })}
          />
          <p id="participants-search-hint" class="muted">
            {t('participants.searchHint')}
          </p>
        </div>
        <div>
          <label for="participants-stage">{t('participants.stage')}</label>
          <select id="participants-stage" class="field" value={filter.stageId} onChange={(e) => setFilter({ ...filter, stageId: e.currentTarget.value })}>
            <option value="">{t('participants.allStages')}</option>
            {stages.map((stage) => (
              <option key={stage.id} value={stage.id}>
                {stage.town} — {formatTime(stage.startsAt, timeZone, locale)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="participants-presence">{t('participants.presence')}</label>
          <select
            id="participants-presence"
            class="field"
            value={filter.presence}
            onChange={(e) => setFilter({ ...filter, presence: e.currentTarget.value as ParticipantFilter['presence'] })}
          >
            <option value="all">{t('participants.presence.all')}</option>
            <option value="present">{t('participants.presence.present')}</option>
            <option value="absent">{t('participants.presence.absent')}</option>
          </select>
        </div>
        <div>
          <label for="participants-profile">{t('participants.profile')}</label>
          <select
            id="participants-profile"
            class="field"
            value={filter.profile}
            onChange={(e) => setFilter({ ...filter, profile: e.currentTarget.value as ParticipantFilter['profile'] })}
          >
            <option value="">{t('participants.allProfiles')}</option>
            {PROFILES.map((profile) => (
              <option key={profile} value={profile}>
                {t(`participants.profile.${profile}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div class="stack">
        <a class="button button--primary" href={`/participants/badges${filterToQuery(filter)}`}>
          {t('participants.printBadges', { count: shown.length })}
        </a>
        <ExportButtons me={me} />
      </div>
      <ImportPanel eventId={me.eventId} />
      <p role="status" data-testid="participants-count">
        {t('participants.count', { shown: shown.length, total })}
      </p>
      {shown.length === 0 ? <p>{t('participants.noMatch')}</p> : null}
      {shown.length > LIST_LIMIT ? <p class="muted">{t('participants.firstShown', { count: LIST_LIMIT })}</p> : null}
      <ul class="people" data-testid="participants">
        {shown.slice(0, LIST_LIMIT).map((person) => (
          <li key={person.id}>
            <a class="button person" href={`/participants/${encodeURIComponent(person.id)}`}>
              <span>
                <strong>{person.name}</strong> <span class="muted">{person.organisation}</span>{' '}
                <span class="tags">
                  {present.has(person.id) ? <span class="tag tag--present">{t('participants.present')}</span> : null}
                  {person.origin === 'walk-in' ? <span class="tag">{t('participants.walkIn')}</span> : null}
                  {person.badgeCode ? null : <span class="tag tag--pending">{t('participants.badgePending')}</span>}
                </span>
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
