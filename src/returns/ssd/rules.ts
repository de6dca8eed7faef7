// From the record to the Standard Safeguarding Dataset's rows: pure mappings
// to the model's field names and codes.
//
// - Dates are written as ISO 8601 dates (YYYY-MM-DD): the model types them
//   as dates (datetime) and every tool that reads the dataset takes ISO.
// - Flags are Y or N, as the model's guidance says; empty when not known.
// - The *_json fields carry every key the model lists, "regardless of data
//   presence", with "Y", "N" or "" as their value.
// - Codes Steadfast keeps in the model's own sets (primary need, sources,
//   disability, legal status, missing, closure reasons, participation) are
//   written as they are; the categories of abuse are written as the
//   model's words.
import { describeCode } from '../../reference/codes.ts';
import type * as Q from './queries.ts';
import type { SsdObjectName, SsdRow } from './objects.ts';

type Rows = { [O in SsdObjectName]: SsdRow<O>[] };

const yn = (value: boolean | null | undefined): string => (value === null || value === undefined ? '' : value ? 'Y' : 'N');
const text = (value: string | number | null | undefined): string => (value === null || value === undefined ? '' : String(value));

/** A JSON object with every key the model lists, in its order. */
function flags(keys: readonly string[], set: Record<string, string>): string {
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, set[k] ?? ''])));
}
function yesNoFlags(keys: readonly string[], yes: readonly string[]): string {
  return flags(keys, Object.fromEntries(keys.map((k) => [k, yes.includes(k) ? 'Y' : 'N'])));
}

/** CIN census categories of abuse (NEG, PHY, SAB, EMO, MUL) in the model's words (categories/category_of_abuse.yml). */
export const ABUSE_CATEGORIES: Record<string, string> = {
  NEG: 'Neglect',
  PHY: 'Physical Abuse',
  SAB: 'Sexual Abuse',
  EMO: 'Emotional Abuse',
  MUL: 'Multiple',
};
export function abuseCategory(code: string): string {
  return ABUSE_CATEGORIES[code] ?? code;
}

/** A child's sex as the model's field asks (F, M or U), not the 903's 1 and 2. */
export function ssdSex(sex: string | null): string {
  return sex === 'M' || sex === 'F' || sex === 'U' ? sex : '';
}

const CONTACT_OUTCOME_KEYS = ['NEW_REFERRAL_FLAG', 'EXISTING_REFERRAL_FLAG', 'CP_ENQUIRY_FLAG', 'NFA_FLAG', 'NON_AGENCY_ADOPTION_FLAG', 'PRIVATE_FOSTERING_FLAG', 'ADVICE_FLAG', 'MISSING_FLAG', 'OLA_CP_FLAG', 'OTHER_OUTCOMES_EXIST_FLAG'] as const;
/** A contact's decision as the model's outcome flags: empty while it awaits a decision. */
export function contactOutcome(outcome: string | null): string {
  if (outcome === null) return flags(CONTACT_OUTCOME_KEYS, {});
  const flag = ({ referral: 'NEW_REFERRAL_FLAG', no_further_action: 'NFA_FLAG', advice: 'ADVICE_FLAG' } as Record<string, string>)[outcome] ?? 'OTHER_OUTCOMES_EXIST_FLAG';
  return yesNoFlags(CONTACT_OUTCOME_KEYS, [flag]);
}

const REFERRAL_OUTCOME_KEYS = ['SINGLE_ASSESSMENT_FLAG', 'NFA_FLAG', 'STRATEGY_DISCUSSION_FLAG', 'CLA_REQUEST_FLAG', 'NON_AGENCY_ADOPTION_FLAG', 'PRIVATE_FOSTERING_FLAG', 'CP_TRANSFER_IN_FLAG', 'CP_CONFERENCE_FLAG', 'CARE_LEAVER_FLAG', 'OTHER_OUTCOMES_EXIST_FLAG'] as const;
export function referralOutcome(r: { nfa: boolean; assessed: boolean; strategy: boolean; conference: boolean }): string {
  const yes = [r.assessed && 'SINGLE_ASSESSMENT_FLAG', r.nfa && 'NFA_FLAG', r.strategy && 'STRATEGY_DISCUSSION_FLAG', r.conference && 'CP_CONFERENCE_FLAG'].filter((k): k is string => typeof k === 'string');
  return yesNoFlags(REFERRAL_OUTCOME_KEYS, yes);
}

