import { sql, type Kysely } from 'kysely';

/**
 * The single assessment of a child in need (Working Together to Safeguard
 * Children 2023, chapter 3; the Assessment Framework), made on one referral
 * of the child.
 *
 * `assessments` keeps its actual start date (CIN census
 * AssessmentActualStartDate), when the child was seen and whether alone (as
 * the Standard Safeguarding Dataset's ssd_cin_assessments records them), the
 * three domains of the Assessment Framework in words, the child's and the
 * parents' or carers' views, the analysis and the outcome; then who submitted
 * it, the last return for more work with its reason, and the manager's
 * authorisation. The CIN census counts an assessment as completed on the date
 * it was authorised: authorising it writes the case event of kind
 * 'assessment' on that date (`case_event_id`), which the timescales engine
 * and the measures read.
 *
 * `assessment_factors` keeps the factors identified (CIN census
 * assessmentfactorstype codes, e.g. 1B, 3A, 21).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE assessments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      referral_id uuid NOT NULL REFERENCES referrals(id),
      start_date date NOT NULL,
      child_seen boolean,
      child_seen_on date,
      seen_alone boolean,
      developmental_needs text CHECK (length(developmental_needs) <= 8000),
      parenting_capacity text CHECK (length(parenting_capacity) <= 8000),
      family_environment text CHECK (length(family_environment) <= 8000),
      child_views text CHECK (length(child_views) <= 4000),
      parents_views text CHECK (length(parents_views) <= 4000),
      analysis text CHECK (length(analysis) <= 8000),
      outcome text CHECK (outcome IN ('no_further_action', 'cin_plan', 'strategy_discussion', 'early_help')),
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL,
      updated_by uuid NOT NULL REFERENCES users(id),
      updated_at timestamptz NOT NULL,
      submitted_on date,
      submitted_by uuid REFERENCES users(id),
      returned_on date,
      returned_by uuid REFERENCES users(id),
      return_reason text CHECK (length(return_reason) BETWEEN 1 AND 2000),
      authorised_on date,
      authorised_by uuid REFERENCES users(id),
      authorised_at timestamptz,
      case_event_id uuid UNIQUE REFERENCES case_events(id),
      CHECK ((child_seen_on IS NULL) = (child_seen IS NOT TRUE)),
      CHECK ((seen_alone IS NULL) = (child_seen IS NOT TRUE)),
      CHECK (child_seen_on IS NULL OR child_seen_on >= start_date),
      CHECK ((submitted_on IS NULL) = (submitted_by IS NULL)),
      CHECK (submitted_on IS NULL OR submitted_on >= start_date),
      CHECK ((returned_on IS NULL) = (returned_by IS NULL) AND (returned_on IS NULL) = (return_reason IS NULL)),
      CHECK ((authorised_on IS NULL) = (authorised_by IS NULL) AND (authorised_on IS NULL) = (authorised_at IS NULL) AND (authorised_on IS NULL) = (case_event_id IS NULL)),
      CHECK (authorised_on IS NULL OR (submitted_on IS NOT NULL AND authorised_on >= submitted_on AND outcome IS NOT NULL AND authorised_by <> created_by))
    );
    CREATE INDEX assessments_child_idx ON assessments (child_id);
    CREATE INDEX assessments_referral_idx ON assessments (referral_id);

    CREATE TABLE assessment_factors (
      assessment_id uuid NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
      child_id uuid NOT NULL REFERENCES people(id),
      code text NOT NULL CHECK (length(code) BETWEEN 1 AND 4),
      PRIMARY KEY (assessment_id, code)
    );
    CREATE INDEX assessment_factors_child_idx ON assessment_factors (child_id);
  `.execute(db);
}
