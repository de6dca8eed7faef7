// Calendar arithmetic on dates written 'YYYY-MM-DD' (a day in England, no time
// of day). The one copy of each helper: every area uses these.

const DAY_MS = 86_400_000;

const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const isoOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

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
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return isoOf(Date.UTC(y, m - 1 + months, Math.min(d, lastDay)));
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
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  // Date.UTC rolls 29 February of a common year over to 1 March.
  return isoOf(Date.UTC(y + years, m - 1, d));
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
