import { countPending } from '../../db/outbox.ts';
import { countFeedbackOf } from '../../db/records.ts';
import { APP_DATABASE } from '../../db/database.ts';
import { useLiveQuery } from '../../db/live-query.ts';
import { useI18n } from '../../ui/i18n.ts';
import { StorageAtRisk } from '../../ui/StorageAtRisk.tsx';

interface Props {
  stageId: string;
  /** Whether the stage may be changed here (not when enrolment fixed it). */
  canChangeStage: boolean;
  onChangeStage(): void;
  onChangePin(): void;
  onExit(): void;
  onResume(): void;
}

/** Asks the sync engine for a sync now (SYNC_NOW_EVENT of src/sync/triggers.ts, spelled out to keep that module out of this chunk). */
const requestSyncNow = () => window.dispatchEvent(new Event('etape:sync-now'));

/** Behind the PIN: answers waiting to be sent, "sync now", change stage or PIN, leave kiosk mode. */
export function StaffPanel({ stageId, canChangeStage, onChangeStage, onChangePin, onExit, onResume }: Props) {
  const { t } = useI18n();
  const waiting = useLiveQuery(() => countPending(APP_DATABASE), ['outbox'], []);
  const stored = useLiveQuery(() => countFeedbackOf(APP_DATABASE, stageId), ['feedback'], [stageId]);
  return (
    <section class="kiosk-staff" aria-labelledby="kiosk-staff-title">
      <h1 id="kiosk-staff-title">{t('kiosk.staffTitle')}</h1>
      <p role="status" data-testid="kiosk-waiting" class="kiosk-staff__count">
        {waiting.status !== 'ready' ? '…' : waiting.value === 0 ? t('kiosk.allSent') : t('kiosk.waiting', { count: waiting.value })}
      </p>
      {waiting.status === 'ready' ? <StorageAtRisk waiting={waiting.value} /> : null}
      <p data-testid="kiosk-stored">{stored.status === 'ready' ? t('kiosk.stored', { count: stored.value }) : '…'}</p>
      <div class="stack">
        <button type="button" class="button button--primary" onClick={requestSyncNow}>
          {t('kiosk.syncNow')}
        </button>
        {canChangeStage ? (
          <button type="button" class="button" onClick={onChangeStage}>
            {t('kiosk.changeStage')}
          </button>
        ) : null}
        <button type="button" class="button" onClick={onChangePin}>
          {t('kiosk.newPin')}
        </button>
        <button type="button" class="button" onClick={onExit}>
          {t('kiosk.exit')}
        </button>
        <button type="button" class="button button--primary" onClick={onResume}>
          {t('kiosk.resume')}
        </button>
      </div>
    </section>
  );
}
