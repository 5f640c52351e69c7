import '../../ui/messages/schedule.ts';
import { useEffect, useState } from 'preact/hooks';
import { currentEventSlug } from '../../db/current-event.ts';
import { APP_DATABASE } from '../../db/database.ts';
import { PROGRAMME_TABLES, readProgramme } from '../../db/programme.ts';
import { readStars, toggleStar } from '../../db/stars.ts';
import { useIdentity, useLiveQuery } from '../../db/live-query.ts';
import type { StageRecord } from '../../shared/domain.ts';
import { stagePath } from '../../shared/programme.ts';
import { formatDay, formatTime, localDay } from '../../shared/time.ts';
import { useI18n } from '../../ui/i18n.ts';
import { qrDataUrl } from '../../ui/qr-code.ts';
import { RouteMap } from '../../ui/RouteMap.tsx';
import { useLocation } from '../../ui/router.tsx';
import { StageCard } from './StageCard.tsx';
import { useProgrammeRefresh } from './use-programme-refresh.ts';

/** The `geo:` URI that opens a place in the phone's map app (RFC 5870, with a label for Android). */
export function geoUri(stage: Pick<StageRecord, 'lat' | 'lng' | 'town' | 'venue'>): string {
  const label = encodeURIComponent([stage.venue, stage.town].filter(Boolean).join(', '));
  return `geo:${stage.lat},${stage.lng}?q=${stage.lat},${stage.lng}(${label})`;
}

/** One stage: when and where, a link to the map app, the week's route, its talks, sharing and its calendar file. */
export function StagePage() {
  const { t, locale } = useI18n();
  const { params } = useLocation();
  const db = APP_DATABASE;
  const slug = currentEventSlug();
  // A shared link may be the first visit of this phone: fetch the programme as /programme does.
  const refresh = useProgrammeRefresh(db, slug);
  const stored = useLiveQuery(() => readProgramme(db, slug), PROGRAMME_TABLES, [slug]);
  const starred = useLiveQuery(() => readStars(db, slug), ['meta'], [slug]);
  const identity = useIdentity(db);
  const stageId = params['id'] ?? '';

  if (stored.status === 'loading') return <p role="status">{t('programme.loading')}</p>;
  if (stored.status === 'error') return <p role="alert">{stored.error.message}</p>;
  const programme = stored.value;
  const stage = programme?.stages.find((candidate) => candidate.id === stageId);
  // Only a failed refresh means there is no programme: once it succeeded, the copy it stored is being read.
  if (!programme && refresh.status !== 'failed') return <p role="status">{t('programme.loading')}</p>;
  if (!programme || !stage) {
    return (
      <section>
        <h1>{t('stage.notFound')}</h1>
        <p>
          <a href="/programme">{t('stage.back')}</a>
        </p>
      </section>
    );
  }
  const { timeZone } = programme.event;
  const talks = programme.talks.filter((talk) => talk.stageId === stage.id);
  const organizer = identity.status === 'ready' && identity.value?.role === 'organizer';
  const towns = programme.stages.map((candidate) => candidate.town);
  return (
    <section class="stage-page">
      <p>
        <a href="/programme">← {t('stage.back')}</a>
      </p>
      <h1>{stage.town}</h1>
      <p class="stage__title">{stage.title}</p>
      <p class="stage-page__when">
        {t('stage.when', {
          day: formatDay(localDay(stage.startsAt, timeZone), locale),
          start: formatTime(stage.startsAt, timeZone, locale),
          end: formatTime(stage.endsAt, timeZone, locale),
        })}
      </p>
      <h2>{t('stage.address')}</h2>
      <address>
        {stage.venue}
        {stage.address ? (
          <>
            <br />
            {stage.address}
          </>
        ) : null}
      </address>
      <p class="actions">
        <a class="button" href={geoUri(stage)}>
          {t('stage.openMap')}
        </a>
        <button
          type="button"
          class="button"
          onClick={() => void import('./calendar-download.ts').then((module) => module.downloadStage(programme, stage.id, slug))}
        >
          {t('calendar.stage')}
        </button>
        {organizer ? (
          <a class="button" href={`${stagePath(stage.id)}/edit`}>
            {t('stage.edit')}
          </a>
        ) : null}
      </p>
      <StageCard
        stage={stage}
        talks={talks}
        timeZone={timeZone}
        linked={false}
        stars={starred.status === 'ready' ? starred.value : []}
        onToggleStar={(talkId) => void toggleStar(db, slug, talkId)}
      />
      <h2>{t('stage.route')}</h2>
      <RouteMap
        points={programme.stages.map((candidate) => ({
          id: candidate.id,
          label: candidate.town,
          lat: candidate.lat,
          lng: candidate.lng,
        }))}
        currentId={stage.id}
        description={t('stage.routeDescription', { count: towns.length, towns: towns.join(', '), town: stage.town })}
      />
      <ShareStage stage={stage} slug={slug} />
    </section>
  );
}

/** The stage's link, to share through the phone's share sheet, to copy, or to scan from the screen. */
function ShareStage({ stage, slug }: { stage: StageRecord; slug: string }) {
  const { t } = useI18n();
  const link = `${location.origin}${stagePath(stage.id, slug)}`;
  const [qr, setQr] = useState<string>();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    let live = true;
    void qrDataUrl(link, 240).then((url) => live && setQr(url));
    return () => {
      live = false;
    };
  }, [link]);
  const canShare = typeof navigator.share === 'function';
  return (
    <section aria-labelledby="share-title">
      <h2 id="share-title">{t('stage.share')}</h2>
      <p class="share-link">
        <a href={link}>{link}</a>
      </p>
      <p class="actions">
        {canShare ? (
          <button type="button" class="button" onClick={() => void navigator.share({ title: stage.town, url: link }).catch(() => undefined)}>
            {t('stage.shareButton')}
          </button>
        ) : null}
        <button
          type="button"
          class="button"
          onClick={() =>
            void navigator.clipboard?.writeText(link).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {t('stage.copyLink')}
        </button>
        {copied ? <span role="status">{t('stage.copied')}</span> : null}
      </p>
      {qr ? <img class="share-qr" src={qr} width="240" height="240" alt={t('stage.qrAlt', { town: stage.town })} /> : null}
      <p class="hint">{t('stage.qrHint')}</p>
    </section>
  );
}
