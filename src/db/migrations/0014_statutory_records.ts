import { sql, type Kysely } from 'kysely';
import { createStatementTriggers } from './statement-triggers.ts';

/**
 * What the visiting rules need recorded beyond the SSDA903 codes:
 * - a placement with a parent before their assessment is complete (reg 19,
 *   visited under reg 28(3)); for a placement intended to last until 18, the
 *   IRO who agreed it and the child's view, and whether the child asked for
 *   6-monthly visits after a year in a long-term foster placement;
 * - who agreed a plan's visiting frequency (a manager, or for short breaks
 *   the IRO, reg 48);
 * - the decision on a referral, timed at 1 working day (Working Together 2023);
 * - the day a social worker's ASYE began: the year of protection and of ASYE
 *   supervision runs from it, not from the qualification date (until now the
 *   only date there was, so it is where existing workers' ASYE starts).
 * - private fostering arrangements, from the day the council became aware of
 *   one (Children (Private Arrangements for Fostering) Regulations 2005,
 *   reg 8(6)) to its end: the child is visited under regs 4, 7 and 8.
 * The engine now reads care proceedings from case_factors (the 26 weeks), so
 * a change there forgets the child's stored due items, as the other tables do.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE placement_visit_terms
      ADD COLUMN placed_before_assessment boolean NOT NULL DEFAULT false,
      ADD COLUMN six_monthly_visits boolean NOT NULL DEFAULT false,
      ADD COLUMN agreed_with_iro uuid REFERENCES users(id),
      ADD COLUMN child_view text,
      ADD CONSTRAINT placement_visit_terms_six_monthly_long_term CHECK (NOT six_monthly_visits OR long_term_to_18);

    ALTER TABLE visit_frequencies ADD COLUMN agreed_by uuid REFERENCES users(id);

    ALTER TABLE case_events DROP CONSTRAINT case_events_kind_check;
    ALTER TABLE case_events ADD CONSTRAINT case_events_kind_check CHECK (kind IN (
      'referral_decision', 'strategy_discussion', 's47_no_conference', 'icpc', 'core_group', 'cp_review',
      'assessment', 'cla_review', 'health_assessment', 'pep_review',
      'needs_assessment', 'pathway_plan_review'
    ));
  `.execute(db);
  await sql`
    ALTER TABLE users ADD COLUMN asye_started_on date;
    UPDATE users SET asye_started_on = qualified_on WHERE qualified_on IS NOT NULL;
  `.execute(db);
  await sql`
    CREATE TABLE private_fostering (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      notified_on date NOT NULL,
      carer_name text NOT NULL,
      ended_on date,
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL,
      CHECK (ended_on IS NULL OR ended_on >= notified_on)
    );
    CREATE INDEX private_fostering_child_idx ON private_fostering (child_id, notified_on);
  `.execute(db);
  for (const table of ['case_factors', 'private_fostering']) await createStatementTriggers(db, table, 'forget_due', 'forget_due_items', sql.lit('child_id'));
}
