import type { Db } from '../../db/database.ts';
import { formatDate } from '../calendar/dates.ts';

/** The dates that bound what can happen in a child's life on the record. */
export interface ChildDates {
  dateOfBirth: string | null;
  dateOfDeath: string | null;
}

export function childDates(row: { date_of_birth: string | null; date_of_death: string | null }): ChildDates {
  return { dateOfBirth: row.date_of_birth, dateOfDeath: row.date_of_death };
}

/**
 * Why a date cannot be the date of something in a child's life, or null when
 * it can: not in the future, not before the child was born (an unborn child's
 * record may hold events before birth), not after the child died.
 */
export function eventDateProblem(value: string, label: string, child: ChildDates, today: string): string | null {
  if (value > today) return `${label} must be today or in the past`;
  if (child.dateOfBirth && value < child.dateOfBirth) {
    return `${label} must be on or after the child's date of birth, ${formatDate(child.dateOfBirth)}`;
  }
  if (child.dateOfDeath && value > child.dateOfDeath) {
    return `${label} must be on or before the date the child died, ${formatDate(child.dateOfDeath)}`;
  }
  return null;
}

/** Why an end date cannot close a period that started on `start`, or null. */
export function endDateProblem(start: string, end: string, label: string, startedWhat: string): string | null {
  return end < start ? `${label} must be on or after the date the ${startedWhat} started, ${formatDate(start)}` : null;
}

/**
 * Locks the child's row until the transaction ends, so two changes to the
 * same child's record are checked one after the other: the second sees what
 * the first stored. Returns the dates the rules need.
 */
export async function lockChild(db: Db, childId: string) {
  return db
    .selectFrom('people')
    .select(['id', 'date_of_birth', 'date_of_death'])
    .where('id', '=', childId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}
