/**
 * Hybrid logical clock (Kulkarni et al.): wall time in ms, a counter for events in the same ms or
 * while the wall clock lags behind a clock already seen, and the node (device) id as tie-break.
 * Encoded as a fixed-width string so that string order is clock order:
 * `000001795636017098:00000:device-id`.
 */

export interface Hlc {
  wallMs: number;
  counter: number;
  node: string;
}

/** How far ahead of the server's time an edit's clock may be: the server refuses it beyond (`clock-ahead`). */
export const MAX_CLOCK_LEAD_MS = 24 * 60 * 60 * 1000;

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 5;
const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1;

/** The string form of a clock; comparing two such strings compares the clocks. */
export function encodeHlc({ wallMs, counter, node }: Hlc): string {
  return `${String(wallMs).padStart(WALL_DIGITS, '0')}:${String(counter).padStart(COUNTER_DIGITS, '0')}:${node}`;
}

/** Parses an encoded clock, or returns undefined if it is not one. */
export function decodeHlc(text: string): Hlc | undefined {
  const match = /^(\d{15}):(\d{5}):(.+)$/.exec(text);
  if (!match) return undefined;
  return { wallMs: Number(match[1]), counter: Number(match[2]), node: match[3]! };
}

/** The clock for a new local event, after `last` (the latest clock this node has sent or seen). */
export function tickHlc(last: Hlc | undefined, node: string, nowMs: number): Hlc {
  if (!last || nowMs > last.wallMs) return { wallMs: nowMs, counter: 0, node };
  if (last.counter >= MAX_COUNTER) return { wallMs: last.wallMs + 1, counter: 0, node };
  return { wallMs: last.wallMs, counter: last.counter + 1, node };
}

/** The local clock after receiving `remote`: later than both, so causality is kept across devices. */
export function receiveHlc(local: Hlc | undefined, remote: Hlc, node: string, nowMs: number): Hlc {
  const wallMs = Math.max(nowMs, local?.wallMs ?? 0, remote.wallMs);
  let counter = 0;
  if (local && wallMs === local.wallMs && wallMs === remote.wallMs) counter = Math.max(local.counter, remote.counter) + 1;
  else if (local && wallMs === local.wallMs) counter = local.counter + 1;
  else if (wallMs === remote.wallMs) counter = remote.counter + 1;
  if (counter > MAX_COUNTER) return { wallMs: wallMs + 1, counter: 0, node };
  return { wallMs, counter, node };
}
