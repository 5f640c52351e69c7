import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { readProgramme, type StoredProgramme } from '../../db/programme.ts';
import { readStars, toggleStar } from '../../db/stars.ts';
import { useLiveQuery } from '../../db/live-query.ts';
import { database } from '../../db/schema.ts';
import { formatDateTime, formatDay, formatTime } from '../../shared/time.ts';
import { useI18n } from '../../ui/i18n.ts';
import { useLocation } from '../../ui/router.tsx';
import { currentEventSlug } from '../../db/current-event.ts';
import { groupByDay } from './group-by-day.ts';
import { NowNextBanner } from './NowNextBanner.tsx';
import { StageCard } from './StageCard.tsx';
import { useProgrammeRefresh, type RefreshState } from './use-programme-refresh.ts';

/** What the lazily loaded part of the page gets: change notices, calendar files, organizer's links. */
export interface ProgrammeExtrasProps {
  programme: StoredProgramme;
  slug: string;
  stars: readonly string[];
  mine: boolean;
}

/**
 * The week's programme, read from the device's database and kept current when online; at
 * /my-programme, only the talks starred on this device.
 */
export function ProgrammePage() {
  const { t, locale } = useI18n();
  const { path } = useLocation();
  const mine = path.startsWith('/my-programme');
  const db = database();
  const slug = currentEventSlug();
  const refresh = useProgrammeRefresh(db, slug);
  const stored = useLiveQuery(() => readProgramme(db, slug), [db, slug]);
  const starred = useLiveQuery(() => readStars(db, slug), [db, slug]);
  const stars = starred.status === 'ready' ? starred.value : [];
  // Change notices, calendar files and the organizer's links load after the first paint.
  const [Extras, setExtras] = useState<ComponentType<ProgrammeExtrasProps> | null>(null);
  useEffect(() => {
    if (stored.status === 'ready' && stored.value && !Extras) {
      void import('./ProgrammeExtras.tsx').then((module) => setExtras(() => module.ProgrammeExtras));
    }
  }, [stored.status === 'ready' && stored.value !== undefined]);

  if (stored.status === 'loading') return <p role="status">{t('programme.loading')}</p>;
  if (stored.status === 'error') return <p role="alert">{stored.error.message}</p>;
  const programme = stored.value;
  if (!programme) {
    return (
      <section>
        <h1>{t('programme.title')}</h1>
        <p role="status">{refresh.status === 'refreshing' ? t('programme.loading') : t('programme.never')}</p>
      </section>
    );
  }

  const { event } = programme;
  const talks = mine ? programme.talks.filter((talk) => stars.includes(talk.id)) : programme.talks;
  const stages = mine ? programme.stages.filter((stage) => talks.some((talk) => talk.stageId === stage.id)) : programme.stages;
  const days = groupByDay(stages, talks, event.timeZone);
  const onToggleStar = (talkId: string) => void toggleStar(db, slug, talkId);
  return (
    <section class="programme">
      <h1>{event.name}</h1>
      <Freshness refresh={refresh} fetchedAt={programme.fetchedAt} timeZone={event.timeZone} />
      <NowNextBanner stages={programme.stages} talks={programme.talks} timeZone={event.timeZone} />
      <nav class="views" aria-label={t('programme.views')}>
        <a href="/programme" aria-current={mine ? undefined : 'page'}>
          {t('programme.all')}
        </a>
        <a href="/my-programme" aria-current={mine ? 'page' : undefined}>
          {t('programme.mine', { count: stars.filter((id) => programme.talks.some((talk) => talk.id === id)).length })}
        </a>
      </nav>
      {Extras ? <Extras programme={programme} slug={slug} stars={stars} mine={mine} /> : null}
      {days.length === 0 ? <p>{t(mine ? 'programme.mineEmpty' : 'programme.empty')}</p> : null}
      {days.map(({ day, stages }) => (
        <section key={day} class="day" aria-labelledby={`day-${day}`}>
          <h2 id={`day-${day}`} class="day__title">
            {formatDay(day, locale)}
          </h2>
          {stages.map(({ stage, talks }) => (
            <StageCard key={stage.id} stage={stage} talks={talks} timeZone={event.timeZone} stars={stars} onToggleStar={onToggleStar} />
          ))}
        </section>
      ))}
    </section>
  );

  function Freshness({ refresh, fetchedAt, timeZone }: { refresh: RefreshState; fetchedAt: string | null; timeZone: string }) {
    if (refresh.status === 'done') {
      return <p class="freshness">{t('programme.updatedAt', { time: formatTime(refresh.at, timeZone, locale) })}</p>;
    }
    const saved = fetchedAt ? t('programme.savedAt', { time: formatDateTime(fetchedAt, timeZone, locale) }) : '';
    if (refresh.status === 'failed') {
      const message =
        refresh.kind === 'offline' ? t('programme.offline') : t('programme.refreshFailed', { reason: t(`error.${refresh.kind}`) });
      return (
        <p class="freshness freshness--stale" role="status">
          {message} {saved}
        </p>
      );
    }
    return <p class="freshness">{saved}</p>;
  }
}
