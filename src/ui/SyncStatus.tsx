import { useEffect, useState } from 'preact/hooks';
import type { SyncStatus as Status } from '../sync/engine.ts';
import { useI18n, type MessageKey } from './i18n.ts';
import { relativeTime } from './relative-time.ts';
import { StorageAtRisk } from './StorageAtRisk.tsx';
export { checkStorageRisk } from './StorageAtRisk.tsx';
import './messages/devices.ts';

interface Props {
  status: Status;
  onSyncNow(): void;
}

/** Always visible while enrolled: ops waiting, last success, last error in words, and "sync now". */
export function SyncStatus({ status, onSyncNow }: Props) {
  const { t, locale } = useI18n();
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);
  const error = status.lastError;
  const failing = error && (!status.lastSuccessAt || error.at > status.lastSuccessAt);
  return (
    <section class={`sync-status${failing ? ' sync-status--error' : ''}`} aria-label={t('sync.label')}>
      <p role="status" aria-live="polite">
        <strong>{status.waiting === 0 ? t('sync.nothingWaiting') : t('sync.waiting', { count: status.waiting })}</strong>
        {' · '}
        {status.running
          ? status.pull
            ? t('sync.pulling', { count: status.pull.applied })
            : t('sync.running')
          : status.lastSuccessAt
            ? t('sync.lastSuccess', { when: relativeTime(status.lastSuccessAt, locale) })
            : t('sync.never')}
      </p>
      {failing ? <p class="sync-status__error">{t(`sync.error.${error.kind}` as MessageKey)}</p> : null}
      <StorageAtRisk waiting={status.waiting} />
      <button type="button" class="button" onClick={onSyncNow} disabled={status.running}>
        {t('sync.now')}
      </button>
    </section>
  );
}
