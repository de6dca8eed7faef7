// The collection years a return can be made for: each ends on 31 March and is
// named by the year it ends in (2026 for 1 April 2025 to 31 March 2026).
import { collectionYearLabel } from './ssda903/rules.ts';

/** How many finished years back a return can be made, for a council checking or resubmitting an earlier one. */
const YEARS_BACK = 5;

/** The year in progress on `today`: it ends on the next 31 March. */
export function yearInProgress(today: string): number {
  const year = Number(today.slice(0, 4));
  return today.slice(5) >= '04-01' ? year + 1 : year;
}

/** The years offered, newest first: the one in progress (so far), then the finished ones. */
export function yearsOffered(today: string): { yearEnd: number; label: string }[] {
  const current = yearInProgress(today);
  return Array.from({ length: YEARS_BACK + 1 }, (_, i) => current - i).map((yearEnd) => ({
    yearEnd,
    label: yearEnd === current ? `${collectionYearLabel(yearEnd)} (so far)` : collectionYearLabel(yearEnd),
  }));
}

/** The year asked for, or the last finished year when none is; null when the year is not one offered. */
export function chosenYear(asked: string | undefined, today: string): number | null {
  if (asked === undefined || asked === '') return yearInProgress(today) - 1;
  if (!/^\d{4}$/.test(asked)) return null;
  const yearEnd = Number(asked);
  return yearsOffered(today).some((y) => y.yearEnd === yearEnd) ? yearEnd : null;
}
