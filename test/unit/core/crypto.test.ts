import { describe, expect, it } from 'vitest';
import { createSecretBox, hmacSha256Hex, sha256Hex } from '../../../src/core/crypto.ts';

const KEY = 'a'.repeat(40);

describe('secret box (AES-256-GCM)', () => {
  it('round-trips unicode and empty values', () => {
    const box = createSecretBox(KEY);
    for (const value of ['', 'api-key-123', 'postgres://u:p@h/db', 'ümlaut ✓ 😀']) {
      expect(box.decrypt(box.encrypt(value))).toBe(value);
    }
  });

  it('never stores the plaintext and uses a new IV each time', () => {
    const box = createSecretBox(KEY);
    const a = box.encrypt('secret-value');
    const b = box.encrypt('secret-value');
    expect(a).not.toContain('secret-value');
    expect(a).not.toBe(b);
    expect(a.startsWith('v1:')).toBe(true);
  });

  it('refuses a value sealed under another key or tampered with', () => {
    const sealed = createSecretBox(KEY).encrypt('x');
    expect(() => createSecretBox('b'.repeat(40)).decrypt(sealed)).toThrow(/SECRET_KEY/);
    const parts = sealed.split(':');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => createSecretBox(KEY).decrypt(parts.join(':'))).toThrow(/could not be decrypted/);
    expect(() => createSecretBox(KEY).decrypt('plain')).toThrow(/unknown format/);
  });
});

describe('digests', () => {
  it('sha256 and hmac give known hex values', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hmacSha256Hex('key', 'The quick brown fox jumps over the lazy dog')).toBe(
      'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
  });
});
