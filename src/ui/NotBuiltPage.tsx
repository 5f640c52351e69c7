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

/** Shown instead of a page that failed to load or to render, so that the rest of the app stays usable. */
export function PageErrorPage() {
  const { t } = useI18n();
  return (
    <section role="alert">
      <h1>{t('pageError.title')}</h1>
      <p>{t('pageError.body')}</p>
      <p>
        <a href="/programme">{t('notFound.back')}</a>
      </p>
    </section>
  );
}
