// The DfE's Unique Pupil Number (UPN): its check letter, used by the child's
// record to refuse a mistyped number and by the returns' validation rules
// (CIN census rule 1510, SSDA903 rule 168) to find one already recorded.

/**
 * The DfE's check letters: the remainder (0–22) of the weighted sum divided
 * by 23 picks one. I, O and S are not used, so that they cannot be misread as
 * 1, 0 and 5. A temporary UPN's last character is one of these letters too,
 * counted in the sum as its position here (A = 0 … Z = 22).
 */
export const UPN_CHECK_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** The UPN as stored: upper case, without spaces. */
export function normaliseUpn(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

/**
 * The check letter for characters 2 to 13 of a UPN: each is multiplied by its
 * position (2 … 13) and the sum's remainder on dividing by 23 indexes
 * UPN_CHECK_LETTERS. Null when the text is not 12 characters or a character
 * cannot be counted (anything but a digit, or a letter of the table in the
 * last place).
 */
export function upnCheckLetter(rest: string): string | null {
  if (rest.length !== 12) return null;
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const char = rest[i]!;
    const value = /[0-9]/.test(char) ? Number(char) : i === 11 ? UPN_CHECK_LETTERS.indexOf(char) : -1;
    if (value < 0) return null;
    sum += value * (i + 2);
  }
  return UPN_CHECK_LETTERS[sum % 23]!;
}

/** Whether a 13-character UPN's first character is the check letter of the other twelve. */
export function upnCheckLetterMatches(upn: string): boolean {
  return upn.length === 13 && upnCheckLetter(upn.slice(1)) === upn[0];
}
