import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random, URL-safe secret of `bytes` bytes (256 bits by default). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 as hex: secrets are stored only as their hash, so a database copy opens nothing. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A tamper-proof token carrying `payload` (URL-safe): the payload and its HMAC-SHA256 under `secret`,
 * for links that must work without signing in (unsubscribing from mail). Anyone may read the
 * payload; only the server can make one.
 */
export function signedToken(payload: string, secret: string, purpose: string): string {
  const body = Buffer.from(payload).toString('base64url');
  return `${body}.${createHmac('sha256', `${purpose}:${secret}`).update(body).digest('base64url')}`;
}

/** The payload of a token made by `signedToken` with the same secret and purpose, or undefined when altered. */
export function verifiedPayload(token: string, secret: string, purpose: string): string | undefined {
  const [body, signature, ...rest] = token.split('.');
  if (!body || !signature || rest.length > 0) return undefined;
  const expected = createHmac('sha256', `${purpose}:${secret}`).update(body).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return Buffer.from(body, 'base64url').toString();
}
