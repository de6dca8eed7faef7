// What the Standard Safeguarding Dataset reads from the record: one query per
// part of the record, every child included (restricted children too: the
// dataset is the council's own, for its analysts, as the 903 is for the DfE).
// Dates come back as ISO text (YYYY-MM-DD); rules.ts maps them to the model.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';

type Text = string | null;

/** The council's identifier for the child, or Steadfast's own where none was given. */
const personId = (alias: string) => sql.raw(`coalesce(${alias}.la_child_id, ${alias}.id::text)`);

/** The referral open for the child on a day: what the model links most records to. */
const referralOn = (child: string, day: string) =>
  sql.raw(`(SELECT r.id::text FROM referrals r WHERE r.child_id = ${child} AND r.referral_date <= ${day} AND (r.close_date IS NULL OR r.close_date >= ${day}) ORDER BY r.referral_date DESC LIMIT 1)`);

async function rows<R>(db: Db, query: RawBuilder<R>): Promise<R[]> {
  return (await query.execute(db)).rows;
}

export interface PersonSource { person_id: string; forename: string; surname: string; sex: Text; ethnicity: Text; dob: Text; nhs_number: Text; upn_unknown: Text; expected_dob: Text; death_date: Text }
export const findPeople = (db: Db) =>
  rows(db, sql<PersonSource>`
    SELECT ${personId('p')} AS person_id, p.forename, p.surname, p.sex, p.ethnicity, p.date_of_birth::text AS dob, p.nhs_number,
           p.upn_unknown_reason AS upn_unknown, p.expected_date_of_birth::text AS expected_dob, p.date_of_death::text AS death_date
    FROM people p WHERE p.is_child ORDER BY 1`);

export interface DisabilitySource { person_id: string; code: string }
export const findDisabilities = (db: Db) =>
  rows(db, sql<DisabilitySource>`
    SELECT ${personId('p')} AS person_id, d.code FROM person_disabilities d JOIN people p ON p.id = d.person_id WHERE p.is_child ORDER BY 1, 2`);

export interface AddressSource { id: string; person_id: string; line1: string; town: Text; postcode: string; start_date: string; end_date: Text }
export const findAddresses = (db: Db) =>
  rows(db, sql<AddressSource>`
    SELECT a.id::text, ${personId('p')} AS person_id, a.line1, a.town, a.postcode, a.start_date::text, a.end_date::text
    FROM addresses a JOIN people p ON p.id = a.person_id WHERE p.is_child ORDER BY 2, a.start_date`);

export interface ContactSource { id: string; person_id: string; contact_date: string; source: string; outcome: Text }
export const findContacts = (db: Db) =>
  rows(db, sql<ContactSource>`
    SELECT c.id::text, ${personId('p')} AS person_id, c.contact_date::text, c.source, c.outcome
    FROM contacts c JOIN people p ON p.id = c.child_id ORDER BY 2, c.contact_date`);

export interface ReferralSource { id: string; person_id: string; referral_date: string; primary_need: Text; source: string; nfa: boolean; close_reason: Text; close_date: Text; assessed: boolean; strategy: boolean; conference: boolean }
export const findReferrals = (db: Db) =>
  rows(db, sql<ReferralSource>`
    SELECT r.id::text, ${personId('p')} AS person_id, r.referral_date::text, r.primary_need, r.source, r.no_further_action AS nfa,
           r.closure_reason AS close_reason, r.close_date::text,
           EXISTS (SELECT 1 FROM assessments a WHERE a.referral_id = r.id) AS assessed,
           EXISTS (SELECT 1 FROM case_events e WHERE e.child_id = r.child_id AND e.kind = 'strategy_discussion' AND e.event_date >= r.referral_date AND (r.close_date IS NULL OR e.event_date <= r.close_date)) AS strategy,
           EXISTS (SELECT 1 FROM case_events e WHERE e.child_id = r.child_id AND e.kind = 'icpc' AND e.event_date >= r.referral_date AND (r.close_date IS NULL OR e.event_date <= r.close_date)) AS conference
    FROM referrals r JOIN people p ON p.id = r.child_id ORDER BY 2, r.referral_date`);

