import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { anyOf } from '../../platform/db/any-of.ts';
import type { CareHealthYearsTable } from '../../db/schema.ts';

/** The child's years, newest first. */
export function listHealthYears(db: Db, childId: string) {
  return db
    .selectFrom('care_health_years')
    .select([
      'id',
      'year_ending',
      'sdq_score',
      'sdq_reason',
      'convicted',
      'health_check',
      'immunisations',
      'teeth_check',
      'health_assessment',
      'substance_misuse',
      'intervention_received',
      'intervention_offered',
    ])
    .where('child_id', '=', childId)
    .orderBy('year_ending', 'desc')
    .execute();
}

export type StoredHealthYear = Awaited<ReturnType<typeof listHealthYears>>[number];

/** The days of the child's health assessments on the record (recorded on the Visits tab), oldest first. */
export async function healthAssessmentDates(db: Db, childId: string): Promise<string[]> {
  const rows = await db.selectFrom('case_events').select('event_date').where('child_id', '=', childId).where('kind', '=', 'health_assessment').orderBy('event_date').execute();
  return rows.map((r) => r.event_date);
}

type Answers = Omit<Insertable<CareHealthYearsTable>, 'id'>;

/** Stores the year, or corrects it when the child already has it: one row per child per year. */
export async function saveHealthYear(db: Db, row: Answers): Promise<{ id: string; changed: boolean }> {
  const existing = await db.selectFrom('care_health_years').select('id').where('child_id', '=', row.child_id).where('year_ending', '=', row.year_ending).executeTakeFirst();
  if (existing) {
    const { child_id: _child, year_ending: _year, ...answers } = row;
    await db.updateTable('care_health_years').set(answers).where('id', '=', existing.id).execute();
    return { id: existing.id, changed: true };
  }
  const created = await db.insertInto('care_health_years').values(row).returning('id').executeTakeFirstOrThrow();
  return { id: created.id, changed: false };
}

/** The child's date of birth, when known. */
export async function birthOf(db: Db, childId: string): Promise<string | null> {
  const row = await db.selectFrom('people').select('date_of_birth').where('id', '=', childId).executeTakeFirstOrThrow();
  return row.date_of_birth;
}

/** The years to 31 March `yearEnding` recorded for these children. */
export async function healthYearsOf(db: Db, childIds: readonly string[], yearEnding: string) {
  if (childIds.length === 0) return [];
  return db
    .selectFrom('care_health_years')
    .select([
      'child_id',
      'sdq_score',
      'sdq_reason',
      'convicted',
      'health_check',
      'immunisations',
      'teeth_check',
      'health_assessment',
      'substance_misuse',
      'intervention_received',
      'intervention_offered',
    ])
    .where('year_ending', '=', yearEnding)
    .where('child_id', '=', anyOf(childIds))
    .execute();
}

export type CohortYearRow = Awaited<ReturnType<typeof healthYearsOf>>[number];
