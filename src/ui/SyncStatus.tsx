import { useEffect, useState } from 'preact/hooks';
import type { SyncStatus as Status } from '../sync/engine.ts';
import type { Locale } from '../shared/domain.ts';
import { useI18n, type MessageKey, type Translate } from './i18n.ts';
import { relativeTime } from './relative-time.ts';
import { StorageAtRisk } from './StorageAtRisk.tsx';
export { checkStorageRisk } from './StorageAtRisk.tsx';
import './messages/sync.ts';

interface Props {
  status: Status;
  onSyncNow(): void;
}

/** How many changes the pull in progress brings in all, when the server said how many remain. */
function pullTotal(status: Status): number | undefined {
  const pull = status.running ? status.pull : null;
  return pull?.remaining !== undefined ? pull.applied + pull.remaining : undefined;
}

/**
 * What the sync is doing, in words: running (and while pulling, how far: a festival's first pull
 * brings 120,000 changes and takes a while, so "réception : 45 000 sur 120 000 changements…"), or
 * when it last succeeded.
 */
export function syncLine(status: Status, t: Translate, locale: Locale): string {
  if (!status.running) return status.lastSuccessAt ? t('sync.lastSuccess', { when: relativeTime(status.lastSuccessAt, locale) }) : t('sync.never');
  if (!status.pull) return t('sync.running');
  const total = pullTotal(status);
  if (total === undefined) return t('sync.pulling', { count: status.pull.applied });
  const number = numberFormat(locale);
  return t('sync.pullingOf', { done: number.format(status.pull.applied), total: number.format(total) });
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();

/** The locale's number format, made once: making one costs tens of ms on a slow phone, and the line is rendered after each pull page. */
function numberFormat(locale: Locale): Intl.NumberFormat {
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(locale)));
  return format;
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
  const total = pullTotal(status);
  const failing = error && (!status.lastSuccessAt || error.at > status.lastSuccessAt);
  return (
    <section class={`sync-status${failing ? ' sync-status--error' : ''}`} aria-label={t('sync.label')}>
      <p role="status" aria-live="polite">
        <strong>{status.waiting === 0 ? t('sync.nothingWaiting') : t('sync.waiting', { count: status.waiting })}</strong>
        {' · '}
        {syncLine(status, t, locale)}
      </p>
      {status.pull && total !== undefined ? <progress class="sync-status__progress" max={total} value={status.pull.applied} aria-hidden="true" /> : null}
      {failing ? <p class="sync-status__error">{t(`sync.error.${error.kind}` as MessageKey)}</p> : null}
      <StorageAtRisk waiting={status.waiting} />
      <button type="button" class="button" onClick={onSyncNow} disabled={status.running}>
        {t('sync.now')}
      </button>
    </section>
  );
}