export interface AssessmentSource { id: string; person_id: string; referral_id: string; start_date: string; child_seen: boolean | null; authorised_on: Text; outcome: Text; team: Text; worker_id: string }
export const findAssessments = (db: Db) =>
  rows(db, sql<AssessmentSource>`
    SELECT a.id::text, ${personId('p')} AS person_id, a.referral_id::text, a.start_date::text, a.child_seen, a.authorised_on::text, a.outcome,
           t.name AS team, a.created_by::text AS worker_id
    FROM assessments a JOIN people p ON p.id = a.child_id JOIN users u ON u.id = a.created_by LEFT JOIN teams t ON t.id = u.team_id
    ORDER BY 2, a.start_date`);

export interface EnquirySource { id: string; person_id: string; referral_id: Text; start_date: string; ended_on: Text; outcome: Text; icpc_required: boolean | null; worker_id: Text; team: Text }
export const findEnquiries = (db: Db) =>
  rows(db, sql<EnquirySource>`
    SELECT s.id::text, ${personId('p')} AS person_id, ${referralOn('s.child_id', 's.start_date')} AS referral_id, s.start_date::text, s.ended_on::text,
           s.outcome, s.icpc_required, s.outcome_recorded_by::text AS worker_id, t.name AS team
    FROM s47_enquiries s JOIN people p ON p.id = s.child_id LEFT JOIN users u ON u.id = s.outcome_recorded_by LEFT JOIN teams t ON t.id = u.team_id
    ORDER BY 2, s.start_date`);

export interface ConferenceSource { id: string; person_id: string; enquiry_id: Text; cp_plan_id: Text; referral_id: Text; date: string; plan_decided: boolean; worker_id: string; team: Text }
export const findInitialConferences = (db: Db) =>
  rows(db, sql<ConferenceSource>`
    SELECT c.case_event_id::text AS id, ${personId('p')} AS person_id, c.enquiry_id::text, c.cp_plan_id::text,
           ${referralOn('c.child_id', 'e.event_date')} AS referral_id, e.event_date::text AS date, c.plan_decided,
           c.recorded_by::text AS worker_id, t.name AS team
    FROM child_protection_conferences c JOIN case_events e ON e.id = c.case_event_id JOIN people p ON p.id = c.child_id
    JOIN users u ON u.id = c.recorded_by LEFT JOIN teams t ON t.id = u.team_id
    ORDER BY 2, e.event_date`);

export interface CpPlanSource { id: string; person_id: string; referral_id: Text; icpc_id: Text; start_date: string; end_date: Text; initial_category: string; latest_category: string }
export const findCpPlans = (db: Db) =>
  rows(db, sql<CpPlanSource>`
    SELECT c.id::text, ${personId('p')} AS person_id, c.referral_id::text,
           (SELECT k.case_event_id::text FROM child_protection_conferences k WHERE k.cp_plan_id = c.id LIMIT 1) AS icpc_id,
           c.start_date::text, c.end_date::text, c.initial_category, c.latest_category
    FROM cp_plans c JOIN people p ON p.id = c.child_id ORDER BY 2, c.start_date`);

export interface CpReviewSource { id: string; person_id: string; plan_id: string; date: string; decision: string }
export const findCpReviews = (db: Db) =>
  rows(db, sql<CpReviewSource>`
    SELECT r.case_event_id::text AS id, ${personId('p')} AS person_id, r.plan_id::text, e.event_date::text AS date, r.decision
    FROM cp_review_conferences r JOIN case_events e ON e.id = r.case_event_id JOIN people p ON p.id = r.child_id ORDER BY 2, e.event_date`);

export interface CinPlanSource { id: string; person_id: string; referral_id: Text; start_date: string; end_date: Text; worker_id: Text; team: Text }
export const findCinPlans = (db: Db) =>
  rows(db, sql<CinPlanSource>`
    SELECT c.id::text, ${personId('p')} AS person_id, ${referralOn('c.child_id', 'c.start_date')} AS referral_id, c.start_date::text, c.end_date::text,
           a.worker_id::text, t.name AS team
    FROM cin_plans c JOIN people p ON p.id = c.child_id
    LEFT JOIN LATERAL (SELECT al.worker_id, al.team_id FROM allocations al WHERE al.child_id = c.child_id AND al.role = 'lead' AND al.start_date <= c.start_date
                       AND (al.end_date IS NULL OR al.end_date >= c.start_date) ORDER BY al.start_date DESC LIMIT 1) a ON true
    LEFT JOIN teams t ON t.id = a.team_id
    ORDER BY 2, c.start_date`);

