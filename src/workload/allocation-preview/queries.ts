import type { Db } from '../../db/database.ts';
import { anyOf } from '../../platform/db/any-of.ts';
import { familyIdOf } from '../caseload/queries.ts';

/** What weighing the child as a new case needs: status, factors, family, and the current placement. */
export async function findPreviewChild(db: Db, childId: string) {
  return db
    .selectFrom('people')
    .innerJoin('child_status', 'child_status.child_id', 'people.id')
    .leftJoin('case_factors', 'case_factors.child_id', 'people.id')
    .leftJoin('care_episodes', (join) => join.onRef('care_episodes.child_id', '=', 'people.id').on('care_episodes.end_date', 'is', null))
    .select([
      'people.id',
      'child_status.status',
      'case_factors.complexity_tier',
      'case_factors.court_proceedings_since',
      'care_episodes.placement_postcode',
      'care_episodes.placement_out_of_area',
      (eb) => familyIdOf(eb.ref('people.id')),
    ])
    .where('people.id', '=', childId)
    .where('people.is_child', '=', true)
    .executeTakeFirst();
}

/** The child's siblings: other children in any family the child belongs to. */
export async function findSiblingIds(db: Db, childId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('family_members as mine')
    .innerJoin('family_members as theirs', 'theirs.family_id', 'mine.family_id')
    .innerJoin('people', 'people.id', 'theirs.person_id')
    .select('theirs.person_id')
    .distinct()
    .where('mine.person_id', '=', childId)
    .where('theirs.person_id', '!=', childId)
    .where('people.is_child', '=', true)
    .execute();
  return rows.map((r) => r.person_id);
}

/** Every allocation, past or present, of these workers to these children. */
export async function findAllocationHistory(db: Db, workerIds: readonly string[], childIds: readonly string[]) {
  if (workerIds.length === 0 || childIds.length === 0) return [];
  return db
    .selectFrom('allocations')
    .select(['worker_id', 'child_id', 'role', 'start_date', 'end_date'])
    .where('worker_id', '=', anyOf(workerIds))
    .where('child_id', '=', anyOf(childIds))
    .where('role', 'in', ['lead', 'co_worker', 'personal_adviser'])
    .execute();
}

/** The team the child's case sits with now (lead, or personal adviser for a care leaver). */
export async function findChildLeadTeam(db: Db, childId: string) {
  return db
    .selectFrom('allocations')
    .select('team_id')
    .where('child_id', '=', childId)
    .where('end_date', 'is', null)
    .where('role', 'in', ['lead', 'personal_adviser'])
    .orderBy('start_date', 'desc')
    .executeTakeFirst();
}

export async function findTeam(db: Db, teamId: string) {
  return db.selectFrom('teams').select(['id', 'name', 'service_id']).where('id', '=', teamId).executeTakeFirst();
}

export async function findServiceTeams(db: Db, serviceId: string) {
  return db.selectFrom('teams').select(['id', 'name']).where('service_id', '=', serviceId).orderBy('name').execute();
}
