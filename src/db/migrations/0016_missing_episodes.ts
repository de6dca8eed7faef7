import { sql, type Kysely } from 'kysely';
import { createStatementTriggers } from './statement-triggers.ts';

/**
 * Episodes of a child missing from care or home, or away from their
 * placement without authorisation (the SSDA903 Missing table's M and A), each
 * with the return home interview the child is offered on return (statutory
 * guidance "Children who run away or go missing from home or care", DfE,
 * January 2014). One open episode at most per child; episodes do not overlap
 * (checked by the service, which locks the child).
 *
 * The timescales engine reads these episodes (the interview is due within
 * 72 hours of the return), so a change forgets the child's stored due items.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE missing_episodes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      kind text NOT NULL CHECK (kind IN ('M', 'A')),
      start_date date NOT NULL,
      start_time text CHECK (start_time IS NULL OR start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      end_date date,
      end_time text CHECK (end_time IS NULL OR end_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      where_found text,
      reported_to_police boolean NOT NULL,
      interview_offered_on date,
      interview_offered_by text,
      interview_independent boolean,
      interview_outcome text CHECK (interview_outcome IN ('held', 'declined')),
      interview_held_on date,
      interview_learned text,
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL,
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz,
      CHECK (end_date IS NULL OR end_date >= start_date),
      CHECK (end_time IS NULL OR end_date IS NOT NULL),
      CHECK (interview_offered_on IS NULL OR (end_date IS NOT NULL AND interview_offered_on >= end_date)),
      CHECK (interview_outcome IS NULL OR interview_offered_on IS NOT NULL),
      CHECK ((interview_outcome = 'held') = (interview_held_on IS NOT NULL)),
      CHECK (interview_held_on IS NULL OR interview_held_on >= interview_offered_on)
    );
    CREATE INDEX missing_episodes_child_idx ON missing_episodes (child_id, start_date);
    CREATE UNIQUE INDEX missing_episodes_one_open_idx ON missing_episodes (child_id) WHERE end_date IS NULL;
  `.execute(db);
  await createStatementTriggers(db, 'missing_episodes', 'forget_due', 'forget_due_items', sql.lit('child_id'));
}
