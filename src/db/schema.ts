import type { ColumnType, Generated } from 'kysely';

/** A timestamptz: read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A date: read and written as 'YYYY-MM-DD'. */
type DateOnly = string;

export const ROLES = [
  'social_worker',
  'practice_supervisor',
  'team_manager',
  'service_manager',
  'head_of_service',
  'personal_adviser',
  'iro',
  'performance_analyst',
  'system_admin',
] as const;
export type Role = (typeof ROLES)[number];

export interface DirectoratesTable {
  id: Generated<string>;
  name: string;
}

export interface ServicesTable {
  id: Generated<string>;
  directorate_id: string;
  name: string;
}

export interface TeamsTable {
  id: Generated<string>;
  service_id: string;
  name: string;
  base_postcode: string | null;
  created_at: Generated<Timestamp>;
  /** Works the front door queue (0027). */
  front_door: Generated<boolean>;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: Role;
  team_id: string | null;
  service_id: string | null;
  line_manager_id: string | null;
  qualified_on: DateOnly | null;
  /** The day their ASYE began (the Assessed and Supported Year in Employment runs a year from it). */
  asye_started_on: ColumnType<DateOnly | null, DateOnly | null | undefined, DateOnly | null>;
  fte: ColumnType<number, number | undefined, number>;
  /** Empty until an invited person chooses their password. */
  password_hash: ColumnType<string | null, string | null | undefined, string | null>;
  disabled_at: Timestamp | null;
  failed_sign_ins: Generated<number>;
  locked_until: Timestamp | null;
  last_failed_sign_in_at: Timestamp | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  /** The authenticator app's shared secret (base32), from when they start setting it up. */
  totp_secret: ColumnType<string | null, string | null | undefined, string | null>;
  /** Set once a code from the app was typed correctly: only then is one asked for at sign-in. */
  totp_confirmed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The 30-second step of the last code accepted, so no code is used twice. */
  totp_last_step: ColumnType<string | null, number | null | undefined, number | null>;
  /** May make the statutory returns whatever their role, granted by a system administrator (0045). */
  returns_administrator: Generated<boolean>;
}

/** Unsuccessful sign-ins from one client address, or for an email address that is no active account. */
export interface SignInThrottleTable {
  kind: 'email' | 'address';
  key: string;
  failures: Generated<number>;
  last_failure_at: Timestamp | null;
  wait_until: Timestamp | null;
}

/** An email queued for the outbox worker (migration 0026_local_accounts). */
export interface EmailOutboxTable {
  id: Generated<string>;
  idempotency_key: string;
  recipient: string;
  user_id: string | null;
  subject: string;
  body_text: string | null;
  link: string | null;
  created_at: Timestamp;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  claimed_until: Timestamp | null;
  last_error: string | null;
  sent_at: Timestamp | null;
  failed_at: Timestamp | null;
}

/** A single-use link to set a password: an invitation or a reset, stored by hash. */
export interface AccountTokensTable {
  id: Generated<string>;
  user_id: string;
  purpose: 'invitation' | 'reset';
  token_hash: string;
  created_at: Timestamp;
  created_by: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  /** Set while the password was right but a one-time code, or setting one up, is still awaited. */
  stage: ColumnType<SessionStage | null, SessionStage | null | undefined, SessionStage | null>;
  code_failures: Generated<number>;
}

export type SessionStage = 'second-factor' | 'enrol';

/** A person's subject at the council's identity provider (OpenID Connect): issuer and `sub`, recorded at their first sign-in. */
export interface ExternalIdentitiesTable {
  id: Generated<string>;
  user_id: string;
  issuer: string;
  subject: string;
  linked_at: Timestamp;
  /** The verified email address the first sign-in was matched by. */
  linked_by_email: string | null;
  last_sign_in_at: Timestamp | null;
}

/** A sign-in through the identity provider under way in one browser (keyed by the hash of its cookie); deleted when the browser comes back. */
export interface OidcSignInAttemptsTable {
  browser_hash: string;
  state: string;
  nonce: string;
  code_verifier: string;
  created_at: Timestamp;
}

