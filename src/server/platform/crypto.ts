import { createHash, randomBytes } from 'node:crypto';

/** A random, URL-safe secret of `bytes` bytes (256 bits by default). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 as hex: secrets are stored only as their hash, so a database copy opens nothing. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
