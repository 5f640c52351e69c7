import { useEffect, useRef } from 'preact/hooks';

/** Keys further apart than this are a person typing, not a scanner. */
const MAX_GAP_MS = 100;
/** Shorter bursts are ignored (badge codes are about 40 to 130 characters). */
const MIN_LENGTH = 8;

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
    let buffer = '';
    let lastAt = 0;
    const onKeyDown = (event: KeyboardEvent) => {
      if (isEditable(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      const now = performance.now();
      if (now - lastAt > MAX_GAP_MS) buffer = '';
      lastAt = now;
      if (event.key === 'Enter') {
        if (buffer.length >= MIN_LENGTH) {
          event.preventDefault();
          latest.current(buffer);
        }
        buffer = '';
      } else if (event.key.length === 1) {
        buffer += event.key;
      }
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}

/** Whether text typed into a field is a badge (a scanner typing into the search box). */
export function looksLikeBadge(text: string): boolean {
  return /^[EW]1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.test(text.trim());
}
