import { sql, type Kysely } from 'kysely';
import { createStatementTriggers } from './statement-triggers.ts';

/**
 * The plans made for a child in need of help or protection, and what is done
 * under them.
 *
 * A child protection plan stays a `cp_plans` row; it gains the reason it
 * ended (`end_reason`, one of a local list: the CIN census records only the
 * date a plan ended, CPPendDate, and the SSD's ssd_cp_plans keeps
 * cppl_cp_plan_end_date with no reason, so the reason is the council's own).
 * `cp_plan_actions` are the plan's actions: what, who owns it (a worker here,
 * or someone named in words with their agency), by when, and once, when it
 * was done and what was done.
 *
 * Core groups and review conferences stay case events (kinds 'core_group'
 * and 'cp_review'), the one source of their dates that the statutory clocks
 * read. `core_groups` and `cp_review_conferences` keep one row per such
 * event with what the meeting said: who came from which agency, progress
 * against the plan, the next meeting; the review conference's chair, its
 * decision (the plan continues or ends; CIN census and ssd_cp_reviews
 * cppr_cp_review_outcome_continue_cp), the latest category if it changed,
 * and how the child and family took part (cppr_cp_review_participation).
 *
 * `cin_plans` is a child in need plan (CIN census CINPlanStartDate and
 * CINPlanEndDate; ssd_cin_plans) with `cin_plan_reviews`. `pre_proceedings`
 * is a period under the Public Law Outline's pre-proceedings (ssd_pre_proceedings;
 * the 2026 CIN census PreProceedingsandFGDM group: PPStartDate, LBPSentDate,
 * InitialPPMeetingDate, ReviewMeetingsCount, StepDecisionDate, PPOutcome,
 * FGDMMeetingOffer and FGDMMeetingFac). `early_help_episodes` is help given
 * before or after children's social care (ssd_early_help_episodes).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE cp_plans ADD COLUMN end_reason text;
    ALTER TABLE cp_plans ADD CONSTRAINT cp_plans_end_reason_needs_end CHECK (end_reason IS NULL OR end_date IS NOT NULL);

    CREATE TABLE cp_plan_actions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_id uuid NOT NULL REFERENCES cp_plans(id),
      child_id uuid NOT NULL REFERENCES people(id),
      action text NOT NULL CHECK (length(action) BETWEEN 1 AND 1000),
      owner_id uuid REFERENCES users(id),
      owner_other text CHECK (length(owner_other) BETWEEN 1 AND 200),
      owner_agency text CHECK (length(owner_agency) BETWEEN 1 AND 200),
      due_date date NOT NULL,
      completed_on date,
      what_done text CHECK (length(what_done) BETWEEN 1 AND 2000),
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL,
      completed_by uuid REFERENCES users(id),
      completed_at timestamptz,
      CHECK ((owner_id IS NULL) <> (owner_other IS NULL)),
      CHECK (owner_agency IS NULL OR owner_other IS NOT NULL),
      CHECK ((completed_on IS NULL) = (what_done IS NULL)),
      CHECK ((completed_on IS NULL) = (completed_by IS NULL))
    );
    CREATE INDEX cp_plan_actions_child_idx ON cp_plan_actions (child_id);
    CREATE INDEX cp_plan_actions_plan_idx ON cp_plan_actions (plan_id);

    CREATE TABLE core_groups (
      case_event_id uuid PRIMARY KEY REFERENCES case_events(id),
      child_id uuid NOT NULL REFERENCES people(id),
      plan_id uuid NOT NULL REFERENCES cp_plans(id),
      attendees text NOT NULL CHECK (length(attendees) BETWEEN 1 AND 1000),
      progress text NOT NULL CHECK (length(progress) BETWEEN 1 AND 4000),
      next_meeting date,
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL
    );
    CREATE INDEX core_groups_child_idx ON core_groups (child_id);
    CREATE INDEX core_groups_plan_idx ON core_groups (plan_id);

    CREATE TABLE cp_review_conferences (
      case_event_id uuid PRIMARY KEY REFERENCES case_events(id),
      child_id uuid NOT NULL REFERENCES people(id),
      plan_id uuid NOT NULL REFERENCES cp_plans(id),
      chair_id uuid NOT NULL REFERENCES users(id),
      attendees text NOT NULL CHECK (length(attendees) BETWEEN 1 AND 1000),
      decision text NOT NULL CHECK (decision IN ('continue', 'end')),
      category_changed_to text,
      child_participation text NOT NULL,
      family_participation text NOT NULL CHECK (length(family_participation) BETWEEN 1 AND 1000),
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL
    );
    CREATE INDEX cp_review_conferences_child_idx ON cp_review_conferences (child_id);
    CREATE INDEX cp_review_conferences_plan_idx ON cp_review_conferences (plan_id);

    CREATE TABLE cin_plans (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      start_date date NOT NULL,
      end_date date,
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL,
      CHECK (end_date IS NULL OR end_date >= start_date)
    );
    CREATE INDEX cin_plans_child_idx ON cin_plans (child_id, start_date);
    CREATE UNIQUE INDEX cin_plans_one_open_idx ON cin_plans (child_id) WHERE end_date IS NULL;

    CREATE TABLE cin_plan_reviews (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      cin_plan_id uuid NOT NULL REFERENCES cin_plans(id),
      child_id uuid NOT NULL REFERENCES people(id),
      review_date date NOT NULL,
      decision text NOT NULL CHECK (decision IN ('continue', 'end', 'step_up', 'step_down')),
      note text CHECK (length(note) <= 2000),
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL
    );
    CREATE INDEX cin_plan_reviews_plan_idx ON cin_plan_reviews (cin_plan_id);
    CREATE INDEX cin_plan_reviews_child_idx ON cin_plan_reviews (child_id);

    CREATE TABLE pre_proceedings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      decision_date date NOT NULL,
      letter_date date,
      initial_meeting_date date,
      review_meetings integer NOT NULL DEFAULT 0 CHECK (review_meetings >= 0),
      fgdm_offered_on date,
      fgdm_held_on date,
      outcome text CHECK (outcome IN ('issue', 'step_down')),
      outcome_date date,
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL,
      CHECK (letter_date IS NULL OR letter_date >= decision_date),
      CHECK (initial_meeting_date IS NULL OR (letter_date IS NOT NULL AND initial_meeting_date >= letter_date)),
      CHECK (fgdm_held_on IS NULL OR (fgdm_offered_on IS NOT NULL AND fgdm_held_on >= fgdm_offered_on)),
      CHECK ((outcome IS NULL) = (outcome_date IS NULL)),
      CHECK (outcome_date IS NULL OR outcome_date >= decision_date)
    );
    CREATE INDEX pre_proceedings_child_idx ON pre_proceedings (child_id, decision_date);
    CREATE UNIQUE INDEX pre_proceedings_one_open_idx ON pre_proceedings (child_id) WHERE outcome IS NULL;

    CREATE TABLE early_help_episodes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      start_date date NOT NULL,
      end_date date,
      lead text NOT NULL CHECK (length(lead) BETWEEN 1 AND 200),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
      stepped_down boolean NOT NULL DEFAULT false,
      end_reason text CHECK (end_reason IN ('needs_met', 'step_up', 'declined', 'moved', 'other')),
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL,
      CHECK (end_date IS NULL OR end_date >= start_date),
      CHECK ((end_date IS NULL) = (end_reason IS NULL))
    );
    CREATE INDEX early_help_episodes_child_idx ON early_help_episodes (child_id, start_date);
    CREATE UNIQUE INDEX early_help_one_open_idx ON early_help_episodes (child_id) WHERE end_date IS NULL;
  `.execute(db);
  await createStatementTriggers(db, 'cp_plan_actions', 'forget_due', 'forget_due_items', sql.lit('child_id'));
}
