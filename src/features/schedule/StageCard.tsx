import type { StageRecord, TalkRecord } from '../../shared/domain.ts';
import { stagePath } from '../../shared/programme.ts';
import { formatTime } from '../../shared/time.ts';
import { useI18n } from '../../ui/i18n.ts';

interface Props {
  stage: StageRecord;
  talks: TalkRecord[];
  timeZone: string;
  /** Ids of the talks starred on this device. */
  stars: readonly string[];
  onToggleStar(talkId: string): void;
  /** Whether the card links to the stage's own page (not on that page). */
  linked?: boolean;
}

/** One stage of the programme: town, venue, times, theme, kind, hosts and its talks (each with its star). */
export function StageCard({ stage, talks, timeZone, stars, onToggleStar, linked = true }: Props) {
  const { t, locale } = useI18n();
  const time = (iso: string) => formatTime(iso, timeZone, locale);
  const headingId = `stage-${stage.id}`;
  return (
    <article class={`stage stage--${stage.kind}`} aria-labelledby={headingId}>
      <header class="stage__header">
        <h3 id={headingId} class="stage__town">
          {linked ? <a href={stagePath(stage.id)}>{stage.town}</a> : stage.town}
        </h3>
        <p class="stage__time">
          <time dateTime={stage.startsAt}>{time(stage.startsAt)}</time>–
          <time dateTime={stage.endsAt}>{time(stage.endsAt)}</time>
        </p>
      </header>
      <p class="stage__title">{stage.title}</p>
      <p class="stage__venue">
        {stage.venue}
        {stage.address ? <span class="stage__address"> · {stage.address}</span> : null}
      </p>
      {stage.kind !== 'indoor' ? <p class="tag tag--outdoor">{t(`stage.kind.${stage.kind}`)}</p> : null}
      <p class="stage__theme">{stage.theme}</p>
      {linked ? (
        <p class="stage__more">
          <a href={stagePath(stage.id)}>{t('programme.details')}</a>
        </p>
      ) : null}
      {stage.hosts.length ? <p class="stage__hosts">{t('programme.hosts', { hosts: stage.hosts.join(', ') })}</p> : null}
      {talks.length ? (
        <>
          <h4 class="visually-hidden">{t('programme.talks')}</h4>
          <ul class="talks">
            {talks.map((talk) => {
              const starred = stars.includes(talk.id);
              return (
                <li key={talk.id} class="talk">
                  <time class="talk__time" dateTime={talk.startsAt}>
                    {time(talk.startsAt)}
                  </time>
                  <div>
                    <p class="talk__title">{talk.title}</p>
                    <p class="talk__people">
                      {talk.speakers.join(', ')}
                      {talk.partner ? ` — ${talk.partner}` : ''}
                    </p>
                  </div>
                  <button
                    type="button"
                    class="star"
                    aria-pressed={starred}
                    aria-label={t(starred ? 'programme.unstar' : 'programme.star', { title: talk.title })}
                    onClick={() => onToggleStar(talk.id)}
                  >
                    {starred ? '★' : '☆'}
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </article>
  );
}
