import { useEffect, useState } from 'preact/hooks';

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

/**
 * How many of `total` parts of a long page to render: `first` at once, all of them a task later,
 * so that rendering and laying out the whole is not one long task. (A part per task was measured
 * too: no shorter, and each part paid its own layout.)
 */
export function useGrowingCount(total: number, first = 1): number {
  const [count, setCount] = useState(first);
  useEffect(() => {
    if (count >= total) return;
    let live = true;
    void nextTask().then(() => live && setCount(total));
    return () => {
      live = false;
    };
  }, [count, total]);
  return Math.min(count, total);
}
