import type { DeviceIdentity } from '../db/device.ts';
import { APP_DATABASE } from '../db/database.ts';
import type { SyncEngine, SyncStatus } from '../sync/engine.ts';
import { requestBackgroundSync } from './sw-bridge.ts';

/**
 * Runs one sync engine for this page while the device is enrolled. The engine's code is loaded
 * only then: a participant's phone that only reads the programme never downloads it.
 */

type Listener = (status: SyncStatus | null) => void;

let engine: SyncEngine | undefined;
let engineDevice: string | undefined;
let stopListening: (() => void) | undefined;
let latest: SyncStatus | null = null;
const listeners = new Set<Listener>();

function publish(status: SyncStatus | null): void {
  if (status?.lastError?.kind === 'offline' && status.waiting > 0 && latest?.lastError?.kind !== 'offline') {
    void requestBackgroundSync();
  }
  latest = status;
  for (const listener of listeners) listener(status);
}

/** Starts, restarts (another enrolment) or stops the engine to match this device's identity. */
export async function connectSync(identity: DeviceIdentity | undefined): Promise<void> {
  if (identity?.deviceId === engineDevice) return;
  engineDevice = identity?.deviceId;
  stopListening?.();
  engine?.stop();
  engine = undefined;
  if (!identity) return publish(null);
  const { createSyncEngine } = await import('../sync/engine.ts');
  if (engineDevice !== identity.deviceId) return; // another identity arrived meanwhile
  engine = createSyncEngine({ db: APP_DATABASE });
  stopListening = engine.subscribe(publish);
  publish(engine.getStatus());
  engine.start();
}

/** Calls `listener` now and on every change of the sync status (null while not enrolled). */
export function onSyncStatus(listener: Listener): () => void {
  listeners.add(listener);
  listener(latest);
  return () => listeners.delete(listener);
}

/** "Sync now", from the status bar. */
export function syncNow(): void {
  void engine?.syncNow();
}
