// What a CIN census import reads and writes: the parts of a child's record the
// census is made from, each matched on its natural key (an episode by its
// referral date, an assessment by its referral and start, a plan, an enquiry
// or pre-proceedings by the day they started), so the same file imported
// twice finds everything there.
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { CensusEpisode } from '../cin/rules.ts';
import type { CinFileChild } from './cin-parse.ts';

type Sex = 'M' | 'F' | 'U';
const sexOf = (sex: string | null): Sex | null => (sex === 'M' || sex === 'F' || sex === 'U' ? sex : null);

export async function insertCinChild(db: Db, c: CinFileChild): Promise<string> {
  const row = await db
    .insertInto('people')
    .values({
      is_child: true,
      la_child_id: c.LAchildID,
      forename: 'Imported child',
      surname: c.LAchildID,
      date_of_birth: c.PersonBirthDate,
      expected_date_of_birth: c.ExpectedPersonBirthDate,
      date_of_death: c.PersonDeathDate,
      sex: sexOf(c.Sex),
      ethnicity: c.Ethnicity,
      upn: c.UPN,
      upn_unknown_reason: c.UPN ? null : c.UPNunknown,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type CinChildChanges = Partial<{ la_child_id: string | null; date_of_birth: string | null; expected_date_of_birth: string | null; date_of_death: string | null; sex: Sex | null; ethnicity: string | null; upn: string | null; upn_unknown_reason: string | null }>;

export async function updateCinChild(db: Db, id: string, changes: CinChildChanges, at: Date) {
  await db.updateTable('people').set({ ...changes, updated_at: sql<never>`${at.toISOString()}::timestamptz` }).where('id', '=', id).execute();
}

export { sexOf };

export async function findDisabilities(db: Db, childId: string): Promise<Set<string>> {
  return new Set((await db.selectFrom('person_disabilities').select('code').where('person_id', '=', childId).execute()).map((d) => d.code));
}

export async function insertDisability(db: Db, childId: string, code: string) {
  await db.insertInto('person_disabilities').values({ person_id: childId, code }).execute();
}

export async function findReferrals(db: Db, childId: string) {
  return db.selectFrom('referrals').select(['id', 'referral_date', 'close_date']).where('child_id', '=', childId).execute();
}

export async function insertReferral(db: Db, childId: string, e: CensusEpisode): Promise<string> {
  const row = await db
    .insertInto('referrals')
    .values({
      child_id: childId,
      referral_date: e.CINreferralDate,
      source: e.ReferralSource ?? '',
      primary_need: e.PrimaryNeedCode,
      no_further_action: e.ReferralNFA,
      close_date: e.CINclosureDate,
      closure_reason: e.CINclosureDate ? e.ReasonForClosure : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function closeReferral(db: Db, id: string, closeDate: string, reason: string) {
  await db.updateTable('referrals').set({ close_date: closeDate, closure_reason: reason }).where('id', '=', id).execute();
}

export async function findAssessments(db: Db, childId: string) {
  return db.selectFrom('assessments').select(['referral_id', 'start_date']).where('child_id', '=', childId).execute();
}

/** An assessment as the census knows it: its start on its referral; its author is the person importing. */
export async function insertAssessment(db: Db, childId: string, referralId: string, startDate: string, by: string, at: Date) {
  await db.insertInto('assessments').values({ child_id: childId, referral_id: referralId, start_date: startDate, created_by: by, created_at: at, updated_by: by, updated_at: at }).execute();
}

export async function findCinPlans(db: Db, childId: string) {
  return db.selectFrom('cin_plans').select(['id', 'start_date', 'end_date']).where('child_id', '=', childId).execute();
}

export async function insertCinPlan(db: Db, childId: string, p: { CINPlanStartDate: string; CINPlanEndDate: string | null }, by: string, at: Date) {
  await db.insertInto('cin_plans').values({ child_id: childId, start_date: p.CINPlanStartDate, end_date: p.CINPlanEndDate, recorded_by: by, recorded_at: at }).execute();
}

export async function endCinPlan(db: Db, id: string, endDate: string) {
  await db.updateTable('cin_plans').set({ end_date: endDate }).where('id', '=', id).execute();
}

export async function findEnquiries(db: Db, childId: string) {
  return db.selectFrom('s47_enquiries').select(['start_date']).where('child_id', '=', childId).execute();
}

/** What a strategy discussion recorded by the import says it shared: the census does not say. */
export const IMPORTED_DISCUSSION = 'Recorded by the import of a CIN census, which gives only the day the section 47 enquiry started.';

/** A section 47 enquiry with the strategy discussion that started it (the record's way), on its start date; open, as the census gives no outcome. */
export async function insertEnquiry(db: Db, childId: string, startDate: string, by: string, at: Date) {
  const event = await db
    .insertInto('case_events')
    .values({ child_id: childId, kind: 'strategy_discussion', event_date: startDate, s47_started: true, recorded_by: by, recorded_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('strategy_discussions').values({ case_event_id: event.id, child_id: childId, information_shared: IMPORTED_DISCUSSION, recorded_by: by, recorded_at: at }).execute();
  await db.insertInto('s47_enquiries').values({ child_id: childId, strategy_discussion_id: event.id, start_date: startDate }).execute();
}

export async function findCpPlans(db: Db, childId: string) {
  return db.selectFrom('cp_plans').select(['id', 'start_date', 'end_date']).where('child_id', '=', childId).execute();
}

export async function insertCpPlan(db: Db, childId: string, referralId: string, p: { CPPstartDate: string; CPPendDate: string | null; InitialCategoryOfAbuse: string; LatestCategoryOfAbuse: string }) {
  await db
    .insertInto('cp_plans')
    .values({ child_id: childId, referral_id: referralId, start_date: p.CPPstartDate, end_date: p.CPPendDate, initial_category: p.InitialCategoryOfAbuse, latest_category: p.LatestCategoryOfAbuse })
    .execute();
}

export async function endCpPlan(db: Db, id: string, endDate: string) {
  await db.updateTable('cp_plans').set({ end_date: endDate }).where('id', '=', id).execute();
}

export async function findPreProceedings(db: Db, childId: string) {
  return db.selectFrom('pre_proceedings').select(['id', 'decision_date', 'letter_date', 'initial_meeting_date']).where('child_id', '=', childId).execute();
}

export async function insertPreProceedings(db: Db, childId: string, p: { PPStartDate: string; LBPSentDate: string | null; InitialPPMeetingDate: string | null; ReviewMeetingsCount: number }, by: string, at: Date) {
  await db
    .insertInto('pre_proceedings')
    .values({ child_id: childId, decision_date: p.PPStartDate, letter_date: p.LBPSentDate, initial_meeting_date: p.InitialPPMeetingDate, review_meetings: p.ReviewMeetingsCount, recorded_by: by, recorded_at: at })
    .execute();
}

export async function updatePreProceedings(db: Db, id: string, changes: { letter_date?: string | null; initial_meeting_date?: string | null }) {
  await db.updateTable('pre_proceedings').set(changes).where('id', '=', id).execute();
}
