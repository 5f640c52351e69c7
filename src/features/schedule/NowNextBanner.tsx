import { useEffect, useState } from 'preact/hooks';
import type { StageRecord, TalkRecord } from '../../shared/domain.ts';
import { formatDay, formatTime, localDay } from '../../shared/time.ts';
import { useI18n } from '../../ui/i18n.ts';
import { nowAndNext } from './now-next.ts';

interface Props {
  stages: StageRecord[];
  talks: TalkRecord[];
  timeZone: string;
}

/** "En ce moment … / Ensuite …", in the event's time zone, refreshed every minute. */
export function NowNextBanner({ stages, talks, timeZone }: Props) {
  const { t, locale } = useI18n();
  const [at, setAt] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setAt(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const { now, next, over } = nowAndNext(stages, talks, at);
  if (!now && !next && !over) return null;
  const time = (iso: string) => formatTime(iso, timeZone, locale);
  const today = localDay(at.toISOString(), timeZone);
  return (
    <section class="now-next" aria-label={t('programme.nowNext')}>
      {now ? (
        <p>
          <strong>{t('programme.now')}</strong> {now.stage.town} — {now.talk ? now.talk.title : now.stage.title}{' '}
          {t('programme.until', { time: time(now.talk?.endsAt ?? now.stage.endsAt) })}
        </p>
      ) : null}
      {next ? (
        <p>
          <strong>{t('programme.next')}</strong> {next.town},{' '}
          {localDay(next.startsAt, timeZone) === today ? '' : `${formatDay(localDay(next.startsAt, timeZone), locale)}, `}
          {time(next.startsAt)} — {next.venue}
        </p>
      ) : null}
      {over ? <p>{t('programme.over')}</p> : null}
    </section>
  );
}
