import { afterEach, describe, expect, it, vi } from 'vitest';
import { isInstalledApp, isStorageAtRisk } from '../../../src/ui/install-state.ts';

/** A navigator as the browsers give it: Safari on iPhone has `standalone`, the others only display-mode. */
function device(options: { standalone?: boolean; persisted?: boolean | 'throws' | 'absent' }): Navigator {
  const persisted =
    options.persisted === 'absent'
      ? undefined
      : () => (options.persisted === 'throws' ? Promise.reject(new Error('SecurityError')) : Promise.resolve(options.persisted ?? false));
  return { standalone: options.standalone, storage: persisted ? { persisted } : undefined } as unknown as Navigator;
}

describe('whether the browser may delete this device’s data', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is at risk in a Safari tab (not on the home screen, persistence refused)', async () => {
    expect(isInstalledApp(device({ standalone: false }))).toBe(false);
    expect(await isStorageAtRisk(device({ standalone: false, persisted: false }))).toBe(true);
  });

  it('is safe once added to the home screen, or installed (display-mode standalone)', async () => {
    expect(await isStorageAtRisk(device({ standalone: true, persisted: false }))).toBe(false);
    vi.stubGlobal('matchMedia', (query: string) => ({ matches: query === '(display-mode: standalone)' }));
    expect(await isStorageAtRisk(device({ persisted: false }))).toBe(false);
  });

  it('is safe in a tab whose storage is persistent; at risk when the browser cannot say', async () => {
    expect(await isStorageAtRisk(device({ persisted: true }))).toBe(false);
    expect(await isStorageAtRisk(device({ persisted: 'throws' }))).toBe(true);
    expect(await isStorageAtRisk(device({ persisted: 'absent' }))).toBe(true);
  });
});
