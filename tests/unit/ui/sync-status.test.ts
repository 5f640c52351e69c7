import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../src/sync/engine.ts';
import { loadLocale, translator } from '../../../src/ui/i18n.ts';
import { syncLine } from '../../../src/ui/SyncStatus.tsx';

const idle: SyncStatus = { running: false, waiting: 0, lastSuccessAt: null, lastError: null, pull: null, nextAttemptAt: null, failures: 0, gaps: [] };

describe('the sync status line', () => {
  it('shows how far a first pull has gone, out of how many changes, in French and in English', async () => {
    await loadLocale('en');
    const pulling: SyncStatus = { ...idle, running: true, pull: { applied: 45_000, cursor: 45_090, remaining: 75_116 } };
    expect(syncLine(pulling, translator('fr'), 'fr')).toBe('réception\u00a0: 45\u202f000 sur 120\u202f116 changements…');
    expect(syncLine(pulling, translator('en'), 'en')).toBe('receiving: 45,000 of 120,116 changes…');
  });

  it('counts what arrived when the server does not say what remains, and says when nothing is pulled', () => {
    const t = translator('fr');
    expect(syncLine({ ...idle, running: true, pull: { applied: 5_000, cursor: 5_000 } }, t, 'fr')).toBe('réception\u00a0: 5000 changements…');
    expect(syncLine({ ...idle, running: true }, t, 'fr')).toBe('synchronisation…');
    expect(syncLine(idle, t, 'fr')).toBe('jamais synchronisé');
  });
});
