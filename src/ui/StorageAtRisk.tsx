import { useEffect, useState } from 'preact/hooks';
import { useI18n, type MessageKey } from './i18n.ts';
import './messages/devices.ts';
import { isStorageAtRisk } from './install-state.ts';

/**
 * On an enrolled device that is not installed and whose storage is not persistent: says the
 * browser may delete its data (Safari after 7 days without a visit), how to add Étape to the
 * home screen, and how much waits to be sent. Nothing otherwise.
 */
export function StorageAtRisk({ waiting }: { waiting: number }) {
  const { t, locale } = useI18n();
  const [atRisk, setAtRisk] = useState(false);
  useEffect(() => {
    let live = true;
    void isStorageAtRisk().then((value) => live && setAtRisk(value));
    return () => {
      live = false;
    };
  }, []);
  if (!atRisk) return null;
  const plural = new Intl.PluralRules(locale).select(waiting) === 'one' ? 'one' : 'other';
  // Folded to one line (a phone's screen is for scanning): the summary says what to do, the rest how and why.
  return (
    <details class="storage-at-risk" data-testid="storage-at-risk">
      <summary>{t('storage.atRiskSummary')}</summary>
      <p>
        {t('storage.atRisk')}
        {waiting > 0 ? ` ${t(`storage.atRiskWaiting.${plural}` as MessageKey, { count: waiting })}` : ''}
      </p>
    </details>
  );
}
