import { sql, type Kysely } from 'kysely';

/**
 * What the statutory timescales are counted from and satisfied by: visits to
 * a child (ssd_cla_visits, ssd_cp_visits, ssd_cin_visits in one table, since
 * one visit satisfies whichever plan the child is on that day), the meetings,
 * reviews and assessments of a child's case (ssd_s47_enquiry strategy
 * discussions, ssd_initial_cp_conference, ssd_cp_reviews, ssd_cla_reviews,
 * ssd_cin_assessments, ssd_cla_health, PEPs and pathway plans), the visiting
 * frequency a plan sets, and what is known about a placement that changes the
 * reg 28 visiting pattern. Due dates are not recorded here: they are worked
 * out from these rows and the timeline (0008_due_store keeps what was worked
 * out for the day, and forgets it when any of these rows change).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE visits (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      kind text NOT NULL CHECK (kind IN ('social_worker', 'personal_adviser')),
      visit_date date NOT NULL,
      visit_time text CHECK (visit_time IS NULL OR visit_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      visitor_id uuid NOT NULL REFERENCES users(id),
      location_postcode text,
      child_seen boolean NOT NULL,
      seen_alone boolean,
      bedroom_seen boolean,
      virtual boolean NOT NULL DEFAULT false,
      unsuccessful_reason text,
      note text NOT NULL,
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL,
      CHECK (child_seen OR unsuccessful_reason IS NOT NULL),
      CHECK (NOT child_seen OR unsuccessful_reason IS NULL)
    );
    CREATE INDEX visits_child_idx ON visits (child_id, visit_date);

    CREATE TABLE case_events (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      kind text NOT NULL CHECK (kind IN (
        'strategy_discussion', 's47_no_conference', 'icpc', 'core_group', 'cp_review',
        'assessment', 'cla_review', 'health_assessment', 'pep_review',
        'needs_assessment', 'pathway_plan_review'
      )),
      event_date date NOT NULL,
      -- A strategy discussion that starts a s47 enquiry sets the ICPC clock.
      s47_started boolean,
      note text,
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL,
      CHECK ((kind = 'strategy_discussion') = (s47_started IS NOT NULL))
    );
    CREATE INDEX case_events_child_idx ON case_events (child_id, kind, event_date);

    -- How often a plan says the child is to be visited, from a date (the latest applies).
    CREATE TABLE visit_frequencies (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      applies_to text NOT NULL CHECK (applies_to IN ('cin', 'cp', 'short_breaks')),
      every_n integer NOT NULL CHECK (every_n BETWEEN 1 AND 365),
      unit text NOT NULL CHECK (unit IN ('working_days', 'days', 'weeks', 'months')),
      from_date date NOT NULL,
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL
    );
    CREATE INDEX visit_frequencies_child_idx ON visit_frequencies (child_id, applies_to, from_date);

    -- What reg 28 needs to know about a placement that the SSDA903 codes do not say,
    -- keyed by the date the placement began.
    CREATE TABLE placement_visit_terms (
      child_id uuid NOT NULL REFERENCES people(id),
      placement_start date NOT NULL,
      long_term_to_18 boolean NOT NULL DEFAULT false,
      temporary_connected_person boolean NOT NULL DEFAULT false,
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL,
      PRIMARY KEY (child_id, placement_start)
    );
  `.execute(db);
}
