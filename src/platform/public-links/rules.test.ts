import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditableToken, createLinkToken, hashLinkToken, hashPrefix, linkExpiry, linkStatus, lookUpByToken, wellFormedToken } from './index.ts';

const now = new Date('2026-03-02T09:00:00Z');
const live = { expires_at: new Date('2026-03-16T09:00:00Z'), uses_allowed: 1, uses_made: 0, withdrawn_at: null };

test('a token is 32 random bytes in base64url (256 bits), and only its SHA-256 hash is kept', () => {
  const { token, tokenHash } = createLinkToken();
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(Buffer.from(token, 'base64url').length, 32);
  assert.equal(tokenHash, hashLinkToken(token));
  assert.match(tokenHash, /^[0-9a-f]{64}$/);
  assert.notEqual(createLinkToken().token, token, 'two tokens differ');
});

test('a malformed token is refused before any lookup', async () => {
  assert.equal(wellFormedToken('short'), null);
  assert.equal(wellFormedToken(`${'a'.repeat(42)}=`), null);
  assert.equal(wellFormedToken(undefined), null);
  let asked = 0;
  const found = await lookUpByToken('not-a-token', async () => {
    asked += 1;
    return undefined;
  });
  assert.equal(found, undefined);
  assert.equal(asked, 0);
});

test('a token is found by its hash, and a row whose hash differs is not trusted', async () => {
  const { token, tokenHash } = createLinkToken();
  assert.deepEqual(await lookUpByToken(token, async (hash) => ({ token_hash: hash, id: 'a' })), { token_hash: tokenHash, id: 'a' });
  assert.equal(await lookUpByToken(token, async () => ({ token_hash: hashLinkToken('other'), id: 'b' })), undefined);
});

test('the audit log gets a hash prefix, never the token', () => {
  const { token, tokenHash } = createLinkToken();
  assert.equal(auditableToken(token), hashPrefix(tokenHash));
  assert.equal(auditableToken(token).length, 12);
  assert.ok(!token.includes(auditableToken(token)));
  assert.equal(auditableToken(undefined).length, 12);
});

test('a link works until it is withdrawn, used up or past its expiry', () => {
  assert.equal(linkStatus(live, now), 'usable');
  assert.equal(linkStatus({ ...live, withdrawn_at: now }, now), 'withdrawn');
  assert.equal(linkStatus({ ...live, uses_made: 1 }, now), 'used');
  assert.equal(linkStatus({ ...live, uses_allowed: 3, uses_made: 2 }, now), 'usable');
  assert.equal(linkStatus({ ...live, expires_at: now }, now), 'expired', 'expired at the instant of expiry');
  assert.equal(linkStatus({ ...live, expires_at: new Date(now.getTime() + 1) }, now), 'usable');
});

test('a link made now expires the given number of days later', () => {
  assert.equal(linkExpiry(now, 14).toISOString(), '2026-03-16T09:00:00.000Z');
});
