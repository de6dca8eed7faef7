import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ChildProtectionConferencesTable, ConferenceInviteesTable, S47EnquiriesTable, StrategyDiscussionAttendeesTable, StrategyDiscussionsTable } from '../../db/schema.ts';

/** The child's strategy discussions (case events), newest first, with their details and the enquiry each started, where recorded. */
export function listDiscussions(db: Db, childId: string) {
  return db
    .selectFrom('case_events as ev')
    .leftJoin('strategy_discussions as sd', 'sd.case_event_id', 'ev.id')
    .leftJoin('s47_enquiries as enq', 'enq.strategy_discussion_id', 'ev.id')
    .select(['ev.id', 'ev.event_date', 'ev.s47_started', 'ev.note', 'sd.case_event_id as details_id', 'sd.information_shared', 'sd.other_actions', 'enq.id as enquiry_id'])
    .where('ev.child_id', '=', childId)
    .where('ev.kind', '=', 'strategy_discussion')
    .orderBy('ev.event_date', 'desc')
    .orderBy('ev.id')
    .execute();
}

export type DiscussionRow = Awaited<ReturnType<typeof listDiscussions>>[number];

/** Who took part in the child's strategy discussions, in the order recorded. */
export function listAttendees(db: Db, childId: string) {
  return db
    .selectFrom('strategy_discussion_attendees as att')
    .innerJoin('strategy_discussions as sd', 'sd.case_event_id', 'att.case_event_id')
    .select(['att.case_event_id', 'att.name', 'att.agency', 'att.role'])
    .where('sd.child_id', '=', childId)
    .orderBy('att.case_event_id')
    .orderBy('att.position')
    .execute();
}

/** The child's section 47 enquiries, newest first, with the conference that followed, if any. */
export function listEnquiries(db: Db, childId: string) {
  return db
    .selectFrom('s47_enquiries as enq')
    .leftJoin('child_protection_conferences as cpc', 'cpc.enquiry_id', 'enq.id')
    .select(['enq.id', 'enq.strategy_discussion_id', 'enq.start_date', 'enq.outcome', 'enq.ended_on', 'enq.icpc_required', 'cpc.case_event_id as conference_id'])
    .where('enq.child_id', '=', childId)
    .orderBy('enq.start_date', 'desc')
    .orderBy('enq.id')
    .execute();
}

export type EnquiryRow = Awaited<ReturnType<typeof listEnquiries>>[number];

/** The child's initial conferences (case events of kind 'icpc'), newest first, with their details where recorded. */
export function listConferences(db: Db, childId: string) {
  return db
    .selectFrom('case_events as ev')
    .leftJoin('child_protection_conferences as cpc', 'cpc.case_event_id', 'ev.id')
    .leftJoin('users as chair', 'chair.id', 'cpc.chair_id')
    .leftJoin('s47_enquiries as enq', 'enq.id', 'cpc.enquiry_id')
    .select([
      'ev.id',
      'ev.event_date',
      'ev.note',
      'cpc.case_event_id as details_id',
      'cpc.enquiry_id',
      'enq.start_date as enquiry_start',
      'chair.name as chair_name',
      'cpc.child_participation',
      'cpc.family_participation',
      'cpc.plan_decided',
      'cpc.category',
      'cpc.plan_outline',
      'cpc.cp_plan_id',
    ])
    .where('ev.child_id', '=', childId)
    .where('ev.kind', '=', 'icpc')
    .orderBy('ev.event_date', 'desc')
    .orderBy('ev.id')
    .execute();
}

export type ConferenceRow = Awaited<ReturnType<typeof listConferences>>[number];

/** Who was invited to the child's conferences, in the order recorded. */
export function listInvitees(db: Db, childId: string) {
  return db
    .selectFrom('conference_invitees as inv')
    .innerJoin('child_protection_conferences as cpc', 'cpc.case_event_id', 'inv.case_event_id')
    .select(['inv.case_event_id', 'inv.name', 'inv.agency', 'inv.attendance'])
    .where('cpc.child_id', '=', childId)
    .orderBy('inv.case_event_id')
    .orderBy('inv.position')
    .execute();
}

/** The chairs of conferences: independent reviewing officers who work here now. */
export function listChairs(db: Db) {
  return db.selectFrom('users').select(['id', 'name']).where('role', '=', 'iro').where('disabled_at', 'is', null).orderBy('name').orderBy('id').execute();
}

export function findUser(db: Db, userId: string) {
  return db.selectFrom('users').select(['id', 'name', 'role', 'disabled_at']).where('id', '=', userId).executeTakeFirst();
}

export function listPlans(db: Db, childId: string) {
  return db.selectFrom('cp_plans').select(['id', 'start_date', 'end_date']).where('child_id', '=', childId).orderBy('start_date').execute();
}

/** The referral open on `date`, the latest if more than one: the child in need episode a plan belongs to. */
export function openReferralOn(db: Db, childId: string, date: string) {
  return db
    .selectFrom('referrals')
    .select(['id', 'referral_date'])
    .where('child_id', '=', childId)
    .where('referral_date', '<=', date)
    .where((eb) => eb.or([eb('close_date', 'is', null), eb('close_date', '>=', date)]))
    .orderBy('referral_date', 'desc')
    .executeTakeFirst();
}

export function insertEvent(db: Db, values: { child_id: string; kind: 'strategy_discussion' | 's47_no_conference' | 'icpc'; event_date: string; s47_started: boolean | null; recorded_by: string; recorded_at: Date }) {
  return db
    .insertInto('case_events')
    .values({ ...values, note: null })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function insertDiscussion(db: Db, values: Insertable<StrategyDiscussionsTable>, attendees: Omit<Insertable<StrategyDiscussionAttendeesTable>, 'case_event_id'>[]) {
  await db.insertInto('strategy_discussions').values(values).execute();
  if (attendees.length) await db.insertInto('strategy_discussion_attendees').values(attendees.map((a) => ({ ...a, case_event_id: values.case_event_id }))).execute();
}

export function insertEnquiry(db: Db, values: Insertable<S47EnquiriesTable>) {
  return db.insertInto('s47_enquiries').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function setOutcome(
  db: Db,
  enquiryId: string,
  values: Pick<S47EnquiriesTable, 'outcome' | 'ended_on' | 'icpc_required' | 'no_conference_event_id' | 'outcome_recorded_by'> & { outcome_recorded_at: Date },
) {
  await db.updateTable('s47_enquiries').set(values).where('id', '=', enquiryId).where('outcome', 'is', null).execute();
}

export function insertPlan(db: Db, values: { child_id: string; referral_id: string | null; start_date: string; initial_category: string }) {
  return db
    .insertInto('cp_plans')
    .values({ ...values, end_date: null, latest_category: values.initial_category })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function insertConference(db: Db, values: Insertable<ChildProtectionConferencesTable>, invitees: Omit<Insertable<ConferenceInviteesTable>, 'case_event_id'>[]) {
  await db.insertInto('child_protection_conferences').values(values).execute();
  if (invitees.length) await db.insertInto('conference_invitees').values(invitees.map((i) => ({ ...i, case_event_id: values.case_event_id }))).execute();
}
