import { sql, type Kysely } from 'kysely';

/**
 * Strategy discussions, section 47 enquiries and child protection conferences
 * (Working Together to Safeguard Children 2023, chapter 4; Children Act 1989
 * s47).
 *
 * Each meeting stays a case event: a strategy discussion of kind
 * 'strategy_discussion' (with `s47_started`), an initial conference of kind
 * 'icpc'. That row is the one source of the meeting's date, and the
 * timescales engine reads it. `strategy_discussions` and
 * `child_protection_conferences` keep one row of substance per such event,
 * with their attendees and invitees in child tables.
 *
 * `s47_enquiries` keeps the enquiry a strategy discussion started: its start
 * is that discussion's date (CIN census S47ActualStartDate), and, once, its
 * outcome, the day it ended and whether an initial conference is needed (CIN
 * census ICPCnotRequired). An enquiry that needs no conference also writes a
 * case event of kind 's47_no_conference' on the day it ended, in the same
 * transaction, so the engine's conference clock stops.
 *
 * A conference that decides on a child protection plan starts the `cp_plans`
 * row in the same transaction; `cp_plan_id` points at it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE strategy_discussions (
      case_event_id uuid PRIMARY KEY REFERENCES case_events(id),
      child_id uuid NOT NULL REFERENCES people(id),
      information_shared text NOT NULL CHECK (length(information_shared) BETWEEN 1 AND 4000),
      other_actions text CHECK (length(other_actions) BETWEEN 1 AND 2000),
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL
    );
    CREATE INDEX strategy_discussions_child_idx ON strategy_discussions (child_id);

    CREATE TABLE strategy_discussion_attendees (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_event_id uuid NOT NULL REFERENCES strategy_discussions(case_event_id),
      position integer NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      agency text NOT NULL CHECK (agency IN ('police', 'health', 'education', 'social_care', 'other')),
      role text CHECK (length(role) BETWEEN 1 AND 200),
      UNIQUE (case_event_id, position)
    );

    CREATE TABLE s47_enquiries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      strategy_discussion_id uuid NOT NULL UNIQUE REFERENCES strategy_discussions(case_event_id),
      start_date date NOT NULL,
      outcome text CHECK (outcome IN ('substantiated_continuing_risk', 'substantiated_not_continuing_risk', 'not_substantiated')),
      ended_on date,
      icpc_required boolean,
      no_conference_event_id uuid UNIQUE REFERENCES case_events(id),
      outcome_recorded_by uuid REFERENCES users(id),
      outcome_recorded_at timestamptz,
      CHECK ((outcome IS NULL) = (ended_on IS NULL) AND (outcome IS NULL) = (icpc_required IS NULL) AND (outcome IS NULL) = (outcome_recorded_by IS NULL)),
      CHECK (ended_on >= start_date),
      CHECK ((no_conference_event_id IS NOT NULL) = (icpc_required IS FALSE))
    );
    CREATE INDEX s47_enquiries_child_idx ON s47_enquiries (child_id);

    CREATE TABLE child_protection_conferences (
      case_event_id uuid PRIMARY KEY REFERENCES case_events(id),
      child_id uuid NOT NULL REFERENCES people(id),
      enquiry_id uuid UNIQUE REFERENCES s47_enquiries(id),
      chair_id uuid NOT NULL REFERENCES users(id),
      child_participation text NOT NULL CHECK (child_participation IN ('attended', 'attended_part', 'advocate', 'in_writing', 'through_worker', 'did_not_take_part', 'too_young')),
      family_participation text NOT NULL CHECK (family_participation IN ('attended', 'attended_part', 'advocate', 'in_writing', 'did_not_attend', 'excluded')),
      plan_decided boolean NOT NULL,
      category text CHECK (category IN ('NEG', 'PHY', 'SAB', 'EMO', 'MUL')),
      plan_outline text CHECK (length(plan_outline) BETWEEN 1 AND 4000),
      cp_plan_id uuid UNIQUE REFERENCES cp_plans(id),
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL,
      CHECK (plan_decided = (category IS NOT NULL)),
      CHECK (plan_decided = (cp_plan_id IS NOT NULL))
    );
    CREATE INDEX child_protection_conferences_child_idx ON child_protection_conferences (child_id);

    CREATE TABLE conference_invitees (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_event_id uuid NOT NULL REFERENCES child_protection_conferences(case_event_id),
      position integer NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      agency text NOT NULL CHECK (agency IN ('police', 'health', 'education', 'social_care', 'family', 'other')),
      attendance text NOT NULL CHECK (attendance IN ('attended', 'sent_report', 'attended_and_report', 'did_not_attend')),
      UNIQUE (case_event_id, position)
    );
  `.execute(db);
}
