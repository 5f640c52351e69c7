import { useState } from 'preact/hooks';
import { useI18n } from './i18n.ts';

interface Props {
  onApply(): void;
  onLater(): void;
}

/** "A new version is ready" with a choice: the page changes only if the user says so. */
export function UpdateBanner({ onApply, onLater }: Props) {
  const { t } = useI18n();
  const [applying, setApplying] = useState(false);
  return (
    <div class="banner banner--info" role="status">
      <p>{t('update.available')}</p>
      <div class="banner__actions">
        <button
          type="button"
          class="button button--primary"
          disabled={applying}
          onClick={() => {
            setApplying(true);
            onApply();
          }}
        >
          {applying ? t('update.applying') : t('update.apply')}
        </button>
        <button type="button" class="button" onClick={onLater} disabled={applying}>
          {t('update.later')}
        </button>
      </div>
    </div>
  );
}
