import { useEffect, useState } from 'preact/hooks';
import { useLocation } from '../../ui/router.tsx';
import { rememberEvent } from '../../db/current-event.ts';
import { saveDeviceIdentity, type DeviceIdentity } from '../../db/device.ts';
import { readForm } from '../../db/forms.ts';
import { useIdentity, useLiveQuery } from '../../db/live-query.ts';
import { countPending } from '../../db/outbox.ts';
import { readStage } from '../../db/records.ts';
import { APP_DATABASE } from '../../db/database.ts';
import { enrolWithPoster } from '../../sync/devices-api.ts';
import { HttpFailure } from '../../sync/http.ts';
import { useI18n, type MessageKey, type Translate } from '../../ui/i18n.ts';
import '../../ui/messages/kiosk.ts';
import { FeedbackForm } from './FeedbackForm.tsx';
import { useKioskSession } from './use-kiosk-session.ts';

/** The poster token from the link's fragment (`/feedback/STAGE#poster=…`), which never reaches the server's logs. */
export function posterTokenFromHash(hash: string): string | undefined {
  return new URLSearchParams(hash.replace(/^#/, '')).get('poster') ?? undefined;
}

/**
 * /feedback/:stageId, opened from a stage poster's QR on a participant's own phone. The first
 * visit (online) trades the poster token for this phone's own device; from then on the form works
 * offline and each answer waits in this phone's outbox like any other op.
 */
export function PosterFeedbackPage() {
  const { t } = useI18n();
  const { params } = useLocation();
  const stageId = params['stageId'] ?? '';
  const db = APP_DATABASE;
  const identity = useIdentity(db);
  const waiting = useLiveQuery(() => countPending(db), ['outbox'], []);
  const [token] = useState(() => posterTokenFromHash(window.location.hash));
  const [problem, setProblem] = useState<string | undefined>();

  const me = identity.status === 'ready' ? identity.value : undefined;
  const ready = identity.status === 'ready' && waiting.status === 'ready';
  const canAnswer = me && ((me.poster && me.stageId === stageId) || me.role === 'organizer');
  const needsPoster = ready && !canAnswer && (!me || me.poster);
  const blockedByPending = needsPoster && me !== undefined && waiting.status === 'ready' && waiting.value > 0;

  useEffect(() => {
    if (!needsPoster || blockedByPending || !token) return;
    let cancelled = false;
    enrolWithPoster(token, stageId)
      .then(async (next) => {
        if (cancelled) return;
        await saveDeviceIdentity(db, next);
        rememberEvent(next.eventSlug);
        history.replaceState(null, '', window.location.pathname); // the token stays out of the history
      })
      .catch((failure: unknown) => !cancelled && setProblem(describe(failure, t)));
    return () => {
      cancelled = true;
    };
  }, [needsPoster, blockedByPending, token, stageId]);

  if (!ready) return null;
  let message: string | undefined;
  if (me && !me.poster && me.role !== 'organizer') message = t('poster.otherDevice');
  else if (blockedByPending) message = t('poster.pendingOther');
  else if (needsPoster && !token) message = t('poster.noToken');
  else message = problem;
  if (!canAnswer) {
    return (
      <section class="poster">
        <h1>{t('poster.title')}</h1>
        <p role={message ? 'alert' : 'status'}>{message ?? t('poster.opening')}</p>
      </section>
    );
  }
  return <PosterForm me={me} stageId={stageId} waiting={waiting.status === 'ready' ? waiting.value : 0} />;
}

function PosterForm({ me, stageId, waiting }: { me: DeviceIdentity; stageId: string; waiting: number }) {
  const { t } = useI18n();
  const db = APP_DATABASE;
  const form = useLiveQuery(() => readForm(db, me.eventId), ['forms'], [me.eventId]);
  const stage = useLiveQuery(() => readStage(db, stageId), ['stages'], [stageId]);
  const [session, state] = useKioskSession(stageId, { idleMs: 30 * 60_000 });
  // What waits, read afresh once the answer is saved: the live count may still be the one from
  // before it, and "bien arrivé" must never be said of an answer still on the phone.
  const [pending, setPending] = useState<number | undefined>();
  useEffect(() => {
    if (state.step !== 'thanks') return setPending(undefined);
    let live = true;
    void countPending(db).then((count) => live && setPending(count));
    return () => {
      live = false;
    };
  }, [state.step]);
  useEffect(() => {
    if (state.step === 'thanks' && pending !== undefined) setPending(waiting);
  }, [waiting]);
  const note = pending === 0 ? t('poster.sent') : t('poster.waiting');
  return (
    <section class="poster">
      <h1>{t('poster.title')}</h1>
      {stage.status === 'ready' && stage.value ? (
        <p class="kiosk__stage">
          {stage.value.town} · {stage.value.title}
        </p>
      ) : null}
      {form.status === 'ready' ? <FeedbackForm form={form.value} session={session} state={state} thanksNote={note} nextLabel={t('poster.another')} /> : null}
      {state.step === 'thanks' ? null : waiting > 0 ? <p class="muted">{t('poster.waiting')}</p> : null}
    </section>
  );
}

function describe(failure: unknown, t: Translate): string {
  if (failure instanceof HttpFailure) {
    if (failure.kind === 'offline' || failure.kind === 'timeout') return t('poster.offline');
    const known = ['unknown-poster', 'revoked-poster', 'wrong-stage', 'rate-limited'];
    if (failure.code && known.includes(failure.code)) return t(`poster.error.${failure.code}` as MessageKey);
  }
  return t('poster.error.other', { reason: failure instanceof Error ? failure.message : String(failure) });
}
