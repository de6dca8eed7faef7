import { sql, type Kysely } from 'kysely';

/**
 * Children's records, their timeline, allocation and record-level access.
 * Shaped after the Standard Safeguarding Dataset (ssd_person, ssd_cin_episodes,
 * ssd_cp_plans, ssd_cla_episodes/placement, ssd_involvements, ssd_family,
 * ssd_address, ssd_disability) so its objects can be produced by plain SELECTs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`
    CREATE TABLE people (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      is_child boolean NOT NULL,
      la_child_id text UNIQUE,
      forename text NOT NULL,
      surname text NOT NULL,
      other_names text,
      date_of_birth date,
      expected_date_of_birth date,
      sex text CHECK (sex IN ('M', 'F', 'U')),
      ethnicity text,
      nhs_number text UNIQUE,
      upn text,
      upn_unknown_reason text,
      uasc boolean NOT NULL DEFAULT false,
      immigration_status text,
      date_of_death date,
      restricted boolean NOT NULL DEFAULT false,
      restriction_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (NOT is_child OR la_child_id IS NOT NULL),
      CHECK (date_of_birth IS NOT NULL OR expected_date_of_birth IS NOT NULL OR NOT is_child),
      CHECK (date_of_death IS NULL OR date_of_birth IS NULL OR date_of_death >= date_of_birth),
      CHECK (NOT restricted OR restriction_reason IS NOT NULL)
    );
    CREATE INDEX people_name_trgm_idx ON people USING gin ((forename || ' ' || surname || ' ' || coalesce(other_names, '')) gin_trgm_ops);
    CREATE INDEX people_dob_idx ON people (date_of_birth);

    CREATE TABLE person_disabilities (
      person_id uuid NOT NULL REFERENCES people(id),
      code text NOT NULL,
      PRIMARY KEY (person_id, code)
    );

    CREATE TABLE addresses (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES people(id),
      line1 text NOT NULL,
      town text,
      postcode text NOT NULL,
      start_date date NOT NULL,
      end_date date,
      CHECK (end_date IS NULL OR end_date >= start_date)
    );
    CREATE INDEX addresses_person_idx ON addresses (person_id, start_date DESC);

    CREATE TABLE families (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL
    );
    CREATE TABLE family_members (
      family_id uuid NOT NULL REFERENCES families(id),
      person_id uuid NOT NULL REFERENCES people(id),
      PRIMARY KEY (family_id, person_id)
    );
    CREATE INDEX family_members_person_idx ON family_members (person_id);

    -- "person is <type> of related person": the mother row reads (mother, child).
    CREATE TABLE relationships (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES people(id),
      related_person_id uuid NOT NULL REFERENCES people(id),
      type text NOT NULL,
      lives_with boolean NOT NULL DEFAULT false,
      parental_responsibility boolean NOT NULL DEFAULT false,
      CHECK (person_id <> related_person_id),
      UNIQUE (person_id, related_person_id, type)
    );
    CREATE INDEX relationships_related_idx ON relationships (related_person_id);

    CREATE TABLE professional_contacts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      name text NOT NULL,
      role text NOT NULL,
      organisation text,
      phone text,
      email text
    );
    CREATE INDEX professional_contacts_child_idx ON professional_contacts (child_id);

    CREATE TABLE contacts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      contact_date date NOT NULL,
      source text NOT NULL,
      outcome text NOT NULL,
      summary text,
      recorded_by uuid REFERENCES users(id)
    );
    CREATE INDEX contacts_child_idx ON contacts (child_id, contact_date);

    -- A CIN episode starts with a referral and ends with a closure reason (CIN census).
    CREATE TABLE referrals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      referral_date date NOT NULL,
      source text NOT NULL,
      primary_need text,
      no_further_action boolean NOT NULL DEFAULT false,
      close_date date,
      closure_reason text,
      CHECK (close_date IS NULL OR close_date >= referral_date),
      CHECK ((close_date IS NULL) = (closure_reason IS NULL))
    );
    CREATE INDEX referrals_child_idx ON referrals (child_id, referral_date);
    CREATE UNIQUE INDEX referrals_one_open_idx ON referrals (child_id) WHERE close_date IS NULL;

    CREATE TABLE cp_plans (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      referral_id uuid REFERENCES referrals(id),
      start_date date NOT NULL,
      end_date date,
      initial_category text NOT NULL,
      latest_category text NOT NULL,
      CHECK (end_date IS NULL OR end_date >= start_date)
    );
    CREATE INDEX cp_plans_child_idx ON cp_plans (child_id, start_date);
    CREATE UNIQUE INDEX cp_plans_one_open_idx ON cp_plans (child_id) WHERE end_date IS NULL;

    -- One SSDA903 episode: a period with one legal status and one placement.
    CREATE TABLE care_episodes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      start_date date NOT NULL,
      reason_new_episode text NOT NULL,
      legal_status text NOT NULL,
      primary_need text NOT NULL,
      placement_type text NOT NULL,
      placement_provider text,
      placement_postcode text,
      placement_urn text,
      home_postcode text,
      placement_distance_miles numeric(6,1),
      placement_out_of_area boolean,
      end_date date,
      reason_ceased text,
      reason_place_change text,
      CHECK (end_date IS NULL OR end_date >= start_date),
      CHECK ((end_date IS NULL) = (reason_ceased IS NULL))
    );
    CREATE INDEX care_episodes_child_idx ON care_episodes (child_id, start_date);
    CREATE UNIQUE INDEX care_episodes_one_open_idx ON care_episodes (child_id) WHERE end_date IS NULL;

    CREATE TABLE care_leavers (
      child_id uuid PRIMARY KEY REFERENCES people(id),
      category text NOT NULL CHECK (category IN ('eligible', 'relevant', 'former_relevant', 'qualifying')),
      support_until date,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    -- Who holds a child: lead social worker, co-workers, IRO, personal adviser.
    -- A lead row with no worker means the child waits in the team's unallocated queue.
    CREATE TABLE allocations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      role text NOT NULL CHECK (role IN ('lead', 'co_worker', 'iro', 'personal_adviser')),
      team_id uuid NOT NULL REFERENCES teams(id),
      worker_id uuid REFERENCES users(id),
      start_date date NOT NULL,
      end_date date,
      end_reason text,
      recorded_by uuid REFERENCES users(id),
      recorded_at timestamptz NOT NULL DEFAULT now(),
      CHECK (end_date IS NULL OR end_date >= start_date),
      CHECK (role = 'lead' OR worker_id IS NOT NULL)
    );
    CREATE UNIQUE INDEX allocations_one_open_lead_idx ON allocations (child_id) WHERE role = 'lead' AND end_date IS NULL;
    CREATE INDEX allocations_child_idx ON allocations (child_id, role, start_date);
    CREATE INDEX allocations_open_worker_idx ON allocations (worker_id) WHERE end_date IS NULL;
    CREATE INDEX allocations_open_team_idx ON allocations (team_id) WHERE end_date IS NULL;

    CREATE TABLE case_notes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      note_type text NOT NULL,
      event_date date NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      significant boolean NOT NULL DEFAULT false,
      author_id uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL,
      version integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL
    );
    CREATE INDEX case_notes_child_idx ON case_notes (child_id, event_date DESC);

    -- Earlier versions of an edited note, never changed once written.
    CREATE TABLE case_note_versions (
      note_id uuid NOT NULL REFERENCES case_notes(id),
      version integer NOT NULL,
      note_type text NOT NULL,
      event_date date NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      significant boolean NOT NULL,
      edited_by uuid NOT NULL REFERENCES users(id),
      edited_at timestamptz NOT NULL,
      PRIMARY KEY (note_id, version)
    );

    -- Restricted records are visible only to the people named here.
    CREATE TABLE restricted_access (
      child_id uuid NOT NULL REFERENCES people(id),
      user_id uuid NOT NULL REFERENCES users(id),
      granted_by uuid REFERENCES users(id),
      granted_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (child_id, user_id)
    );

    -- Access outside a relationship, given a written reason; expires and is reviewed.
    CREATE TABLE access_grants (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id),
      child_id uuid NOT NULL REFERENCES people(id),
      reason text NOT NULL CHECK (length(reason) >= 10),
      granted_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      reviewer_id uuid REFERENCES users(id),
      reviewed_by uuid REFERENCES users(id),
      reviewed_at timestamptz,
      review_outcome text CHECK (review_outcome IN ('appropriate', 'inappropriate')),
      review_note text,
      CHECK (expires_at > granted_at)
    );
    CREATE INDEX access_grants_user_idx ON access_grants (user_id, child_id, expires_at);
    CREATE INDEX access_grants_review_idx ON access_grants (reviewer_id) WHERE reviewed_at IS NULL;

    -- A child's current legal status and plan, derived from the timeline and
    -- never typed twice. Looked after outranks a CP plan, which outranks
    -- care-leaver support, which outranks an open CIN episode.
    CREATE VIEW child_status AS
    SELECT
      p.id AS child_id,
      CASE
        WHEN ce.id IS NOT NULL THEN 'looked_after'
        WHEN cp.id IS NOT NULL THEN 'child_protection'
        WHEN cl.child_id IS NOT NULL THEN 'care_leaver'
        WHEN r.id IS NOT NULL THEN 'child_in_need'
        ELSE 'closed'
      END AS status,
      ce.id AS care_episode_id,
      ce.legal_status,
      ce.placement_type,
      ce.placement_out_of_area,
      ce.placement_distance_miles,
      cp.id AS cp_plan_id,
      cp.latest_category AS cp_category,
      cp.start_date AS cp_plan_start_date,
      r.id AS referral_id,
      r.primary_need,
      r.referral_date,
      cl.category AS care_leaver_category
    FROM people p
    LEFT JOIN care_episodes ce ON ce.child_id = p.id AND ce.end_date IS NULL
    LEFT JOIN cp_plans cp ON cp.child_id = p.id AND cp.end_date IS NULL
    LEFT JOIN referrals r ON r.child_id = p.id AND r.close_date IS NULL
    LEFT JOIN care_leavers cl ON cl.child_id = p.id
    WHERE p.is_child;
  `.execute(db);
}
