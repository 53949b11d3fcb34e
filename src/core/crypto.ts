import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { AppError } from './errors.ts';

/**
 * Secrets at rest: AES-256-GCM with a key derived (HKDF-SHA-256) from SECRET_KEY, so the same SECRET_KEY
 * always opens the same data and no raw SECRET_KEY bytes are used as a cipher key directly.
 * Format: `v1:<iv b64url>:<tag b64url>:<ciphertext b64url>`; the version prefix leaves room for key rotation.
 */
const FORMAT_VERSION = 'v1';
const IV_BYTES = 12;

export interface SecretBox {
  encrypt(plaintext: string): string;
  decrypt(sealed: string): string;
}

export function deriveKey(secretKey: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'commcare-utils', purpose, 32));
}

export function createSecretBox(secretKey: string): SecretBox {
  const key = deriveKey(secretKey, 'secrets-at-rest');
  return {
    encrypt(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [
        FORMAT_VERSION,
        iv.toString('base64url'),
        tag.toString('base64url'),
        body.toString('base64url'),
      ].join(':');
    },
    decrypt(sealed) {
      const [version, iv, tag, body] = sealed.split(':');
      if (version !== FORMAT_VERSION || !iv || !tag || body === undefined) {
        throw new AppError('internal', 'Encrypted value has an unknown format');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch (cause) {
        throw new AppError(
          'internal',
          'Encrypted value could not be decrypted: is SECRET_KEY the one it was written with?',
          {
            cause,
          },
        );
      }
    },
  };
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export function hmacSha256Hex(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value, 'utf8').digest('hex');
}

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
