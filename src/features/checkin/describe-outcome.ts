import type { DeviceIdentity } from '../../db/device.ts';
import type { ParticipantRow } from '../../db/schema.ts';
import type { Locale } from '../../shared/domain.ts';
import { formatTime } from '../../shared/time.ts';
import type { Translate } from '../../ui/i18n.ts';
import type { ScanOutcome } from './decide-scan.ts';
import type { Tone } from './scan-feedback.ts';

/** What the screen shows for an answer: its colour, a headline and a detail line. */
export interface ShownOutcome {
  tone: Tone;
  text: string;
  detail?: string;
}

/** The words of a scan's outcome ('ignored' shows nothing), times in the event's zone. */
export function describeOutcome(
  outcome: Exclude<ScanOutcome, { kind: 'ignored' }>,
  { t, locale, timeZone, me }: { t: Translate; locale: Locale; timeZone: string; me: DeviceIdentity },
): ShownOutcome {
  switch (outcome.kind) {
    case 'welcome':
      return outcome.participant
        ? { tone: 'green', text: t('checkin.welcome', { name: outcome.participant.name }), detail: personDetail(outcome.participant, t) }
        : { tone: 'green', text: t('checkin.unknownPerson') };
    case 'repeat':
      return {
        tone: 'amber',
        text: t('checkin.repeat', {
          name: outcome.participant?.name || t('checkin.someone'),
          time: formatTime(outcome.earlier.scannedAt, timeZone, locale),
          where:
            outcome.earlier.deviceId === me.deviceId
              ? t('checkin.on', { device: me.name })
              : outcome.earlier.deviceName
                ? t('checkin.on', { device: outcome.earlier.deviceName })
                : t('checkin.elsewhere'),
        }),
        detail: outcome.participant ? personDetail(outcome.participant, t) : undefined,
      };
    case 'refused':
      return outcome.reason === 'walk-in-unknown'
        ? { tone: 'amber', text: t('checkin.refused.walk-in-unknown'), detail: t('checkin.refused.walk-in-unknown.hint') }
        : { tone: 'red', text: t(`checkin.refused.${outcome.reason}`) };
  }
}

/** "Tiers-lieu de Florac · association": organisation and profile. */
export function personDetail(person: ParticipantRow, t: Translate): string {
  return [person.organisation, t(`checkin.profile.${person.profile}`)].filter(Boolean).join(' · ');
}
