import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { recordCheckin, voidCheckin } from '../../db/checkins.ts';
import type { DeviceIdentity } from '../../db/device.ts';
import { useIdentity, useLiveQuery } from '../../db/live-query.ts';
import { readEvent, readParticipantsOf, readStagesOf } from '../../db/records.ts';
import { APP_DATABASE } from '../../db/database.ts';
import type { ParticipantRow } from '../../db/schema.ts';
import { formatTime } from '../../shared/time.ts';
import { useI18n } from '../../ui/i18n.ts';
import { errorReason } from '../../ui/error-reason.ts';
import '../../ui/messages/checkin.ts';
import { CameraPanel } from './CameraPanel.tsx';
import { useDecoderWasmCached } from './decoder-wasm.ts';
import { repeatGuard, scanCode } from './decide-scan.ts';
import { describeOutcome, personDetail, type ShownOutcome } from './describe-outcome.ts';
import { PRESENCE_TABLES, earlierCheckin, presenceReader } from './presence.ts';
import { signal, unlockSound } from './scan-feedback.ts';
import { NameSearch } from './NameSearch.tsx';
import { buildSearchIndex } from './search.ts';
import { useCheckinStage } from './use-checkin-stage.ts';
import { useWedgeScanner } from './use-wedge-scanner.ts';
import { WalkInBadge } from './WalkInBadge.tsx';
import { WalkInForm } from './WalkInForm.tsx';

/** /scan: check-in at the door, offline: the stage, the camera, a wedge scanner, name search and walk-ins. */
export function CheckinPage() {
  const { t } = useI18n();
  const db = APP_DATABASE;
  const identity = useIdentity(db);
  useDecoderWasmCached();
  const me = identity.status === 'ready' ? identity.value : undefined;
  // The identity is read again after every sync (the sync writes its outcome beside it): the desk
  // is rendered again only when what it shows of the device changed, not after each scan's sync.
  const desk = useMemo(() => (me ? <CheckinDesk me={me} /> : null), [me?.deviceId, me?.eventId, me?.stageId, me?.name, me?.role]);
  if (identity.status !== 'ready') return null;
  if (!me || me.role === 'kiosk') return <p role="alert">{t('checkin.notEnrolled')}</p>;
  return desk;
}

