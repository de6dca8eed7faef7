/** The only source of "now" outside the database; tests pass a FakeClock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class FakeClock implements Clock {
  private current: Date;
  constructor(start: Date | string = '2026-11-23T09:00:00Z') {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  advanceSeconds(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
  advanceMinutes(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
  set(to: Date | string): void {
    this.current = new Date(to);
  }
}

// Made once: building a formatter costs far more than formatting, and pages call this for every row.
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

/** Today's calendar date in England, as 'YYYY-MM-DD'. */
export function londonDate(at: Date): string {
  return LONDON_DAY.format(at);
}
