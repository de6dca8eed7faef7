import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type {
  CaseEventsTable,
  CinPlanReviewsTable,
  CinPlansTable,
  CoreGroupsTable,
  CpPlanActionsTable,
  CpReviewConferencesTable,
  EarlyHelpEpisodesTable,
  PreProceedingsTable,
  Role,
} from '../../db/schema.ts';

/** The child's child protection plans, newest first. */
export function listCpPlans(db: Db, childId: string) {
  return db
    .selectFrom('cp_plans')
    .select(['id', 'start_date', 'end_date', 'initial_category', 'latest_category', 'end_reason'])
    .where('child_id', '=', childId)
    .orderBy('start_date', 'desc')
    .orderBy('id')
    .execute();
}

export type CpPlanRow = Awaited<ReturnType<typeof listCpPlans>>[number];

/** The actions of the child's plans, in the order they fall due. */
export function listActions(db: Db, childId: string) {
  return db
    .selectFrom('cp_plan_actions as a')
    .leftJoin('users as owner', 'owner.id', 'a.owner_id')
    .select(['a.id', 'a.plan_id', 'a.action', 'a.owner_id', 'owner.name as owner_name', 'a.owner_other', 'a.owner_agency', 'a.due_date', 'a.completed_on', 'a.what_done'])
    .where('a.child_id', '=', childId)
    .orderBy('a.due_date')
    .orderBy('a.id')
    .execute();
}

export type ActionRow = Awaited<ReturnType<typeof listActions>>[number];

/** The child's core groups (case events of kind 'core_group'), newest first, with what was recorded of each. */
export function listCoreGroups(db: Db, childId: string) {
  return db
    .selectFrom('case_events as ev')
    .leftJoin('core_groups as cg', 'cg.case_event_id', 'ev.id')
    .select(['ev.id', 'ev.event_date', 'ev.note', 'cg.plan_id', 'cg.attendees', 'cg.progress', 'cg.next_meeting'])
    .where('ev.child_id', '=', childId)
    .where('ev.kind', '=', 'core_group')
    .orderBy('ev.event_date', 'desc')
    .orderBy('ev.id')
    .execute();
}

export type CoreGroupRow = Awaited<ReturnType<typeof listCoreGroups>>[number];

/** The child's review conferences (case events of kind 'cp_review'), newest first, with their decisions. */
export function listReviewConferences(db: Db, childId: string) {
  return db
    .selectFrom('case_events as ev')
    .leftJoin('cp_review_conferences as rc', 'rc.case_event_id', 'ev.id')
    .leftJoin('users as chair', 'chair.id', 'rc.chair_id')
    .select([
      'ev.id',
      'ev.event_date',
      'ev.note',
      'rc.plan_id',
      'chair.name as chair_name',
      'rc.attendees',
      'rc.decision',
      'rc.category_changed_to',
      'rc.child_participation',
      'rc.family_participation',
    ])
    .where('ev.child_id', '=', childId)
    .where('ev.kind', '=', 'cp_review')
    .orderBy('ev.event_date', 'desc')
    .orderBy('ev.id')
    .execute();
}

export type ReviewConferenceRow = Awaited<ReturnType<typeof listReviewConferences>>[number];

/** The child's visiting frequencies for a child protection plan, latest first. */
export function listCpVisitFrequencies(db: Db, childId: string) {
  return db
    .selectFrom('visit_frequencies')
    .select(['every_n', 'unit', 'from_date'])
    .where('child_id', '=', childId)
    .where('applies_to', '=', 'cp')
    .orderBy('from_date', 'desc')
    .execute();
}

export function listCinPlans(db: Db, childId: string) {
  return db.selectFrom('cin_plans').select(['id', 'start_date', 'end_date']).where('child_id', '=', childId).orderBy('start_date', 'desc').orderBy('id').execute();
}

export function listCinReviews(db: Db, childId: string) {
  return db
    .selectFrom('cin_plan_reviews')
    .select(['id', 'cin_plan_id', 'review_date', 'decision', 'note'])
    .where('child_id', '=', childId)
    .orderBy('review_date', 'desc')
    .orderBy('id')
    .execute();
}

export function listPreProceedings(db: Db, childId: string) {
  return db
    .selectFrom('pre_proceedings')
    .select(['id', 'decision_date', 'letter_date', 'initial_meeting_date', 'review_meetings', 'fgdm_offered_on', 'fgdm_held_on', 'outcome', 'outcome_date'])
    .where('child_id', '=', childId)
    .orderBy('decision_date', 'desc')
    .orderBy('id')
    .execute();
}

export function listEarlyHelp(db: Db, childId: string) {
  return db
    .selectFrom('early_help_episodes')
    .select(['id', 'start_date', 'end_date', 'lead', 'reason', 'stepped_down', 'end_reason'])
    .where('child_id', '=', childId)
    .orderBy('start_date', 'desc')
    .orderBy('id')
    .execute();
}

/** People who work here now in these roles, by name: chairs of conferences. */
export function listStaff(db: Db, roles: readonly Role[]) {
  return db.selectFrom('users').select(['id', 'name', 'role']).where('role', 'in', roles).where('disabled_at', 'is', null).orderBy('name').orderBy('id').execute();
}

/** The workers allocated to the child now, in any role: the people an action is usually given to. */
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

export function insertCaseEvent(db: Db, values: Insertable<CaseEventsTable>) {
  return db.insertInto('case_events').values(values).returning('id').executeTakeFirstOrThrow();
}

export function insertAction(db: Db, values: Insertable<CpPlanActionsTable>) {
  return db.insertInto('cp_plan_actions').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function markActionDone(db: Db, id: string, values: { completed_on: string; what_done: string; completed_by: string; completed_at: Date }) {
  await db.updateTable('cp_plan_actions').set(values).where('id', '=', id).where('completed_on', 'is', null).execute();
}

export async function insertCoreGroup(db: Db, values: Insertable<CoreGroupsTable>) {
  await db.insertInto('core_groups').values(values).execute();
}

export async function insertReviewConference(db: Db, values: Insertable<CpReviewConferencesTable>) {
  await db.insertInto('cp_review_conferences').values(values).execute();
}

export async function updateCpPlan(db: Db, planId: string, values: { latest_category?: string; end_date?: string; end_reason?: string }) {
  await db.updateTable('cp_plans').set(values).where('id', '=', planId).execute();
}

export function insertCinPlan(db: Db, values: Insertable<CinPlansTable>) {
  return db.insertInto('cin_plans').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function endCinPlan(db: Db, id: string, endDate: string) {
  await db.updateTable('cin_plans').set({ end_date: endDate }).where('id', '=', id).execute();
}

export function insertCinReview(db: Db, values: Insertable<CinPlanReviewsTable>) {
  return db.insertInto('cin_plan_reviews').values(values).returning('id').executeTakeFirstOrThrow();
}

export function insertPreProceedings(db: Db, values: Insertable<PreProceedingsTable>) {
  return db.insertInto('pre_proceedings').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function updatePreProceedings(db: Db, id: string, values: Updateable<PreProceedingsTable>) {
  await db.updateTable('pre_proceedings').set(values).where('id', '=', id).execute();
}

export function insertEarlyHelp(db: Db, values: Insertable<EarlyHelpEpisodesTable>) {
  return db.insertInto('early_help_episodes').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function endEarlyHelp(db: Db, id: string, values: { end_date: string; end_reason: EarlyHelpEpisodesTable['end_reason'] }) {
  await db.updateTable('early_help_episodes').set(values).where('id', '=', id).execute();
}
