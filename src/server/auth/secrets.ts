import { createHash, randomBytes } from 'node:crypto';

/** A new random secret (device token, enrolment code): 256 bits, URL-safe. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * The stored form of a secret. Tokens and codes are random and long, so a fast hash is enough:
 * nothing to brute-force, and the database never holds a usable secret.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
