import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { SyncStatus } from '../sync/engine.ts';

/**
 * What the app shell offers pages that take over the whole screen (the kiosk): the sync status
 * and "sync now", and the waiting app update, which such a page applies itself at a safe moment.
 */
export interface AppServices {
  sync: SyncStatus | null;
  syncNow(): void;
  updateOffered: boolean;
  applyUpdate(): void;
}

export const AppServicesContext = createContext<AppServices>({
  sync: null,
  syncNow: () => undefined,
  updateOffered: false,
  applyUpdate: () => undefined,
});

/** The shell's services (sync, update), for full-screen pages. */
export function useAppServices(): AppServices {
  return useContext(AppServicesContext);
}
