import { z } from 'zod';
import type { AuditOutcome } from '../../db/schema.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { dateInput, field, problem, readForm, sentText, text } from '../../platform/http/forms.ts';

export const OUTCOMES: readonly AuditOutcome[] = ['allowed', 'denied', 'failed'];

export const OUTCOME_TAGS: Record<AuditOutcome, string> = {
  allowed: 'govuk-tag--green',
  denied: 'govuk-tag--red',
  failed: 'govuk-tag--orange',
};

export interface AuditFilters {
  /** Part of the actor's email address or name. */
  person?: string;
  /** An action, or the start of one before a dot: "user" finds user.create, user.disable… */
  action?: string;
  outcome?: AuditOutcome;
  subjectType?: string;
  subjectId?: string;
  /** London dates, 'YYYY-MM-DD', both included. */
  from?: string;
  to?: string;
}

const filterForm = z.object({
  person: text({ label: 'Person', max: 254 }),
  action: text({ label: 'Action', max: 100 }).transform((v) => v?.toLowerCase() ?? null),
  outcome: field((sent) => {
    const value = sentText(sent).trim();
    if (!value) return null;
    return (OUTCOMES as readonly string[]).includes(value) ? (value as AuditOutcome) : problem('Select an outcome from the list');
  }),
  subjectType: text({ label: 'Subject type', max: 50 }),
  subjectId: text({ label: 'Subject ID', max: 100 }),
  from: dateInput({ label: 'Date from' }),
  to: dateInput({ label: 'Date to' }),
});

/**
 * Reads the filters from a query string. Date errors are keyed by the first
 * box of their date input, which the error summary links to.
 */
export function readAuditFilters(query: Record<string, unknown>): { filters: AuditFilters; errors: FieldErrors } {
  const { values, errors } = readForm(filterForm, query);
  const filters: AuditFilters = {};
  for (const [key, value] of Object.entries(values)) if (value) (filters as Record<string, string>)[key] = value;
  if (filters.from && filters.to && filters.to < filters.from) errors['to-day'] = 'Date to must be the same as or after date from';
  return { filters, errors };
}

/** The filters in words, for the audit row that records the search itself. */
export function describeFilters(filters: AuditFilters): string {
  const parts = Object.entries(filters)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  return parts.length ? parts.join(', ') : 'no filters';
}

const londonTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'Europe/London',
  timeZoneName: 'short',
});

/** "23 Nov 2026, 09:00:05 GMT": the time in England, saying whether it is GMT or BST. */
export function londonTime(at: Date): string {
  return londonTimeFormat.format(at);
}
