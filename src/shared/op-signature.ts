import { bytesToBase64Url } from './base64url.ts';
import { opSigningString, type Op } from './protocol.ts';

const encoder = new TextEncoder();

/** The signing key of a device: the lower-case hex SHA-256 of its token (what the server stores). */
export async function signingKeyOf(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(token));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The author device's signature of an op (WebCrypto: browsers and Node alike). */
export async function signOp(op: Op, signingKey: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(signingKey), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return bytesToBase64Url(await crypto.subtle.sign('HMAC', key, encoder.encode(opSigningString(op))));
}
