import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

test('passwords are stored as argon2id and verified', async () => {
  const stored = await hashPassword('a long enough passphrase');
  assert.match(stored, /^\$argon2id\$/);
  assert.equal(await verifyPassword(stored, 'a long enough passphrase'), true);
  assert.equal(await verifyPassword(stored, 'a long enough passphrasE'), false);
  assert.equal(await verifyPassword(null, 'anything'), false);
});

test('password rules: at least 12 characters, up to 128, not common, not the email, hard enough to guess', () => {
  assert.match(passwordProblem('short pass')!, /at least 12/);
  assert.equal(passwordProblem('kettle orbit 7 plum'), null);
  assert.equal(passwordProblem('wander-' + 'granite ' .repeat(7) + 'Q9 fjord lamp kestrel brine'), null, 'long passphrases are accepted');
  assert.match(passwordProblem('x'.repeat(11) + 'y')!, /too easy to guess/, 'a repeated character with one more is too easy');
  assert.match(passwordProblem('password12345')!, /too common|too easy/);
  assert.match(passwordProblem('a'.repeat(129))!, /128 characters or fewer/);
  assert.match(passwordProblem('qwerty123456')!, /too common/);
  assert.match(passwordProblem('QWERTY123456')!, /too common/, 'case does not help');
  assert.match(passwordProblem('aaaaaaaaaaaaaaa')!, /repeated/);
  assert.match(passwordProblem('jane.doe-secret-2026', { email: 'jane.doe@example.org' })!, /email/);
  assert.equal(passwordProblem('tidal ferry lantern 42'), null);
});
