// Dates for the demo generator as whole days since 1970-01-01 (UTC), so a
// timeline can be built with plain arithmetic and turned into 'YYYY-MM-DD'
// only when rows are written.

import { ageOn as ageOnDate, birthday as birthdayOn } from '../platform/calendar/dates.ts';

const DAY_MS = 86_400_000;

export type Day = number;

export function dayOf(iso: string): Day {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

export function isoOf(day: Day): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** An instant on a day, at hour:minute UTC. */
export function instantOf(day: Day, hour: number, minute: number): Date {
  return new Date(day * DAY_MS + (hour * 60 + minute) * 60_000);
}

/** The day someone born on `birth` turns `years`, by the one rule in platform/calendar (29 February: 1 March in a common year). */
export function birthday(birth: Day, years: number): Day {
  return dayOf(birthdayOn(isoOf(birth), years));
}

/** Whole years of age on `on`, by the same rule. */
export function ageOn(birth: Day, on: Day): number {
  return ageOnDate(isoOf(birth), isoOf(on));
}

export const YEAR = 365;
