import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../ui/i18n.ts';
import { LocaleSwitch } from '../../ui/LocaleSwitch.tsx';
import { DeviceSection } from './DeviceSection.tsx';
import { formatBytes, isEvictableSafariTab, readStorageStatus, requestPersistence, type StorageStatus } from './storage-status.ts';
import '../../ui/messages/devices.ts';

/** This device's settings: language, storage persistence and space, version. */
export function SettingsPage() {
  const { t, locale } = useI18n();
  const [status, setStatus] = useState<StorageStatus | undefined>();
  const [refused, setRefused] = useState(false);

  useEffect(() => {
    void readStorageStatus().then(setStatus);
  }, []);

  const ask = async () => {
    const granted = await requestPersistence();
    setRefused(!granted);
    setStatus(await readStorageStatus());
  };

  return (
    <section class="settings">
      <h1>{t('settings.title')}</h1>

      <h2>{t('settings.language')}</h2>
      <LocaleSwitch />

      <h2>{t('settings.storage')}</h2>
      {status ? (
        <>
          <p data-testid="persistence">
            {status.persistence === 'granted'
              ? t('settings.persisted')
              : status.persistence === 'not-granted'
                ? t('settings.notPersisted')
                : t('settings.persistUnknown')}
          </p>
          {status.persistence === 'not-granted' ? (
            <button type="button" class="button" onClick={() => void ask()}>
              {t('settings.persistAsk')}
            </button>
          ) : null}
          {refused ? <p role="status">{t('settings.persistRefused')}</p> : null}
          <p data-testid="storage-usage">
            {status.usage !== null && status.quota !== null
              ? t('settings.usage', { used: formatBytes(status.usage, locale), quota: formatBytes(status.quota, locale) })
              : t('settings.usageUnknown')}
          </p>
        </>
      ) : null}
      {isEvictableSafariTab() ? <p class="banner banner--warning">{t('settings.safariWarning')}</p> : null}

      <DeviceSection />

      <p class="muted">{t('settings.version', { version: __APP_VERSION__, build: __APP_BUILD__ })}</p>
    </section>
  );
}
