import { useEffect, useState } from 'preact/hooks';
import { oneOrOther, useI18n, type MessageKey } from './i18n.ts';
import './messages/sync.ts';
import { isStorageAtRisk } from './install-state.ts';

/** The last answer of isStorageAtRisk in this page, once asked (checkStorageRisk). */
let knownAtRisk: boolean | undefined;

/**
 * Asks whether storage is at risk, so that the note is there from its first render: the app
 * shell waits for this before showing the sync bar, so the bar does not grow (and move the page)
 * a moment after it appears.
 */
export async function checkStorageRisk(): Promise<void> {
  knownAtRisk = await isStorageAtRisk().catch(() => false);
}

/**
 * On an enrolled device that is not installed and whose storage is not persistent: says the
 * browser may delete its data (Safari after 7 days without a visit), how to add Étape to the
 * home screen, and how much waits to be sent. Nothing otherwise.
 */
export function StorageAtRisk({ waiting }: { waiting: number }) {
  const { t, locale } = useI18n();
  const [atRisk, setAtRisk] = useState(knownAtRisk ?? false);
  useEffect(() => {
    let live = true;
    void isStorageAtRisk().then((value) => live && setAtRisk(value));
    return () => {
      live = false;
    };
  }, []);
  if (!atRisk) return null;
  const plural = oneOrOther(locale, waiting);
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