const ASSESSMENT_OUTCOME_KEYS = ['NFA_FLAG', 'NFA_S47_END_FLAG', 'STRATEGY_DISCUSSION_FLAG', 'CLA_REQUEST_FLAG', 'PRIVATE_FOSTERING_FLAG', 'LEGAL_ACTION_FLAG', 'PROV_OF_SERVICES_FLAG', 'PROV_OF_SB_CARE_FLAG', 'SPECIALIST_ASSESSMENT_FLAG', 'REFERRAL_TO_OTHER_AGENCY_FLAG', 'OTHER_ACTIONS_FLAG', 'OTHER_OUTCOMES_EXIST_FLAG', 'TOTAL_NO_OF_OUTCOMES', 'COMMENTS'] as const;
/** An assessment's outcome once authorised: no further action, a child in need plan (services), a strategy discussion, or early help (another agency). */
export function assessmentOutcome(outcome: string | null): string {
  if (outcome === null) return flags(ASSESSMENT_OUTCOME_KEYS, {});
  const flag = ({ no_further_action: 'NFA_FLAG', cin_plan: 'PROV_OF_SERVICES_FLAG', strategy_discussion: 'STRATEGY_DISCUSSION_FLAG', early_help: 'REFERRAL_TO_OTHER_AGENCY_FLAG' } as Record<string, string>)[outcome] ?? 'OTHER_OUTCOMES_EXIST_FLAG';
  const set: Record<string, string> = Object.fromEntries(ASSESSMENT_OUTCOME_KEYS.map((k) => [k, k === flag ? 'Y' : 'N']));
  return flags(ASSESSMENT_OUTCOME_KEYS, { ...set, TOTAL_NO_OF_OUTCOMES: '1', COMMENTS: '' });
}

const S47_OUTCOME_KEYS = ['NFA_FLAG', 'LEGAL_ACTION_FLAG', 'PROV_OF_SERVICES_FLAG', 'PROV_OF_SB_CARE_FLAG', 'CP_CONFERENCE_FLAG', 'NFA_CONTINUE_SINGLE_FLAG', 'MONITOR_FLAG', 'OTHER_OUTCOMES_EXIST_FLAG', 'TOTAL_NO_OF_OUTCOMES', 'OUTCOME_COMMENTS'] as const;
/** A section 47 enquiry's outcome: a conference when one is needed, no further action when the concerns were not substantiated and none is. */
export function s47Outcome(e: { outcome: string | null; icpc_required: boolean | null }): { json: string; nfa: string } {
  if (e.outcome === null) return { json: flags(S47_OUTCOME_KEYS, {}), nfa: '' };
  const flag = e.icpc_required ? 'CP_CONFERENCE_FLAG' : e.outcome === 'not_substantiated' ? 'NFA_FLAG' : 'OTHER_OUTCOMES_EXIST_FLAG';
  const set: Record<string, string> = Object.fromEntries(S47_OUTCOME_KEYS.map((k) => [k, k === flag ? 'Y' : 'N']));
  return { json: flags(S47_OUTCOME_KEYS, { ...set, TOTAL_NO_OF_OUTCOMES: '1', OUTCOME_COMMENTS: '' }), nfa: yn(flag === 'NFA_FLAG') };
}

const ICPC_OUTCOME_KEYS = ['NFA_FLAG', 'REFERRAL_TO_OTHER_AGENCY_FLAG', 'SINGLE_ASSESSMENT_FLAG', 'PROV_OF_SERVICES_FLAG', 'CP_FLAG', 'OTHER_OUTCOMES_EXIST_FLAG', 'TOTAL_NO_OF_OUTCOMES', 'COMMENTS'] as const;
export function icpcOutcome(planDecided: boolean): string {
  const set: Record<string, string> = Object.fromEntries(ICPC_OUTCOME_KEYS.map((k) => [k, 'N']));
  return flags(ICPC_OUTCOME_KEYS, { ...set, CP_FLAG: yn(planDecided), OTHER_OUTCOMES_EXIST_FLAG: yn(!planDecided), TOTAL_NO_OF_OUTCOMES: '1', COMMENTS: '' });
}

