import '../../ui/messages/security.ts';
import { useEffect, useState } from 'preact/hooks';
import type { DeviceIdentity } from '../../db/device.ts';
import { formatDateTime } from '../../shared/time.ts';
import { fetchWithTimeout, readJson } from '../../sync/http.ts';
import { syncHeaders } from '../../sync/request.ts';
import { useI18n, type MessageKey } from '../../ui/i18n.ts';

interface SecurityEntry {
  id: string;
  at: string;
  kind: string;
  deviceId: string | null;
  address: string | null;
  detail: Record<string, unknown>;
}

/** The latest entries of the server's security log (enrolments, refused codes, bursts…), read when online. */
export function SecurityLog({ me, timeZone }: { me: DeviceIdentity; timeZone: string }) {
  const { t, locale } = useI18n();
  const [entries, setEntries] = useState<SecurityEntry[] | 'offline' | undefined>();
  useEffect(() => {
    let live = true;
    fetchWithTimeout('/api/security-log', { headers: syncHeaders(me.token) })
      .then(async (response) => ((await readJson(response, 'The security log')) as { entries: SecurityEntry[] }).entries)
      .then(
        (list) => live && setEntries(list.slice(0, 30)),
        () => live && setEntries('offline'),
      );
    return () => {
      live = false;
    };
  }, [me.token]);
  return (
    <section aria-labelledby="security-title">
      <h2 id="security-title">{t('security.title')}</h2>
      {entries === 'offline' ? <p role="status">{t('security.offline')}</p> : null}
      {Array.isArray(entries) && entries.length === 0 ? <p>{t('security.none')}</p> : null}
      {Array.isArray(entries) ? (
        <ul data-testid="security-log">
          {entries.map((entry) => (
            <li key={entry.id}>
              {formatDateTime(entry.at, timeZone, locale)} · {t(`security.kind.${entry.kind}` as MessageKey)}
              {entry.address ? ` · ${entry.address}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
