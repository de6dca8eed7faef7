import { sql, type Kysely } from 'kysely';

/**
 * Practice observations, feedback from children, families and partners, and
 * compliments and complaints about teams.
 *
 * `practice_observations`: a manager or practice lead watches a worker's
 * practice (a home visit, a meeting, a conference, direct work, supervision)
 * and records what went well and what to develop, optionally the child (read
 * as the child's record: shown only to those who may see the child), a
 * course in the learning catalogue that answers what to develop, and a grade
 * in Ofsted's words. The worker adds their own reflection afterwards. The
 * worker's team on the day is kept, so a team's list does not move when the
 * worker does.
 *
 * `feedback_invitations` and `feedback_responses`: a single-use link given to
 * a child, a family member or a partner agency, for a team (and optionally a
 * child's case, never shown on the public form); the response is anonymous
 * and one per invitation.
 *
 * `compliments_complaints`: one row per compliment, and per stage of a
 * complaint under the Children Act 1989 Representations Procedure (England)
 * Regulations 2006; a later stage names the stage it follows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE practice_observations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      worker_id uuid NOT NULL REFERENCES users(id),
      observer_id uuid NOT NULL REFERENCES users(id),
      team_id uuid REFERENCES teams(id),
      observed_on date NOT NULL,
      setting text NOT NULL CHECK (setting IN ('home_visit', 'meeting', 'conference', 'direct_work', 'supervision', 'other')),
      setting_detail text CHECK (length(setting_detail) BETWEEN 1 AND 200),
      child_id uuid REFERENCES people(id),
      went_well text NOT NULL CHECK (length(went_well) BETWEEN 1 AND 4000),
      to_develop text NOT NULL CHECK (length(to_develop) BETWEEN 1 AND 4000),
      course_id uuid REFERENCES training_courses(id),
      grade text CHECK (grade IN ('outstanding', 'good', 'requires_improvement', 'inadequate')),
      recorded_at timestamptz NOT NULL,
      reflection text CHECK (length(reflection) BETWEEN 1 AND 4000),
      reflected_at timestamptz,
      CHECK (worker_id <> observer_id),
      CHECK ((reflection IS NULL) = (reflected_at IS NULL))
    );
    CREATE INDEX practice_observations_worker_idx ON practice_observations (worker_id, observed_on);
    CREATE INDEX practice_observations_team_idx ON practice_observations (team_id, observed_on);
    CREATE INDEX practice_observations_observer_idx ON practice_observations (observer_id);
    CREATE INDEX practice_observations_child_idx ON practice_observations (child_id) WHERE child_id IS NOT NULL;

    CREATE TABLE feedback_invitations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      token_hash text NOT NULL UNIQUE,
      team_id uuid NOT NULL REFERENCES teams(id),
      child_id uuid REFERENCES people(id),
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      emailed_to text CHECK (length(emailed_to) BETWEEN 3 AND 254),
      used_at timestamptz,
      CHECK (expires_at > created_at)
    );
    CREATE INDEX feedback_invitations_team_idx ON feedback_invitations (team_id, created_at);
    CREATE INDEX feedback_invitations_creator_idx ON feedback_invitations (created_by, created_at);

    CREATE TABLE feedback_responses (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      invitation_id uuid NOT NULL UNIQUE REFERENCES feedback_invitations(id),
      team_id uuid NOT NULL REFERENCES teams(id),
      respondent text NOT NULL CHECK (respondent IN ('child', 'parent_carer', 'family', 'partner_agency')),
      agency_type text CHECK (agency_type IN ('health', 'education', 'police', 'probation', 'housing', 'voluntary', 'other')),
      listened integer NOT NULL CHECK (listened BETWEEN 1 AND 5),
      things_better text NOT NULL CHECK (things_better IN ('yes', 'a_little', 'no', 'too_early')),
      went_well text CHECK (length(went_well) BETWEEN 1 AND 2000),
      could_be_better text CHECK (length(could_be_better) BETWEEN 1 AND 2000),
      received_at timestamptz NOT NULL,
      CHECK ((respondent = 'partner_agency') = (agency_type IS NOT NULL))
    );
    CREATE INDEX feedback_responses_team_idx ON feedback_responses (team_id, received_at);

    CREATE TABLE compliments_complaints (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('compliment', 'complaint')),
      team_id uuid NOT NULL REFERENCES teams(id),
      received_on date NOT NULL,
      from_category text NOT NULL CHECK (from_category IN ('child', 'parent_carer', 'family', 'partner_agency', 'other')),
      summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 2000),
      stage integer CHECK (stage BETWEEN 1 AND 3),
      follows_id uuid UNIQUE REFERENCES compliments_complaints(id),
      extended boolean NOT NULL DEFAULT false,
      response_due date,
      responded_on date,
      outcome text CHECK (outcome IN ('upheld', 'partly_upheld', 'not_upheld')),
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL,
      CHECK ((kind = 'complaint') = (stage IS NOT NULL AND response_due IS NOT NULL)),
      CHECK (kind = 'complaint' OR (responded_on IS NULL AND outcome IS NULL AND follows_id IS NULL AND NOT extended)),
      CHECK ((responded_on IS NULL) = (outcome IS NULL)),
      CHECK (responded_on IS NULL OR responded_on >= received_on)
    );
    CREATE INDEX compliments_complaints_team_idx ON compliments_complaints (team_id, received_on);
  `.execute(db);
}
