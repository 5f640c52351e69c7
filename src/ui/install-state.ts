/* Whether this device keeps Étape's data for good: installed app, persistent storage. */

/** Whether Étape runs as an app added to the home screen (or installed), not in a browser tab. */
export function isInstalledApp(nav: Navigator = navigator): boolean {
  return (nav as Navigator & { standalone?: boolean }).standalone === true || !!globalThis.matchMedia?.('(display-mode: standalone)').matches;
}

/**
 * Whether the browser may delete this device's data: not installed and persistent storage not
 * granted. Safari then deletes a site's data after 7 days without a visit (and refuses
 * persistence in a tab); other browsers when space runs low.
 */
export async function isStorageAtRisk(nav: Navigator = navigator): Promise<boolean> {
  if (isInstalledApp(nav)) return false;
  const persisted = await nav.storage?.persisted?.().catch(() => false);
  return persisted !== true;
}
