import { useEffect, useState } from 'preact/hooks';
import { followsAnEvent, rememberVisitedEvent } from '../../db/current-event.ts';
import { eventPath } from '../../shared/programme.ts';
import { formatDay } from '../../shared/time.ts';
import { fetchWithTimeout, readJson } from '../../sync/http.ts';
import { useI18n } from '../../ui/i18n.ts';
import '../../ui/messages/home.ts';
import { ProgrammePage } from './ProgrammePage.tsx';

interface PublicEvent {
  slug: string;
  name: string;
  startsOn: string;
  endsOn: string;
  place: string;
  archived: boolean;
}

type Listing = { status: 'loading' } | { status: 'offline' } | { status: 'ready'; events: PublicEvent[] };

/**
 * `/`: the programme of the event this device follows (enrolled, or opened before); on a first
 * visit, the server's events (the only one opens at once). Offline on a first visit, the programme
 * page says the programme is not saved yet.
 */
export function HomePage() {
  const { t, locale } = useI18n();
  const [following, setFollowing] = useState(followsAnEvent);
  const [listing, setListing] = useState<Listing>({ status: 'loading' });
  useEffect(() => {
    if (following) return;
    fetchWithTimeout('/api/public/events', {}, 8_000)
      .then((response) => readJson(response, 'The list of events'))
      .then(
        (body) => {
          const events = (body as { events: PublicEvent[] }).events;
          if (events.length === 1) {
            rememberVisitedEvent(events[0]!.slug);
            setFollowing(true);
          } else setListing({ status: 'ready', events });
        },
        () => setListing({ status: 'offline' }),
      );
  }, [following]);
  if (following || listing.status === 'offline') return <ProgrammePage />;
  if (listing.status === 'loading') return <p role="status">{t('programme.loading')}</p>;
  return (
    <section class="event-list">
      <h1>{t('home.title')}</h1>
      {listing.events.length === 0 ? <p>{t('home.none')}</p> : null}
      <ul>
        {listing.events.map((event) => (
          <li key={event.slug}>
            <a href={eventPath(event.slug)}>{event.name}</a>{' '}
            <span>
              {t('home.dates', { start: formatDay(event.startsOn, locale), end: formatDay(event.endsOn, locale) })}
              {event.place ? ` · ${event.place}` : ''}
              {event.archived ? ` · ${t('home.archived')}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
