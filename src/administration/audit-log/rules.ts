import { z } from 'zod';
import type { AuditOutcome } from '../../db/schema.ts';
import { readDateField } from '../../platform/http/dates.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';

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

const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform((v) => v || undefined);

const filterSchema = z.object({
  person: text(254, 'Person'),
  action: text(100, 'Action').transform((v) => v?.toLowerCase()),
  outcome: z
    .union([z.enum(OUTCOMES as [AuditOutcome, ...AuditOutcome[]]), z.literal('')], { error: 'Select an outcome from the list' })
    .optional()
    .transform((v) => v || undefined),
  subjectType: text(50, 'Subject type'),
  subjectId: text(100, 'Subject ID'),
});

/**
 * Reads the filters from a query string. Date errors are keyed by the first
 * box of their date input, which the error summary links to.
 */
export function readAuditFilters(query: Record<string, unknown>): { filters: AuditFilters; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const single = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = filterSchema.safeParse(single);
  const filters: AuditFilters = {};
  if (parsed.success) {
    for (const [key, value] of Object.entries(parsed.data)) if (value) (filters as Record<string, string>)[key] = value;
  } else {
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  }
  const from = readDateField(single, 'from', { label: 'Date from' });
  const to = readDateField(single, 'to', { label: 'Date to' });
  if (from.error) errors['from-day'] = from.error;
  else if (from.value) filters.from = from.value;
  if (to.error) errors['to-day'] = to.error;
  else if (to.value) filters.to = to.value;
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
