import { sql, type Kysely } from 'kysely';
import { createStatementTriggers } from './statement-triggers.ts';

/**
 * A looked-after child's plan for permanence (Care Planning, Placement and
 * Case Review (England) Regulations 2010, reg 5: the care plan includes "the
 * long term plan for the child's upbringing"), in place by the second
 * looked-after review. A change of plan is a new row from its date, so the
 * history stays. A plan may have a parallel plan (twin-track planning),
 * never the same as the primary. The review that agreed it, when there was
 * one, is a looked-after review on the Visits tab.
 *
 * When the plan is to return home, the reunification journey: the support
 * plan's items (what, from whom, from and to when) and the dated steps home
 * (more contact, overnight stays, a trial at home, going home, support after).
 *
 * A plan forgets the child's stored due items: the permanence plan falls due
 * by the second review.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE permanence_plans (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      plan text NOT NULL CHECK (plan IN ('return_home', 'special_guardianship', 'child_arrangements', 'long_term_fostering', 'adoption', 'other_long_term')),
      parallel_plan text CHECK (parallel_plan IN ('return_home', 'special_guardianship', 'child_arrangements', 'long_term_fostering', 'adoption', 'other_long_term')),
      decided_on date NOT NULL,
      review_event_id uuid REFERENCES case_events(id),
      note text CHECK (length(note) <= 2000),
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL,
      CHECK (parallel_plan IS NULL OR parallel_plan <> plan)
    );
    CREATE INDEX permanence_plans_child_idx ON permanence_plans (child_id, decided_on);

    CREATE TABLE reunification_support (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      what text NOT NULL CHECK (length(what) BETWEEN 1 AND 300),
      provider text NOT NULL CHECK (length(provider) BETWEEN 1 AND 200),
      from_date date NOT NULL,
      to_date date,
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL,
      CHECK (to_date IS NULL OR to_date >= from_date)
    );
    CREATE INDEX reunification_support_child_idx ON reunification_support (child_id, from_date);

    CREATE TABLE reunification_steps (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      step text NOT NULL CHECK (step IN ('more_contact', 'overnight_stays', 'trial_at_home', 'went_home', 'support_reviewed', 'support_after_return')),
      step_date date NOT NULL,
      note text CHECK (length(note) <= 1000),
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL
    );
    CREATE INDEX reunification_steps_child_idx ON reunification_steps (child_id, step_date);
  `.execute(db);
  await createStatementTriggers(db, 'permanence_plans', 'forget_due', 'forget_due_items', sql.lit('child_id'));
}
