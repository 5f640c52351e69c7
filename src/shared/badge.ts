import { signAsync, verifyAsync } from '@noble/ed25519';
import { base64UrlToBytes, bytesToBase64Url } from './base64url.ts';

/**
 * The badge (QR) code (see docs/sync-protocol.md, "Badge codes"). Two forms, both plain text with `.` separators so
 * that a keyboard-wedge scanner types them as they are:
 *
 * - `E1.<eventId>.<participantId>.<signature>`: a badge signed by the server with the event's
 *   Ed25519 key (the server alone holds the private key; every device has the public key).
 * - `W1.<eventId>.<participantId>`: a walk-in's badge made by the device that registered them,
 *   offline. It carries no signature: a device accepts it only once it holds that participant
 *   (after sync), which only an enrolled device can create.
 *
 * Ids in a badge are 1 to 64 letters, digits, `_` or `-` (UUIDs and the device-made ids are).
 */

export const SIGNED_PREFIX = 'E1';
export const WALK_IN_PREFIX = 'W1';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** An Ed25519 signature is 64 bytes: 86 base64url characters without padding. */
const SIGNATURE = /^[A-Za-z0-9_-]{86}$/;

export type BadgeKind = 'signed' | 'walk-in';

/** Why a code is refused, each with its own message on the scanner. */
export type BadgeRejection =
  /** Not an Étape badge at all (a URL, another app's QR, garbage). */
  | 'not-etape'
  /** An Étape badge of another event. */
  | 'other-event'
  /** Looks like a badge of this event, but the signature does not match (made up, altered or cut). */
  | 'forged';

export type BadgeReading =
  | { ok: true; kind: BadgeKind; eventId: string; participantId: string }
  | { ok: false; reason: BadgeRejection };

/** What a device needs to know of its event to read badges. */
export interface BadgeEvent {
  id: string;
  /** base64url of the 32-byte Ed25519 public key. */
  badgePublicKey: string;
}

function assertId(value: string, what: string): void {
  if (!ID.test(value)) throw new RangeError(`${what} cannot go into a badge: ${JSON.stringify(value)}`);
}

/** The bytes signed for a badge: a domain tag, the format version, the event and the participant. */
function signedMessage(eventId: string, participantId: string): Uint8Array {
  return new TextEncoder().encode(`etape-badge:1:${eventId}:${participantId}`);
}

/** Event public keys imported into WebCrypto (a door verifies hundreds of badges of one event); undefined where it has no Ed25519. */
const nativeKeys = new Map<string, Promise<CryptoKey | undefined>>();

function nativeKey(publicKey: string): Promise<CryptoKey | undefined> {
  let key = nativeKeys.get(publicKey);
  if (!key) {
    const subtle = globalThis.crypto?.subtle;
    key = subtle
      ? subtle.importKey('raw', base64UrlToBytes(publicKey) as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify']).catch(() => undefined)
      : Promise.resolve(undefined);
    nativeKeys.set(publicKey, key);
  }
  return key;
}

/**
 * Verifies an Ed25519 signature with the platform's WebCrypto (Chrome 137+, Firefox 129+, Safari 17+,
 * Node), else with @noble/ed25519 in JavaScript, which costs a slowed-down phone about 13 ms a badge
 * (the scan budget is 30 ms in all).
 */
async function verifySignature(signature: Uint8Array, message: Uint8Array, publicKey: string): Promise<boolean> {
  const key = await nativeKey(publicKey);
  if (key) return crypto.subtle.verify({ name: 'Ed25519' }, key, signature as Uint8Array<ArrayBuffer>, message as Uint8Array<ArrayBuffer>);
  return verifyAsync(signature, message, base64UrlToBytes(publicKey));
}

/** Signs a participant's badge with the event's private key (base64url of the 32-byte seed). Server only. */
export async function signBadge(privateKey: string, eventId: string, participantId: string): Promise<string> {
  assertId(eventId, 'event id');
  assertId(participantId, 'participant id');
  const signature = await signAsync(signedMessage(eventId, participantId), base64UrlToBytes(privateKey));
  return `${SIGNED_PREFIX}.${eventId}.${participantId}.${bytesToBase64Url(signature)}`;
}

/** The badge code a device gives a walk-in it registers. */
export function walkInBadge(eventId: string, participantId: string): string {
  assertId(eventId, 'event id');
  assertId(participantId, 'participant id');
  return `${WALK_IN_PREFIX}.${eventId}.${participantId}`;
}

/**
 * Reads a scanned code against the device's event. A signed badge is verified here; a walk-in's
 * badge is only parsed (the caller must find the participant on the device). Never throws.
 */
export async function readBadge(code: string, event: BadgeEvent): Promise<BadgeReading> {
  const parts = code.trim().split('.');
  const [prefix = '', eventId = '', participantId = '', signature = ''] = parts;
  const isSigned = prefix === SIGNED_PREFIX && parts.length === 4;
  const isWalkIn = prefix === WALK_IN_PREFIX && parts.length === 3;
  if (!(isSigned || isWalkIn) || !ID.test(eventId) || !ID.test(participantId)) {
    // A signed badge cut short still starts like one: say it is damaged or forged, not foreign.
    if (prefix === SIGNED_PREFIX && parts.length === 3 && ID.test(eventId)) {
      return eventId === event.id ? { ok: false, reason: 'forged' } : { ok: false, reason: 'other-event' };
    }
    return { ok: false, reason: 'not-etape' };
  }
  if (eventId !== event.id) return { ok: false, reason: 'other-event' };
  if (isWalkIn) return { ok: true, kind: 'walk-in', eventId, participantId };
  if (!SIGNATURE.test(signature)) return { ok: false, reason: 'forged' };
  try {
    const valid = await verifySignature(base64UrlToBytes(signature), signedMessage(eventId, participantId), event.badgePublicKey);
    return valid ? { ok: true, kind: 'signed', eventId, participantId } : { ok: false, reason: 'forged' };
  } catch {
    return { ok: false, reason: 'forged' };
  }
}
