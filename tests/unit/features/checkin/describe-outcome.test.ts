import { describe, expect, it } from 'vitest';
import type { CheckinRow, ParticipantRow } from '../../../../src/db/schema.ts';
import { describeOutcome } from '../../../../src/features/checkin/describe-outcome.ts';
import { translator } from '../../../../src/ui/i18n.ts';
import '../../../../src/ui/messages/checkin.ts';
import { identity } from '../../db/test-db.ts';

const helene: ParticipantRow = {
  id: 'p-1', eventId: 'event-1', name: 'Hélène Martin', organisation: 'Tiers-lieu de Florac', profile: 'association',
  email: null, badgeCode: 'E1.x', origin: 'import', consent: true,
};
const checkin = (deviceId: string, scannedAt = '2026-11-26T13:02:00.000Z'): CheckinRow => ({
  id: `c-${deviceId}`, participantId: 'p-1', stageId: 's', deviceId, scannedAt, receivedAt: null, method: 'camera', voided: 0, voidedAt: null,
});
const me = identity({ deviceId: 'phone-florac', name: 'Téléphone Florac' });
const fr = { t: translator('fr'), locale: 'fr' as const, timeZone: 'Europe/Paris', me };

describe('the words of a scan', () => {
  it('green names the person, their organisation and profile', () => {
    expect(describeOutcome({ kind: 'welcome', participant: helene, checkin: checkin('phone-florac') }, fr)).toEqual({
      tone: 'green', text: 'Bienvenue, Hélène Martin', detail: 'Tiers-lieu de Florac · association',
    });
  });

  it('green for a valid badge whose person has not reached the device', () => {
    expect(describeOutcome({ kind: 'welcome', participant: undefined, checkin: checkin('phone-florac') }, fr)).toMatchObject({
      tone: 'green', text: 'Badge valide, personne pas encore sur cet appareil',
    });
  });

  it('amber gives the time in the event zone and the device by name: this one, or the one the server names', () => {
    const here = describeOutcome({ kind: 'repeat', participant: helene, earlier: checkin('phone-florac'), checkin: checkin('x') }, fr);
    expect(here).toMatchObject({ tone: 'amber', text: 'Hélène Martin\u00a0: déjà enregistré·e à 14:02 sur Téléphone Florac' });
    const pulled = { ...checkin('phone-mende'), deviceName: 'Téléphone Mende' };
    const there = describeOutcome({ kind: 'repeat', participant: helene, earlier: pulled, checkin: checkin('x') }, fr);
    expect(there.text).toBe('Hélène Martin\u00a0: déjà enregistré·e à 14:02 sur Téléphone Mende');
    // A check-in from a server of an older build carries no device name.
    const unnamed = describeOutcome({ kind: 'repeat', participant: helene, earlier: checkin('phone-mende'), checkin: checkin('x') }, fr);
    expect(unnamed.text).toBe('Hélène Martin\u00a0: déjà enregistré·e à 14:02 sur un autre appareil');
  });

  it('red with its own reason each; a walk-in not synced yet is amber with what to do', () => {
    const texts = (['other-event', 'forged', 'erased', 'not-etape'] as const).map((reason) => describeOutcome({ kind: 'refused', reason }, fr));
    expect(texts.every((shown) => shown.tone === 'red')).toBe(true);
    expect(new Set(texts.map((shown) => shown.text)).size).toBe(4);
    expect(describeOutcome({ kind: 'refused', reason: 'walk-in-unknown' }, fr)).toMatchObject({ tone: 'amber', detail: 'Synchronisez, ou cherchez la personne par son nom.' });
  });
});
