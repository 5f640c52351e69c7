import { useMemo } from 'preact/hooks';
import type { DeviceIdentity } from '../../db/device.ts';
import { useI18n } from '../../ui/i18n.ts';
import { BadgeCard } from './BadgeCard.tsx';
import { filterFromQuery, filterToQuery } from './filter.ts';
import { OrganizerOnly } from './OrganizerOnly.tsx';
import { useFilteredParticipants } from './use-participants.ts';

/** Badges per printed A4 page (2 columns × 4 rows; see the print section of styles.css). */
const PER_PAGE = 8;

/** /participants/badges: an A4 sheet of badges for the participants the list's filter selects. */
export function BadgeSheetPage() {
  return <OrganizerOnly>{(me) => <BadgeSheet me={me} />}</OrganizerOnly>;
}

function BadgeSheet({ me }: { me: DeviceIdentity }) {
  const { t } = useI18n();
  const search = location.search;
  const filter = useMemo(() => filterFromQuery(search), [search]);
  const { ready, shown, event } = useFilteredParticipants(me.eventId, filter);
  const pages = useMemo(() => {
    const chunks = [];
    for (let start = 0; start < shown.length; start += PER_PAGE) chunks.push(shown.slice(start, start + PER_PAGE));
    return chunks;
  }, [shown]);
  if (!ready) return null;
  const pending = shown.filter((person) => !person.badgeCode).length;

  return (
    <section class="badge-sheet">
      <div class="no-print">
        <p>
          <a href={`/participants${filterToQuery(filter)}`}>{t('participants.back')}</a>
        </p>
        <h1>{t('participants.sheet.title')}</h1>
        <p class="muted">{t('participants.sheet.help')}</p>
        {pending > 0 ? <p class="banner banner--warning">{t('participants.sheet.pending', { count: pending })}</p> : null}
        <button type="button" class="button button--primary" onClick={() => window.print()}>
          {t('participants.sheet.print')}
        </button>
      </div>
      {pages.map((page, index) => (
        <div class="badge-page" key={index}>
          {page.map((person) => (
            <BadgeCard key={person.id} person={person} eventName={event?.name ?? ''} size={170} />
          ))}
        </div>
      ))}
    </section>
  );
}
