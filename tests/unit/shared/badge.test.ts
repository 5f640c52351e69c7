import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readBadge, signBadge, walkInBadge } from '../../../src/shared/badge.ts';

function eventKeys() {
  const keys = generateKeyPairSync('ed25519');
  return {
    id: randomUUID(),
    badgePublicKey: keys.publicKey.export({ format: 'jwk' }).x!,
    privateKey: keys.privateKey.export({ format: 'jwk' }).d!,
  };
}

describe('badges', () => {
  const event = eventKeys();
  const other = eventKeys();
  const participantId = randomUUID();

  it('accepts a badge signed with the event key, and names its participant', async () => {
    const code = await signBadge(event.privateKey, event.id, participantId);
    expect(code.startsWith('E1.')).toBe(true);
    expect(await readBadge(code, event)).toEqual({ ok: true, kind: 'signed', eventId: event.id, participantId });
    expect(await readBadge(`  ${code}\n`, event)).toMatchObject({ ok: true }); // as a wedge scanner types it
  });

  it('refuses a forged badge: another participant id under a real signature, or a made-up signature', async () => {
    const code = await signBadge(event.privateKey, event.id, participantId);
    const [prefix, eventId, , signature = ''] = code.split('.');
    expect(await readBadge(`${prefix}.${eventId}.${randomUUID()}.${signature}`, event)).toEqual({ ok: false, reason: 'forged' });
    const flipped = signature!.slice(0, 10) + (signature![10] === 'A' ? 'B' : 'A') + signature!.slice(11);
    expect(await readBadge(`${prefix}.${eventId}.${participantId}.${flipped}`, event)).toEqual({ ok: false, reason: 'forged' });
    // Signed with another event's private key but claiming this event.
    expect(await readBadge(await signBadge(other.privateKey, event.id, participantId), event)).toEqual({ ok: false, reason: 'forged' });
  });

  describe('on an engine whose WebCrypto has no Ed25519 (verified in JavaScript instead)', () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('gives the same answers', async () => {
      const importKey = vi.spyOn(crypto.subtle, 'importKey').mockRejectedValue(new DOMException('Unrecognized name', 'NotSupportedError'));
      const older = eventKeys(); // a key not imported yet
      const code = await signBadge(older.privateKey, older.id, participantId);
      expect(await readBadge(code, older)).toEqual({ ok: true, kind: 'signed', eventId: older.id, participantId });
      expect(await readBadge(await signBadge(other.privateKey, older.id, participantId), older)).toEqual({ ok: false, reason: 'forged' });
      expect(importKey).toHaveBeenCalled();
    });
  });

  it('refuses a truncated badge as forged', async () => {
    const code = await signBadge(event.privateKey, event.id, participantId);
    expect(await readBadge(code.slice(0, -5), event)).toEqual({ ok: false, reason: 'forged' });
    expect(await readBadge(code.slice(0, code.lastIndexOf('.')), event)).toEqual({ ok: false, reason: 'forged' });
  });

  it('refuses the badge of another event, signed or walk-in', async () => {
    expect(await readBadge(await signBadge(other.privateKey, other.id, participantId), event)).toEqual({ ok: false, reason: 'other-event' });
    expect(await readBadge(walkInBadge(other.id, participantId), event)).toEqual({ ok: false, reason: 'other-event' });
  });

  it('says that a URL, another QR or garbage is not an Étape badge', async () => {
    for (const code of ['https://example.org/?id=42', 'WIFI:S:Mairie;T:WPA;P:secret;;', '', 'E1', 'E1..x.y', `E2.${event.id}.${participantId}.sig`]) {
      expect(await readBadge(code, event)).toEqual({ ok: false, reason: 'not-etape' });
    }
  });

  it('reads a walk-in badge made by a device without checking any signature', async () => {
    const code = walkInBadge(event.id, participantId);
    expect(await readBadge(code, event)).toEqual({ ok: true, kind: 'walk-in', eventId: event.id, participantId });
  });

  it('refuses to put an id with separators into a badge', async () => {
    await expect(signBadge(event.privateKey, event.id, 'a.b')).rejects.toThrow(RangeError);
    expect(() => walkInBadge(event.id, '')).toThrow(RangeError);
  });
});
