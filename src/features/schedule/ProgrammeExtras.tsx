import '../../ui/messages/schedule.ts';
import { readDeviceIdentity } from '../../db/device.ts';
import { useLiveQuery } from '../../db/live-query.ts';
import { database } from '../../db/schema.ts';
import { starredCalendar, weekCalendar } from '../../shared/programme-calendar.ts';
import { useI18n } from '../../ui/i18n.ts';
import { downloadCalendar } from './calendar-file.ts';
import { ChangeNotice } from './ChangeNotice.tsx';
import type { ProgrammeExtrasProps } from './ProgrammePage.tsx';

/** The programme page's second part, loaded after its first paint: change notices, calendar files, organizer's links. */
export function ProgrammeExtras({ programme, slug, stars, mine }: ProgrammeExtrasProps) {
  const { t } = useI18n();
  const db = database();
  const identity = useLiveQuery(() => readDeviceIdentity(db), [db]);
  const organizer = identity.status === 'ready' && identity.value?.role === 'organizer' && identity.value.eventSlug === slug;
  const download = () => {
    const text = mine ? starredCalendar(programme, stars, location.origin) : weekCalendar(programme, location.origin);
    downloadCalendar(text, `${slug}${mine ? '-mon-programme' : ''}.ics`);
  };
  return (
    <>
      <ChangeNotice programme={programme} slug={slug} />
      <p class="actions">
        <button type="button" class="button button--secondary" onClick={download} disabled={mine && stars.length === 0} aria-describedby="calendar-hint">
          {t(mine ? 'calendar.starred' : 'calendar.week')}
        </button>
        {organizer ? (
          <a class="button" href="/stages/new">
            {t('edit.addStage')}
          </a>
        ) : null}
      </p>
      <p id="calendar-hint" class="hint">
        {t('calendar.hint')}
      </p>
    </>
  );
}