export interface RecoveryCodesTable {
  id: Generated<string>;
  user_id: string;
  code_hash: string;
  created_at: Timestamp;
  used_at: Timestamp | null;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  event_key: string;
  link: string;
  created_at: Timestamp;
  email_queued_at: Timestamp | null;
  read_at: Timestamp | null;
  /** A neutral line for the email beside the kind's summary: counts only, never a name. */
  detail: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface NotificationRequirementsTable {
  kind: string;
  /** Set by the council: a person cannot turn this kind's email off. */
  email_required: boolean;
  set_by: string | null;
  set_at: Timestamp;
}

export interface NotificationChoicesTable {
  user_id: string;
  kind: string;
  by_email: boolean;
}

export interface SecondFactorRolesTable {
  role: Role;
  required_since: Timestamp;
  set_by: string | null;
}

export type AuditOutcome = 'allowed' | 'denied' | 'failed';

export interface AuditEventsTable {
  id: Generated<number>;
  occurred_at: Timestamp;
  actor_user_id: string | null;
  actor_email: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  outcome: AuditOutcome;
  reason: string | null;
  request_id: string | null;
  ip: string | null;
  /** Set by the database as the row commits (migration 0010_audit_chain). */
  chain_position: Generated<number | null>;
  prev_hash: Generated<Buffer | null>;
  hash: Generated<Buffer | null>;
}

export interface PeopleTable {
  id: Generated<string>;
  is_child: boolean;
  la_child_id: string | null;
  forename: string;
  surname: string;
  other_names: string | null;
  date_of_birth: DateOnly | null;
  expected_date_of_birth: DateOnly | null;
  sex: 'M' | 'F' | 'U' | null;
  ethnicity: string | null;
  nhs_number: string | null;
  upn: string | null;
  upn_unknown_reason: string | null;
  uasc: Generated<boolean>;
  immigration_status: string | null;
  date_of_death: DateOnly | null;
  restricted: Generated<boolean>;
  restriction_reason: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface PersonDisabilitiesTable {
  person_id: string;
  code: string;
}

export interface AddressesTable {
  id: Generated<string>;
  person_id: string;
  line1: string;
  town: string | null;
  postcode: string;
  start_date: DateOnly;
  end_date: DateOnly | null;
}

export interface FamiliesTable {
  id: Generated<string>;
  name: string;
}

export interface FamilyMembersTable {
  family_id: string;
  person_id: string;
}

export interface RelationshipsTable {
  id: Generated<string>;
  person_id: string;
  related_person_id: string;
  type: string;
  lives_with: Generated<boolean>;
  parental_responsibility: Generated<boolean>;
}

export interface ProfessionalContactsTable {
  id: Generated<string>;
  child_id: string;
  name: string;
  role: string;
  organisation: string | null;
  phone: string | null;
  email: string | null;
}

export interface ContactsTable {
  id: Generated<string>;
  child_id: string;
  contact_date: DateOnly;
  source: string;
  /** The decision; null while the contact awaits one. */
  outcome: string | null;
  summary: string | null;
  recorded_by: string | null;
  // The front door (0027).
  reason: string | null;
  worried_person: string | null;
  consent: 'given' | 'not_given' | 'not_needed' | null;
  consent_note: string | null;
  holder_id: string | null;
  recorded_at: Timestamp | null;
  threshold_level: string | null;
  decided_on: DateOnly | null;
  decided_by: string | null;
  rationale: string | null;
  referral_id: string | null;
  signed_off_by: string | null;
  signed_off_at: Timestamp | null;
}

export interface ReferralsTable {
  id: Generated<string>;
  child_id: string;
  referral_date: DateOnly;
  source: string;
  primary_need: string | null;
  no_further_action: Generated<boolean>;
  close_date: DateOnly | null;
  closure_reason: string | null;
}

export interface CpPlansTable {
  id: Generated<string>;
  child_id: string;
  referral_id: string | null;
  start_date: DateOnly;
  end_date: DateOnly | null;
  initial_category: string;
  latest_category: string;
  /** Why the plan ended (a local list; migration 0030), null while open or when not recorded. */
  end_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface CareEpisodesTable {
  id: Generated<string>;
  child_id: string;
  start_date: DateOnly;
  reason_new_episode: string;
  legal_status: string;
  primary_need: string;
  placement_type: string;
  placement_provider: string | null;
  placement_postcode: string | null;
  placement_urn: string | null;
  home_postcode: string | null;
  placement_distance_miles: number | null;
  placement_out_of_area: boolean | null;
  end_date: DateOnly | null;
  reason_ceased: string | null;
  reason_place_change: string | null;
}

export type CareLeaverCategory = 'eligible' | 'relevant' | 'former_relevant' | 'qualifying';

export interface CareLeaversTable {
  child_id: string;
  category: CareLeaverCategory;
  support_until: DateOnly | null;
  updated_at: Generated<Timestamp>;
}

export type AllocationRole = 'lead' | 'co_worker' | 'iro' | 'personal_adviser';

export interface AllocationsTable {
  id: Generated<string>;
  child_id: string;
  role: AllocationRole;
  team_id: string;
  worker_id: string | null;
  start_date: DateOnly;
  end_date: DateOnly | null;
  end_reason: string | null;
  recorded_by: string | null;
  recorded_at: Generated<Timestamp>;
}

/** The view of who leads each case now: the open lead allocation, or a personal adviser's where there is none (migration 0015). */
export interface CaseLeadsView {
  id: string;
  child_id: string;
  role: 'lead' | 'personal_adviser';
  team_id: string;
  worker_id: string | null;
  start_date: DateOnly;
  end_date: null;
}

export interface CaseNotesTable {
  id: Generated<string>;
  child_id: string;
  note_type: string;
  event_date: DateOnly;
  title: string;
  body: string;
  significant: Generated<boolean>;
  author_id: string;
  recorded_at: Timestamp;
  version: Generated<number>;
  updated_at: Timestamp;
}

export interface CaseNoteVersionsTable {
  note_id: string;
  version: number;
  note_type: string;
  event_date: DateOnly;
  title: string;
  body: string;
  significant: boolean;
  edited_by: string;
  edited_at: Timestamp;
}

export interface RestrictedAccessTable {
  child_id: string;
  user_id: string;
  granted_by: string | null;
  granted_at: Generated<Timestamp>;
}

export interface AccessGrantsTable {
  id: Generated<string>;
  user_id: string;
  child_id: string;
  reason: string;
  granted_at: Timestamp;
  expires_at: Timestamp;
  reviewer_id: string | null;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  review_outcome: 'appropriate' | 'inappropriate' | null;
  review_note: string | null;
}

export interface WeightingModelsTable {
  id: Generated<string>;
  effective_from: DateOnly;
  rules: ColumnType<Record<string, unknown>, string, string>;
  note: string | null;
  created_by: string | null;
  created_at: Generated<Timestamp>;
}

export interface CaseloadSettingsTable {
  id: number;
  settings: ColumnType<Record<string, unknown>, string, string>;
  updated_by: string | null;
  updated_at: Generated<Timestamp>;
}

/** Migration 0047: bumped by triggers on every change to the tables behind a shared setting that instances cache. */
export interface SharedVersionsTable {
  name: string;
  version: ColumnType<number, never, never>;
}

export interface CaseFactorsTable {
  child_id: string;
  complexity_tier: Generated<number>;
  court_proceedings_since: DateOnly | null;
  updated_by: string | null;
  updated_at: Generated<Timestamp>;
}

export interface WorkloadReductionsTable {
  id: Generated<string>;
  user_id: string;
  reason: 'leave' | 'phased_return' | 'secondment' | 'special_duties' | 'other';
  percent: number | null;
  hours_per_week: number | null;
  start_date: DateOnly;
  end_date: DateOnly;
  note: string | null;
  created_by: string | null;
  created_at: Generated<Timestamp>;
}

export type VarianceKindColumn = 'over_capacity' | 'over_children_ceiling' | 'asye_protection' | 'under_floor';

export interface VariancesTable {
  id: Generated<string>;
  worker_id: string;
  team_id: string | null;
  kind: VarianceKindColumn;
  level: 'amber' | 'red' | null;
  peak_level: 'amber' | 'red' | null;
  opened_at: Timestamp;
  opened_on: DateOnly;
  opened_trigger: string;
  opened_value: number;
  threshold: number;
  current_value: number;
  manager_id: string | null;
  plan_due_on: DateOnly;
  plan_recorded_at: Timestamp | null;
  first_action_at: Timestamp | null;
  escalated_to_service_at: Timestamp | null;
  escalated_to_head_at: Timestamp | null;
  escalated_to_director_at: Timestamp | null;
  closed_at: Timestamp | null;
  closed_on: DateOnly | null;
  closed_trigger: string | null;
}

export interface VarianceEventsTable {
  id: Generated<number>;
  variance_id: string;
  occurred_at: Timestamp;
  kind: string;
  detail: string;
  actor_id: string | null;
}

export interface VarianceActionsTable {
  id: Generated<string>;
  variance_id: string;
  action_type: 'reallocate_children' | 'add_reduction' | 'temporary_support' | 'stop_new_allocations' | 'other';
  description: string;
  owner_id: string;
  due_on: DateOnly;
  status: Generated<'open' | 'done' | 'cancelled'>;
  created_by: string;
  created_at: Timestamp;
  completed_at: Timestamp | null;
}

export interface VarianceActionChildrenTable {
  action_id: string;
  child_id: string;
}

export interface WorkloadSnapshotsTable {
  snapshot_date: DateOnly;
  worker_id: string;
  team_id: string | null;
  service_id: string | null;
  fte: number;
  children: number;
  points: number;
  available_points: number;
  capacity_percent: number | null;
  children_ceiling: number;
}

export interface ScheduledRunsTable {
  job: string;
  run_date: DateOnly;
  started_at: Timestamp;
  finished_at: Timestamp | null;
}

export type ChildStatus = 'looked_after' | 'child_protection' | 'care_leaver' | 'child_in_need' | 'awaiting_decision' | 'closed';

/** The view child_status: derived from the timeline, read-only. */
export interface ChildStatusView {
  child_id: string;
  status: ChildStatus;
  care_episode_id: string | null;
  legal_status: string | null;
  placement_type: string | null;
  placement_out_of_area: boolean | null;
  placement_distance_miles: number | null;
  cp_plan_id: string | null;
  cp_category: string | null;
  cp_plan_start_date: DateOnly | null;
  referral_id: string | null;
  primary_need: string | null;
  referral_date: DateOnly | null;
  care_leaver_category: string | null;
}

// --- Statutory timescales: visits, case events, visiting frequencies ---------

export interface VisitsTable {
  id: Generated<string>;
  child_id: string;
  kind: 'social_worker' | 'personal_adviser';
  visit_date: DateOnly;
  visit_time: string | null;
  visitor_id: string;
  /** The allocated worker a stand-in visited for; null when the visitor is the child's own worker or no one's stand-in. */
  on_behalf_of: Generated<string | null>;
  location_postcode: string | null;
  child_seen: boolean;
  seen_alone: boolean | null;
  bedroom_seen: boolean | null;
  virtual: Generated<boolean>;
  unsuccessful_reason: string | null;
  note: string;
  recorded_by: string;
  recorded_at: Timestamp;
}

export type CaseEventKind =
  | 'referral_decision'
  | 'strategy_discussion'
  | 's47_no_conference'
  | 'icpc'
  | 'core_group'
  | 'cp_review'
  | 'assessment'
  | 'cla_review'
  | 'health_assessment'
  | 'pep_review'
  | 'needs_assessment'
  | 'pathway_plan_review';

export interface CaseEventsTable {
  id: Generated<string>;
  child_id: string;
  kind: CaseEventKind;
  event_date: DateOnly;
  s47_started: boolean | null;
  note: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface VisitFrequenciesTable {
  id: Generated<string>;
  child_id: string;
  applies_to: 'cin' | 'cp' | 'short_breaks';
  every_n: number;
  unit: 'working_days' | 'days' | 'weeks' | 'months';
  from_date: DateOnly;
  /** The manager (or, for short breaks, the IRO) who agreed it; null on frequencies recorded before it was asked. */
  agreed_by: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

/** A child fostered privately, from the day the council became aware of it (reg 8(6) of the 2005 Regulations). */
export interface PrivateFosteringTable {
  id: Generated<string>;
  child_id: string;
  notified_on: DateOnly;
  carer_name: string;
  ended_on: DateOnly | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface PlacementVisitTermsTable {
  child_id: string;
  placement_start: DateOnly;
  long_term_to_18: Generated<boolean>;
  temporary_connected_person: Generated<boolean>;
  placed_before_assessment: Generated<boolean>;
  six_monthly_visits: Generated<boolean>;
  agreed_with_iro: string | null;
  child_view: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface Database {
  child_status: ChildStatusView;
  weighting_models: WeightingModelsTable;
  caseload_settings: CaseloadSettingsTable;
  shared_versions: SharedVersionsTable;
  case_factors: CaseFactorsTable;
  workload_reductions: WorkloadReductionsTable;
  variances: VariancesTable;
  variance_events: VarianceEventsTable;
  variance_actions: VarianceActionsTable;
  variance_action_children: VarianceActionChildrenTable;
  workload_snapshots: WorkloadSnapshotsTable;
  scheduled_runs: ScheduledRunsTable;
  people: PeopleTable;
  person_disabilities: PersonDisabilitiesTable;
  addresses: AddressesTable;
  families: FamiliesTable;
  family_members: FamilyMembersTable;
  relationships: RelationshipsTable;
  professional_contacts: ProfessionalContactsTable;
  contacts: ContactsTable;
  referrals: ReferralsTable;
  cp_plans: CpPlansTable;
  care_episodes: CareEpisodesTable;
  care_leavers: CareLeaversTable;
  allocations: AllocationsTable;
  case_leads: CaseLeadsView;
  case_notes: CaseNotesTable;
  case_note_versions: CaseNoteVersionsTable;
  restricted_access: RestrictedAccessTable;
  access_grants: AccessGrantsTable;
  directorates: DirectoratesTable;
  services: ServicesTable;
  teams: TeamsTable;
  users: UsersTable;
  sessions: SessionsTable;
  external_identities: ExternalIdentitiesTable;
  oidc_sign_in_attempts: OidcSignInAttemptsTable;
  recovery_codes: RecoveryCodesTable;
  second_factor_roles: SecondFactorRolesTable;
  notifications: NotificationsTable;
  notification_choices: NotificationChoicesTable;
  notification_requirements: NotificationRequirementsTable;
  sign_in_throttle: SignInThrottleTable;
  email_outbox: EmailOutboxTable;
  account_tokens: AccountTokensTable;
  audit_events: AuditEventsTable;
  staff_records: StaffRecordsTable;
  staff_absences: StaffAbsencesTable;
  team_establishment: TeamEstablishmentTable;
  supervision_settings: SupervisionSettingsTable;
  supervisions: SupervisionsTable;
  supervision_actions: SupervisionActionsTable;
  case_supervisions: CaseSupervisionsTable;
  training_courses: TrainingCoursesTable;
  training_requirements: TrainingRequirementsTable;
  training_attendance: TrainingAttendanceTable;
  visits: VisitsTable;
  case_events: CaseEventsTable;
  visit_frequencies: VisitFrequenciesTable;
  missing_episodes: MissingEpisodesTable;
  deprivation_of_liberty_orders: DeprivationOfLibertyOrdersTable;
  placement_visit_terms: PlacementVisitTermsTable;
  private_fostering: PrivateFosteringTable;
  timescale_settings: TimescaleSettingsTable;
  care_settings: CareSettingsTable;
  pathway_goals: PathwayGoalsTable;
  due_computed: DueComputedTable;
  due_council_day: DueCouncilDayTable;
  due_pending: DuePendingTable;
  due_items: DueItemsTable;
  worker_figures: WorkerFiguresTable;
  care_leaver_outcomes: CareLeaverOutcomesTable;
  care_health_years: CareHealthYearsTable;
  adoption_decisions: AdoptionDecisionsTable;
  previous_permanence: PreviousPermanenceTable;
  permanence_plans: PermanencePlansTable;
  reunification_support: ReunificationSupportTable;
  reunification_steps: ReunificationStepsTable;
  care_reviews: CareReviewsTable;
  review_recommendations: ReviewRecommendationsTable;
  assessments: AssessmentsTable;
  assessment_factors: AssessmentFactorsTable;
  strategy_discussions: StrategyDiscussionsTable;
  strategy_discussion_attendees: StrategyDiscussionAttendeesTable;
  s47_enquiries: S47EnquiriesTable;
  child_protection_conferences: ChildProtectionConferencesTable;
  conference_invitees: ConferenceInviteesTable;
  cp_plan_actions: CpPlanActionsTable;
  core_groups: CoreGroupsTable;
  cp_review_conferences: CpReviewConferencesTable;
  cin_plans: CinPlansTable;
  cin_plan_reviews: CinPlanReviewsTable;
  pre_proceedings: PreProceedingsTable;
  early_help_episodes: EarlyHelpEpisodesTable;
  documents: DocumentsTable;
  document_contents: DocumentContentsTable;
  direct_work_tools: DirectWorkToolsTable;
  direct_work_sessions: DirectWorkSessionsTable;
  neglect_profile_versions: NeglectProfileVersionsTable;
  neglect_profile_domains: NeglectProfileDomainsTable;
  neglect_profiles: NeglectProfilesTable;
  neglect_profile_grades: NeglectProfileGradesTable;
  child_voice_links: ChildVoiceLinksTable;
  child_voice_statements: ChildVoiceStatementsTable;
  audit_tools: AuditToolsTable;
  case_audits: CaseAuditsTable;
  case_audit_reflections: CaseAuditReflectionsTable;
  learning_actions: LearningActionsTable;
  practice_observations: PracticeObservationsTable;
  feedback_invitations: FeedbackInvitationsTable;
  feedback_responses: FeedbackResponsesTable;
  compliments_complaints: ComplimentsComplaintsTable;
}

// Child protection and child in need plans, pre-proceedings and early help (migration 0030_protection_plans).

export interface CpPlanActionsTable {
  id: Generated<string>;
  plan_id: string;
  child_id: string;
  action: string;
  owner_id: string | null;
  owner_other: string | null;
  owner_agency: string | null;
  due_date: DateOnly;
  completed_on: DateOnly | null;
  what_done: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
  completed_by: string | null;
  completed_at: Timestamp | null;
}

export interface CoreGroupsTable {
  case_event_id: string;
  child_id: string;
  plan_id: string;
  attendees: string;
  progress: string;
  next_meeting: DateOnly | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export type CpReviewDecision = 'continue' | 'end';

export interface CpReviewConferencesTable {
  case_event_id: string;
  child_id: string;
  plan_id: string;
  chair_id: string;
  attendees: string;
  decision: CpReviewDecision;
  category_changed_to: string | null;
  child_participation: string;
  family_participation: string;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface CinPlansTable {
  id: Generated<string>;
  child_id: string;
  start_date: DateOnly;
  end_date: DateOnly | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export type CinReviewDecision = 'continue' | 'end' | 'step_up' | 'step_down';

export interface CinPlanReviewsTable {
  id: Generated<string>;
  cin_plan_id: string;
  child_id: string;
  review_date: DateOnly;
  decision: CinReviewDecision;
  note: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface PreProceedingsTable {
  id: Generated<string>;
  child_id: string;
  decision_date: DateOnly;
  letter_date: DateOnly | null;
  initial_meeting_date: DateOnly | null;
  review_meetings: Generated<number>;
  fgdm_offered_on: DateOnly | null;
  fgdm_held_on: DateOnly | null;
  outcome: 'issue' | 'step_down' | null;
  outcome_date: DateOnly | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export type EarlyHelpEndReason = 'needs_met' | 'step_up' | 'declined' | 'moved' | 'other';

export interface EarlyHelpEpisodesTable {
  id: Generated<string>;
  child_id: string;
  start_date: DateOnly;
  end_date: DateOnly | null;
  lead: string;
  reason: string;
  stepped_down: Generated<boolean>;
  end_reason: EarlyHelpEndReason | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

// Supervision, workforce and learning (migration 0006_workforce).

export type EmploymentType = 'permanent' | 'agency' | 'secondee';

export interface StaffRecordsTable {
  user_id: string;
  grade: string | null;
  employment_type: ColumnType<EmploymentType, EmploymentType | undefined, EmploymentType>;
  contracted_hours: number | null;
  start_in_role: DateOnly | null;
  start_origin: string | null;
  swe_number: string | null;
  left_on: DateOnly | null;
  leaving_reason: string | null;
  leaving_destination: string | null;
  qualification_institution: ColumnType<string | null, string | null | undefined, string | null>;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface StaffAbsencesTable {
  id: Generated<string>;
  user_id: string;
  reason: string;
  start_date: DateOnly;
  end_date: DateOnly | null;
  working_days_lost: number | null;
  recorded_by: string | null;
  recorded_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface TeamEstablishmentTable {
  team_id: string;
  effective_from: DateOnly;
  funded_fte: number;
  recorded_by: string | null;
  recorded_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SupervisionSettingsTable {
  id: number;
  settings: unknown;
  updated_by: string | null;
  updated_at: Generated<Timestamp>;
}

export type SupervisionKind = 'reflective' | 'case' | 'asye' | 'group';
export type Wellbeing = 'well' | 'some_pressure' | 'struggling' | 'not_discussed';

export interface SupervisionsTable {
  id: Generated<string>;
  worker_id: string;
  supervisor_id: string;
  held_on: DateOnly;
  kind: SupervisionKind;
  wellbeing: Wellbeing;
  workload_discussed: boolean;
  workload_as_at: DateOnly | null;
  workload_children: number | null;
  workload_points: number | null;
  workload_capacity_percent: number | null;
  summary: string;
  private_reflection: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface SupervisionActionsTable {
  id: Generated<string>;
  supervision_id: string;
  description: string;
  owner_id: string;
  due_on: DateOnly;
  done_on: DateOnly | null;
}

export interface CaseSupervisionsTable {
  id: Generated<string>;
  child_id: string;
  held_on: DateOnly;
  supervisor_id: string;
  worker_id: string | null;
  decision: string;
  direction: string;
  recorded_by: string;
  recorded_at: Timestamp;
}

export type TrainingCategory = 'direct_work_toolkit' | 'safeguarding' | 'practice' | 'management' | 'other';

export interface TrainingCoursesTable {
  id: Generated<string>;
  name: string;
  category: TrainingCategory;
  description: string | null;
  renewal_months: number | null;
  active: Generated<boolean>;
}

export interface TrainingRequirementsTable {
  course_id: string;
  role: Role;
}

export interface TrainingAttendanceTable {
  id: Generated<string>;
  user_id: string;
  course_id: string;
  attended_on: DateOnly;
  recorded_by: string | null;
  recorded_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** The council's local timescale standards: one row (id 1), absent while the defaults in code apply. */
export interface TimescaleSettingsTable {
  id: number;
  settings: unknown;
  updated_by: string | null;
  updated_at: Generated<Timestamp>;
}

// The stored output of the timescales engine (migration 0008_due_store).

/** For which day a child's due items were worked out; the row goes when any of the child's records change. */
export interface DueComputedTable {
  child_id: string;
  as_at: DateOnly;
}

/** The day every child led in the council was last found worked out (migration 0051): at most one row. */
export interface DueCouncilDayTable {
  as_at: DateOnly;
}

/** Children whose stored items changed since that day (migration 0051). */
export interface DuePendingTable {
  child_id: string;
}

/** One item due for a child as at due_computed.as_at: the engine's whole item in `item`, the columns pages count by beside it. */
export interface DueItemsTable {
  child_id: string;
  as_at: DateOnly;
  lead_worker_id: string | null;
  lead_team_id: string | null;
  kind: string;
  due_date: DateOnly;
  status: 'overdue' | 'this_week' | 'next_4_weeks' | 'later';
  item: unknown;
}

/** A case-holding worker's caseload figures as at a day (migration 0009_worker_figures); the row goes when anything they are worked out from changes. */
export interface WorkerFiguresTable {
  worker_id: string;
  as_at: DateOnly;
  children: number;
  points: number;
  available: number;
  children_ceiling: number;
  asye_percent: number | null;
  capacity_percent: number | null;
  /** The worker's forecast from their own record (KnownForecast in workload/forecast/rules.ts), migration 0050. */
  forecast: ColumnType<Record<string, unknown>, string, string>;
}

/** The council's local offer for care leavers: one row (migration 0019). */
export interface CareSettingsTable {
  id: Generated<boolean>;
  local_offer_summary: string;
  local_offer_url: string | null;
  updated_by: string | null;
  updated_at: Generated<Timestamp>;
}

export type PathwayGoalArea = 'home' | 'education_work' | 'health' | 'money' | 'relationships' | 'identity' | 'other';

/** A young person's own goal in their pathway plan (migration 0020). */
export interface PathwayGoalsTable {
  id: Generated<string>;
  child_id: string;
  area: PathwayGoalArea;
  goal: string;
  support: string | null;
  set_on: DateOnly;
  target_date: DateOnly | null;
  outcome: 'achieved' | 'changed' | null;
  closed_on: DateOnly | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

/** SSDA903 SDQ_REASON: why a looked-after child has no strengths and difficulties score for the year. */
export type SdqReason = 'SDQ1' | 'SDQ2' | 'SDQ3' | 'SDQ4' | 'SDQ5';

/** A looked-after child's health and wellbeing in one year to 31 March, as SSDA903 OC2 asks (migration 0021_care_health_years). */
export interface CareHealthYearsTable {
  id: Generated<string>;
  child_id: string;
  year_ending: DateOnly;
  sdq_score: number | null;
  sdq_reason: SdqReason | null;
  convicted: boolean;
  health_check: boolean | null;
  immunisations: boolean;
  teeth_check: boolean;
  health_assessment: boolean;
  substance_misuse: boolean;
  intervention_received: boolean | null;
  intervention_offered: boolean | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

/** A child missing from care or home (M) or away from placement without authorisation (A), with the return interview (migration 0016_missing_episodes). */
export type MissingKind = 'M' | 'A';
export type ReturnInterviewOutcome = 'held' | 'declined';

export interface MissingEpisodesTable {
  id: Generated<string>;
  child_id: string;
  kind: MissingKind;
  start_date: DateOnly;
  start_time: string | null;
  end_date: DateOnly | null;
  end_time: string | null;
  where_found: string | null;
  reported_to_police: boolean;
  interview_offered_on: DateOnly | null;
  interview_offered_by: string | null;
  interview_independent: boolean | null;
  interview_outcome: ReturnInterviewOutcome | null;
  interview_held_on: DateOnly | null;
  interview_learned: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
  updated_by: string | null;
  updated_at: Timestamp | null;
}

/** Which court made an order depriving a child of their liberty (migration 0044_deprivation_of_liberty). */
export type DolCourt = 'high_court' | 'court_of_protection';

export interface DeprivationOfLibertyOrdersTable {
  id: Generated<string>;
  child_id: string;
  court: DolCourt;
  made_on: DateOnly;
  start_date: DateOnly;
  end_date: DateOnly | null;
  review_by: DateOnly | null;
  notes: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
  updated_by: string | null;
  updated_at: Timestamp | null;
}

// Care leavers around each birthday from 17: SSDA903 OC3 (migration 0017_care_leaver_outcomes).

export interface CareLeaverOutcomesTable {
  id: Generated<string>;
  child_id: string;
  birthday_age: number;
  birthday_on: DateOnly;
  gathered_on: DateOnly;
  in_touch: string;
  activity: string;
  accommodation: string;
  staying_close: Generated<boolean>;
  bursary_paid: boolean | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

// Adoption and previous permanence: SSDA903 AD1, PlacedAdoption and PrevPerm (migration 0024_adoption).

export type AdoptionAuthority = 'placement_order' | 'consent';

/** One decision that the child should be placed for adoption and the steps after it. */
export interface AdoptionDecisionsTable {
  id: Generated<string>;
  child_id: string;
  decided_on: DateOnly;
  authority: AdoptionAuthority | null;
  authority_on: DateOnly | null;
  matched_on: DateOnly | null;
  adopters_count: number | null;
  adopters_sex: string | null;
  adopters_legal_status: string | null;
  foster_carers: boolean | null;
  placed_on: DateOnly | null;
  adopted_on: DateOnly | null;
  ceased_on: DateOnly | null;
  ceased_reason: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
  updated_by: string | null;
  updated_at: Timestamp | null;
}

/** What the child had before, asked once for each time they start to be looked after. */
export interface PreviousPermanenceTable {
  id: Generated<string>;
  child_id: string;
  care_started_on: DateOnly;
  option: string;
  la_code: string | null;
  order_on: DateOnly | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

// Looked-after reviews: who chaired them, the child's participation, the plan and the recommendations (migration 0022_care_reviews).

/** SSDA903 Reviews REVIEW_CODE: how the child took part in the review. */
export type ReviewParticipation = 'PN0' | 'PN1' | 'PN2' | 'PN3' | 'PN4' | 'PN5' | 'PN6' | 'PN7';

/** The outcome of one looked-after review, keyed to its case event (kind 'cla_review'), which keeps the date. */
export interface CareReviewsTable {
  case_event_id: string;
  child_id: string;
  chair_id: string;
  chair_was_allocated: boolean;
  participation: ReviewParticipation;
  plan_endorsed: boolean;
  summary: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

/** The long-term plan for a looked-after child's upbringing (migration 0023_permanence). */
export type PermanencePlanKind = 'return_home' | 'special_guardianship' | 'child_arrangements' | 'long_term_fostering' | 'adoption' | 'other_long_term';

/** A permanence plan from the day it was decided; a change is a new row (migration 0023_permanence). */
export interface PermanencePlansTable {
  id: Generated<string>;
  child_id: string;
  plan: PermanencePlanKind;
  parallel_plan: PermanencePlanKind | null;
  decided_on: DateOnly;
  /** The looked-after review (a cla_review case event) that agreed it, if any. */
  review_event_id: string | null;
  note: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

/** One item of the support plan for a child returning home: what, from whom, from and to when (migration 0023_permanence). */
export interface ReunificationSupportTable {
  id: Generated<string>;
  child_id: string;
  what: string;
  provider: string;
  from_date: DateOnly;
  to_date: DateOnly | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export type ReunificationStep = 'more_contact' | 'overnight_stays' | 'trial_at_home' | 'went_home' | 'support_reviewed' | 'support_after_return';

/** A dated step on a child's journey home (migration 0023_permanence). */
export interface ReunificationStepsTable {
  id: Generated<string>;
  child_id: string;
  step: ReunificationStep;
  step_date: DateOnly;
  note: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

/** One recommendation of a review: the action, its owner (a worker, or someone named in words), when it is due and, once, when it was done. */
export interface ReviewRecommendationsTable {
  id: Generated<string>;
  review_id: string;
  child_id: string;
  action: string;
  owner_id: string | null;
  owner_other: string | null;
  due_date: DateOnly;
  completed_on: DateOnly | null;
  what_done: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
  completed_by: string | null;
  completed_at: Timestamp | null;
}

// Single assessments on a referral, their factors and their authorisation (migration 0028_assessments).

export type AssessmentOutcome = 'no_further_action' | 'cin_plan' | 'strategy_discussion' | 'early_help';

export interface AssessmentsTable {
  id: Generated<string>;
  child_id: string;
  referral_id: string;
  start_date: DateOnly;
  child_seen: boolean | null;
  child_seen_on: DateOnly | null;
  seen_alone: boolean | null;
  developmental_needs: string | null;
  parenting_capacity: string | null;
  family_environment: string | null;
  child_views: string | null;
  parents_views: string | null;
  analysis: string | null;
  outcome: AssessmentOutcome | null;
  created_by: string;
  created_at: Timestamp;
  updated_by: string;
  updated_at: Timestamp;
  submitted_on: DateOnly | null;
  submitted_by: string | null;
  returned_on: DateOnly | null;
  returned_by: string | null;
  return_reason: string | null;
  authorised_on: DateOnly | null;
  authorised_by: string | null;
  authorised_at: Timestamp | null;
  case_event_id: string | null;
}

export interface AssessmentFactorsTable {
  assessment_id: string;
  child_id: string;
  code: string;
}

// Strategy discussions, section 47 enquiries and conferences (migration 0029_enquiries).

export type Agency = 'police' | 'health' | 'education' | 'social_care' | 'other';
export type InviteeAgency = Agency | 'family';
export type S47Outcome = 'substantiated_continuing_risk' | 'substantiated_not_continuing_risk' | 'not_substantiated';
export type ChildParticipation = 'attended' | 'attended_part' | 'advocate' | 'in_writing' | 'through_worker' | 'did_not_take_part' | 'too_young';
export type FamilyParticipation = 'attended' | 'attended_part' | 'advocate' | 'in_writing' | 'did_not_attend' | 'excluded';
export type InviteeAttendance = 'attended' | 'sent_report' | 'attended_and_report' | 'did_not_attend';

export interface StrategyDiscussionsTable {
  case_event_id: string;
  child_id: string;
  information_shared: string;
  other_actions: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface StrategyDiscussionAttendeesTable {
  id: Generated<string>;
  case_event_id: string;
  position: number;
  name: string;
  agency: Agency;
  role: string | null;
}

export interface S47EnquiriesTable {
  id: Generated<string>;
  child_id: string;
  strategy_discussion_id: string;
  start_date: DateOnly;
  outcome: S47Outcome | null;
  ended_on: DateOnly | null;
  icpc_required: boolean | null;
  no_conference_event_id: string | null;
  outcome_recorded_by: string | null;
  outcome_recorded_at: Timestamp | null;
}

export interface ChildProtectionConferencesTable {
  case_event_id: string;
  child_id: string;
  enquiry_id: string | null;
  chair_id: string;
  child_participation: ChildParticipation;
  family_participation: FamilyParticipation;
  plan_decided: boolean;
  category: string | null;
  plan_outline: string | null;
  cp_plan_id: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface ConferenceInviteesTable {
  id: Generated<string>;
  case_event_id: string;
  position: number;
  name: string;
  agency: InviteeAgency;
  attendance: InviteeAttendance;
}

// Documents on a child's record (migration 0031_documents).

export type DocumentKind = 'letter' | 'report' | 'plan' | 'assessment' | 'minutes' | 'court' | 'childs_work' | 'photograph' | 'other';

/** A document on a child's record: what the list shows; its bytes are in document_contents until it is deleted. */
export interface DocumentsTable {
  id: Generated<string>;
  child_id: string;
  title: string;
  document_date: DateOnly;
  kind: DocumentKind;
  file_name: string;
  /** Found from the content, never from the name or the browser. */
  media_type: string;
  size_bytes: number;
  uploaded_by: string;
  uploaded_at: Timestamp;
  deleted_on: DateOnly | null;
  deleted_by: string | null;
  deleted_at: Timestamp | null;
  deleted_reason: string | null;
  /** The direct-work session it came from, if any (migration 0036_session_attachments). */
  direct_work_session_id: string | null;
}

/** A document's bytes, kept apart so no list reads them. */
export interface DocumentContentsTable {
  document_id: string;
  content: Uint8Array;
}

export type DirectWorkKind = 'communication' | 'digital' | 'neglect';

/** A tool in the council's direct-work library; retired, never deleted. */
export interface DirectWorkToolsTable {
  id: Generated<string>;
  name: string;
  kind: DirectWorkKind;
  purpose: string;
  age_from: number;
  age_to: number;
  suits_needs: string;
  guidance: string;
  /** The course in the learning catalogue a worker should have done, if any. */
  course_id: string | null;
  retired_on: string | null;
}

/** A direct-work session on a child's record: the child's words apart from the worker's analysis. */
export interface DirectWorkSessionsTable {
  id: Generated<string>;
  child_id: string;
  session_date: string;
  tool_id: string;
  took_part: string;
  childs_words: string;
  analysis: string;
  what_changed: string;
  recorded_by: string;
  recorded_at: Date;
}

// The neglect profile (migration 0034_neglect_profile).

/** A version of the council's neglect profile; changing the profile makes a new one, never changes one. */
export interface NeglectProfileVersionsTable {
  version: number;
  change_note: string;
  /** Null for a version put in place by the system (the demo's first). */
  made_by: string | null;
  made_at: Timestamp;
}

/** A domain of a version, with a descriptor for each grade from 1 (needs met well) to 5 (severe neglect). */
export interface NeglectProfileDomainsTable {
  version: number;
  position: number;
  /** The same domain keeps its key across versions, so the child's chart lines it up. */
  key: string;
  name: string;
  grade_1: string;
  grade_2: string;
  grade_3: string;
  grade_4: string;
  grade_5: string;
}

/** A completion of the profile on a child's record. */
export interface NeglectProfilesTable {
  id: Generated<string>;
  child_id: string;
  version: number;
  completed_on: DateOnly;
  with_family: boolean;
  took_part: string;
  summary: string;
  next_steps: string;
  recorded_by: string;
  recorded_at: Timestamp;
}

/** A completion's grade for one domain, the domain's name and the grade's descriptor as they read that day. */
export interface NeglectProfileGradesTable {
  profile_id: string;
  position: number;
  domain_key: string;
  domain_name: string;
  grade: number;
  descriptor: string;
  evidence: string | null;
}

// The child's own link and what the child sent through it (migration 0035_child_voice).

export type ChildVoiceScenario = 'review' | 'placement' | 'education' | 'missing' | 'good_news';
export type ChildVoiceFeeling = 'great' | 'good' | 'okay' | 'not_good' | 'bad';

export interface ChildVoiceLinksTable {
  id: Generated<string>;
  child_id: string;
  scenario: ChildVoiceScenario;
  easy_read: boolean;
  language: Generated<string>;
  token_hash: string;
  created_by: string;
  created_at: Date;
  expires_at: Date;
  uses_allowed: Generated<number>;
  uses_made: Generated<number>;
  withdrawn_at: Date | null;
  withdrawn_by: string | null;
}

export interface ChildVoiceStatementsTable {
  id: Generated<string>;
  child_id: string;
  link_id: string;
  scenario: ChildVoiceScenario;
  feeling: ChildVoiceFeeling;
  words: string;
  worried: boolean;
  received_at: Date;
  response: string | null;
  responded_on: DateOnly | null;
  responded_by: string | null;
  responded_at: Date | null;
}

export type AuditGrade = 'outstanding' | 'good' | 'requires_improvement' | 'inadequate';
export type AuditSample = 'random' | 'neglect' | 'far_away' | 'care_leavers';
export interface AuditQuestion {
  key: string;
  area: string;
  text: string;
}
export type AuditAnswers = Record<string, { grade: AuditGrade | null; comment: string }>;

/** A version of the council's case audit tool (migration 0037); a change inserts the next version. */
export interface AuditToolsTable {
  id: Generated<string>;
  version: number;
  questions: ColumnType<AuditQuestion[], string, string>;
  note: string | null;
  created_by: string | null;
  created_at: Generated<Timestamp>;
}

/** One child's audit in a month, with its moderation when picked (migration 0037). */
export interface CaseAuditsTable {
  id: Generated<string>;
  month: DateOnly;
  sample: AuditSample;
  child_id: string;
  team_id: string;
  worker_id: string | null;
  auditor_id: string;
  due_date: DateOnly;
  tool_id: string;
  grant_id: string | null;
  assigned_by: string;
  assigned_at: Timestamp;
  answers: ColumnType<AuditAnswers, string | undefined, string>;
  overall_grade: AuditGrade | null;
  overall_reasons: string | null;
  submitted_at: Timestamp | null;
  moderation_chosen: Generated<boolean>;
  moderator_id: string | null;
  moderator_grant_id: string | null;
  moderation_answers: ColumnType<AuditAnswers, string | undefined, string>;
  moderation_overall: AuditGrade | null;
  moderation_reasons: string | null;
  moderated_at: Timestamp | null;
  settled_grade: AuditGrade | null;
  settled_reason: string | null;
  settled_by: string | null;
  settled_at: Timestamp | null;
}

export interface CaseAuditReflectionsTable {
  audit_id: string;
  role: 'worker' | 'manager';
  user_id: string;
  agrees: boolean;
  why: string;
  recorded_at: Timestamp;
}

/** A learning action from a case audit, tracked to done (migration 0037). */
export interface LearningActionsTable {
  id: Generated<string>;
  audit_id: string;
  description: string;
  owner_id: string;
  due_date: DateOnly;
  course_id: string | null;
  done_on: DateOnly | null;
  done_note: string | null;
  set_by: string;
  set_at: Timestamp;
}

// Practice observations, feedback, compliments and complaints (migration 0038_observations_feedback).

export type ObservationSetting = 'home_visit' | 'meeting' | 'conference' | 'direct_work' | 'supervision' | 'other';
export type OfstedGrade = 'outstanding' | 'good' | 'requires_improvement' | 'inadequate';

/** An observation of a worker's practice by a manager or practice lead; the worker's reflection added after. */
export interface PracticeObservationsTable {
  id: Generated<string>;
  worker_id: string;
  observer_id: string;
  /** The worker's team on the day. */
  team_id: string | null;
  observed_on: string;
  setting: ObservationSetting;
  setting_detail: string | null;
  child_id: string | null;
  went_well: string;
  to_develop: string;
  course_id: string | null;
  grade: OfstedGrade | null;
  recorded_at: Date;
  reflection: ColumnType<string | null, string | null | undefined, string | null>;
  reflected_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export type FeedbackRespondent = 'child' | 'parent_carer' | 'family' | 'partner_agency';
export type AgencyType = 'health' | 'education' | 'police' | 'probation' | 'housing' | 'voluntary' | 'other';
export type ThingsBetter = 'yes' | 'a_little' | 'no' | 'too_early';

/** A single-use link asking for feedback about a team; only the token's hash is kept. */
export interface FeedbackInvitationsTable {
  id: Generated<string>;
  token_hash: string;
  team_id: string;
  child_id: string | null;
  created_by: string;
  created_at: Date;
  expires_at: Date;
  emailed_to: string | null;
  used_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** One anonymous answer to an invitation. */
export interface FeedbackResponsesTable {
  id: Generated<string>;
  invitation_id: string;
  team_id: string;
  respondent: FeedbackRespondent;
  agency_type: AgencyType | null;
  listened: number;
  things_better: ThingsBetter;
  went_well: string | null;
  could_be_better: string | null;
  received_at: Date;
}

export type ComplaintOutcome = 'upheld' | 'partly_upheld' | 'not_upheld';
export type FeedbackSource = 'child' | 'parent_carer' | 'family' | 'partner_agency' | 'other';

/** A compliment, or one stage of a complaint (a later stage names the one it follows). */
export interface ComplimentsComplaintsTable {
  id: Generated<string>;
  kind: 'compliment' | 'complaint';
  team_id: string;
  received_on: string;
  from_category: FeedbackSource;
  summary: string;
  stage: 1 | 2 | 3 | null;
  follows_id: string | null;
  extended: ColumnType<boolean, boolean | undefined, boolean>;
  response_due: string | null;
  responded_on: string | null;
  outcome: ComplaintOutcome | null;
  recorded_by: string;
  recorded_at: Date;
}
