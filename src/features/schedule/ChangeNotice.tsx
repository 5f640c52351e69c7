import '../../ui/messages/changes.ts';
import { formatDay, formatTime, localDay } from '../../shared/time.ts';
import { useI18n, type Translate } from '../../ui/i18n.ts';
import type { ProgrammeChange } from './changes.ts';
import type { ChangeNoticeProps } from './ProgrammePage.tsx';

/**
 * "What changed since your last visit": the differences between the programme as this device
 * last showed it and the programme now, until the participant says they have seen them.
 */
export function ChangeNotice({ changes, timeZone, onSeen }: ChangeNoticeProps) {
  const { t, locale } = useI18n();
  const time = (iso: string) => formatTime(iso, timeZone, locale);
  const dayTime = (iso: string) => t('changes.dayTime', { day: formatDay(localDay(iso, timeZone), locale), time: time(iso) });
  /** A change of time: "à 15:00 au lieu de 14:45", or with the days when the day changed too. */
  const moved = (from: string, to: string) =>
    localDay(from, timeZone) === localDay(to, timeZone)
      ? { day: false, from: time(from), to: time(to) }
      : { day: true, from: dayTime(from), to: dayTime(to) };
  return (
    <section class="changes" role="status" aria-labelledby="changes-title">
      <h2 id="changes-title">{t('changes.title')}</h2>
      <ul>
        {changes.map((change, index) => (
          <li key={index}>{describeChange(change, t, dayTime, moved)}</li>
        ))}
      </ul>
      <button type="button" class="button" onClick={onSeen}>
        {t('changes.seen')}
      </button>
    </section>
  );
}

type Moved = (from: string, to: string) => { day: boolean; from: string; to: string };

function describeChange(change: ProgrammeChange, t: Translate, dayTime: (iso: string) => string, moved: Moved): string {
  switch (change.kind) {
    case 'stage-added':
      return t('changes.stageAdded', { town: change.town, when: dayTime(change.startsAt) });
    case 'stage-removed':
      return t('changes.stageRemoved', { town: change.town });
    case 'stage-starts': {
      const { day, from, to } = moved(change.from, change.to);
      return t(day ? 'changes.stageStartsDay' : 'changes.stageStarts', { town: change.town, from, to });
    }
    case 'stage-ends': {
      const { day, from, to } = moved(change.from, change.to);
      return t(day ? 'changes.stageEndsDay' : 'changes.stageEnds', { town: change.town, from, to });
    }
    case 'stage-venue':
      return t('changes.stageVenue', { town: change.town, to: change.to, from: change.from });
    case 'talk-added':
      return t('changes.talkAdded', { town: change.town, title: change.title, when: dayTime(change.startsAt) });
    case 'talk-removed':
      return t('changes.talkRemoved', { town: change.town, title: change.title });
    case 'talk-starts': {
      const { day, from, to } = moved(change.from, change.to);
      return t(day ? 'changes.talkStartsDay' : 'changes.talkStarts', { town: change.town, title: change.title, from, to });
    }
    case 'talk-moved':
      return t('changes.talkMoved', { title: change.title, fromTown: change.fromTown, town: change.town });
    case 'talk-renamed':
      return t('changes.talkRenamed', { town: change.town, from: change.from, to: change.to });
  }
}
