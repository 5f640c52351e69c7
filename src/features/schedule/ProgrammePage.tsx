import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { APP_DATABASE } from '../../db/database.ts';
import { PROGRAMME_TABLES, readProgramme } from '../../db/programme.ts';
import { eventPath } from '../../shared/programme.ts';
import { markProgrammeSeen, readSeenProgramme, snapshotOf } from '../../db/programme-seen.ts';
import { readStars, toggleStar } from '../../db/stars.ts';
import { useIdentity, useLiveQuery } from '../../db/live-query.ts';
import { formatDateTime, formatDay, formatTime } from '../../shared/time.ts';
import { useI18n } from '../../ui/i18n.ts';
import { useGrowingCount } from '../../ui/next-task.ts';
import { useLocation } from '../../ui/router.tsx';
import { currentEventSlug } from '../../db/current-event.ts';
import { programmeChanges, type ProgrammeChange } from './changes.ts';
import { groupByDay } from './group-by-day.ts';
import { NowNextBanner } from './NowNextBanner.tsx';
import { StageCard } from './StageCard.tsx';
import { upToDateAt, useProgrammeRefresh, type RefreshState } from './use-programme-refresh.ts';

/** What the change notice gets (it loads only when there is something to say). */
export interface ChangeNoticeProps {
  changes: ProgrammeChange[];
  timeZone: string;
  onSeen(): void;
}

/**
 * The week's programme, read from the device's database and kept current when online; at
 * /my-programme, only the talks starred on this device.
 */
export function ProgrammePage() {
  const { t, locale } = useI18n();
  const { path } = useLocation();
  const mine = path.endsWith('/my-programme');
  const db = APP_DATABASE;
  const slug = currentEventSlug();
  const refresh = useProgrammeRefresh(db, slug);
  const stored = useLiveQuery(() => readProgramme(db, slug), PROGRAMME_TABLES, [slug]);
  const starred = useLiveQuery(() => readStars(db, slug), ['meta'], [slug]);
  const stars = starred.status === 'ready' ? starred.value : [];
  const seen = useLiveQuery(() => readSeenProgramme(db, slug), ['meta'], [slug]);
  const identity = useIdentity(db);
  const organizer = identity.status === 'ready' && identity.value?.role === 'organizer' && identity.value.eventSlug === slug;
  const programme = stored.status === 'ready' ? stored.value : undefined;
  const snapshot = programme ? snapshotOf(programme.stages, programme.talks) : undefined;
  const changes = snapshot && seen.status === 'ready' && seen.value ? programmeChanges(seen.value, snapshot) : [];
  const talks = programme ? (mine ? programme.talks.filter((talk) => stars.includes(talk.id)) : programme.talks) : [];
  const stages = programme ? (mine ? programme.stages.filter((stage) => talks.some((talk) => talk.stageId === stage.id)) : programme.stages) : [];
  const days = programme ? groupByDay(stages, talks, programme.event.timeZone) : [];
  // The first day at once, the rest of the week a task later: rendering and laying it all out at once was the page's longest task.
  const shownDays = useGrowingCount(days.length);
  useEffect(() => {
    // The first time the programme is shown there is nothing to compare with: it becomes the reference.
    if (snapshot && seen.status === 'ready' && !seen.value) void markProgrammeSeen(db, slug, snapshot);
  }, [snapshot !== undefined && seen.status === 'ready' && !seen.value]);
  // The notice's code and words load only when something changed.
  const [Notice, setNotice] = useState<ComponentType<ChangeNoticeProps> | null>(null);
  useEffect(() => {
    if (changes.length > 0 && !Notice) void import('./ChangeNotice.tsx').then((module) => setNotice(() => module.ChangeNotice));
  }, [changes.length > 0]);

  if (stored.status === 'loading') return <p role="status">{t('programme.loading')}</p>;
  if (stored.status === 'error') return <p role="alert">{stored.error.message}</p>;
  if (!programme) {
    return (
      <section>
        <h1>{t('programme.title')}</h1>
        {/* Only a failed refresh means there is nothing to show: once it succeeded, the copy it stored is being read.
            Keyed: Preact would otherwise reuse this paragraph for one lower in the programme, a layout shift. */}
        <p key="status" role="status">{refresh.status === 'failed' ? t('programme.never') : t('programme.loading')}</p>
      </section>
    );
  }

  const { event } = programme;
  const onToggleStar = (talkId: string) => void toggleStar(db, slug, talkId);
  return (
    <section class="programme">
      <h1>{event.name}</h1>
      <Freshness refresh={refresh} fetchedAt={programme.fetchedAt} timeZone={event.timeZone} />
      <NowNextBanner stages={programme.stages} talks={programme.talks} timeZone={event.timeZone} />
      <nav class="views" aria-label={t('programme.views')}>
        <a href={eventPath(slug)} aria-current={mine ? undefined : 'page'}>
          {t('programme.all')}
        </a>
        <a href={eventPath(slug, '/my-programme')} aria-current={mine ? 'page' : undefined}>
          {t('programme.mine', { count: stars.filter((id) => programme.talks.some((talk) => talk.id === id)).length })}
        </a>
      </nav>
      {Notice && changes.length > 0 ? (
        <Notice changes={changes} timeZone={event.timeZone} onSeen={() => snapshot && void markProgrammeSeen(db, slug, snapshot)} />
      ) : null}
      <p class="actions">
        <button
          type="button"
          class="button"
          disabled={mine && stars.length === 0}
          aria-describedby="calendar-hint"
          onClick={() =>
            void import('./calendar-download.ts').then((module) =>
              mine ? module.downloadStarred(programme, stars, slug) : module.downloadWeek(programme, slug),
            )
          }
        >
          {t(mine ? 'calendar.starred' : 'calendar.week')}
        </button>
        {organizer ? (
          <a class="button" href="/stages/new">
            {t('programme.addStage')}
          </a>
        ) : null}
      </p>
      <p id="calendar-hint" class="hint">
        {t('calendar.hint')}
      </p>
      {days.length === 0 ? <p>{t(mine ? 'programme.mineEmpty' : 'programme.empty')}</p> : null}
      {days.slice(0, shownDays).map(({ day, stages }) => (
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
    const current = upToDateAt(refresh, fetchedAt);
    if (current) return <p class="freshness">{t('programme.updatedAt', { time: formatTime(current, timeZone, locale) })}</p>;
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
