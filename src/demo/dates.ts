// Dates for the demo generator as whole days since 1970-01-01 (UTC), so a
// timeline can be built with plain arithmetic and turned into 'YYYY-MM-DD'
// only when rows are written.

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

/**
 * The day someone born on `birth` turns `years` (29 February rolls to 1 March
 * in a year without one, as the timeline's care-leaver check counts it).
 */
export function birthday(birth: Day, years: number): Day {
  const d = new Date(birth * DAY_MS);
  return Math.round(Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth(), d.getUTCDate()) / DAY_MS);
}

/** Whole years of age on `on`. */
export function ageOn(birth: Day, on: Day): number {
  const b = new Date(birth * DAY_MS);
  const o = new Date(on * DAY_MS);
  let age = o.getUTCFullYear() - b.getUTCFullYear();
  if (o.getUTCMonth() < b.getUTCMonth() || (o.getUTCMonth() === b.getUTCMonth() && o.getUTCDate() < b.getUTCDate())) age--;
  return age;
}

export const YEAR = 365;
