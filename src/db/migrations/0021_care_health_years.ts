import { sql, type Kysely } from 'kysely';

/**
 * A looked-after child's health and wellbeing in each year to 31 March, as
 * the DfE's SSDA903 return asks in its OC2 table for children looked after
 * continuously for 12 months: the strengths and difficulties questionnaire
 * score or why there is none, a conviction or youth caution, health checks,
 * immunisations, teeth, the annual health assessment, and substance misuse
 * with any intervention received or offered and refused. One row per child
 * per year; a later save for the same year corrects it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE care_health_years (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      year_ending date NOT NULL CHECK (extract(month FROM year_ending) = 3 AND extract(day FROM year_ending) = 31),
      sdq_score smallint CHECK (sdq_score BETWEEN 0 AND 40),
      sdq_reason text CHECK (sdq_reason IN ('SDQ1', 'SDQ2', 'SDQ3', 'SDQ4', 'SDQ5')),
      convicted boolean NOT NULL,
      health_check boolean,
      immunisations boolean NOT NULL,
      teeth_check boolean NOT NULL,
      health_assessment boolean NOT NULL,
      substance_misuse boolean NOT NULL,
      intervention_received boolean,
      intervention_offered boolean,
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL,
      CHECK ((sdq_score IS NULL) <> (sdq_reason IS NULL)),
      CHECK (substance_misuse OR (intervention_received IS NULL AND intervention_offered IS NULL)),
      CHECK (NOT (coalesce(intervention_received, false) AND coalesce(intervention_offered, false)))
    );
    CREATE UNIQUE INDEX care_health_years_child_year_idx ON care_health_years (child_id, year_ending);
  `.execute(db);
}
