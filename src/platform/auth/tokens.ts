import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Sessions are stored by hash, so a leaked table cannot be replayed as cookies. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * CSRF token: an HMAC of a per-browser random value and the session it belongs to.
 * Signing in changes the session, so tokens issued before sign-in stop working.
 */
export function csrfTokenFor(secret: string, browserValue: string, sessionToken: string | undefined): string {
  return createHmac('sha256', secret).update(`${browserValue}.${sessionToken ?? 'anonymous'}`).digest('base64url');
}

export function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
