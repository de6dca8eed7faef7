import type { ChildVoiceFeeling, ChildVoiceScenario } from '../../db/schema.ts';
import type { Role } from '../../platform/access/roles.ts';
import { RECORDERS, USE_READERS } from '../sessions/rules.ts';

/** Who makes and withdraws a child's link, and responds to what the child sent: as for direct-work sessions. */
export const LINK_MAKERS: readonly Role[] = RECORDERS;

/** Who sees the counts: team managers their team, service managers their service, heads of service the council. */
export const MEASURE_READERS: readonly Role[] = USE_READERS;

export const SCENARIOS: Readonly<Record<ChildVoiceScenario, string>> = {
  review: 'Preparing for a review or conference',
  placement: 'My placement',
  education: 'My education',
  missing: 'After going missing',
  good_news: 'Sharing good news',
};

export const FEELINGS: readonly ChildVoiceFeeling[] = ['great', 'good', 'okay', 'not_good', 'bad'];

/** How the worker's pages name the child's answer on the picture scale. */
export const FEELING_TEXT: Readonly<Record<ChildVoiceFeeling, string>> = {
  great: 'Really good',
  good: 'Good',
  okay: 'Okay',
  not_good: 'Not good',
  bad: 'Really bad',
};

export const USES_MAX = 10;

/** The middle of the times taken, in hours; null when there are none. */
export function medianOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A time in hours as a person reads it: minutes under an hour, hours under two days, days after. */
export function durationText(hours: number | null): string {
  if (hours === null) return 'None yet';
  if (hours < 1) {
    const minutes = Math.round(hours * 60);
    return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  }
  if (hours < 48) {
    const whole = Math.round(hours);
    return `${whole} ${whole === 1 ? 'hour' : 'hours'}`;
  }
  const days = Math.round(hours / 24);
  return `${days} days`;
}

/** Hours from a statement being received to the worker's response being recorded. */
export function hoursBetween(from: Date, to: Date): number {
  return Math.max(0, (to.getTime() - from.getTime()) / 3_600_000);
}

/**
 * Whether a child gave their views before their last review: a statement
 * received in the six months up to the review's date (the review's own day
 * counts). `reviewDate` and received dates are 'YYYY-MM-DD'.
 */
export function gaveViewsBefore(reviewDate: string, received: readonly string[], windowStart: string): boolean {
  return received.some((day) => day <= reviewDate && day >= windowStart);
}
