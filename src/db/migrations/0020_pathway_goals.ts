import { sql, type Kysely } from 'kysely';

/**
 * The young person's own goals in their pathway plan (Care Planning
 * Regulations 2010 Sch 8; Care Leavers (England) Regulations 2010 reg 6):
 * what they want, in their words, in each area of their life, with the
 * support the council gives and when they hope to get there. A goal ends
 * achieved, or changed when the young person's plans change.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE pathway_goals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      area text NOT NULL CHECK (area IN ('home', 'education_work', 'health', 'money', 'relationships', 'identity', 'other')),
      goal text NOT NULL CHECK (length(goal) BETWEEN 1 AND 500),
      support text CHECK (length(support) <= 1000),
      set_on date NOT NULL,
      target_date date,
      outcome text CHECK (outcome IN ('achieved', 'changed')),
      closed_on date,
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL,
      CHECK (target_date IS NULL OR target_date >= set_on),
      CHECK ((outcome IS NULL) = (closed_on IS NULL)),
      CHECK (closed_on IS NULL OR closed_on >= set_on)
    );
    CREATE INDEX pathway_goals_child_idx ON pathway_goals (child_id, set_on);
  `.execute(db);
}
