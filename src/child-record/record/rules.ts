import type { ChildStatus } from '../../db/schema.ts';
import { ageOn } from '../../platform/calendar/dates.ts';

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
