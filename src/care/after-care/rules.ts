// What a care leaver is doing around each birthday from 17, as the DfE's
// SSDA903 return asks (the OC3 table), and the measures built on it. Pure:
// the caller passes the rows and today.
import { birthdayCheckWindow as checkWindow, lastBirthdayChecked as lastAgeChecked } from '../../timescales/index.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';

export const OC3_SOURCE = 'DfE, Children looked after in England including adoptions (SSDA903) guide: care leavers in touch, activity and accommodation (OC3)';

/** The first birthday checked; checks are owed to 21, and later while the council supports the young person (to 25). */
export const FIRST_AGE = 17;
export const LAST_SUPPORTED_AGE = 25;

/** In touch codes after which nothing is known of activity or accommodation: not in touch, died, returned home for 6 months or more. */
export const NOTHING_KNOWN: readonly string[] = ['NO', 'DIED', 'RHOM'];
export const HIGHER_EDUCATION: readonly string[] = ['F1', 'P1'];
/** In education, employment or training: higher and other education, apprenticeships, training or employment, full- or part-time. */
export const IN_EET: readonly string[] = ['F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5'];
export const NOT_KNOWN = '0';

/** 17th, 21st, 22nd, 23rd: how a birthday is named. */
export const ordinal = (n: number): string => `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;

/** The letter of an accommodation code: the kind of place. */
export const accommodationKind = (code: string): string | null => (code === NOT_KNOWN ? null : code.slice(0, 1));
/** The digit of an accommodation code: 1 suitable, 2 not suitable; null when not known. */
export const suitable = (code: string): boolean | null => (code === NOT_KNOWN ? null : code.endsWith('1'));
/** Z: with former foster carers, fostered immediately before 18 and staying on (staying put). */
export const stayingPut = (code: string): boolean => code.startsWith('Z');

/**
 * The window for the information about one birthday: "from three months
 * before to one month after the young person's birthday" (DfE SSDA903 guide,
 * OC3); the check is due when it closes. The last birthday checked is 21, or
 * later while the council supports the young person, never past 25. Both are
 * the timescales engine's, so the record and the due dates agree.
 */
export { birthdayCheckWindow as checkWindow, lastBirthdayChecked as lastAgeChecked } from '../../timescales/index.ts';

export interface OutcomeInput {
  birthdayAge: number;
  gatheredOn: string;
  inTouch: string;
  activity: string;
  accommodation: string;
  stayingClose: boolean;
  bursaryPaid: boolean | null;
}

export interface OutcomeContext {
  dateOfBirth: string | null;
  supportUntil: string | null;
  /** Birthdays already checked for this young person. */
  agesRecorded: readonly number[];
  today: string;
}

/**
 * What the DfE SSDA903 guide (OC3) and the record itself rule out, by field:
 * a date outside the birthday's window, in the future or before birth; a
 * second check of one birthday; activity and accommodation other than 0 when
 * not in touch, died or returned home, and 0 when in touch; staying put (Z)
 * at 17; the bursary without higher education.
 */
export function outcomeProblems(input: Partial<OutcomeInput>, context: OutcomeContext): FieldErrors {
  const errors: FieldErrors = {};
  const { birthdayAge: age, gatheredOn, inTouch, activity, accommodation } = input;
  const dob = context.dateOfBirth;
  if (age !== undefined) {
    if (!dob) errors.birthdayAge = 'The young person’s date of birth is not recorded: record it before their birthday checks';
    else if (age > lastAgeChecked(dob, context.supportUntil)) {
      errors.birthdayAge = `Birthdays after 21 are checked only while the council supports the young person: record support to their ${ordinal(age)} birthday or later first`;
    } else if (context.agesRecorded.includes(age)) errors.birthdayAge = `The ${ordinal(age)} birthday is already checked: there is one check for each birthday`;
  }
  if (gatheredOn) {
    const field = 'gatheredOn-day';
    if (gatheredOn > context.today) errors[field] = 'The date the information was gathered must be today or in the past';
    else if (dob && gatheredOn < dob) errors[field] = 'The date the information was gathered must be after the young person’s date of birth';
    else if (dob && age !== undefined) {
      const window = checkWindow(dob, age);
      if (gatheredOn < window.opens || gatheredOn > window.closes) {
        errors[field] = `The date the information was gathered must be between ${formatWindow(window)}: from 3 months before to 1 month after the ${ordinal(age)} birthday`;
      }
    }
  }
  if (inTouch && NOTHING_KNOWN.includes(inTouch)) {
    if (activity && activity !== NOT_KNOWN) errors.activity = 'Select not known (0) for the activity: the young person is not in touch, has died or has returned home';
    if (accommodation && accommodation !== NOT_KNOWN) errors.accommodationKind = 'Select not known (0) for the accommodation: the young person is not in touch, has died or has returned home';
  }
  if (inTouch === 'YES') {
    if (activity === NOT_KNOWN) errors.activity = 'Select the young person’s main activity: they are in touch, so it is known';
    if (accommodation === NOT_KNOWN) errors.accommodationKind = 'Select the kind of accommodation: they are in touch, so it is known';
  }
  if (accommodation && stayingPut(accommodation)) {
    if (age !== undefined && age < 18 && !errors.accommodationKind) errors.accommodationKind = 'Staying put (with former foster carers, Z) is not for a 17-year-old: it begins at 18';
    if (input.stayingClose) errors.stayingClose = 'Staying close is for young people leaving residential care to live nearby: it cannot be recorded with staying put';
  }
  if (input.bursaryPaid !== null && input.bursaryPaid !== undefined && activity && !HIGHER_EDUCATION.includes(activity)) {
    errors.bursaryPaid = 'The higher education bursary is recorded only for higher education (F1 or P1): leave it unanswered';
  }
  return errors;
}

function formatWindow(window: { opens: string; closes: string }): string {
  const show = (date: string) => `${Number(date.slice(8, 10))}/${Number(date.slice(5, 7))}/${date.slice(0, 4)}`;
  return `${show(window.opens)} and ${show(window.closes)}`;
}

// --- The measures ------------------------------------------------------------------

export type AgeBand = '17' | '18' | '19-21';
export const AGE_BANDS: readonly AgeBand[] = ['17', '18', '19-21'];
export const AGE_BAND_LABELS: Record<AgeBand, string> = { '17': 'Aged 17', '18': 'Aged 18', '19-21': 'Aged 19 to 21' };

export const ageBand = (age: number): AgeBand | null => (age === 17 ? '17' : age === 18 ? '18' : age >= 19 && age <= 21 ? '19-21' : null);

export interface CheckFacts {
  birthdayAge: number;
  inTouch: string;
  activity: string;
  accommodation: string;
}

export interface Measures {
  young: number;
  inTouch: number;
  inEet: number;
  inHigherEducation: number;
  suitablyHoused: number;
  /** Z at ages 18 to 20, as the DfE counts staying put; of the young people aged 18 to 20 in the group. */
  stayingPut: number;
  /** Those aged 18 to 20: the base of the staying put share. */
  stayingPutBase: number;
}

/**
 * The DfE's care leaver measures over each young person's latest check: in
 * touch (YES), in education, employment or training (F1 to P5), in higher
 * education (F1, P1), in suitable accommodation (the digit 1), each of all
 * the young people in the group; and staying put (Z, ages 18 to 20) of those
 * aged 18 to 20.
 */
export function measuresOf(checks: readonly CheckFacts[]): Measures {
  const m: Measures = { young: 0, inTouch: 0, inEet: 0, inHigherEducation: 0, suitablyHoused: 0, stayingPut: 0, stayingPutBase: 0 };
  for (const c of checks) {
    m.young += 1;
    if (c.inTouch === 'YES') m.inTouch += 1;
    if (IN_EET.includes(c.activity)) m.inEet += 1;
    if (HIGHER_EDUCATION.includes(c.activity)) m.inHigherEducation += 1;
    if (suitable(c.accommodation) === true) m.suitablyHoused += 1;
    if (c.birthdayAge >= 18 && c.birthdayAge <= 20) {
      m.stayingPutBase += 1;
      if (stayingPut(c.accommodation)) m.stayingPut += 1;
    }
  }
  return m;
}

/** A share as a whole percentage, or null with nobody to count. */
export const percent = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 100));

export type CheckState = 'recorded' | 'open' | 'missed' | 'later' | 'looked_after';

/**
 * Each birthday checked for a young person, from 17 to the last (see
 * lastAgeChecked), with its window and where it stands today: recorded; open
 * (the window has opened, not yet recorded); missed (the window has closed
 * with nothing recorded); later (the window has not opened yet); looked
 * after (still in care on that birthday, so not asked for: `leftCareOn` is
 * null while they are in care).
 */
export function birthdayChecks(dateOfBirth: string, supportUntil: string | null, agesRecorded: readonly number[], today: string, leftCareOn: string | null) {
  const out: { age: number; opens: string; birthday: string; closes: string; state: CheckState }[] = [];
  for (let age = FIRST_AGE; age <= lastAgeChecked(dateOfBirth, supportUntil); age += 1) {
    const window = checkWindow(dateOfBirth, age);
    const inCare = leftCareOn === null ? window.birthday <= today : leftCareOn > window.birthday;
    const state: CheckState = agesRecorded.includes(age)
      ? 'recorded'
      : today < window.opens
        ? 'later'
        : inCare
          ? 'looked_after'
          : today > window.closes
            ? 'missed'
            : 'open';
    out.push({ age, ...window, state });
  }
  return out;
}

/** The age bands of a personal adviser's caseload: eligible and relevant children (16, 17), former relevant young people to 21, and those supported to 25 (Children Act 1989 ss23A, 23C, 23CA). */
export type AdviserBand = '16-17' | '18-20' | '21-25';
export const ADVISER_BANDS: readonly AdviserBand[] = ['16-17', '18-20', '21-25'];
export const ADVISER_BAND_LABELS: Record<AdviserBand, string> = { '16-17': '16 to 17', '18-20': '18 to 20', '21-25': '21 to 25' };

export function adviserBand(age: number): AdviserBand | null {
  if (age >= 16 && age <= 17) return '16-17';
  if (age >= 18 && age <= 20) return '18-20';
  if (age >= 21 && age <= 25) return '21-25';
  return null;
}

export interface AdviserYoungPerson {
  /** Age today, or null when no date of birth is recorded. */
  age: number | null;
  /** The in touch code of their latest birthday check, or null with none. */
  latestInTouch: string | null;
  overdueContact: boolean;
  overduePathwayPlan: boolean;
}

export interface AdviserCaseload {
  youngPeople: number;
  byBand: Record<AdviserBand | 'other', number>;
  /** Whose latest birthday check says in touch (YES), of those with a check. */
  inTouch: number;
  checked: number;
  overdueContacts: number;
  overduePathwayPlans: number;
}

/** One adviser's caseload today: the young people by age band, how many are in touch, and their overdue contacts and pathway plan reviews. */
export function adviserCaseload(people: readonly AdviserYoungPerson[]): AdviserCaseload {
  const byBand: Record<AdviserBand | 'other', number> = { '16-17': 0, '18-20': 0, '21-25': 0, other: 0 };
  for (const p of people) byBand[(p.age === null ? null : adviserBand(p.age)) ?? 'other'] += 1;
  const checked = people.filter((p) => p.latestInTouch !== null);
  return {
    youngPeople: people.length,
    byBand,
    inTouch: checked.filter((p) => p.latestInTouch === 'YES').length,
    checked: checked.length,
    overdueContacts: people.filter((p) => p.overdueContact).length,
    overduePathwayPlans: people.filter((p) => p.overduePathwayPlan).length,
  };
}
