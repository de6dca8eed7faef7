// The rules of documents on a child's record: their kinds, their dates, who
// adds and who deletes. What a kept file may be is in platform/documents. Pure.
import type { Role } from '../../db/schema.ts';
import { MANAGER_ROLES } from '../../platform/access/roles.ts';
import { formatDate } from '../../platform/calendar/dates.ts';

/** Why a document's date cannot be used, or null: the date written on it is today or before. */
export function documentDateProblem(date: string, today: string): string | null {
  return date > today ? 'The date of the document must be today or in the past' : null;
}

/** Those who add documents: the child's practitioners and managers (analysts read, they do not add). */
export const UPLOADERS: readonly Role[] = ['social_worker', 'personal_adviser', 'iro', ...MANAGER_ROLES];

/**
 * Those who delete a document: managers who may see the child's record. A
 * deletion removes part of the record, so it is a manager's decision, with
 * its reason written down; a worker who uploaded the wrong file asks one.
 */
export const DELETERS: readonly Role[] = MANAGER_ROLES;

/** The line the list shows for a deleted document. */
export function deletedText(d: { deleted_on: string; deleter_name: string; deleted_reason: string }): string {
  return `Deleted on ${formatDate(d.deleted_on)} by ${d.deleter_name} because ${d.deleted_reason}`;
}
