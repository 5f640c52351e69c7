import { readProgramme } from '../../db/programme.ts';
import { useLiveQuery } from '../../db/live-query.ts';
import { database } from '../../db/schema.ts';
import { formatDateTime, formatDay, formatTime } from '../../shared/time.ts';
import { useI18n } from '../../ui/i18n.ts';
import { currentEventSlug } from '../../db/current-event.ts';
import { groupByDay } from './group-by-day.ts';
import { NowNextBanner } from './NowNextBanner.tsx';
import { StageCard } from './StageCard.tsx';
import { useProgrammeRefresh, type RefreshState } from './use-programme-refresh.ts';

/** The week's programme, read from the device's database and kept current when online. */
export function ProgrammePage() {
  const { t, locale } = useI18n();
  const db = database();
  const slug = currentEventSlug();
  const refresh = useProgrammeRefresh(db, slug);
  const stored = useLiveQuery(() => readProgramme(db, slug), [db, slug]);

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
  const days = groupByDay(programme.stages, programme.talks, event.timeZone);
  return (
    <section class="programme">
      <h1>{event.name}</h1>
      <Freshness refresh={refresh} fetchedAt={programme.fetchedAt} timeZone={event.timeZone} />
      <NowNextBanner stages={programme.stages} talks={programme.talks} timeZone={event.timeZone} />
      {days.length === 0 ? <p>{t('programme.empty')}</p> : null}
      {days.map(({ day, stages }) => (
        <section key={day} class="day" aria-labelledby={`day-${day}`}>
          <h2 id={`day-${day}`} class="day__title">
            {formatDay(day, locale)}
          </h2>
          {stages.map(({ stage, talks }) => (
            <StageCard key={stage.id} stage={stage} talks={talks} timeZone={event.timeZone} />
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
