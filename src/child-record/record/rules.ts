import type { ChildStatus } from '../../db/schema.ts';

export const STATUS_LABELS: Record<ChildStatus, string> = {
  looked_after: 'Looked after',
  child_protection: 'Child protection plan',
  care_leaver: 'Care leaver',
  child_in_need: 'Child in need',
  closed: 'Case closed',
};

/** GOV.UK tag colour for each status, so a list can be scanned at a glance. */
export const STATUS_TAG_CLASSES: Record<ChildStatus, string> = {
  looked_after: 'govuk-tag--purple',
  child_protection: 'govuk-tag--red',
  care_leaver: 'govuk-tag--turquoise',
  child_in_need: 'govuk-tag--blue',
  closed: 'govuk-tag--grey',
};

/** Whole years between a date of birth and `today` (both 'YYYY-MM-DD'). */
export function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age -= 1;
  return age;
}

/** Days from `from` to `to` ('YYYY-MM-DD'); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
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

/** How a search box's text should be read: an NHS number, an LA child id, or a name. */
export function classifySearch(text: string): { kind: 'nhs'; value: string } | { kind: 'la_id'; value: string } | { kind: 'name'; value: string } | null {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  if (!trimmed) return null;
  const digits = trimmed.replace(/[\s-]/g, '');
  if (/^\d{10}$/.test(digits)) return { kind: 'nhs', value: digits };
  if (/^[A-Za-z]{0,4}\d{3,}$/.test(trimmed.replace(/\s/g, ''))) return { kind: 'la_id', value: trimmed.replace(/\s/g, '').toUpperCase() };
  return { kind: 'name', value: trimmed };
}

/**
 * Who is missing from a child's case: every open case under 18 needs a social
 * worker; a care leaver needs a personal adviser, and from 18 a social worker
 * no longer (the adviser leads).
 */
export function allocationAlerts(
  child: { status: ChildStatus; worker_id: string | null; date_of_birth: string | null },
  otherRoles: readonly string[],
  today: string,
): string[] {
  if (child.status === 'closed') return [];
  const adult = child.date_of_birth !== null && ageOn(child.date_of_birth, today) >= 18;
  const alerts: string[] = [];
  if (!child.worker_id && !(child.status === 'care_leaver' && adult)) alerts.push('No allocated social worker');
  if (child.status === 'care_leaver' && !otherRoles.includes('personal_adviser')) alerts.push('No personal adviser');
  return alerts;
}
