import { useEffect, useRef } from 'preact/hooks';

/** A pause this long ends a burst: what was typed before it is dropped. */
const IDLE_MS = 1_000;
/** A scanner types a key every few ms; a person, every 100 ms or more. Judged on the burst's median gap. */
const MAX_MEDIAN_GAP_MS = 40;
/** Shorter bursts are ignored (badge codes are about 40 to 130 characters). */
const MIN_LENGTH = 8;
const MAX_LENGTH = 512;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.POSITIVE_INFINITY;
}

/**
 * The keyboard-wedge reader as a pure state machine: feed it each key with its time; it returns
 * the code when a burst of at least MIN_LENGTH characters, typed at a scanner's pace (median gap
 * between keys), ends with Enter. The median, not the longest gap, so that one key delayed by a
 * busy phone or a Bluetooth hiccup does not cut a badge in two; a person typing stays a person.
 */
export function wedgeReader(): (key: string, atMs: number) => string | undefined {
  let buffer = '';
  let gaps: number[] = [];
  let lastAt = Number.NEGATIVE_INFINITY;
  return (key, atMs) => {
    const gap = atMs - lastAt;
    if (gap > IDLE_MS) {
      buffer = '';
      gaps = [];
    } else if (buffer) {
      gaps.push(gap);
    }
    lastAt = atMs;
    if (key === 'Enter') {
      const code = buffer.length >= MIN_LENGTH && median(gaps) <= MAX_MEDIAN_GAP_MS ? buffer : undefined;
      buffer = '';
      gaps = [];
      return code;
    }
    if (key.length === 1 && buffer.length < MAX_LENGTH) buffer += key; // Shift and other named keys are skipped
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
