import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { childVisibleTo, type Viewer } from '../../platform/access/policy.ts';
import { CHILD_NAME_COLUMNS, childrenWithLead } from '../../platform/record-access/record-header.ts';

/** The child's own details for the summary page. */
export async function findChildDetails(db: Db, childId: string) {
  const [person, disabilities, address] = await Promise.all([
    db.selectFrom('people').selectAll().where('id', '=', childId).executeTakeFirstOrThrow(),
    db.selectFrom('person_disabilities').select('code').where('person_id', '=', childId).orderBy('code').execute(),
    db
      .selectFrom('addresses')
      .select(['line1', 'town', 'postcode', 'start_date'])
      .where('person_id', '=', childId)
      .where('end_date', 'is', null)
      .orderBy('start_date', 'desc')
      .executeTakeFirst(),
  ]);
  return { person, disabilities: disabilities.map((d) => d.code), address };
}

export interface SearchCriteria {
  nhsNumber?: string;
  laChildId?: string;
  name?: string;
  dateOfBirth?: string;
}

/** Children the viewer may see that match; names tolerate typos and partial words. */
export async function searchChildren(db: Db, viewer: Viewer, now: Date, criteria: SearchCriteria, limit = 50) {
  const fullName = sql<string>`(people.forename || ' ' || people.surname || ' ' || coalesce(people.other_names, ''))`;
  let query = childrenWithLead(db)
    .select([
      ...CHILD_NAME_COLUMNS,
      'people.expected_date_of_birth',
      'child_status.status',
      'worker.name as worker_name',
      'teams.name as team_name',
    ])
    .where(childVisibleTo(viewer, now));
  if (criteria.nhsNumber) query = query.where('people.nhs_number', '=', criteria.nhsNumber);
  if (criteria.laChildId) query = query.where(sql<boolean>`upper(people.la_child_id) LIKE ${`%${criteria.laChildId}%`}`);
  if (criteria.dateOfBirth) query = query.where('people.date_of_birth', '=', criteria.dateOfBirth);
  if (criteria.name) {
    const pattern = `%${criteria.name.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    query = query
      .where(sql<boolean>`(${criteria.name} <% ${fullName} OR ${fullName} ILIKE ${pattern})`)
      .orderBy(sql`word_similarity(${criteria.name}, ${fullName})`, 'desc');
  }
  return query.orderBy('people.surname').orderBy('people.forename').limit(limit).execute();
}

/** The open care episode with its placement, and when the current period of care began. */
export async function findCareSituation(db: Db, childId: string) {
  const episodes = await db
    .selectFrom('care_episodes')
    .select([
      'start_date',
      'end_date',
      'legal_status',
      'placement_type',
      'placement_provider',
      'placement_postcode',
      'placement_distance_miles',
      'placement_out_of_area',
    ])
    .where('child_id', '=', childId)
    .orderBy('start_date', 'desc')
    .execute();
  const current = episodes[0] && episodes[0].end_date === null ? episodes[0] : undefined;
  // A period of care is a chain of episodes each starting the day the last one ended.
  let periodStart = current?.start_date ?? null;
  for (let i = 1; current && i < episodes.length; i++) {
    if (episodes[i]!.end_date === periodStart) periodStart = episodes[i]!.start_date;
    else break;
  }
  return { current, periodStart };
}

export async function findOpenPlans(db: Db, childId: string) {
  const [referral, cpPlan] = await Promise.all([
    db.selectFrom('referrals').selectAll().where('child_id', '=', childId).where('close_date', 'is', null).executeTakeFirst(),
    db.selectFrom('cp_plans').selectAll().where('child_id', '=', childId).where('end_date', 'is', null).executeTakeFirst(),
  ]);
  return { referral, cpPlan };
}

/** Every lead allocation of a child, for continuity. */
export async function findLeadHistory(db: Db, childId: string) {
  return db
    .selectFrom('allocations')
    .select(['worker_id', 'start_date', 'end_date', 'end_reason'])
    .where('child_id', '=', childId)
    .where('role', '=', 'lead')
    .orderBy('start_date')
    .execute();
}

export async function findOtherInvolvements(db: Db, childId: string) {
  return db
    .selectFrom('allocations')
    .innerJoin('users', 'users.id', 'allocations.worker_id')
    .select(['allocations.role', 'allocations.start_date', 'users.name'])
    .where('allocations.child_id', '=', childId)
    .where('allocations.role', '!=', 'lead')
    .where('allocations.end_date', 'is', null)
    .orderBy('allocations.role')
    .execute();
}