export interface EpisodeSource {
  id: string; child_id: string; person_id: string; referral_id: Text; start_date: string; reason_new_episode: string; legal_status: string; primary_need: string;
  placement_type: string; placement_provider: Text; placement_postcode: Text; placement_urn: Text; placement_distance_miles: number | null;
  end_date: Text; reason_ceased: Text; reason_place_change: Text;
}
export const findEpisodes = (db: Db) =>
  rows(db, sql<EpisodeSource>`
    SELECT e.id::text, e.child_id::text, ${personId('p')} AS person_id, ${referralOn('e.child_id', 'e.start_date')} AS referral_id, e.start_date::text,
           e.reason_new_episode, e.legal_status, e.primary_need, e.placement_type, e.placement_provider, e.placement_postcode, e.placement_urn,
           e.placement_distance_miles::float8 AS placement_distance_miles, e.end_date::text, e.reason_ceased, e.reason_place_change
    FROM care_episodes e JOIN people p ON p.id = e.child_id ORDER BY e.child_id, e.start_date`);

export interface CareReviewSource { id: string; child_id: string; date: string; participation: string }
export const findCareReviews = (db: Db) =>
  rows(db, sql<CareReviewSource>`
    SELECT r.case_event_id::text AS id, r.child_id::text, e.event_date::text AS date, r.participation
    FROM care_reviews r JOIN case_events e ON e.id = r.case_event_id ORDER BY r.child_id, e.event_date`);

export interface MissingSource { id: string; person_id: string; kind: string; start_date: string; end_date: Text; offered_on: Text; interview_outcome: Text }
export const findMissing = (db: Db) =>
  rows(db, sql<MissingSource>`
    SELECT m.id::text, ${personId('p')} AS person_id, m.kind, m.start_date::text, m.end_date::text, m.interview_offered_on::text AS offered_on, m.interview_outcome
    FROM missing_episodes m JOIN people p ON p.id = m.child_id ORDER BY 2, m.start_date`);

export interface CareLeaverSource {
  child_id: string; person_id: string; category: string; in_touch: Text; latest_contact: Text; accommodation: Text; activity: Text;
  pathway_review: Text; adviser_id: Text; team: Text; worker_id: Text;
}
export const findCareLeavers = (db: Db) =>
  rows(db, sql<CareLeaverSource>`
    SELECT l.child_id::text, ${personId('p')} AS person_id, l.category, o.in_touch, o.accommodation, o.activity,
           (SELECT max(v.visit_date)::text FROM visits v WHERE v.child_id = l.child_id AND v.kind = 'personal_adviser') AS latest_contact,
           (SELECT max(e.event_date)::text FROM case_events e WHERE e.child_id = l.child_id AND e.kind = 'pathway_plan_review') AS pathway_review,
           (SELECT a.worker_id::text FROM allocations a WHERE a.child_id = l.child_id AND a.role = 'personal_adviser' AND a.end_date IS NULL ORDER BY a.start_date DESC LIMIT 1) AS adviser_id,
           t.name AS team, cl.worker_id::text
    FROM care_leavers l JOIN people p ON p.id = l.child_id
    LEFT JOIN LATERAL (SELECT * FROM care_leaver_outcomes x WHERE x.child_id = l.child_id ORDER BY x.birthday_on DESC LIMIT 1) o ON true
    LEFT JOIN case_leads cl ON cl.child_id = l.child_id LEFT JOIN teams t ON t.id = cl.team_id
    ORDER BY 2`);

export interface PreviousPermanenceSource { id: string; person_id: string; order_on: Text; option: string; la_code: Text }
export const findPreviousPermanence = (db: Db) =>
  rows(db, sql<PreviousPermanenceSource>`
    SELECT x.id::text, ${personId('p')} AS person_id, x.order_on::text, x.option, x.la_code
    FROM previous_permanence x JOIN people p ON p.id = x.child_id ORDER BY 2, x.care_started_on`);

export interface EarlyHelpSource { id: string; person_id: string; start_date: string; end_date: Text; reason: string; end_reason: Text; lead: string }
export const findEarlyHelp = (db: Db) =>
  rows(db, sql<EarlyHelpSource>`
    SELECT x.id::text, ${personId('p')} AS person_id, x.start_date::text, x.end_date::text, x.reason, x.end_reason, x.lead
    FROM early_help_episodes x JOIN people p ON p.id = x.child_id ORDER BY 2, x.start_date`);

