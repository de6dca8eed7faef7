// Calendar arithmetic on dates written 'YYYY-MM-DD' (a day in England, no time
// of day). The one copy of each helper: every area uses these.

const DAY_MS = 86_400_000;

// Read and written field by field rather than through Date.parse and toISOString: a council-wide
// page works out dates for every child and worker it counts, and this is about three times faster.
// As before, anything not written 'YYYY-MM-DD' reads as NaN, and writing NaN back is an error.
const yearOf = (date: string): number => (date.length === 10 && date[4] === '-' && date[7] === '-' ? Number(date.slice(0, 4)) : NaN);
const monthOf = (date: string): number => Number(date.slice(5, 7));
const dayOfMonth = (date: string): number => Number(date.slice(8, 10));
const dayOf = (date: string): number => Date.UTC(yearOf(date), monthOf(date) - 1, dayOfMonth(date));
const twoDigits = (n: number): string => (n < 10 ? `0${n}` : String(n));
function written(year: number, month: number, day: number): string {
  if (!Number.isFinite(year + month + day)) throw new RangeError('Invalid date');
  return `${String(year).padStart(4, '0')}-${twoDigits(month)}-${twoDigits(day)}`;
}
const isoOf = (ms: number): string => {
  const d = new Date(ms);
  return written(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
};

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (year: number, month: number): number => (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!);

/** The date `days` days after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  return isoOf(dayOf(date) + days * DAY_MS);
}

/** Days from `from` to `to`; negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayOf(to) - dayOf(from)) / DAY_MS);
}

/**
 * The same day of the month `months` calendar months later (earlier when
 * negative); the month's last day when it has no such day: 31 January + 1
 * month is 28 February, or 29 February in a leap year. This is the
 * "corresponding date" rule English courts use for periods in months
 * (Dodds v Walker [1981] 1 WLR 1027, HL).
 */
export function addMonths(date: string, months: number): string {
  const monthsSinceYearZero = yearOf(date) * 12 + monthOf(date) - 1 + months;
  const year = Math.floor(monthsSinceYearZero / 12);
  const month = monthsSinceYearZero - year * 12 + 1;
  return written(year, month, Math.min(dayOfMonth(date), daysInMonth(year, month)));
}

/**
 * The day a person born on `dateOfBirth` attains the age of `years`: the
 * anniversary of the date of birth (Family Law Reform Act 1969 s.9(1): a
 * person attains an age "at the commencement of the relevant anniversary of
 * the date of his birth").
 *
 * Someone born on 29 February has no anniversary in a common year. No
 * statute or reported case in England and Wales fixes it; we take 1 March:
 * on 28 February the year since the last birthday is not yet complete, so the
 * anniversary cannot have begun, and 1 March is the day Parliament chose
 * where it did legislate (Age of Legal Capacity (Scotland) Act 1991 s.6(2)).
 * The old rule that counted the leap day and the day before as one day
 * (Henry III's Statute de Anno et Die Bissextili) was repealed in 1879. For a
 * child the later day is also the careful one: a child keeps a child's
 * protections until no reading says they are an adult. docs/timescales.md
 * ("Ages and the 29 February birthday") says the same for readers.
 */
export function birthday(dateOfBirth: string, years: number): string {
  const year = yearOf(dateOfBirth) + years;
  // Only 29 February can be missing from a year: every other anniversary keeps its month and day.
  if (dateOfBirth.endsWith('-02-29') && !isLeapYear(year)) return written(year, 3, 1);
  return written(year, monthOf(dateOfBirth), dayOfMonth(dateOfBirth));
}

/** Whole years of age on `today`, by the rule of `birthday`: 29 February children turn a year older on 1 March in a common year. */
export function ageOn(dateOfBirth: string, today: string): number {
  let age = Number(today.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  if (birthday(dateOfBirth, age) > today) age -= 1;
  return age;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * A date as a person reads it: '2025-03-01' -> '1 March 2025' (as GOV.UK
 * writes dates). Written out by hand: Intl formatting is slow enough to matter
 * when the timescales engine describes every clock in a council.
 */
export function formatDate(date: string): string {
  return `${Number(date.slice(8, 10))} ${MONTH_NAMES[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

/** "2 years 3 months", "5 months", "12 days": how long a relationship or wait has lasted. */
export function describeDuration(days: number): string {
  if (days < 31) return `${days} ${days === 1 ? 'day' : 'days'}`;
  const months = Math.floor(days / 30.4375);
  const years = Math.floor(months / 12);
  const rest = months % 12;
  const parts: string[] = [];
  if (years) parts.push(`${years} ${years === 1 ? 'year' : 'years'}`);
  if (rest) parts.push(`${rest} ${rest === 1 ? 'month' : 'months'}`);
  return parts.join(' ');
}
