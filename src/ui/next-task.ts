/**
 * Resolves in a later task of the main thread, so that the browser may paint and answer input
 * in between: one long task becomes two shorter ones (Lighthouse's Total Blocking Time counts
 * each task's time over 50 ms). `scheduler.yield()` where the engine has it (its continuation runs
 * before other queued work), a zero-delay timer elsewhere.
 */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
