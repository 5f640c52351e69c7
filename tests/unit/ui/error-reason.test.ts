import { describe, expect, it } from 'vitest';
import { DeviceRevokedError, InvalidWriteError, NotEnrolledError, StorageFullError } from '../../../src/db/errors.ts';
import { errorReason } from '../../../src/ui/error-reason.ts';
import { loadLocale, translator } from '../../../src/ui/i18n.ts';

describe('why an action failed, as a screen says it', () => {
  it('words the device’s own states in the interface’s language, never in the error’s English', async () => {
    await loadLocale('en');
    const [fr, en] = [translator('fr'), translator('en')];
    expect(errorReason(new DeviceRevokedError(), fr)).toMatch(/^Un organisateur a retiré cet appareil\u00a0: il n’envoie et n’enregistre plus rien\./);
    expect(errorReason(new DeviceRevokedError(), en)).toMatch(/^An organizer removed this device: it sends and records nothing more\./);
    expect(errorReason(new StorageFullError(), fr)).toBe('Stockage plein sur cet appareil\u00a0: libérez de la place.');
    expect(errorReason(new StorageFullError({ cause: new DOMException('quota', 'QuotaExceededError') }), en)).toBe('Storage is full on this device: free some space.');
    expect(errorReason(new NotEnrolledError(), fr)).toBe('Cet appareil n’est pas inscrit.');
  });

  it('gives any other error’s own message', () => {
    const fr = translator('fr');
    expect(errorReason(new InvalidWriteError('No check-in c-1 on this device'), fr)).toBe('No check-in c-1 on this device');
    expect(errorReason('refused', fr)).toBe('refused');
  });
});
