// National identifiers on a child's record: the NHS number and the DfE's
// Unique Pupil Number (UPN). Pure checks, with messages written for the person
// typing the number in, and generators of valid numbers for demo data. The
// UPN's check letter is the platform's, shared with the returns' validation.
import { normaliseUpn, UPN_CHECK_LETTERS, upnCheckLetter, upnCheckLetterMatches } from '../../platform/identifiers/upn.ts';

export { normaliseUpn };

/** Picks a whole number from min to max, both included (as faker.number.int({ min, max }) does). */
export type RandomInt = (min: number, max: number) => number;

function draw(randomInt: RandomInt, min: number, max: number): number {
  const value = randomInt(min, max);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`randomInt(${min}, ${max}) returned ${value}, not a whole number from ${min} to ${max}`);
  }
  return value;
}

// ---------------------------------------------------------------- NHS number

/** The NHS number without the spaces and dashes people type in it ('943 476 5919' -> '9434765919'). */
export function normaliseNhsNumber(input: string): string {
  return input.replace(/[\s-]+/g, '');
}

/**
 * The check digit for the first nine digits of an NHS number, by the NHS
 * Data Dictionary's modulus 11 rule: multiply the digits by 10, 9, … 2, add
 * them up, and take 11 minus the remainder on dividing by 11; 11 becomes 0.
 * A result of 10 means no valid NHS number starts with these nine digits
 * (returned as null).
 */
function nhsCheckDigit(nineDigits: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nineDigits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  return check === 10 ? null : check;
}

/**
 * What is wrong with an NHS number, or null when it is valid: ten digits
 * (spaces and dashes allowed between them) whose last is the modulus 11 check
 * digit of the other nine. A valid number may still not belong to the child.
 */
export function nhsNumberProblem(input: string): string | null {
  const digits = normaliseNhsNumber(input.trim());
  if (digits === '') return 'Enter the NHS number';
  if (!/^[0-9]+$/.test(digits)) return 'NHS number must only include numbers, spaces and dashes';
  if (digits.length !== 10) return 'NHS number must be 10 digits';
  const check = nhsCheckDigit(digits.slice(0, 9));
  if (check === null) return 'NHS number is not valid: check it has been typed correctly';
  if (check !== Number(digits[9])) return 'NHS number check digit does not match: check it has been typed correctly';
  return null;
}

/**
 * A valid NHS number for demo data, always in the 999 range that the NHS
 * keeps for testing, so it can never be a real person's. Pass a seeded
 * `randomInt` for repeatable output.
 */
export function generateNhsNumber(randomInt: RandomInt): string {
  const digits = ['9', '9', '9'];
  for (let i = 0; i < 6; i++) digits.push(String(draw(randomInt, 0, 9)));
  // About one in eleven prefixes has no valid check digit; moving the ninth
  // digit by one changes the weighted sum by 2, which always finds one within
  // two steps, so no redraw (and no unbounded loop) is needed.
  for (;;) {
    const check = nhsCheckDigit(digits.join(''));
    if (check !== null) return `${digits.join('')}${check}`;
    digits[8] = String((Number(digits[8]) + 1) % 10);
  }
}

// ------------------------------------------------------- Unique Pupil Number

/**
 * What is wrong with a Unique Pupil Number, or null when it is valid. A UPN is
 * 13 characters: a check letter; the 3-digit DfE code of the local authority
 * that issued it; the 4-digit number of the school within it; 2 digits for the
 * year it was issued; and a 3-digit serial number, whose last character is a
 * letter in a temporary UPN. The check letter must match the rest.
 */
export function upnProblem(input: string): string | null {
  const upn = normaliseUpn(input);
  if (upn === '') return 'Enter the UPN';
  if (upn.length !== 13) return 'UPN must be 13 characters';
  if (!/^[A-Z]/.test(upn)) return 'UPN must start with a letter';
  if (!/^[0-9]{11}$/.test(upn.slice(1, 12))) return 'UPN characters 2 to 12 must be numbers';
  const last = upn[12]!;
  if (!/[0-9]/.test(last) && !UPN_CHECK_LETTERS.includes(last)) {
    return 'The last character of a UPN must be a number, or for a temporary UPN a letter other than I, O or S';
  }
  if (!upnCheckLetterMatches(upn)) return 'UPN check letter does not match: check it has been typed correctly';
  return null;
}

/**
 * A valid (permanent) UPN for demo data, issued by the local authority with
 * the 3-digit DfE code `laCode` (East Sussex is 845): school number, year and
 * serial are drawn with `randomInt`.
 */
export function generateUpn(randomInt: RandomInt, laCode: string): string {
  if (!/^[0-9]{3}$/.test(laCode)) throw new RangeError(`A UPN's local authority code is 3 digits, not ${JSON.stringify(laCode)}`);
  const school = String(draw(randomInt, 1000, 7999));
  const year = String(draw(randomInt, 0, 99)).padStart(2, '0');
  const serial = String(draw(randomInt, 0, 999)).padStart(3, '0');
  const rest = `${laCode}${school}${year}${serial}`;
  return `${upnCheckLetter(rest)!}${rest}`;
}
