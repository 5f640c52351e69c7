import { useEffect, useRef } from 'preact/hooks';

/** Keys further apart than this are a person typing, not a scanner. */
const MAX_GAP_MS = 100;
/** Shorter bursts are ignored (badge codes are about 40 to 130 characters). */
const MIN_LENGTH = 8;

/**
 * The keyboard-wedge reader as a pure state machine: feed it each key with its time; it returns
 * the code when a fast burst of at least MIN_LENGTH characters ends with Enter. A pause longer
 * than MAX_GAP_MS starts over, so a person typing never produces a scan.
 */
export function wedgeReader(): (key: string, atMs: number) => string | undefined {
  let buffer = '';
  let lastAt = Number.NEGATIVE_INFINITY;
  return (key, atMs) => {
    if (atMs - lastAt > MAX_GAP_MS) buffer = '';
    lastAt = atMs;
    if (key === 'Enter') {
      const code = buffer.length >= MIN_LENGTH ? buffer : undefined;
      buffer = '';
      return code;
    }
    if (key.length === 1) buffer += key; // Shift and other named keys are skipped, the burst goes on
    return undefined;
  };
}

function isEditable(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName));
}

/**
 * Reads a keyboard-wedge scanner (USB or Bluetooth): it types the code very fast, then Enter.
 * Keys typed into a field are left to that field (the search box handles a badge typed into it
 * itself), so a person searching is never interrupted; elsewhere a fast burst ending in Enter is a scan.
 */
export function useWedgeScanner(onCode: (code: string) => void): void {
  const latest = useRef(onCode);
  latest.current = onCode;
  useEffect(() => {
    const read = wedgeReader();
    const onKeyDown = (event: KeyboardEvent) => {
      if (isEditable(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      const code = read(event.key, event.timeStamp || performance.now());
      if (code === undefined) return;
      event.preventDefault();
      latest.current(code);
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}

/** Whether text typed into a field is a badge (a scanner typing into the search box). */
export function looksLikeBadge(text: string): boolean {
  return /^[EW]1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.test(text.trim());
}