function CheckinDesk({ me }: { me: DeviceIdentity }) {
  const { t, locale } = useI18n();
  const db = APP_DATABASE;
  const [stageId, setStageId] = useCheckinStage(me.stageId);
  const [outcome, setOutcome] = useState<ShownOutcome | undefined>();
  const [newBadge, setNewBadge] = useState<ParticipantRow | undefined>();
  const ignore = useMemo(() => repeatGuard(3_000), [stageId]);
  const stages = useLiveQuery(() => readStagesOf(db, me.eventId), ['stages'], [me.eventId]);
  const event = useLiveQuery(() => readEvent(db, me.eventId), ['events'], [me.eventId]);
  const people = useLiveQuery(() => readParticipantsOf(db, me.eventId), ['participants'], [me.eventId]);
  const peopleById = useMemo(() => new Map(people.status === 'ready' ? people.value.map((person) => [person.id, person]) : []), [people]);
  const readPresence = useMemo(() => (stageId ? presenceReader(db, stageId) : undefined), [db, stageId]);
  const presence = useLiveQuery(
    () => (readPresence && people.status === 'ready' ? readPresence(peopleById) : Promise.resolve(undefined)),
    PRESENCE_TABLES,
    [readPresence, peopleById],
  );
  const eventRow = event.status === 'ready' ? event.value : undefined;
  const timeZone = eventRow?.timeZone || 'Europe/Paris';
  const stage = stages.status === 'ready' ? stages.value.find((s) => s.id === stageId) : undefined;

  const index = useMemo(() => buildSearchIndex(people.status === 'ready' ? people.value : []), [people]);

  const show = (shown: ShownOutcome) => {
    setOutcome(shown);
    signal(shown.tone);
  };
  // The answer comes into view wherever the tap was (a name far down the search results, Annuler at the bottom).
  const outcomeSlot = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (outcome) outcomeSlot.current?.scrollIntoView?.({ block: 'nearest' });
  }, [outcome]);
  const failed = (error: unknown) => show({ tone: 'red', text: t('checkin.failed', { reason: errorReason(error, t) }) });

  /** A decoded code (camera, photo or wedge scanner): decided here, committed, then answered. */
  const onCode = async (code: string, method: 'camera' | 'scanner') => {
    if (method === 'scanner') unlockSound(); // a key press is a user gesture: audio may start
    if (!stageId || !eventRow) return;
    try {
      const result = await scanCode(db, code, { event: eventRow, stageId, method, ignore });
      if (result.kind === 'ignored') return;
      setNewBadge(undefined);
      show(describeOutcome(result, { t, locale, timeZone, me }));
    } catch (error) {
      failed(error);
    }
  };
  useWedgeScanner((code) => void onCode(code, 'scanner'));

  /** Annuler on a line of the recent scans: undone on this device, and the answer says so (never a green welcome left standing). */
  const undo = async (checkinId: string, name: string) => {
    try {
      await voidCheckin(db, checkinId);
      setNewBadge(undefined);
      setOutcome({ tone: 'amber', text: t('checkin.undone', { name }) });
    } catch (error) {
      failed(error);
    }
  };

  /** A name picked in the search results: checked in; true once committed. */
  const checkIn = async (person: ParticipantRow): Promise<boolean> => {
    if (!stageId) return false;
    try {
      const earlier = await earlierCheckin(db, stageId, person.id);
      const checkin = await recordCheckin(db, { participantId: person.id, stageId, method: 'search' });
      setNewBadge(undefined);
      show(describeOutcome(earlier ? { kind: 'repeat', participant: person, earlier, checkin } : { kind: 'welcome', participant: person, checkin }, { t, locale, timeZone, me }));
      return true;
    } catch (error) {
      failed(error);
      return false;
    }
  };

  const walkInDone = (person: ParticipantRow) => {
    setNewBadge(person);
    show({ tone: 'green', text: t('checkin.walkInDone', { name: person.name }), detail: personDetail(person, t) });
  };
  // The camera, the search and the walk-in form are rendered again only when what they show
  // changed, not at every answer (a scan's answer waits for that render: at 4× CPU slowdown they
  // were a few ms of it). They call the desk's handlers as they are at the latest render.
  const handlers = useRef({ onCode, checkIn, walkInDone, failed });
  handlers.current = { onCode, checkIn, walkInDone, failed };
  const calls = useMemo(
    () => ({
      camera: (code: string) => void handlers.current.onCode(code, 'camera'),
      badge: (code: string) => void handlers.current.onCode(code, 'scanner'),
      pick: (person: ParticipantRow) => handlers.current.checkIn(person),
      walkInDone: (person: ParticipantRow) => handlers.current.walkInDone(person),
      walkInError: (error: unknown) => handlers.current.failed(error),
    }),
    [],
  );
  const tools = useMemo(
    () =>
      stageId ? (
        <>
          <CameraPanel onCode={calls.camera} />
          <NameSearch index={index} onPick={calls.pick} onBadge={calls.badge} />
          <WalkInForm stageId={stageId} onDone={calls.walkInDone} onError={calls.walkInError} />
        </>
      ) : null,
    [calls, index, stageId],
  );

  // Rendered again only when what they show changed: not at every answer (an answer is on the
  // way from a scan to the screen, and each of these lines formats times).
  const stageLine = useMemo(
    () =>
      me.stageId && stage ? (
        <p class="checkin__stage" data-testid="stage">
          {t('checkin.stage')} : <strong>{stage.town}</strong> — {formatTime(stage.startsAt, timeZone, locale)}
        </p>
      ) : (
        <>
          <label for="checkin-stage">{t('checkin.stage')}</label>
          <select id="checkin-stage" class="field" value={stageId ?? ''} onChange={(e) => setStageId(e.currentTarget.value || null)}>
            <option value="">{t('checkin.chooseStage')}</option>
            {stages.status === 'ready'
              ? stages.value.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.town} — {formatTime(s.startsAt, timeZone, locale)}
                  </option>
                ))
              : null}
          </select>
        </>
      ),
    [me.stageId, stage, stages, stageId, timeZone, locale, t],
  );
  const shown = presence.status === 'ready' ? presence.value : undefined;
  const recentList = useMemo(
    () =>
      shown ? (
        <ul class="recent" data-testid="recent">
          {shown.recent.map(({ checkin, participant }) => (
            <li key={checkin.id}>
              <span class={checkin.voided ? 'recent__who recent--voided' : 'recent__who'}>
                <time dateTime={checkin.scannedAt}>{formatTime(checkin.scannedAt, timeZone, locale)}</time>{' '}
                {participant?.name || t('checkin.unknownPerson')} <span class="muted">({t(`checkin.method.${checkin.method}`)})</span>
                {checkin.voided ? ` (${t('checkin.voided')})` : null}
              </span>
              {!checkin.voided && checkin.deviceId === me.deviceId ? (
                <button
                  type="button"
                  class="button button--quiet-dark"
                  aria-label={t('checkin.undoName', { name: participant?.name ?? '' })}
                  onClick={() => void undo(checkin.id, participant?.name || t('checkin.unknownPerson'))}
                >
                  {t('checkin.undo')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null,
    [shown, timeZone, locale, t, me.deviceId],
  );

  return (
    <section class="checkin">
      <h1>{t('checkin.title')}</h1>
      {stageLine}
      {stageId && presence.status === 'ready' && presence.value ? (
        <>
          <p class="checkin__counts" data-testid="presence">
            {t('checkin.counts', { present: presence.value.present, registered: presence.value.registered, walkIns: presence.value.walkIns, scans: presence.value.scans })}
          </p>
          <div class="outcome-slot" role="status" ref={outcomeSlot}>
            {outcome ? (
              <p class={`outcome outcome--${outcome.tone}`} data-tone={outcome.tone}>
                {outcome.text}
                {outcome.detail ? <span class="outcome__detail">{outcome.detail}</span> : null}
              </p>
            ) : null}
          </div>
          {newBadge ? <WalkInBadge person={newBadge} /> : null}
          {tools}
          <h2>{t('checkin.recent')}</h2>
          {recentList}
        </>
      ) : null}
    </section>
  );
}
