import { isInstalledApp } from '../../ui/install-state.ts';

/** What the browser says about this device's storage: persistence and space. */

export type Persistence = 'granted' | 'not-granted' | 'unknown';

export interface StorageStatus {
  persistence: Persistence;
  usage: number | null;
  quota: number | null;
}

/** Reads whether storage is persistent and how much is used and available. */
export async function readStorageStatus(storage: StorageManager | undefined = navigator.storage): Promise<StorageStatus> {
  if (!storage) return { persistence: 'unknown', usage: null, quota: null };
  const [persisted, estimate] = await Promise.all([
    storage.persisted ? storage.persisted().catch(() => undefined) : Promise.resolve(undefined),
    storage.estimate ? storage.estimate().catch(() => undefined) : Promise.resolve(undefined),
  ]);
  return {
    persistence: persisted === undefined ? 'unknown' : persisted ? 'granted' : 'not-granted',
    usage: estimate?.usage ?? null,
    quota: estimate?.quota ?? null,
  };
}

/** Asks the browser to keep Étape's data even when space runs low. Resolves to its answer. */
export async function requestPersistence(storage: StorageManager | undefined = navigator.storage): Promise<boolean> {
  if (!storage?.persist) return false;
  try {
    return await storage.persist();
  } catch {
    return false;
  }
}

/** Safari in a browser tab (not installed) may evict data after 7 days without a visit. */
export function isEvictableSafariTab(nav: Navigator = navigator): boolean {
  return (nav as Navigator & { standalone?: boolean }).standalone === false && !isInstalledApp(nav);
}

/** "12,3 Mo" / "12.3 MB" for a number of bytes. */
export function formatBytes(bytes: number, locale: string): string {
  const units = locale === 'fr' ? ['o', 'Ko', 'Mo', 'Go', 'To'] : ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toLocaleString(locale, { maximumFractionDigits: digits })} ${units[unit]}`;
}
