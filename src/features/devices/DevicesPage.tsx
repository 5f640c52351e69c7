import { useEffect, useState } from 'preact/hooks';
import type { DeviceIdentity } from '../../db/device.ts';
import { useIdentity, useLiveQuery } from '../../db/live-query.ts';
import { readEvent, readStages, readStagesOf } from '../../db/records.ts';
import { APP_DATABASE } from '../../db/database.ts';
import { createEnrolmentCode, listDevices, revokeDevice, type DeviceListItem } from '../../sync/devices-api.ts';
import { ROLES, type Role } from '../../shared/protocol.ts';
import { formatDateTime } from '../../shared/time.ts';
import { groupPosterPhones } from '../../ui/device-groups.ts';
import { useI18n } from '../../ui/i18n.ts';
import { qrDataUrl } from '../../ui/qr-code.ts';
import { relativeTime } from '../../ui/relative-time.ts';
import '../../ui/messages/devices.ts';
import '../../ui/messages/sync.ts';
import { PosterSection } from './PosterSection.tsx';

/** /devices (organizers): the event's devices, revoking one, and enrolling a new one with a QR code. */
export function DevicesPage() {
  const { t } = useI18n();
  const db = APP_DATABASE;
  const identity = useIdentity(db);
  if (identity.status !== 'ready') return <p role="status">{t('devices.loading')}</p>;
  const me = identity.value;
  if (!me || me.role !== 'organizer') return <p role="alert">{t('sync.error.not-enrolled')}</p>;
  return (
    <section>
      <h1>{t('devices.title')}</h1>
      <DeviceList me={me} />
      <NewDevice me={me} />
      <PosterSection me={me} />
    </section>
  );
}

function DeviceList({ me }: { me: DeviceIdentity }) {
  const { t, locale } = useI18n();
  const db = APP_DATABASE;
  const towns = useLiveQuery(async () => new Map((await readStages(db)).map((stage) => [stage.id, stage.town])), ['stages'], []);
  const town = (stageId: string | null) => (stageId && towns.status === 'ready' ? (towns.value.get(stageId) ?? '–') : '–');
  const [devices, setDevices] = useState<DeviceListItem[] | 'offline' | undefined>();
  const load = () =>
    listDevices(me.token).then(setDevices, () => setDevices('offline'));
  useEffect(() => void load(), [me.token]);

  if (devices === undefined) return <p role="status">{t('devices.loading')}</p>;
  if (devices === 'offline') return <p role="alert">{t('devices.offline')}</p>;
  const revoke = async (device: DeviceListItem) => {
    if (!window.confirm(t('devices.confirmRevoke', { name: device.name }))) return;
    await revokeDevice(me.token, device.id).catch(() => setDevices('offline'));
    await load();
  };
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={t('devices.title')}>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('devices.name')}</th>
            <th scope="col">{t('devices.role')}</th>
            <th scope="col">{t('devices.stageColumn')}</th>
            <th scope="col">{t('devices.lastSeen')}</th>
            <th scope="col">{t('devices.waiting')}</th>
            <th scope="col">
              <span class="visually-hidden">{t('devices.revoke')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {groupPosterPhones(devices).map((line) => {
            if (line.kind === 'poster') {
              return (
                <tr key={line.posterId} data-poster={line.posterId}>
                  <th scope="row">{t('devices.posterLine', { town: town(line.stageId) })}</th>
                  <td>{t('devices.posterPhones', { phones: line.phones, answers: line.answers })}</td>
                  <td>{town(line.stageId)}</td>
                  <td>{line.lastSeenAt ? relativeTime(line.lastSeenAt, locale) : t('devices.never')}</td>
                  <td>{line.pendingOps ?? '–'}</td>
                  <td />
                </tr>
              );
            }
            const { device } = line;
            return (
            <tr key={device.id}>
              <th scope="row">{device.name}</th>
              <td>{t(`role.${device.role}`)}</td>
              <td>{town(device.stageId)}</td>
              <td>{device.lastSeenAt ? relativeTime(device.lastSeenAt, locale) : t('devices.never')}</td>
              <td>{device.pendingOps ?? '–'}</td>
              <td>
                {device.revokedAt ? (
                  t('devices.revoked')
                ) : device.id === me.deviceId ? null : (
                  <button type="button" class="button" aria-label={t('devices.revokeName', { name: device.name })} onClick={() => void revoke(device)}>
                    {t('devices.revoke')}
                  </button>
                )}
              </td>
            </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function NewDevice({ me }: { me: DeviceIdentity }) {
  const { t, locale } = useI18n();
  const db = APP_DATABASE;
  const stages = useLiveQuery(() => readStagesOf(db, me.eventId), ['stages'], [me.eventId]);
  const event = useLiveQuery(() => readEvent(db, me.eventId), ['events'], [me.eventId]);
  const timeZone = (event.status === 'ready' && event.value?.timeZone) || 'Europe/Paris';
  const [role, setRole] = useState<Role>('animator');
  const [stageId, setStageId] = useState('');
  const [made, setMade] = useState<{ link: string; qr: string; expiresAt: string } | 'offline' | undefined>();

  const create = async (event: Event) => {
    event.preventDefault();
    try {
      const code = await createEnrolmentCode(me.token, { role, stageId: stageId || null, expiresInHours: 24 });
      const link = `${window.location.origin}${code.path}`;
      setMade({ link, qr: await qrDataUrl(link), expiresAt: code.expiresAt });
    } catch {
      setMade('offline');
    }
  };

  return (
    <form class="form" onSubmit={create}>
      <h2>{t('devices.newCode')}</h2>
      <label for="new-role">{t('devices.role')}</label>
      <select id="new-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`role.${r}`)}
          </option>
        ))}
      </select>
      <label for="new-stage">{t('devices.stage')}</label>
      <select id="new-stage" value={stageId} onChange={(e) => setStageId(e.currentTarget.value)}>
        <option value="">{t('devices.anyStage')}</option>
        {stages.status === 'ready'
          ? stages.value.map((stage) => (
              <option key={stage.id} value={stage.id}>
                {stage.town}
              </option>
            ))
          : null}
      </select>
      <button type="submit" class="button button--primary">
        {t('devices.create')}
      </button>
      {made === 'offline' ? <p role="alert">{t('devices.offline')}</p> : null}
      {made && made !== 'offline' ? (
        <div class="enrol-code" role="status">
          <p>{t('devices.codeReady', { until: formatDateTime(made.expiresAt, timeZone, locale) })}</p>
          <img src={made.qr} alt={made.link} width="280" height="280" />
          <p>
            <a href={made.link}>{made.link}</a>
          </p>
        </div>
      ) : null}
    </form>
  );
}
