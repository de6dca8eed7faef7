import { sql, type Kysely } from 'kysely';

/**
 * The neglect profile: the council's graded profile of a child's care, and
 * each completion of it on a child's record.
 *
 * `neglect_profile_versions` and `neglect_profile_domains` are the council's
 * template: the domains of care (nutrition, home conditions, ...), each with
 * a short descriptor for every grade from 1 (the child's needs are met well)
 * to 5 (severe neglect). Changing the template makes a new version; no
 * version is ever changed or deleted, so every completion can be read with
 * the template it used. A domain keeps its `key` across versions, so its
 * grades line up on the child's chart even when its name is reworded.
 *
 * `neglect_profiles` is a completion on a child's record: the date, whether
 * it was completed with the family and who took part, the overall summary
 * and what happens next. `neglect_profile_grades` holds its grade for every
 * domain of the version it used, with the domain's name and the grade's
 * descriptor copied as they read that day, and the evidence: stored whole.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE neglect_profile_versions (
      version integer PRIMARY KEY CHECK (version >= 1),
      change_note text NOT NULL CHECK (length(change_note) BETWEEN 1 AND 1000),
      made_by uuid REFERENCES users(id),
      made_at timestamptz NOT NULL
    );

    CREATE TABLE neglect_profile_domains (
      version integer NOT NULL REFERENCES neglect_profile_versions(version),
      position integer NOT NULL CHECK (position >= 1),
      key text NOT NULL CHECK (key ~ '^[a-z0-9-]{1,60}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      grade_1 text NOT NULL CHECK (length(grade_1) BETWEEN 1 AND 500),
      grade_2 text NOT NULL CHECK (length(grade_2) BETWEEN 1 AND 500),
      grade_3 text NOT NULL CHECK (length(grade_3) BETWEEN 1 AND 500),
      grade_4 text NOT NULL CHECK (length(grade_4) BETWEEN 1 AND 500),
      grade_5 text NOT NULL CHECK (length(grade_5) BETWEEN 1 AND 500),
      PRIMARY KEY (version, position),
      UNIQUE (version, key)
    );

    CREATE TABLE neglect_profiles (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      version integer NOT NULL REFERENCES neglect_profile_versions(version),
      completed_on date NOT NULL,
      with_family boolean NOT NULL,
      took_part text NOT NULL CHECK (length(took_part) BETWEEN 1 AND 500),
      summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 4000),
      next_steps text NOT NULL CHECK (length(next_steps) BETWEEN 1 AND 2000),
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL
    );
    CREATE INDEX neglect_profiles_child_idx ON neglect_profiles (child_id, completed_on);
    CREATE INDEX neglect_profiles_version_idx ON neglect_profiles (version);

    CREATE TABLE neglect_profile_grades (
      profile_id uuid NOT NULL REFERENCES neglect_profiles(id),
      position integer NOT NULL CHECK (position >= 1),
      domain_key text NOT NULL,
      domain_name text NOT NULL,
      grade integer NOT NULL CHECK (grade BETWEEN 1 AND 5),
      descriptor text NOT NULL,
      evidence text CHECK (evidence IS NULL OR length(evidence) BETWEEN 1 AND 2000),
      PRIMARY KEY (profile_id, position),
      UNIQUE (profile_id, domain_key)
    );
  `.execute(db);
}
