import { createHash, randomBytes } from 'node:crypto';

/** SHA-256 hex digest: how tokens, secrets and codes are kept at rest. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A URL-safe random secret with `bytes` bytes of entropy. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
