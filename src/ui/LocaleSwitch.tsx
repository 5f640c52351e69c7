import { useI18n } from './i18n.ts';

/** One button that switches between French and English; the choice is remembered on the device. */
export function LocaleSwitch() {
  const { locale, t, setLocale } = useI18n();
  const other = locale === 'fr' ? 'en' : 'fr';
  return (
    <button type="button" class="button button--quiet" lang={other} aria-label={t('locale.switchLabel')} onClick={() => setLocale(other)}>
      {t('locale.switch')}
    </button>
  );
}
