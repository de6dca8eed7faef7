import Holidays from 'date-holidays';
import { addDays } from './dates.ts';

/**
 * Working days in England: Monday to Friday, less England and Wales bank
 * holidays (including substitute days) from the maintained `date-holidays`
 * data. Dates are 'YYYY-MM-DD' strings throughout.
 */
const england = new Holidays('GB', 'ENG');
const bankHolidaysByYear = new Map<number, Set<string>>();

function bankHolidays(year: number): Set<string> {
  let set = bankHolidaysByYear.get(year);
  if (!set) {
    set = new Set(
      england
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    bankHolidaysByYear.set(year, set);
  }
  return set;
}

export function isBankHoliday(date: string): boolean {
  return bankHolidays(Number(date.slice(0, 4))).has(date);
}

export function isWorkingDay(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isBankHoliday(date);
}

/**
 * The date `count` working days after `date` (the start day itself is not
 * counted), as in a deadline "within 5 working days" of an event.
 */
export function addWorkingDays(date: string, count: number): string {
  let current = date;
  let remaining = count;
  const step = count >= 0 ? 1 : -1;
  while (remaining !== 0) {
    current = addDays(current, step);
    if (isWorkingDay(current)) remaining -= step;
  }
  return current;
}

/** Working days after `from` up to and including `to` (0 when `to` is not later). */
export function workingDaysBetween(from: string, to: string): number {
  let count = 0;
  for (let current = addDays(from, 1); current <= to; current = addDays(current, 1)) {
    if (isWorkingDay(current)) count += 1;
  }
  return count;
}
