/** Small helpers shared by the bench modules: statistics, formatting, time limits. */

/** The median of a non-empty list of numbers. */
export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** "median (min–max)" of a list, each value rounded and followed by `unit`. */
export function medianAndRange(values: number[], unit = '', digits = 0): string {
  const f = (value: number) => `${value.toFixed(digits)}${unit}`;
  return `${f(median(values))} (${f(Math.min(...values))}–${f(Math.max(...values))})`;
}

/** Bytes as "48,083 B (47.0 KB)", with 1 KB = 1024 bytes. */
export function formatBytes(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} B (${(bytes / 1024).toFixed(1)} KB)`;
}

/** "✅ pass" or "❌ fail". */
export function verdict(pass: boolean): string {
  return pass ? '✅ pass' : '❌ fail';
}

/** Resolves or rejects like `promise`, but rejects after `ms` milliseconds with a message naming `what`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
