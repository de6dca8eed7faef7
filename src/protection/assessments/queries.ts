import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { AssessmentsTable } from '../../db/schema.ts';

const COLUMNS = [
  'a.id',
  'a.referral_id',
  'a.start_date',
  'a.child_seen',
  'a.child_seen_on',
  'a.seen_alone',
  'a.developmental_needs',
  'a.parenting_capacity',
  'a.family_environment',
  'a.child_views',
  'a.parents_views',
  'a.analysis',
  'a.outcome',
  'a.created_by',
  'a.submitted_on',
  'a.submitted_by',
  'a.returned_on',
  'a.return_reason',
  'a.authorised_on',
  'a.authorised_by',
  'a.case_event_id',
  'referrals.referral_date',
  'referrals.close_date',
  'referrals.no_further_action',
  'author.name as author_name',
  'submitter.name as submitter_name',
  'returner.name as returner_name',
  'authoriser.name as authoriser_name',
] as const;

/** The child's assessments with their referral and who wrote, submitted, returned and authorised them, newest first. */
export function listAssessments(db: Db, childId: string) {
  return db
    .selectFrom('assessments as a')
    .innerJoin('referrals', 'referrals.id', 'a.referral_id')
    .innerJoin('users as author', 'author.id', 'a.created_by')
    .leftJoin('users as submitter', 'submitter.id', 'a.submitted_by')
    .leftJoin('users as returner', 'returner.id', 'a.returned_by')
    .leftJoin('users as authoriser', 'authoriser.id', 'a.authorised_by')
    .select(COLUMNS)
    .where('a.child_id', '=', childId)
    .orderBy('a.start_date', 'desc')
    .orderBy('a.id')
    .execute();
}

export type AssessmentRow = Awaited<ReturnType<typeof listAssessments>>[number];

/** The factors of the child's assessments, in code order. */
export function listFactors(db: Db, childId: string) {
  return db.selectFrom('assessment_factors').select(['assessment_id', 'code']).where('child_id', '=', childId).orderBy('assessment_id').execute();
}

/** The child's referrals, newest first. */
export function listReferrals(db: Db, childId: string) {
  return db
    .selectFrom('referrals')
    .select(['id', 'referral_date', 'close_date', 'no_further_action', 'source', 'primary_need'])
    .where('child_id', '=', childId)
    .orderBy('referral_date', 'desc')
    .orderBy('id')
    .execute();
}

/** The team leading the child's case now, and its service. */
export function childTeam(db: Db, childId: string) {
  return db
    .selectFrom('case_leads')
    .leftJoin('teams', 'teams.id', 'case_leads.team_id')
    .select(['case_leads.team_id', 'teams.service_id'])
    .where('case_leads.child_id', '=', childId)
    .executeTakeFirst();
}

export function insertAssessment(db: Db, row: Insertable<AssessmentsTable>) {
  return db.insertInto('assessments').values(row).returning('id').executeTakeFirstOrThrow();
}

export function updateAssessment(db: Db, id: string, row: Updateable<AssessmentsTable>) {
  return db.updateTable('assessments').set(row).where('id', '=', id).execute();
}

export async function replaceFactors(db: Db, assessmentId: string, childId: string, codes: readonly string[]) {
  await db.deleteFrom('assessment_factors').where('assessment_id', '=', assessmentId).execute();
  if (codes.length) await db.insertInto('assessment_factors').values(codes.map((code) => ({ assessment_id: assessmentId, child_id: childId, code }))).execute();
}

export function insertAssessmentEvent(db: Db, row: { child_id: string; event_date: string; note: string; recorded_by: string; recorded_at: Date }) {
  return db
    .insertInto('case_events')
    .values({ ...row, kind: 'assessment', s47_started: null })
    .returning('id')
    .executeTakeFirstOrThrow();
}
