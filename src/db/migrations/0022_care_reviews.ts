import { sql, type Kysely } from 'kysely';
import { createStatementTriggers } from './statement-triggers.ts';

/**
 * What a looked-after child's review concluded, and what it asked to be done
 * (Care Planning, Placement and Case Review (England) Regulations 2010, Part
 * 6; reg 36 and the IRO Handbook 2010 on the independent reviewing officer's
 * functions).
 *
 * The review itself stays a case event of kind 'cla_review': that row is the
 * one source of the review's date, and the statutory clock of reviews reads
 * it. `care_reviews` keeps one row per such event: who chaired it (an IRO,
 * and whether they were the child's allocated IRO that day), the child's
 * participation as the SSDA903 Reviews table codes it (REVIEW_CODE PN0 to
 * PN7) and whether the care plan was endorsed.
 *
 * `review_recommendations` keeps each recommendation: the action, its owner
 * (a named worker, or someone outside the system named in words), the date it
 * is due by (not before the review, checked by the service) and, once, when
 * it was done and what was done. The timescales engine reads them (an open
 * recommendation past its date is overdue), so a change forgets the child's
 * stored due items.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE care_reviews (
      case_event_id uuid PRIMARY KEY REFERENCES case_events(id),
      child_id uuid NOT NULL REFERENCES people(id),
      chair_id uuid NOT NULL REFERENCES users(id),
      chair_was_allocated boolean NOT NULL,
      participation text NOT NULL CHECK (participation IN ('PN0', 'PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7')),
      plan_endorsed boolean NOT NULL,
      summary text CHECK (length(summary) <= 2000),
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL
    );
    CREATE INDEX care_reviews_child_idx ON care_reviews (child_id);
    CREATE INDEX care_reviews_chair_idx ON care_reviews (chair_id);

    CREATE TABLE review_recommendations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      review_id uuid NOT NULL REFERENCES care_reviews(case_event_id),
      child_id uuid NOT NULL REFERENCES people(id),
      action text NOT NULL CHECK (length(action) BETWEEN 1 AND 1000),
      owner_id uuid REFERENCES users(id),
      owner_other text CHECK (length(owner_other) BETWEEN 1 AND 200),
      due_date date NOT NULL,
      completed_on date,
      what_done text CHECK (length(what_done) BETWEEN 1 AND 2000),
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL,
      completed_by uuid REFERENCES users(id),
      completed_at timestamptz,
      CHECK ((owner_id IS NULL) <> (owner_other IS NULL)),
      CHECK ((completed_on IS NULL) = (what_done IS NULL)),
      CHECK ((completed_on IS NULL) = (completed_by IS NULL))
    );
    CREATE INDEX review_recommendations_child_idx ON review_recommendations (child_id);
    CREATE INDEX review_recommendations_review_idx ON review_recommendations (review_id);
  `.execute(db);
  await createStatementTriggers(db, 'review_recommendations', 'forget_due', 'forget_due_items', sql.lit('child_id'));
}