const ADDRESS_KEYS = ['ROOM', 'FLOOR', 'FLAT', 'BUILDING', 'HOUSE', 'STREET', 'TOWN', 'UPRN', 'EASTING', 'NORTHING'] as const;
/** Steadfast keeps the first line whole: it goes in STREET, the town in TOWN. */
export function addressJson(line1: string, town: string | null): string {
  return flags(ADDRESS_KEYS, { STREET: line1, TOWN: town ?? '' });
}

/** A postcode without spaces, as the model asks. */
export const postcodeWithoutSpaces = (postcode: string | null): string => (postcode ?? '').replace(/\s+/g, '').toUpperCase();

/**
 * Each episode's period of care: the id of the episode that began it (one
 * whose reason is S, started to be looked after, or the child's first), and
 * the day the child entered care. Episodes are one child's, in date order.
 */
export function periodsOfCare(episodes: readonly { id: string; child_id: string; start_date: string; reason_new_episode: string }[]): Map<string, { claId: string; enteredCare: string }> {
  const out = new Map<string, { claId: string; enteredCare: string }>();
  let current: { child: string; claId: string; enteredCare: string } | null = null;
  for (const e of episodes) {
    if (!current || current.child !== e.child_id || e.reason_new_episode === 'S') current = { child: e.child_id, claId: e.id, enteredCare: e.start_date };
    out.set(e.id, { claId: current.claId, enteredCare: current.enteredCare });
  }
  return out;
}

/** The period of care a day falls in, for one child's episodes (in date order). */
function periodOn(episodes: readonly Q.EpisodeSource[], periods: Map<string, { claId: string }>, childId: string, day: string): string {
  const found = episodes.filter((e) => e.child_id === childId && e.start_date <= day && (e.end_date === null || e.end_date >= day)).at(-1)
    ?? episodes.filter((e) => e.child_id === childId && e.start_date <= day).at(-1);
  return found ? periods.get(found.id)!.claId : '';
}

/** OC3 accommodation codes carry their suitability (B1 suitable, B2 not): the model keeps the two apart. */
export function accommodationParts(code: string | null): { accommodation: string; suitable: string } {
  const match = /^([A-Z])([12])$/.exec(code ?? '');
  return match ? { accommodation: match[1]!, suitable: match[2]! } : { accommodation: text(code), suitable: '' };
}

export const CARE_LEAVER_ELIGIBILITY: Record<string, string> = { eligible: 'Eligible', relevant: 'Relevant', former_relevant: 'Former Relevant', qualifying: 'Qualifying' };

export const INVOLVEMENT_ROLES: Record<string, string> = { lead: 'Allocated Case Worker', co_worker: 'Co-worker', iro: 'Independent Reviewing Officer', personal_adviser: 'Personal Adviser' };

export const PRE_PROCEEDINGS_OUTCOMES: Record<string, string> = { issue: 'Decision to Issue Care Proceedings', step_down: 'Decision to step down' };

export interface SsdSources {
  people: Q.PersonSource[];
  disabilities: Q.DisabilitySource[];
  addresses: Q.AddressSource[];
  contacts: Q.ContactSource[];
  referrals: Q.ReferralSource[];
  assessments: Q.AssessmentSource[];
  enquiries: Q.EnquirySource[];
  conferences: Q.ConferenceSource[];
  cpPlans: Q.CpPlanSource[];
  cpReviews: Q.CpReviewSource[];
  cinPlans: Q.CinPlanSource[];
  episodes: Q.EpisodeSource[];
  careReviews: Q.CareReviewSource[];
  missing: Q.MissingSource[];
  careLeavers: Q.CareLeaverSource[];
  previousPermanence: Q.PreviousPermanenceSource[];
  earlyHelp: Q.EarlyHelpSource[];
  preProceedings: Q.PreProceedingsSource[];
  allocations: Q.AllocationSource[];
  professionals: Q.ProfessionalSource[];
  teams: Q.TeamSource[];
  cinVisits: Q.VisitSource[];
  cpVisits: Q.VisitSource[];
  claVisits: Q.VisitSource[];
}

