/**
 * Asks once per start for persistent storage when it is not granted yet: Chromium answers
 * silently from how the site is used (installed apps get it), Firefox asks the user. Apart from
 * storage-status.ts (what the settings page shows) because every page, the kiosk included, runs it.
 */
export async function askForPersistenceIfNeeded(storage: StorageManager | undefined = globalThis.navigator?.storage): Promise<void> {
  try {
    if (storage?.persisted && storage.persist && !(await storage.persisted())) await storage.persist();
  } catch {
    // Refused or unsupported: the settings page shows the state and offers to ask again.
  }
}
