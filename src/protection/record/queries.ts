import type { Db } from '../../db/database.ts';

/** The child's referrals (child in need episodes), newest first. */
export function findReferrals(db: Db, childId: string) {
  return db
    .selectFrom('referrals')
    .select(['id', 'referral_date', 'source', 'primary_need', 'no_further_action', 'close_date', 'closure_reason'])
    .where('child_id', '=', childId)
    .orderBy('referral_date', 'desc')
    .execute();
}

/** The child's child protection plans, newest first. */
export function findCpPlans(db: Db, childId: string) {
  return db
    .selectFrom('cp_plans')
    .select(['id', 'start_date', 'end_date', 'initial_category', 'latest_category'])
    .where('child_id', '=', childId)
    .orderBy('start_date', 'desc')
    .execute();
}

/** Strategy discussions, enquiries and conferences recorded for the child, newest first. */
export function findProtectionEvents(db: Db, childId: string) {
  return db
    .selectFrom('case_events')
    .select(['id', 'kind', 'event_date', 's47_started'])
    .where('child_id', '=', childId)
    .where('kind', 'in', ['strategy_discussion', 's47_no_conference', 'icpc', 'core_group', 'cp_review', 'assessment'])
    .orderBy('event_date', 'desc')
    .execute();
}
