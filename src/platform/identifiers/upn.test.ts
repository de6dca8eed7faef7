// The UPN check letter as the DfE's Common Basic Data Set defines it: the
// digits 2 to 13 weighted 2 to 13, the sum's remainder on dividing by 23
// naming a letter of ABCDEFGHJKLMNPQRTUVWXYZ.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normaliseUpn, upnCheckLetter, upnCheckLetterMatches } from './upn.ts';

test('the check letter of worked examples', () => {
  // 845200124001 (LA 845, school 2001, year 24, serial 001):
  // 8×2 + 4×3 + 5×4 + 2×5 + 0×6 + 0×7 + 1×8 + 2×9 + 4×10 + 0×11 + 0×12 + 1×13 = 137; 137 mod 23 = 22 -> Z.
  assert.equal(upnCheckLetter('845200124001'), 'Z');
  // The DfE's sample digits 123456789123: 2 + 6 + 12 + 20 + 30 + 42 + 56 + 72 + 90 + 11 + 24 + 39 = 404;
  // 404 mod 23 = 13 -> P (the table has no I, O or S).
  assert.equal(upnCheckLetter('123456789123'), 'P');
  // A temporary UPN ends in a letter, counted as its place in the table: A = 0.
  // 84520012400A: 16 + 12 + 20 + 10 + 0 + 0 + 8 + 18 + 40 + 0 + 0 + 0×13 = 124; 124 mod 23 = 9 -> K.
  assert.equal(upnCheckLetter('84520012400A'), 'K');
});

test('no check letter for text that cannot be a UPN\'s last twelve characters', () => {
  assert.equal(upnCheckLetter('84520012400'), null);
  assert.equal(upnCheckLetter('8452001240011'), null);
  assert.equal(upnCheckLetter('84520012A001'), null);
  assert.equal(upnCheckLetter('84520012400O'), null, 'O is not in the table');
});

test('a UPN matches when its first character is the check letter of the rest', () => {
  assert.ok(upnCheckLetterMatches('Z845200124001'));
  assert.ok(upnCheckLetterMatches('K84520012400A'));
  assert.ok(!upnCheckLetterMatches('A845200124001'));
  assert.ok(!upnCheckLetterMatches('Z845200124002'));
  assert.ok(!upnCheckLetterMatches('Z84520012400'));
  assert.equal(normaliseUpn(' z845 2001 24001'), 'Z845200124001');
});
