// What the quality lists share: the period a list covers, read from its
// filter, and the teams a manager's list holds (their team, their service or
// the council).
import { addDays, addMonths, formatDate } from '../../platform/calendar/dates.ts';
import { readDateParts, dateParts, dateInputItems } from '../../platform/http/dates.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { dateKey } from '../../platform/http/forms.ts';
import { periodOf } from './rules.ts';

export type Query = Record<string, string | undefined>;

/** The period of a list: from and to as sent (three boxes each), else the twelve months to today. */
export function readPeriod(query: Query, today: string) {
  const errors: FieldErrors = {};
  const read = (name: 'from' | 'to', label: string) => {
    const result = readDateParts(dateParts(query, name), { label });
    if (result.error !== undefined) errors[dateKey(name)] = result.error;
    return result.value ?? null;
  };
  const from = read('from', 'From');
  const to = read('to', 'To');
  const period = periodOf(from, to, today, addDays(addMonths(today, -12), 1));
  return {
    period,
    errors,
    text: `${formatDate(period.from)} to ${formatDate(period.to)}`,
    fromItems: dateInputItems(query, 'from', null, Boolean(errors[dateKey('from')])),
    toItems: dateInputItems(query, 'to', null, Boolean(errors[dateKey('to')])),
  };
}

/** Whether a team is in the viewer's scope. */
export function inScope(scope: { teamIds: string[] | null } | null, teamId: string | null): boolean {
  if (!scope) return false;
  return scope.teamIds === null || (teamId !== null && scope.teamIds.includes(teamId));
}
