import type { StoredPin } from '../../db/kiosk-settings.ts';

/** The organizer's PIN: 4 to 8 digits, stored as a salted PBKDF2 hash, checked with a slowdown after misses. */

export const PIN_PATTERN = /^\d{4,8}$/;
const ITERATIONS = 50_000;

const hex = (bytes: ArrayBuffer | Uint8Array) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

async function derive(pin: string, salt: string, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new TextEncoder().encode(salt), iterations }, key, 256);
  return hex(bits);
}

/** Hashes a new PIN (the caller has checked PIN_PATTERN). */
export async function hashPin(pin: string): Promise<StoredPin> {
  const salt = hex(crypto.getRandomValues(new Uint8Array(16)));
  return { salt, hash: await derive(pin, salt, ITERATIONS), iterations: ITERATIONS };
}

/** Whether `pin` is the stored one. */
export async function checkPin(pin: string, stored: StoredPin): Promise<boolean> {
  if (!PIN_PATTERN.test(pin)) return false;
  return (await derive(pin, stored.salt, stored.iterations)) === stored.hash;
}

/** After this many wrong PINs in a row, the kiosk waits before accepting another try. */
export const PIN_MAX_MISSES = 5;
export const PIN_LOCKOUT_MS = 30_000;
