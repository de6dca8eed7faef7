// The Standard Safeguarding Dataset objects Steadfast fills, with the model's
// field names in the model's order, and those it does not fill yet.
//
// The model is the DfE-sponsored common data model for children's social care
// (data-to-insight/ssd-data-model, MIT). The objects' definitions are kept in
// ./model/ as published; objects.test.ts checks every name here against them.

export interface SsdObject {
  /** One row for. */
  rows: string;
  /** Where on the record its fields are kept. */
  from: string;
  /** The model's field names, in the model's order: the CSV's header. */
  fields: readonly string[];
  /** Fields the record does not hold: left empty in every row. */
  notHeld: readonly string[];
}

export const SSD_OBJECTS = {
  ssd_person: {
    rows: 'Each child on the record',
    from: "the child's details",
    fields: ['pers_person_id', 'pers_forename', 'pers_surname', 'pers_sex', 'pers_gender', 'pers_ethnicity', 'pers_dob', 'pers_common_child_id', 'pers_legacy_id', 'pers_upn_unknown', 'pers_send_flag', 'pers_expected_dob', 'pers_death_date', 'pers_is_mother', 'pers_nationality'],
    notHeld: ['pers_gender', 'pers_legacy_id', 'pers_send_flag', 'pers_is_mother', 'pers_nationality'],
  },
  ssd_disability: {
    rows: 'Each disability recorded for a child',
    from: "the child's details",
    fields: ['disa_person_id', 'disa_table_id', 'disa_disability_code'],
    notHeld: [],
  },
  ssd_address: {
    rows: 'Each address a child has lived at',
    from: "the child's addresses",
    fields: ['addr_table_id', 'addr_address_json', 'addr_person_id', 'addr_address_type', 'addr_address_start_date', 'addr_address_end_date', 'addr_address_postcode'],
    notHeld: [],
  },
  ssd_contacts: {
    rows: 'Each contact about a child',
    from: 'the front door',
    fields: ['cont_contact_id', 'cont_person_id', 'cont_contact_date', 'cont_contact_source_code', 'cont_contact_source_desc', 'cont_contact_outcome_json'],
    notHeld: [],
  },
  ssd_cin_episodes: {
    rows: 'Each referral (a child in need episode)',
    from: 'referrals',
    fields: ['cine_referral_id', 'cine_person_id', 'cine_referral_date', 'cine_cin_primary_need_code', 'cine_referral_source_code', 'cine_referral_source_desc', 'cine_referral_outcome_json', 'cine_referral_nfa', 'cine_close_reason', 'cine_close_date', 'cine_referral_team', 'cine_referral_worker_id'],
    notHeld: ['cine_referral_team', 'cine_referral_worker_id'],
  },
  ssd_cin_assessments: {
    rows: 'Each assessment',
    from: 'assessments',
    fields: ['cina_assessment_id', 'cina_person_id', 'cina_referral_id', 'cina_assessment_start_date', 'cina_assessment_child_seen', 'cina_assessment_auth_date', 'cina_assessment_outcome_json', 'cina_assessment_outcome_nfa', 'cina_assessment_team', 'cina_assessment_worker_id'],
    notHeld: [],
  },
  ssd_s47_enquiry: {
    rows: 'Each section 47 enquiry',
    from: 'enquiries',
    fields: ['s47e_s47_enquiry_id', 's47e_referral_id', 's47e_person_id', 's47e_s47_start_date', 's47e_s47_end_date', 's47e_s47_nfa', 's47e_s47_outcome_json', 's47e_s47_completed_by_worker_id', 's47e_s47_completed_by_team'],
    notHeld: [],
  },
  ssd_initial_cp_conference: {
    rows: 'Each initial child protection conference',
    from: 'conferences',
    fields: ['icpc_icpc_id', 'icpc_icpc_meeting_id', 'icpc_s47_enquiry_id', 'icpc_person_id', 'icpc_cp_plan_id', 'icpc_referral_id', 'icpc_icpc_transfer_in', 'icpc_icpc_target_date', 'icpc_icpc_date', 'icpc_icpc_outcome_cp_flag', 'icpc_icpc_outcome_json', 'icpc_icpc_team', 'icpc_icpc_worker_id'],
    notHeld: ['icpc_icpc_transfer_in', 'icpc_icpc_target_date'],
  },
  ssd_cp_plans: {
    rows: 'Each child protection plan',
    from: 'child protection plans',
    fields: ['cppl_cp_plan_id', 'cppl_referral_id', 'cppl_icpc_id', 'cppl_person_id', 'cppl_cp_plan_start_date', 'cppl_cp_plan_end_date', 'cppl_cp_plan_initial_category', 'cppl_cp_plan_ola', 'cppl_cp_plan_latest_category'],
    notHeld: ['cppl_cp_plan_ola'],
  },
  ssd_cp_reviews: {
    rows: 'Each child protection review conference',
    from: 'review conferences',
    fields: ['cppr_cp_review_id', 'cppr_person_id', 'cppr_cp_plan_id', 'cppr_cp_review_due', 'cppr_cp_review_date', 'cppr_cp_review_meeting_id', 'cppr_cp_review_outcome_continue_cp', 'cppr_cp_review_quorate', 'cppr_cp_review_participation'],
    notHeld: ['cppr_cp_review_due', 'cppr_cp_review_quorate', 'cppr_cp_review_participation'],
  },
  ssd_cin_plans: {
    rows: 'Each child in need plan',
    from: 'child in need plans',
    fields: ['cinp_cin_plan_id', 'cinp_referral_id', 'cinp_person_id', 'cinp_cin_plan_start_date', 'cinp_cin_plan_end_date', 'cinp_cin_plan_team', 'cinp_cin_plan_worker_id'],
    notHeld: [],
  },
  ssd_cla_episodes: {
    rows: 'Each episode of care',
    from: 'the legal-status and placement timeline',
    fields: ['clae_cla_episode_id', 'clae_person_id', 'clae_cla_episode_start_date', 'clae_cla_episode_start_reason', 'clae_cla_primary_need_code', 'clae_cla_episode_ceased_date', 'clae_cla_episode_ceased_reason', 'clae_cla_id', 'clae_referral_id', 'clae_cla_placement_id', 'clae_entered_care_date', 'clae_cla_last_iro_contact_date'],
    notHeld: ['clae_cla_last_iro_contact_date'],
  },
  ssd_cla_placement: {
    rows: "Each episode of care's placement",
    from: 'the legal-status and placement timeline',
    fields: ['clap_cla_placement_id', 'clap_cla_placement_start_date', 'clap_cla_placement_type', 'clap_cla_placement_urn', 'clap_cla_placement_distance', 'clap_cla_id', 'clap_cla_placement_provider', 'clap_cla_placement_postcode', 'clap_cla_placement_end_date', 'clap_cla_placement_change_reason', 'clap_person_id'],
    notHeld: [],
  },
  ssd_legal_status: {
    rows: "Each episode of care's legal status",
    from: 'the legal-status and placement timeline',
    fields: ['lega_legal_status_id', 'lega_person_id', 'lega_legal_status', 'lega_legal_status_start_date', 'lega_legal_status_end_date'],
    notHeld: [],
  },
  ssd_cla_reviews: {
    rows: 'Each looked-after review held',
    from: 'looked-after reviews',
    fields: ['clar_cla_review_id', 'clar_cla_id', 'clar_cla_review_due_date', 'clar_cla_review_date', 'clar_cla_review_cancelled', 'clar_cla_review_participation'],
    notHeld: ['clar_cla_review_due_date'],
  },
  ssd_missing: {
    rows: 'Each missing or away-without-authorisation episode',
    from: 'missing episodes',
    fields: ['miss_table_id', 'miss_person_id', 'miss_missing_episode_start_date', 'miss_missing_episode_type', 'miss_missing_episode_end_date', 'miss_missing_rhi_offered', 'miss_missing_rhi_accepted'],
    notHeld: [],
  },
  ssd_care_leavers: {
    rows: 'Each care leaver',
    from: 'after care',
    fields: ['clea_table_id', 'clea_person_id', 'clea_care_leaver_eligibility', 'clea_care_leaver_in_touch', 'clea_care_leaver_latest_contact', 'clea_care_leaver_accommodation', 'clea_care_leaver_accom_suitable', 'clea_care_leaver_activity', 'clea_pathway_plan_review_date', 'clea_care_leaver_personal_advisor', 'clea_care_leaver_allocated_team', 'clea_care_leaver_worker_id'],
    notHeld: [],
  },
  ssd_cla_previous_permanence: {
    rows: 'Each previous permanence recorded when a child started care',
    from: 'adoption and permanence',
    fields: ['lapp_table_id', 'lapp_person_id', 'lapp_previous_permanence_order_date', 'lapp_previous_permanence_option', 'lapp_previous_permanence_la'],
    notHeld: [],
  },
  ssd_early_help_episodes: {
    rows: 'Each early help episode',
    from: 'early help',
    fields: ['earl_episode_id', 'earl_person_id', 'earl_episode_start_date', 'earl_episode_end_date', 'earl_episode_reason', 'earl_episode_end_reason', 'earl_episode_organisation', 'earl_episode_worker_id'],
    notHeld: ['earl_episode_worker_id'],
  },
  ssd_pre_proceedings: {
    rows: 'Each pre-proceedings (PLO) decision',
    from: 'pre-proceedings',
    fields: ['prep_table_id', 'prep_person_id', 'prep_plo_family_id', 'prep_pre_pro_decision_date', 'prep_initial_pre_pro_meeting_date', 'prep_pre_pro_outcome', 'prep_agree_stepdown_issue_date', 'prep_cp_plans_referral_period', 'prep_legal_gateway_outcome', 'prep_prev_pre_proc_child', 'prep_prev_care_proc_child', 'prep_pre_pro_letter_date', 'prep_care_pro_letter_date', 'prep_pre_pro_meetings_num', 'prep_pre_pro_parents_legal_rep', 'prep_parents_legal_rep_point_of_issue', 'prep_court_reference', 'prep_care_proc_court_hearings', 'prep_care_proc_short_notice', 'prep_proc_short_notice_reason', 'prep_la_inital_plan_approved', 'prep_la_initial_care_plan', 'prep_la_final_plan_approved', 'prep_la_final_care_plan'],
    notHeld: ['prep_plo_family_id', 'prep_cp_plans_referral_period', 'prep_legal_gateway_outcome', 'prep_prev_pre_proc_child', 'prep_prev_care_proc_child', 'prep_care_pro_letter_date', 'prep_pre_pro_parents_legal_rep', 'prep_parents_legal_rep_point_of_issue', 'prep_court_reference', 'prep_care_proc_court_hearings', 'prep_care_proc_short_notice', 'prep_proc_short_notice_reason', 'prep_la_inital_plan_approved', 'prep_la_initial_care_plan', 'prep_la_final_plan_approved', 'prep_la_final_care_plan'],
  },
  ssd_involvements: {
    rows: 'Each allocation of a worker or team to a child',
    from: 'allocations',
    fields: ['invo_involvements_id', 'invo_professional_id', 'invo_professional_role_id', 'invo_professional_team', 'invo_involvement_start_date', 'invo_involvement_end_date', 'invo_worker_change_reason', 'invo_person_id', 'invo_referral_id'],
    notHeld: [],
  },
  ssd_professionals: {
    rows: 'Each member of staff',
    from: 'people and the workforce record',
    fields: ['prof_professional_id', 'prof_staff_id', 'prof_professional_name', 'prof_social_worker_registration_no', 'prof_professional_job_title', 'prof_professional_caseload', 'prof_professional_department', 'prof_full_time_equivalency', 'prof_agency_worker_flag'],
    notHeld: ['prof_staff_id'],
  },
  ssd_department: {
    rows: 'Each team',
    from: 'teams and services',
    fields: ['dept_team_id', 'dept_team_name', 'dept_team_parent_id', 'dept_team_parent_name'],
    notHeld: [],
  },
  ssd_cin_visits: {
    rows: 'Each visit while a child in need plan was open',
    from: 'visits',
    fields: ['cinv_cin_visit_id', 'cinv_person_id', 'cinv_cin_visit_date', 'cinv_cin_visit_seen', 'cinv_cin_visit_seen_alone', 'cinv_cin_visit_bedroom'],
    notHeld: [],
  },
  ssd_cp_visits: {
    rows: 'Each visit while a child protection plan was open',
    from: 'visits',
    fields: ['cppv_cp_visit_id', 'cppv_person_id', 'cppv_cp_plan_id', 'cppv_cp_visit_date', 'cppv_cp_visit_seen', 'cppv_cp_visit_seen_alone', 'cppv_cp_visit_bedroom'],
    notHeld: [],
  },
  ssd_cla_visits: {
    rows: 'Each visit while the child was looked after',
    from: 'visits',
    fields: ['clav_cla_visit_id', 'clav_cla_id', 'clav_person_id', 'clav_cla_visit_date', 'clav_cla_visit_seen', 'clav_cla_visit_seen_alone'],
    notHeld: [],
  },} as const satisfies Record<string, SsdObject>;

