import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import { APP_DATABASE } from '../db/database.ts';
import { useIdentity } from '../db/live-query.ts';
import { useDecoderWasmCached } from '../features/checkin/decoder-wasm.ts';
import type { Locale } from '../shared/domain.ts';
import type { SyncStatus as Status } from '../sync/engine.ts';
import { I18nContext, loadLocale, storeLocale, storedLocale, translator, useI18n, type I18n } from '../ui/i18n.ts';
import { LocaleSwitch } from '../ui/LocaleSwitch.tsx';
import { NotFoundPage, PageErrorPage } from '../ui/NotBuiltPage.tsx';
import { ErrorBoundary, LocationProvider, Router, useLocation } from '../ui/router.tsx';
import { UpdateBanner } from '../ui/UpdateBanner.tsx';
import { HOME_ROUTE, ROUTES } from './routes.ts';
import { applyUpdate, onUpdateOffered } from './sw-bridge.ts';
import { connectSync, onSyncStatus, syncNow } from './sync-bridge.ts';

/** The whole app: language, navigation, update prompt and the routed page. */
export function App() {
  const [locale, setLocaleState] = useState<Locale>(storedLocale);
  const i18n = useMemo<I18n>(
    () => ({
      locale,
      t: translator(locale),
      setLocale: (next) => {
        storeLocale(next);
        void loadLocale(next).then(() => setLocaleState(next));
      },
    }),
    [locale],
  );
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  return (
    <I18nContext.Provider value={i18n}>
      <LocationProvider>
        <Shell />
      </LocationProvider>
    </I18nContext.Provider>
  );
}

function Shell() {
  const { t } = useI18n();
  const { path, route } = useLocation();
  const [updateOffered, setUpdateOffered] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  useEffect(() => onUpdateOffered(setUpdateOffered), []);
  const identity = useIdentity(APP_DATABASE);
  const me = identity.status === 'ready' ? identity.value : undefined;
  // A device that scans keeps the QR decoder for offline use from its enrolment on (decoder-wasm.ts).
  useDecoderWasmCached(me?.role === 'animator' || me?.role === 'organizer');
  useEffect(() => void connectSync(me), [me?.deviceId]);
  const [sync, setSync] = useState<Status | null>(null);
  useEffect(() => onSyncStatus(setSync), []);
  // A kiosk lives on /kiosk (its screen takes the whole display): leaving needs the organizer's PIN.
  const kiosk = me?.role === 'kiosk' && !me.poster;
  const kioskScreen = kiosk && path === '/kiosk';
  // The status bar's code loads only on enrolled devices, and not on the kiosk screen (its staff panel shows the count).
  const [SyncBar, setSyncBar] = useState<ComponentType<{ status: Status; onSyncNow(): void }> | null>(null);
  useEffect(() => {
    if (sync && !SyncBar && !kioskScreen) {
      void import('../ui/SyncStatus.tsx').then(async (m) => {
        await m.checkStorageRisk();
        setSyncBar(() => m.SyncStatus);
      });
    }
  }, [sync !== null, kioskScreen]);
  // The bar comes a moment after the page (its code and the engine load on demand) and would push
  // the page down as it arrives, a layout shift: on a device that shows it, the page is held
  // hidden until the bar is in place, for a second at most.
  const showsBar = me !== undefined && !me.poster && !kioskScreen;
  const barReady = sync !== null && SyncBar !== null;
  const [barWaitOver, setBarWaitOver] = useState(false);
  useEffect(() => {
    if (!showsBar) return;
    const timer = setTimeout(() => setBarWaitOver(true), 1000);
    return () => clearTimeout(timer);
  }, [showsBar]);
  const holdPage = showsBar && !barReady && !barWaitOver;
  useEffect(() => {
    if (kiosk && path !== '/kiosk' && !kioskUnlocked()) route('/kiosk', true);
  }, [kiosk, path]);
  return (
    <>
      {kioskScreen ? null : <>
      <a class="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header class="topbar">
        <a class="brand" href="/programme">
          <img src="/icons/icon.svg" alt="" width="32" height="32" />
          <span>{t('app.name')}</span>
        </a>
        <nav aria-label={t('nav.label')}>
          <ul class="nav">
            {ROUTES.filter((route) => route.label && (!route.roles || (me !== undefined && route.roles.includes(me.role)))).map((route) => (
              <li key={route.path}>
                <a href={route.path} aria-current={path === route.path || (route.path === '/programme' && (path === '/' || path === '/my-programme')) ? 'page' : undefined}>
                  {t(route.label!)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <LocaleSwitch />
      </header>
      {updateOffered && !dismissed ? <UpdateBanner onApply={applyUpdate} onLater={() => setDismissed(true)} /> : null}
      {/* A participant's own phone (a poster's) gets no sync jargon: its form says when the answer will leave. */}
      {sync && SyncBar && !me?.poster ? <SyncBar status={sync} onSyncNow={syncNow} /> : null}
      </>}
      {/* On the kiosk screen the page takes the whole display: no header, banner or sync bar. */}
      <main id="main" class={kioskScreen ? 'kiosk-main' : undefined} tabIndex={-1} hidden={holdPage}>
        <ErrorBoundary key={path} fallback={PageErrorPage}>
          <Router routes={[{ path: '/', component: HOME_ROUTE }, ...ROUTES]} fallback={NotFoundPage} />
        </ErrorBoundary>
      </main>
    </>
  );
}

/** Whether staff unlocked this kiosk with the PIN to leave kiosk mode (this tab only; set by the kiosk page). */
function kioskUnlocked(): boolean {
  try {
    return sessionStorage.getItem('etape.kiosk.unlocked') === '1';
  } catch {
    return false;
  }
}
