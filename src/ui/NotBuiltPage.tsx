import { useI18n } from './i18n.ts';

/** Shown at the address of a part of the app that is not built yet (it is not in the navigation). */
export function NotBuiltPage() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t('notBuilt.title')}</h1>
      <p>{t('notBuilt.body')}</p>
      <p>
        <a href="/programme">{t('notFound.back')}</a>
      </p>
    </section>
  );
}

/** Shown for an address the app does not know. */
export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t('notFound.title')}</h1>
      <p>
        <a href="/programme">{t('notFound.back')}</a>
      </p>
    </section>
  );
}
