import type { ComponentChildren } from 'preact';
import type { DeviceIdentity } from '../../db/device.ts';
import { useIdentity } from '../../db/live-query.ts';
import { APP_DATABASE } from '../../db/database.ts';
import { useI18n } from '../../ui/i18n.ts';
import '../../ui/messages/participants.ts';

/** Renders its children for a device enrolled as organizer; otherwise says who the page is for. */
export function OrganizerOnly({ children }: { children: (me: DeviceIdentity) => ComponentChildren }) {
  const { t } = useI18n();
  const identity = useIdentity(APP_DATABASE);
  if (identity.status !== 'ready') return null;
  const me = identity.value;
  if (!me || me.role !== 'organizer') return <p role="alert">{t('participants.organizerOnly')}</p>;
  return <>{children(me)}</>;
}
