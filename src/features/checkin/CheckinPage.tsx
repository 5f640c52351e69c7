import { useMemo, useState } from 'preact/hooks';
import { recordCheckin, voidCheckin } from '../../db/checkins.ts';
import { readDeviceIdentity, type DeviceIdentity } from '../../db/device.ts';
import { useLiveQuery } from '../../db/live-query.ts';
import { database, type ParticipantRow } from '../../db/schema.ts';
import { formatTime } from '../../shared/time.ts';
import { useI18n } from '../../ui/i18n.ts';
import '../../ui/messages/checkin.ts';
import { foldText, matchesQuery } from './fold.ts';
import { earlierCheckin, stagePresence } from './presence.ts';
import { useCheckinStage } from './use-checkin-stage.ts';

type Outcome = { tone: 'green' | 'amber' | 'red'; text: string };

/** /scan: check-in at the door, offline: pick the stage once, find someone by name, record their arrival. */
export function CheckinPage() {
  const { t } = useI18n();
  const db = database();
  const identity = useLiveQuery(() => readDeviceIdentity(db), [db]);
  if (identity.status !== 'ready') return null;
  const me = identity.value;
  if (!me || me.role === 'kiosk') return <p role="alert">{t('checkin.notEnrolled')}</p>;
  return <CheckinDesk me={me} />;
}

function CheckinDesk({ me }: { me: DeviceIdentity }) {
  const { t, locale } = useI18n();
  const db = database();
  const [stageId, setStageId] = useCheckinStage(me.stageId);
  const [query, setQuery] = useState('');
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const stages = useLiveQuery(() => db.stages.where('eventId').equals(me.eventId).sortBy('startsAt'), [me.eventId]);
  const event = useLiveQuery(() => db.events.get(me.eventId), [me.eventId]);
  const people = useLiveQuery(() => db.participants.where('eventId').equals(me.eventId).toArray(), [me.eventId]);
  const presence = useLiveQuery(() => (stageId ? stagePresence(db, me.eventId, stageId) : Promise.resolve(undefined)), [me.eventId, stageId]);
  const timeZone = (event.status === 'ready' && event.value?.timeZone) || 'Europe/Paris';

  const index = useMemo(
    () =>
      people.status === 'ready'
        ? people.value.filter((p) => !p.erased).map((p) => ({ person: p, folded: foldText(`${p.name} ${p.organisation}`) }))
        : [],
    [people],
  );
  const matches = query.trim() ? index.filter((entry) => matchesQuery(entry.folded, query)).slice(0, 20) : [];

  const checkIn = async (person: ParticipantRow) => {
    if (!stageId) return;
    try {
      const earlier = await earlierCheckin(db, stageId, person.id);
      await recordCheckin(db, { participantId: person.id, stageId, method: 'search' });
      setOutcome(
        earlier
          ? {
              tone: 'amber',
              text: t('checkin.repeat', {
                name: person.name,
                time: formatTime(earlier.scannedAt, timeZone, locale),
                where: earlier.deviceId === me.deviceId ? t('checkin.here') : t('checkin.elsewhere'),
              }),
            }
          : { tone: 'green', text: t('checkin.welcome', { name: person.name }) },
      );
      setQuery('');
    } catch (error) {
      setOutcome({ tone: 'red', text: t('checkin.failed', { reason: error instanceof Error ? error.message : String(error) }) });
    }
  };

  return (
    <section class="checkin">
      <h1>{t('checkin.title')}</h1>
      <label for="checkin-stage">{t('checkin.stage')}</label>
      <select id="checkin-stage" class="field" value={stageId ?? ''} onChange={(e) => setStageId(e.currentTarget.value || null)}>
        <option value="">{t('checkin.chooseStage')}</option>
        {stages.status === 'ready'
          ? stages.value.map((stage) => (
              <option key={stage.id} value={stage.id}>
                {stage.town} — {formatTime(stage.startsAt, timeZone, locale)}
              </option>
            ))
          : null}
      </select>
      {stageId && presence.status === 'ready' && presence.value ? (
        <>
          <p class="checkin__counts" data-testid="presence">
            {t('checkin.counts', { present: presence.value.present, registered: presence.value.registered, walkIns: presence.value.walkIns })}
          </p>
          {outcome ? (
            <p class={`outcome outcome--${outcome.tone}`} role="status">
              {outcome.text}
            </p>
          ) : null}
          <label for="checkin-search">{t('checkin.search')}</label>
          <input
            id="checkin-search"
            class="field"
            type="search"
            autoComplete="off"
            aria-describedby="checkin-search-hint"
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
          <p id="checkin-search-hint" class="muted">
            {t('checkin.searchHint')}
          </p>
          {query.trim() && matches.length === 0 ? <p>{t('checkin.noMatch', { query })}</p> : null}
          <ul class="people">
            {matches.map(({ person }) => (
              <li key={person.id}>
                <button type="button" class="button person" onClick={() => void checkIn(person)}>
                  <span class="visually-hidden">{t('checkin.checkIn', { name: person.name })}</span>
                  <span aria-hidden="true">
                    <strong>{person.name}</strong> <span class="muted">{person.organisation}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <h2>{t('checkin.recent')}</h2>
          <ul class="recent" data-testid="recent">
            {presence.value.recent.map(({ checkin, participant }) => (
              <li key={checkin.id} class={checkin.voided ? 'recent--voided' : ''}>
                <time dateTime={checkin.scannedAt}>{formatTime(checkin.scannedAt, timeZone, locale)}</time>{' '}
                {participant?.name || t('checkin.unknownPerson')}
                {checkin.voided ? (
                  ` (${t('checkin.voided')})`
                ) : checkin.deviceId === me.deviceId ? (
                  <button
                    type="button"
                    class="button button--quiet-dark"
                    aria-label={t('checkin.undoName', { name: participant?.name ?? '' })}
                    onClick={() => void voidCheckin(db, checkin.id)}
                  >
                    {t('checkin.undo')}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
