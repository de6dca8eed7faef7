import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Secret } from 'otpauth';
import { acceptedStep, codeAt, newRecoveryCodes, newTotpSecret, readCode, recoveryCodeHash, RECOVERY_CODE_COUNT, secretForTyping } from './second-factor.ts';

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII "12345678901234567890";
// the table gives 8-digit codes, of which a 6-digit code is the last six
// digits (RFC 4226 section 5.3: the truncated value modulo 10^Digit).
const RFC_SECRET = Secret.fromUTF8('12345678901234567890').base32;
const RFC_TABLE: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
];

test('the codes are those of RFC 6238 Appendix B (SHA-1), six digits', () => {
  for (const [seconds, eight] of RFC_TABLE) {
    assert.equal(codeAt(RFC_SECRET, new Date(seconds * 1000)), eight.slice(2), `at T=${seconds}`);
  }
});

test('a code of the current step, or one step either side, is accepted with its step', () => {
  const now = new Date(1234567890 * 1000);
  const step = Math.floor(1234567890 / 30);
  assert.equal(acceptedStep(RFC_SECRET, '005924', now, null), step);
  assert.equal(acceptedStep(RFC_SECRET, codeAt(RFC_SECRET, new Date(now.getTime() - 30_000)), now, null), step - 1);
  assert.equal(acceptedStep(RFC_SECRET, codeAt(RFC_SECRET, new Date(now.getTime() + 30_000)), now, null), step + 1);
});

test('a code two steps old, a wrong code and a code already used are refused', () => {
  const now = new Date(1234567890 * 1000);
  const step = Math.floor(1234567890 / 30);
  assert.equal(acceptedStep(RFC_SECRET, codeAt(RFC_SECRET, new Date(now.getTime() - 60_000)), now, null), null);
  assert.equal(acceptedStep(RFC_SECRET, '123456', now, null), null);
  assert.equal(acceptedStep(RFC_SECRET, '005924', now, step), null, 'the same step again');
  assert.equal(acceptedStep(RFC_SECRET, codeAt(RFC_SECRET, new Date(now.getTime() - 30_000)), now, step), null, 'an earlier step after a later one');
});

test('a typed code may hold spaces or a dash; anything but six digits is not a code', () => {
  assert.equal(readCode(' 005 924 '), '005924');
  assert.equal(readCode('005-924'), '005924');
  assert.equal(readCode('05924'), null);
  assert.equal(readCode('abcdef'), null);
});

test('a new secret is 160 bits, shown in groups of four for typing', () => {
  const secret = newTotpSecret();
  assert.equal(secret.length, 32);
  assert.match(secretForTyping(secret), /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
  assert.notEqual(newTotpSecret(), secret);
});

test('recovery codes are ten different codes, matched whatever the case or separators typed', () => {
  const codes = newRecoveryCodes();
  assert.equal(codes.length, RECOVERY_CODE_COUNT);
  assert.equal(new Set(codes).size, RECOVERY_CODE_COUNT);
  const first = codes[0]!;
  assert.match(first, /^[a-z2-9]{5}-[a-z2-9]{5}$/);
  assert.equal(recoveryCodeHash(first.toUpperCase().replace('-', ' ')), recoveryCodeHash(first));
  assert.notEqual(recoveryCodeHash(codes[1]!), recoveryCodeHash(first));
});
