import { useEffect } from 'preact/hooks';
import { useLiveQuery } from '../../db/live-query.ts';
import type { StoredProgramme } from '../../db/programme.ts';
import { markProgrammeSeen, readSeenProgramme, snapshotOf } from '../../db/programme-seen.ts';
import { database } from '../../db/schema.ts';
import { formatDay, formatTime, localDay } from '../../shared/time.ts';
import { useI18n, type Translate } from '../../ui/i18n.ts';
import { programmeChanges, type ProgrammeChange } from './changes.ts';

/**
 * "What changed since your last visit": the differences between the programme as this device
 * last showed it and the programme now, until the participant says they have seen them.
 */
export function ChangeNotice({ programme, slug }: { programme: StoredProgramme; slug: string }) {
  const { t, locale } = useI18n();
  const db = database();
  const seen = useLiveQuery(() => readSeenProgramme(db, slug), [db, slug]);
  const now = snapshotOf(programme.stages, programme.talks);
  useEffect(() => {
    // The first time the programme is shown, there is nothing to compare with: it becomes the reference.
    if (seen.status === 'ready' && seen.value === undefined) void markProgrammeSeen(db, slug, now);
  }, [seen.status === 'ready' && seen.value === undefined]);
  if (seen.status !== 'ready' || !seen.value) return null;
  const changes = programmeChanges(seen.value, now);
  if (changes.length === 0) return null;

  const { timeZone } = programme.event;
  /** "à 15:00", or "le jeudi 26 novembre à 15:00" when the day is not the one it is compared with. */
  const when = (iso: string, other?: string) =>
    other === undefined || localDay(iso, timeZone) !== localDay(other, timeZone)
      ? t('changes.onAt', { day: formatDay(localDay(iso, timeZone), locale), time: formatTime(iso, timeZone, locale) })
      : t('changes.at', { time: formatTime(iso, timeZone, locale) });
  return (
    <section class="changes" role="status" aria-labelledby="changes-title">
      <h2 id="changes-title">{t('changes.title')}</h2>
      <ul>
        {changes.map((change, index) => (
          <li key={index}>{describeChange(change, t, when)}</li>
        ))}
      </ul>
      <button type="button" class="button" onClick={() => void markProgrammeSeen(db, slug, now)}>
        {t('changes.seen')}
      </button>
    </section>
  );
}

function describeChange(change: ProgrammeChange, t: Translate, when: (iso: string, other?: string) => string): string {
  switch (change.kind) {
    case 'stage-added':
      return t('changes.stageAdded', { town: change.town, when: when(change.startsAt) });
    case 'stage-removed':
      return t('changes.stageRemoved', { town: change.town });
    case 'stage-starts':
      return t('changes.stageStarts', { town: change.town, to: when(change.to, change.from), from: when(change.from, change.to) });
    case 'stage-ends':
      return t('changes.stageEnds', { town: change.town, to: when(change.to, change.from), from: when(change.from, change.to) });
    case 'stage-venue':
      return t('changes.stageVenue', { town: change.town, to: change.to, from: change.from });
    case 'talk-added':
      return t('changes.talkAdded', { town: change.town, title: change.title, when: when(change.startsAt) });
    case 'talk-removed':
      return t('changes.talkRemoved', { town: change.town, title: change.title });
    case 'talk-starts':
      return t('changes.talkStarts', { town: change.town, title: change.title, to: when(change.to, change.from), from: when(change.from, change.to) });
    case 'talk-moved':
      return t('changes.talkMoved', { title: change.title, fromTown: change.fromTown, town: change.town });
    case 'talk-renamed':
      return t('changes.talkRenamed', { town: change.town, from: change.from, to: change.to });
  }
}
