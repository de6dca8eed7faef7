import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { anyOf } from '../../platform/db/any-of.ts';
import type { PermanencePlansTable, ReunificationStepsTable, ReunificationSupportTable } from '../../db/schema.ts';

/** The child's permanence plans, oldest first, with the review that agreed each. */
export function listPlans(db: Db, childId: string) {
  return db
    .selectFrom('permanence_plans as pp')
    .innerJoin('users', 'users.id', 'pp.recorded_by')
    .leftJoin('case_events as review', 'review.id', 'pp.review_event_id')
    .select(['pp.id', 'pp.plan', 'pp.parallel_plan', 'pp.decided_on', 'pp.note', 'review.event_date as review_date', 'users.name as recorded_by_name'])
    .where('pp.child_id', '=', childId)
    .orderBy('pp.decided_on')
    .orderBy('pp.recorded_at')
    .execute();
}

export type PlanRow = Awaited<ReturnType<typeof listPlans>>[number];

/** The child's looked-after reviews on the record (Visits tab), oldest first. */
export function listReviews(db: Db, childId: string) {
  return db.selectFrom('case_events').select(['id', 'event_date']).where('child_id', '=', childId).where('kind', '=', 'cla_review').orderBy('event_date').execute();
}

export function listSupport(db: Db, childId: string) {
  return db
    .selectFrom('reunification_support')
    .select(['id', 'what', 'provider', 'from_date', 'to_date'])
    .where('child_id', '=', childId)
    .orderBy('from_date')
    .orderBy('recorded_at')
    .execute();
}

export function listSteps(db: Db, childId: string) {
  return db.selectFrom('reunification_steps').select(['id', 'step', 'step_date', 'note']).where('child_id', '=', childId).orderBy('step_date').orderBy('recorded_at').execute();
}

/** Placements recorded (on the Visits tab) as intended to last until 18, with the IRO who agreed: the long-term match. */
export function listLongTermPlacements(db: Db, childId: string) {
  return db
    .selectFrom('placement_visit_terms as t')
    .leftJoin('users as iro', 'iro.id', 't.agreed_with_iro')
    .select(['t.placement_start', 't.child_view', 'iro.name as iro_name'])
    .where('t.child_id', '=', childId)
    .where('t.long_term_to_18', '=', true)
    .orderBy('t.placement_start')
    .execute();
}

export async function insertPlan(db: Db, values: Insertable<PermanencePlansTable>) {
  return db.insertInto('permanence_plans').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function insertSupport(db: Db, values: Insertable<ReunificationSupportTable>) {
  return db.insertInto('reunification_support').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function insertStep(db: Db, values: Insertable<ReunificationStepsTable>) {
  return db.insertInto('reunification_steps').values(values).returning('id').executeTakeFirstOrThrow();
}

// --- For the council's measure (/care/permanence) ------------------------------------------------------

/** The plans, looked-after review dates and support for the return home of the children given (already through the access policy), for the council's measure. */
export async function permanenceOfChildren(db: Db, childIds: readonly string[]) {
  if (childIds.length === 0) return { plans: [], reviews: [], support: [] };
  const [plans, reviews, support] = await Promise.all([
    db.selectFrom('permanence_plans').select(['child_id', 'plan', 'parallel_plan', 'decided_on']).where('child_id', '=', anyOf(childIds)).orderBy('child_id').orderBy('decided_on').orderBy('recorded_at').execute(),
    db.selectFrom('case_events').select(['child_id', 'event_date']).where('child_id', '=', anyOf(childIds)).where('kind', '=', 'cla_review').orderBy('child_id').orderBy('event_date').execute(),
    db.selectFrom('reunification_support').select(['child_id', 'from_date']).where('child_id', '=', anyOf(childIds)).orderBy('child_id').orderBy('from_date').execute(),
  ]);
  return { plans, reviews, support };
}
