import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { anyOf } from '../../platform/db/any-of.ts';
import type { CareReviewsTable, ReviewRecommendationsTable } from '../../db/schema.ts';
import { childVisibleTo, type Viewer } from '../../platform/access/policy.ts';

/** The child's looked-after reviews (case events of kind 'cla_review'), newest first, with the outcome where recorded. */
export function listReviews(db: Db, childId: string) {
  return db
    .selectFrom('case_events as ev')
    .leftJoin('care_reviews as cr', 'cr.case_event_id', 'ev.id')
    .leftJoin('users as chair', 'chair.id', 'cr.chair_id')
    .select([
      'ev.id',
      'ev.event_date',
      'ev.note',
      'cr.case_event_id as outcome_id',
      'cr.chair_id',
      'chair.name as chair_name',
      'cr.chair_was_allocated',
      'cr.participation',
      'cr.plan_endorsed',
      'cr.summary',
    ])
    .where('ev.child_id', '=', childId)
    .where('ev.kind', '=', 'cla_review')
    .orderBy('ev.event_date', 'desc')
    .orderBy('ev.id')
    .execute();
}

export type ReviewRow = Awaited<ReturnType<typeof listReviews>>[number];

/** The recommendations of the child's reviews, in the order they fall due. */
export function listRecommendations(db: Db, childId: string) {
  return db
    .selectFrom('review_recommendations as rr')
    .leftJoin('users as owner', 'owner.id', 'rr.owner_id')
    .select(['rr.id', 'rr.review_id', 'rr.action', 'rr.owner_id', 'owner.name as owner_name', 'rr.owner_other', 'rr.due_date', 'rr.completed_on', 'rr.what_done'])
    .where('rr.child_id', '=', childId)
    .orderBy('rr.due_date')
    .orderBy('rr.id')
    .execute();
}

export type RecommendationRow = Awaited<ReturnType<typeof listRecommendations>>[number];

/** Independent reviewing officers who work here now, by name. */
export function listIros(db: Db) {
  return db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select(['users.id', 'users.name', 'users.fte', 'users.team_id', 'teams.name as team_name', 'teams.service_id'])
    .where('users.role', '=', 'iro')
    .where('users.disabled_at', 'is', null)
    .orderBy('users.name')
    .orderBy('users.id')
    .execute();
}

export function findUser(db: Db, userId: string) {
  return db.selectFrom('users').select(['id', 'name', 'role', 'disabled_at']).where('id', '=', userId).executeTakeFirst();
}

/** The IRO allocated to the child on `date` (the allocation running that day), if any. */
export function allocatedIroOn(db: Db, childId: string, date: string) {
  return db
    .selectFrom('allocations')
    .innerJoin('users', 'users.id', 'allocations.worker_id')
    .select(['users.id', 'users.name'])
    .where('allocations.child_id', '=', childId)
    .where('allocations.role', '=', 'iro')
    .where('allocations.start_date', '<=', date)
    .where((eb) => eb.or([eb('allocations.end_date', 'is', null), eb('allocations.end_date', '>=', date)]))
    .orderBy('allocations.start_date', 'desc')
    .executeTakeFirst();
}

/** The workers allocated to the child now, in any role: the people a recommendation is usually given to. */
export function currentWorkers(db: Db, childId: string) {
  return db
    .selectFrom('allocations')
    .innerJoin('users', 'users.id', 'allocations.worker_id')
    .select(['users.id', 'users.name', 'allocations.role'])
    .where('allocations.child_id', '=', childId)
    .where('allocations.end_date', 'is', null)
    .where('users.disabled_at', 'is', null)
    .orderBy('users.name')
    .execute();
}

export async function insertOutcome(db: Db, values: Insertable<CareReviewsTable>) {
  await db.insertInto('care_reviews').values(values).execute();
}

export function insertRecommendation(db: Db, values: Insertable<ReviewRecommendationsTable>) {
  return db.insertInto('review_recommendations').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function markDone(db: Db, id: string, values: { completed_on: string; what_done: string; completed_by: string; completed_at: Date }) {
  await db.updateTable('review_recommendations').set(values).where('id', '=', id).where('completed_on', 'is', null).execute();
}

// --- IRO caseloads ------------------------------------------------------------------------------------

/**
 * The children each of these IROs holds today (an open IRO allocation), with
 * whether each is looked after or on a child protection plan today. `visible`
 * says whether the viewer may open the record (the access policy, in the
 * SQL); a restricted child the viewer may not open is left out altogether,
 * so it is neither named nor counted.
 */
export async function findIroChildren(db: Db, viewer: Viewer, now: Date, today: string, iroIds: readonly string[]) {
  if (iroIds.length === 0) return [];
  return db
    .selectFrom('allocations as a')
    .innerJoin('people', 'people.id', 'a.child_id')
    .select((eb) => [
      'a.worker_id as iro_id',
      'people.id as child_id',
      'people.la_child_id',
      'people.forename',
      'people.surname',
      eb.and([childVisibleTo(viewer, now)(eb)]).as('visible'),
      eb
        .exists(
          eb
            .selectFrom('care_episodes as ce')
            .select(sql`1`.as('one'))
            .whereRef('ce.child_id', '=', 'people.id')
            .where('ce.start_date', '<=', today)
            .where((w) => w.or([w('ce.end_date', 'is', null), w('ce.end_date', '>', today)])),
        )
        .as('looked_after'),
      eb
        .exists(
          eb
            .selectFrom('cp_plans as cp')
            .select(sql`1`.as('one'))
            .whereRef('cp.child_id', '=', 'people.id')
            .where('cp.start_date', '<=', today)
            .where((w) => w.or([w('cp.end_date', 'is', null), w('cp.end_date', '>', today)])),
        )
        .as('on_plan'),
    ])
    .where('a.role', '=', 'iro')
    .where('a.end_date', 'is', null)
    .where('a.start_date', '<=', today)
    .where('a.worker_id', '=', anyOf(iroIds))
    .where('people.is_child', '=', true)
    .where((eb) => eb.or([eb('people.restricted', '=', false), childVisibleTo(viewer, now)(eb)]))
    .orderBy('people.surname')
    .orderBy('people.forename')
    .orderBy('people.id')
    .execute();
}

/** The open recommendations of these children's reviews. */
export function openRecommendations(db: Db, childIds: readonly string[]) {
  if (childIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('review_recommendations').select(['child_id', 'due_date']).where('child_id', '=', anyOf(childIds)).where('completed_on', 'is', null).execute();
}