export interface PreProceedingsSource { id: string; person_id: string; decision_date: string; letter_date: Text; initial_meeting_date: Text; review_meetings: number; outcome: Text; outcome_date: Text }
export const findPreProceedings = (db: Db) =>
  rows(db, sql<PreProceedingsSource>`
    SELECT x.id::text, ${personId('p')} AS person_id, x.decision_date::text, x.letter_date::text, x.initial_meeting_date::text, x.review_meetings,
           x.outcome, x.outcome_date::text
    FROM pre_proceedings x JOIN people p ON p.id = x.child_id ORDER BY 2, x.decision_date`);

export interface AllocationSource { id: string; person_id: string; worker_id: Text; role: string; team: string; start_date: string; end_date: Text; end_reason: Text; referral_id: Text }
export const findAllocations = (db: Db) =>
  rows(db, sql<AllocationSource>`
    SELECT a.id::text, ${personId('p')} AS person_id, a.worker_id::text, a.role, t.name AS team, a.start_date::text, a.end_date::text, a.end_reason,
           ${referralOn('a.child_id', 'a.start_date')} AS referral_id
    FROM allocations a JOIN people p ON p.id = a.child_id JOIN teams t ON t.id = a.team_id ORDER BY 2, a.start_date`);

export interface ProfessionalSource { id: string; name: string; swe_number: Text; role: string; caseload: number; team: Text; fte: number; employment_type: Text }
/** Staff, with their caseload on 30 September before `today` as the model asks (open lead allocations that day). */
export const findProfessionals = (db: Db, caseloadDay: string) =>
  rows(db, sql<ProfessionalSource>`
    SELECT u.id::text, u.name, s.swe_number, u.role, t.name AS team, u.fte::float8 AS fte, s.employment_type,
           (SELECT count(DISTINCT a.child_id)::int FROM allocations a WHERE a.worker_id = u.id AND a.role = 'lead'
             AND a.start_date <= ${caseloadDay}::date AND (a.end_date IS NULL OR a.end_date > ${caseloadDay}::date)) AS caseload
    FROM users u LEFT JOIN staff_records s ON s.user_id = u.id LEFT JOIN teams t ON t.id = u.team_id
    WHERE u.role <> 'system_admin' ORDER BY u.name, u.id`);

export interface TeamSource { id: string; name: string; parent_id: string; parent_name: string }
export const findTeams = (db: Db) =>
  rows(db, sql<TeamSource>`
    SELECT t.id::text, t.name, s.id::text AS parent_id, s.name AS parent_name FROM teams t JOIN services s ON s.id = t.service_id
    UNION ALL
    SELECT s.id::text, s.name, d.id::text, d.name FROM services s JOIN directorates d ON d.id = s.directorate_id
    ORDER BY 4, 2`);

export interface VisitSource { id: string; person_id: string; plan_id: string; date: string; seen: boolean; seen_alone: boolean | null; bedroom: boolean | null }
/** Social workers' visits made while a plan or episode of this kind was open, with that plan's (or period's first episode's) id. */
export const findVisitsDuring = (db: Db, kind: 'cin' | 'cp' | 'cla') => {
  const during = {
    cin: sql.raw(`(SELECT x.id::text FROM cin_plans x WHERE x.child_id = v.child_id AND x.start_date <= v.visit_date AND (x.end_date IS NULL OR x.end_date >= v.visit_date) ORDER BY x.start_date DESC LIMIT 1)`),
    cp: sql.raw(`(SELECT x.id::text FROM cp_plans x WHERE x.child_id = v.child_id AND x.start_date <= v.visit_date AND (x.end_date IS NULL OR x.end_date >= v.visit_date) ORDER BY x.start_date DESC LIMIT 1)`),
    cla: sql.raw(`(SELECT x.id::text FROM care_episodes x WHERE x.child_id = v.child_id AND x.start_date <= v.visit_date AND (x.end_date IS NULL OR x.end_date >= v.visit_date) ORDER BY x.start_date DESC LIMIT 1)`),
  }[kind];
  return rows(db, sql<VisitSource>`
    SELECT * FROM (
      SELECT v.id::text, ${personId('p')} AS person_id, ${during} AS plan_id, v.visit_date::text AS date, v.child_seen AS seen, v.seen_alone, v.bedroom_seen AS bedroom
      FROM visits v JOIN people p ON p.id = v.child_id WHERE v.kind = 'social_worker' AND v.unsuccessful_reason IS NULL
    ) w WHERE w.plan_id IS NOT NULL ORDER BY 2, 4`);
};
