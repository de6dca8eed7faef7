import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

export async function findCaseFactors(db: Db, childId: string) {
  return db
    .selectFrom('case_factors')
    .leftJoin('users', 'users.id', 'case_factors.updated_by')
    .select(['case_factors.complexity_tier', 'case_factors.court_proceedings_since', 'case_factors.updated_at', 'users.name as updated_by_name'])
    .where('case_factors.child_id', '=', childId)
    .executeTakeFirst();
}

/** The teams holding the child's case now, with their services. */
export async function findChildTeams(db: Db, childId: string) {
  const rows = await db
    .selectFrom('allocations')
    .innerJoin('teams', 'teams.id', 'allocations.team_id')
    .select(['teams.id as teamId', 'teams.service_id as serviceId'])
    .where('allocations.child_id', '=', childId)
    .where('allocations.end_date', 'is', null)
    .where('allocations.role', 'in', ['lead', 'co_worker', 'personal_adviser'])
    .execute();
  return rows;
}

/** Workers holding the child now, with their role in the case: who the factors weigh on. */
export async function findChildHolders(db: Db, childId: string) {
  return db
    .selectFrom('allocations')
    .innerJoin('users', 'users.id', 'allocations.worker_id')
    .select(['users.id', 'users.name', 'allocations.role'])
    .where('allocations.child_id', '=', childId)
    .where('allocations.end_date', 'is', null)
    .where('allocations.role', 'in', ['lead', 'co_worker', 'personal_adviser'])
    .orderBy('users.name')
    .execute();
}

export async function saveCaseFactors(db: Db, values: { childId: string; complexityTier: number; courtProceedingsSince: string | null; updatedBy: string; at: Date }) {
  const at = sql<never>`${values.at.toISOString()}::timestamptz`;
  await db
    .insertInto('case_factors')
    .values({
      child_id: values.childId,
      complexity_tier: values.complexityTier,
      court_proceedings_since: values.courtProceedingsSince,
      updated_by: values.updatedBy,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc.column('child_id').doUpdateSet({
        complexity_tier: values.complexityTier,
        court_proceedings_since: values.courtProceedingsSince,
        updated_by: values.updatedBy,
        updated_at: at,
      }),
    )
    .execute();
}