export type SsdObjectName = keyof typeof SSD_OBJECTS;
export type SsdRow<O extends SsdObjectName> = Partial<Record<(typeof SSD_OBJECTS)[O]['fields'][number], string>>;

export const SSD_OBJECT_NAMES = Object.keys(SSD_OBJECTS) as SsdObjectName[];

export function isSsdObject(name: string): name is SsdObjectName {
  return Object.hasOwn(SSD_OBJECTS, name);
}

/** The model's objects Steadfast does not produce yet, and why (docs/returns.md). */
export const SSD_NOT_COVERED: readonly { name: string; why: string }[] = [
  { name: 'ssd_permanence', why: 'Adoption decisions are held, but not the dates of permanence orders, fostering for adoption or sibling groups the object is built around.' },
  { name: 'ssd_cla_health', why: 'Health and wellbeing are held as a yes or no for each year, not as dated health checks.' },
  { name: 'ssd_cla_immunisations', why: 'Held only as a yes or no for each year (in ssd_cla_health terms), not as the object wants.' },
  { name: 'ssd_cla_substance_misuse', why: 'Held only as a yes or no for each year, not as dated concerns.' },
  { name: 'ssd_cla_convictions', why: 'Held only as a yes or no for each year, not as dated offences.' },
  { name: 'ssd_sdq_scores', why: 'The yearly score is held, but not the date of each questionnaire.' },
  { name: 'ssd_cla_care_plan', why: 'Care plans are not recorded as dated plans with their permanence option.' },
  { name: 'ssd_assessment_factors', why: 'Not produced yet: the factors are held and the CIN census carries them.' },
  { name: 'ssd_family', why: 'Families are held, but the object has no agreed family identifier in Steadfast yet.' },
  { name: 'ssd_mother', why: 'Mothers are held on the family tab, but not produced yet.' },
  { name: 'ssd_linked_identifiers', why: 'Only the UPN and NHS number are held; not produced yet.' },
  { name: 'ssd_immigration_status', why: 'Only the current immigration status is held, not its dates.' },
  { name: 'ssd_voice_of_child', why: "The child's voice is held as statements, not as the object's entries." },
  { name: 'ssd_send', why: 'Education records (SEND, EHC plans) are not held.' },
  { name: 'ssd_sen_need', why: 'Education records are not held.' },
  { name: 'ssd_ehcp_requests', why: 'Education records are not held.' },
  { name: 'ssd_ehcp_assessment', why: 'Education records are not held.' },
  { name: 'ssd_ehcp_named_plan', why: 'Education records are not held.' },
  { name: 'ssd_ehcp_active_plans', why: 'Education records are not held.' },
  { name: 'ssd_s251_finance', why: 'Placement costs are not held.' },
];
