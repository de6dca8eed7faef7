import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The tokens of links that work without signing in (a child's own link, a
 * family's feedback link). A token is 32 random bytes written in base64url:
 * 256 bits, far past guessing. Only its SHA-256 hash is stored, so a copy of
 * the table opens nothing.
 */
export const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface LinkToken {
  /** Given to the person once, in the link; never stored or logged. */
  token: string;
  /** What is stored and looked up. */
  tokenHash: string;
}

export function createLinkToken(): LinkToken {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, tokenHash: hashLinkToken(token) };
}

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A token of the right shape, or null: a mistyped link is refused before the database is asked. */
export function wellFormedToken(token: unknown): string | null {
  return typeof token === 'string' && TOKEN_PATTERN.test(token) ? token : null;
}

/** The first characters of the hash: enough to find a link in the audit log, never enough to use one. */
export function hashPrefix(tokenHash: string): string {
  return tokenHash.slice(0, 12);
}

/** For audit rows about a token that may be malformed: its hash prefix, never the token. */
export function auditableToken(token: unknown): string {
  return hashPrefix(hashLinkToken(typeof token === 'string' ? token : ''));
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Finds a link by its token: `find` looks the hash up (an index on the hash,
 * so the time taken does not depend on how much of a guess is right), and the
 * row's hash is compared again in constant time before it is trusted.
 * A malformed token never reaches the database.
 */
export async function lookUpByToken<T extends { token_hash: string }>(
  token: unknown,
  find: (tokenHash: string) => Promise<T | undefined>,
): Promise<T | undefined> {
  const wellFormed = wellFormedToken(token);
  if (!wellFormed) return undefined;
  const tokenHash = hashLinkToken(wellFormed);
  const row = await find(tokenHash);
  return row && sameHash(row.token_hash, tokenHash) ? row : undefined;
}