/** Every covered object's rows, from what the record holds. */
export function ssdRows(s: SsdSources): Rows {
  const periods = periodsOfCare(s.episodes);
  const personOfChild = new Map(s.episodes.map((e) => [e.child_id, e.person_id]));
  return {
    ssd_person: s.people.map((p) => ({
      pers_person_id: p.person_id,
      pers_forename: p.forename,
      pers_surname: p.surname,
      pers_sex: ssdSex(p.sex),
      pers_ethnicity: text(p.ethnicity),
      pers_dob: text(p.dob),
      pers_common_child_id: text(p.nhs_number),
      pers_upn_unknown: text(p.upn_unknown),
      pers_expected_dob: text(p.expected_dob),
      pers_death_date: text(p.death_date),
    })),
    ssd_disability: s.disabilities.map((d) => ({ disa_person_id: d.person_id, disa_table_id: `${d.person_id}-${d.code}`, disa_disability_code: d.code })),
    ssd_address: s.addresses.map((a) => ({
      addr_table_id: a.id,
      addr_address_json: addressJson(a.line1, a.town),
      addr_person_id: a.person_id,
      addr_address_type: 'Home',
      addr_address_start_date: a.start_date,
      addr_address_end_date: text(a.end_date),
      addr_address_postcode: postcodeWithoutSpaces(a.postcode),
    })),
    ssd_contacts: s.contacts.map((c) => ({
      cont_contact_id: c.id,
      cont_person_id: c.person_id,
      cont_contact_date: c.contact_date,
      cont_contact_source_code: c.source,
      cont_contact_source_desc: describeCode('contactSource', c.source),
      cont_contact_outcome_json: contactOutcome(c.outcome),
    })),
    ssd_cin_episodes: s.referrals.map((r) => ({
      cine_referral_id: r.id,
      cine_person_id: r.person_id,
      cine_referral_date: r.referral_date,
      cine_cin_primary_need_code: text(r.primary_need),
      cine_referral_source_code: r.source,
      cine_referral_source_desc: describeCode('referralSource', r.source),
      cine_referral_outcome_json: referralOutcome(r),
      cine_referral_nfa: yn(r.nfa),
      cine_close_reason: text(r.close_reason),
      cine_close_date: text(r.close_date),
    })),
    ssd_cin_assessments: s.assessments.map((a) => ({
      cina_assessment_id: a.id,
      cina_person_id: a.person_id,
      cina_referral_id: a.referral_id,
      cina_assessment_start_date: a.start_date,
      cina_assessment_child_seen: yn(a.child_seen),
      cina_assessment_auth_date: text(a.authorised_on),
      cina_assessment_outcome_json: assessmentOutcome(a.authorised_on ? a.outcome : null),
      cina_assessment_outcome_nfa: a.authorised_on && a.outcome ? yn(a.outcome === 'no_further_action') : '',
      cina_assessment_team: text(a.team),
      cina_assessment_worker_id: a.worker_id,
    })),
    ssd_s47_enquiry: s.enquiries.map((e) => {
      const outcome = s47Outcome(e);
      return {
        s47e_s47_enquiry_id: e.id,
        s47e_referral_id: text(e.referral_id),
        s47e_person_id: e.person_id,
        s47e_s47_start_date: e.start_date,
        s47e_s47_end_date: text(e.ended_on),
        s47e_s47_nfa: outcome.nfa,
        s47e_s47_outcome_json: outcome.json,
        s47e_s47_completed_by_worker_id: text(e.worker_id),
        s47e_s47_completed_by_team: text(e.team),
      };
    }),
    ssd_initial_cp_conference: s.conferences.map((c) => ({
      icpc_icpc_id: c.id,
      icpc_icpc_meeting_id: c.id,
      icpc_s47_enquiry_id: text(c.enquiry_id),
      icpc_person_id: c.person_id,
      icpc_cp_plan_id: text(c.cp_plan_id),
      icpc_referral_id: text(c.referral_id),
      icpc_icpc_date: c.date,
      icpc_icpc_outcome_cp_flag: yn(c.plan_decided),
      icpc_icpc_outcome_json: icpcOutcome(c.plan_decided),
      icpc_icpc_team: text(c.team),
      icpc_icpc_worker_id: c.worker_id,
    })),
    ssd_cp_plans: s.cpPlans.map((p) => ({
      cppl_cp_plan_id: p.id,
      cppl_referral_id: text(p.referral_id),
      cppl_icpc_id: text(p.icpc_id),
      cppl_person_id: p.person_id,
      cppl_cp_plan_start_date: p.start_date,
      cppl_cp_plan_end_date: text(p.end_date),
      cppl_cp_plan_initial_category: abuseCategory(p.initial_category),
      cppl_cp_plan_latest_category: abuseCategory(p.latest_category),
    })),
    ssd_cp_reviews: s.cpReviews.map((r) => ({
      cppr_cp_review_id: r.id,
      cppr_person_id: r.person_id,
      cppr_cp_plan_id: r.plan_id,
      cppr_cp_review_date: r.date,
      cppr_cp_review_meeting_id: r.id,
      cppr_cp_review_outcome_continue_cp: yn(r.decision === 'continue'),
    })),
    ssd_cin_plans: s.cinPlans.map((p) => ({
      cinp_cin_plan_id: p.id,
      cinp_referral_id: text(p.referral_id),
      cinp_person_id: p.person_id,
      cinp_cin_plan_start_date: p.start_date,
      cinp_cin_plan_end_date: text(p.end_date),
      cinp_cin_plan_team: text(p.team),
      cinp_cin_plan_worker_id: text(p.worker_id),
    })),
    ssd_cla_episodes: s.episodes.map((e) => ({
      clae_cla_episode_id: e.id,
      clae_person_id: e.person_id,
      clae_cla_episode_start_date: e.start_date,
      clae_cla_episode_start_reason: e.reason_new_episode,
      clae_cla_primary_need_code: e.primary_need,
      clae_cla_episode_ceased_date: text(e.end_date),
      clae_cla_episode_ceased_reason: text(e.reason_ceased),
      clae_cla_id: periods.get(e.id)!.claId,
      clae_referral_id: text(e.referral_id),
      clae_cla_placement_id: e.id,
      clae_entered_care_date: periods.get(e.id)!.enteredCare,
    })),
    ssd_cla_placement: s.episodes.map((e) => ({
      clap_cla_placement_id: e.id,
      clap_cla_placement_start_date: e.start_date,
      clap_cla_placement_type: e.placement_type,
      clap_cla_placement_urn: text(e.placement_urn),
      clap_cla_placement_distance: text(e.placement_distance_miles),
      clap_cla_id: periods.get(e.id)!.claId,
      clap_cla_placement_provider: text(e.placement_provider),
      clap_cla_placement_postcode: postcodeWithoutSpaces(e.placement_postcode),
      clap_cla_placement_end_date: text(e.end_date),
      clap_cla_placement_change_reason: text(e.reason_place_change),
      clap_person_id: e.person_id,
    })),
    ssd_legal_status: s.episodes.map((e) => ({
      lega_legal_status_id: e.id,
      lega_person_id: e.person_id,
      lega_legal_status: e.legal_status,
      lega_legal_status_start_date: e.start_date,
      lega_legal_status_end_date: text(e.end_date),
    })),
    ssd_cla_reviews: s.careReviews
      .filter((r) => personOfChild.has(r.child_id))
      .map((r) => ({
        clar_cla_review_id: r.id,
        clar_cla_id: periodOn(s.episodes, periods, r.child_id, r.date),
        clar_cla_review_date: r.date,
        clar_cla_review_cancelled: 'N',
        clar_cla_review_participation: r.participation,
      })),
    ssd_missing: s.missing.map((m) => ({
      miss_table_id: m.id,
      miss_person_id: m.person_id,
      miss_missing_episode_start_date: m.start_date,
      miss_missing_episode_type: m.kind,
      miss_missing_episode_end_date: text(m.end_date),
      miss_missing_rhi_offered: m.end_date ? yn(m.offered_on !== null) : '',
      miss_missing_rhi_accepted: m.offered_on ? (m.interview_outcome === 'held' ? 'Y' : m.interview_outcome === 'declined' ? 'N' : '') : m.end_date ? 'NA' : '',
    })),
    ssd_care_leavers: s.careLeavers.map((l) => {
      const accommodation = accommodationParts(l.accommodation);
      return {
        clea_table_id: l.child_id,
        clea_person_id: l.person_id,
        clea_care_leaver_eligibility: CARE_LEAVER_ELIGIBILITY[l.category] ?? l.category,
        clea_care_leaver_in_touch: text(l.in_touch),
        clea_care_leaver_latest_contact: text(l.latest_contact),
        clea_care_leaver_accommodation: accommodation.accommodation,
        clea_care_leaver_accom_suitable: accommodation.suitable,
        clea_care_leaver_activity: text(l.activity),
        clea_pathway_plan_review_date: text(l.pathway_review),
        clea_care_leaver_personal_advisor: text(l.adviser_id),
        clea_care_leaver_allocated_team: text(l.team),
        clea_care_leaver_worker_id: text(l.worker_id),
      };
    }),
    ssd_cla_previous_permanence: s.previousPermanence.map((x) => ({
      lapp_table_id: x.id,
      lapp_person_id: x.person_id,
      lapp_previous_permanence_order_date: text(x.order_on),
      lapp_previous_permanence_option: x.option,
      lapp_previous_permanence_la: text(x.la_code),
    })),
    ssd_early_help_episodes: s.earlyHelp.map((x) => ({
      earl_episode_id: x.id,
      earl_person_id: x.person_id,
      earl_episode_start_date: x.start_date,
      earl_episode_end_date: text(x.end_date),
      earl_episode_reason: x.reason,
      earl_episode_end_reason: text(x.end_reason),
      earl_episode_organisation: x.lead,
    })),
    ssd_pre_proceedings: s.preProceedings.map((x) => ({
      prep_table_id: x.id,
      prep_person_id: x.person_id,
      prep_pre_pro_decision_date: x.decision_date,
      prep_initial_pre_pro_meeting_date: text(x.initial_meeting_date),
      prep_pre_pro_outcome: x.outcome ? (PRE_PROCEEDINGS_OUTCOMES[x.outcome] ?? x.outcome) : '',
      prep_agree_stepdown_issue_date: text(x.outcome_date),
      prep_pre_pro_letter_date: text(x.letter_date),
      prep_pre_pro_meetings_num: String(x.review_meetings + (x.initial_meeting_date ? 1 : 0)),
    })),
    ssd_involvements: s.allocations.map((a) => ({
      invo_involvements_id: a.id,
      invo_professional_id: text(a.worker_id),
      invo_professional_role_id: INVOLVEMENT_ROLES[a.role] ?? a.role,
      invo_professional_team: a.team,
      invo_involvement_start_date: a.start_date,
      invo_involvement_end_date: text(a.end_date),
      invo_worker_change_reason: text(a.end_reason),
      invo_person_id: a.person_id,
      invo_referral_id: text(a.referral_id),
    })),
    ssd_professionals: s.professionals.map((p) => ({
      prof_professional_id: p.id,
      prof_professional_name: p.name,
      prof_social_worker_registration_no: text(p.swe_number),
      prof_professional_job_title: p.role,
      prof_professional_caseload: String(p.caseload),
      prof_professional_department: text(p.team),
      prof_full_time_equivalency: String(p.fte),
      prof_agency_worker_flag: p.employment_type ? yn(p.employment_type === 'agency') : '',
    })),
    ssd_department: s.teams.map((t) => ({ dept_team_id: t.id, dept_team_name: t.name, dept_team_parent_id: t.parent_id, dept_team_parent_name: t.parent_name })),
    ssd_cin_visits: s.cinVisits.map((v) => ({ cinv_cin_visit_id: v.id, cinv_person_id: v.person_id, cinv_cin_visit_date: v.date, cinv_cin_visit_seen: yn(v.seen), cinv_cin_visit_seen_alone: yn(v.seen_alone), cinv_cin_visit_bedroom: yn(v.bedroom) })),
    ssd_cp_visits: s.cpVisits.map((v) => ({ cppv_cp_visit_id: v.id, cppv_person_id: v.person_id, cppv_cp_plan_id: v.plan_id, cppv_cp_visit_date: v.date, cppv_cp_visit_seen: yn(v.seen), cppv_cp_visit_seen_alone: yn(v.seen_alone), cppv_cp_visit_bedroom: yn(v.bedroom) })),
    ssd_cla_visits: s.claVisits.map((v) => ({ clav_cla_visit_id: v.id, clav_cla_id: periods.get(v.plan_id)?.claId ?? '', clav_person_id: v.person_id, clav_cla_visit_date: v.date, clav_cla_visit_seen: yn(v.seen), clav_cla_visit_seen_alone: yn(v.seen_alone) })),
  };
}
