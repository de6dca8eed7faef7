import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { generateNhsNumber, generateUpn, nhsNumberProblem, normaliseNhsNumber, normaliseUpn, upnProblem } from './identifiers.ts';

/** A RandomInt driven by fast-check, so properties cover many generated numbers. */
const randomIntFrom = (stream: IterableIterator<number>) => (min: number, max: number) => min + (stream.next().value! % (max - min + 1));

test('published valid NHS numbers pass, however they are typed', () => {
  // 943 476 5919, the NHS's own example: 9×10 + 4×9 + 3×8 + 4×7 + 7×6 + 6×5 + 5×4 + 9×3 + 1×2 = 299;
  // 299 mod 11 = 2; 11 − 2 = 9, the last digit.
  assert.equal(nhsNumberProblem('943 476 5919'), null);
  assert.equal(nhsNumberProblem('9434765919'), null);
  assert.equal(nhsNumberProblem('943-476-5919'), null);
  assert.equal(nhsNumberProblem(' 943 476 5919 '), null);
  // 401 023 2137: 40 + 0 + 8 + 0 + 12 + 15 + 8 + 3 + 6 = 92; 92 mod 11 = 4; 11 − 4 = 7.
  assert.equal(nhsNumberProblem('401 023 2137'), null);
  assert.equal(normaliseNhsNumber('943 476-5919'), '9434765919');
});

test('NHS number problems are named plainly', () => {
  const cases: [string, string][] = [
    ['', 'Enter the NHS number'],
    ['943 476 591', 'NHS number must be 10 digits'],
    ['943 476 59190', 'NHS number must be 10 digits'],
    ['943 476 591X', 'NHS number must only include numbers, spaces and dashes'],
    ['943 476 5918', 'NHS number check digit does not match: check it has been typed correctly'],
    ['401 023 2138', 'NHS number check digit does not match: check it has been typed correctly'],
    // 123 456 789: 10 + 18 + 24 + 28 + 30 + 30 + 28 + 24 + 18 = 210; 210 mod 11 = 1; 11 − 1 = 10: no check digit works.
    ['1234567890', 'NHS number is not valid: check it has been typed correctly'],
  ];
  for (const [input, problem] of cases) assert.equal(nhsNumberProblem(input), problem, input);
});

test('property: changing any one digit of a valid NHS number makes it invalid', () => {
  fc.assert(
    fc.property(fc.constantFrom('9434765919', '4010232137'), fc.nat(9), fc.integer({ min: 1, max: 9 }), (valid, position, shift) => {
      const digits = [...valid];
      digits[position] = String((Number(digits[position]) + shift) % 10);
      assert.notEqual(nhsNumberProblem(digits.join('')), null);
    }),
  );
});

test('property: generated NHS numbers are valid and in the 999 test range', () => {
  fc.assert(
    fc.property(fc.infiniteStream(fc.nat()), (stream) => {
      const nhs = generateNhsNumber(randomIntFrom(stream));
      assert.match(nhs, /^999[0-9]{7}$/);
      assert.equal(nhsNumberProblem(nhs), null);
    }),
  );
});

test('a generator that gives a prefix with no check digit still ends with a valid number', () => {
  // 999 000 00d: 9×10 + 9×9 + 9×8 = 243, plus 2d. d = 0: 243 mod 11 = 1, so the check would be 10: no valid number.
  // The generator moves d to 1: 245 mod 11 = 3, check 11 − 3 = 8.
  const nhs = generateNhsNumber(() => 0);
  assert.equal(nhs, '9990000018');
  assert.equal(nhsNumberProblem(nhs), null);
  assert.throws(() => generateNhsNumber(() => 10), RangeError);
  assert.throws(() => generateNhsNumber(() => 0.5), RangeError);
});

test('UPNs whose check letter matches pass, however they are typed', () => {
  // The check letters' arithmetic is tested with the platform's UPN module; here, the record accepts them.
  assert.equal(upnProblem('Z845200124001'), null);
  assert.equal(upnProblem('z845 2001 24001'), null);
  assert.equal(normaliseUpn(' z845 2001 24001'), 'Z845200124001');
  assert.equal(upnProblem('P123456789123'), null);
  // A temporary UPN ends in a letter.
  assert.equal(upnProblem('K84520012400A'), null);
});

test('UPN problems are named plainly', () => {
  const cases: [string, string][] = [
    ['', 'Enter the UPN'],
    ['Z84520012400', 'UPN must be 13 characters'],
    ['Z8452001240011', 'UPN must be 13 characters'],
    ['9845200124001', 'UPN must start with a letter'],
    ['Z84520012A001', 'UPN characters 2 to 12 must be numbers'],
    ['Z84520012400O', 'The last character of a UPN must be a number, or for a temporary UPN a letter other than I, O or S'],
    ['A123456789123', 'UPN check letter does not match: check it has been typed correctly'],
    ['Z845200124002', 'UPN check letter does not match: check it has been typed correctly'],
    ['A84520012400A', 'UPN check letter does not match: check it has been typed correctly'],
  ];
  for (const [input, problem] of cases) assert.equal(upnProblem(input), problem, input);
});

test('property: generated UPNs are valid, carry the LA code, and any one-character change is caught', () => {
  fc.assert(
    fc.property(
      fc.infiniteStream(fc.nat()),
      fc.integer({ min: 100, max: 999 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 9 }),
      (stream, la, position, shift) => {
        const upn = generateUpn(randomIntFrom(stream), String(la));
        assert.match(upn, /^[A-Z][0-9]{12}$/);
        assert.equal(upn.slice(1, 4), String(la));
        assert.equal(upnProblem(upn), null);
        // Weights 2..13 are all non-zero mod 23 (a prime), so changing one digit always changes the check letter.
        const chars = [...upn];
        chars[position] = String((Number(chars[position]) + shift) % 10);
        assert.notEqual(upnProblem(chars.join('')), null);
      },
    ),
  );
  assert.throws(() => generateUpn(() => 0, '84'), RangeError);
  assert.throws(() => generateUpn(() => 0, 'ABC'), RangeError);
});
