import { sql, type Kysely } from 'kysely';

/**
 * Supervision, workforce and learning: staff records (the HR side of a user,
 * kept apart from sign-in), absence, funded posts per team, one-to-one
 * supervision with agreed actions, management oversight on a child's record,
 * the supervision standards, and the training catalogue with attendance.
 * Census codes are the DfE children's social work workforce census codes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE staff_records (
      user_id uuid PRIMARY KEY REFERENCES users(id),
      grade text,
      employment_type text NOT NULL DEFAULT 'permanent' CHECK (employment_type IN ('permanent', 'agency', 'secondee')),
      contracted_hours numeric(4,1) CHECK (contracted_hours > 0 AND contracted_hours <= 48),
      start_in_role date,
      start_origin text CHECK (start_origin IN ('1','2','3','4','5','6','7','8','9','10')),
      swe_number text CHECK (swe_number ~ '^SW[0-9]{1,10}$'),
      left_on date,
      leaving_reason text CHECK (leaving_reason IN ('1','2','3','4','5','6','7','8','9','10')),
      leaving_destination text CHECK (leaving_destination IN ('1','2','3','4','5','6','7','8','9')),
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (left_on IS NULL OR start_in_role IS NULL OR left_on >= start_in_role),
      CHECK (left_on IS NOT NULL OR (leaving_reason IS NULL AND leaving_destination IS NULL))
    );
    CREATE UNIQUE INDEX staff_records_swe_idx ON staff_records (swe_number) WHERE swe_number IS NOT NULL;

    CREATE TABLE staff_absences (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id),
      reason text NOT NULL CHECK (reason IN ('MAT', 'OTH', 'PUB', 'SIC', 'TRN', 'UNA', 'UNP')),
      start_date date NOT NULL,
      end_date date,
      working_days_lost numeric(6,2) CHECK (working_days_lost >= 0),
      recorded_by uuid REFERENCES users(id),
      recorded_at timestamptz NOT NULL DEFAULT now(),
      CHECK (end_date IS NULL OR end_date >= start_date)
    );
    CREATE INDEX staff_absences_user_idx ON staff_absences (user_id, start_date);

    -- Funded posts (FTE) per team from a date until the next row's date.
    CREATE TABLE team_establishment (
      team_id uuid NOT NULL REFERENCES teams(id),
      effective_from date NOT NULL,
      funded_fte numeric(6,2) NOT NULL CHECK (funded_fte >= 0),
      recorded_by uuid REFERENCES users(id),
      recorded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (team_id, effective_from)
    );

    -- The supervision standards: one current row, changes audited; defaults live in the rules.
    CREATE TABLE supervision_settings (
      id integer PRIMARY KEY CHECK (id = 1),
      settings jsonb NOT NULL,
      updated_by uuid REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE supervisions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      worker_id uuid NOT NULL REFERENCES users(id),
      supervisor_id uuid NOT NULL REFERENCES users(id),
      held_on date NOT NULL,
      kind text NOT NULL CHECK (kind IN ('reflective', 'case', 'asye', 'group')),
      wellbeing text NOT NULL CHECK (wellbeing IN ('well', 'some_pressure', 'struggling', 'not_discussed')),
      workload_discussed boolean NOT NULL,
      -- The worker's caseload figures on the day, attached when it was recorded.
      workload_as_at date,
      workload_children integer,
      workload_points numeric(8,2),
      workload_capacity_percent numeric(7,1),
      summary text NOT NULL,
      private_reflection text,
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL,
      CHECK (worker_id <> supervisor_id)
    );
    CREATE INDEX supervisions_worker_idx ON supervisions (worker_id, held_on DESC);
    CREATE INDEX supervisions_supervisor_idx ON supervisions (supervisor_id, held_on DESC);

    CREATE TABLE supervision_actions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      supervision_id uuid NOT NULL REFERENCES supervisions(id),
      description text NOT NULL,
      owner_id uuid NOT NULL REFERENCES users(id),
      due_on date NOT NULL,
      done_on date
    );
    CREATE INDEX supervision_actions_supervision_idx ON supervision_actions (supervision_id);
    CREATE INDEX supervision_actions_owner_idx ON supervision_actions (owner_id) WHERE done_on IS NULL;

    -- Case supervision and management oversight recorded on a child's record.
    CREATE TABLE case_supervisions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      held_on date NOT NULL,
      supervisor_id uuid NOT NULL REFERENCES users(id),
      worker_id uuid REFERENCES users(id),
      decision text NOT NULL,
      direction text NOT NULL,
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL
    );
    CREATE INDEX case_supervisions_child_idx ON case_supervisions (child_id, held_on DESC);

    CREATE TABLE training_courses (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL UNIQUE,
      category text NOT NULL CHECK (category IN ('direct_work_toolkit', 'safeguarding', 'practice', 'management', 'other')),
      description text,
      -- Months before attendance must be renewed; null when it never expires.
      renewal_months integer CHECK (renewal_months > 0),
      active boolean NOT NULL DEFAULT true
    );

    CREATE TABLE training_requirements (
      course_id uuid NOT NULL REFERENCES training_courses(id),
      role text NOT NULL,
      PRIMARY KEY (course_id, role)
    );

    CREATE TABLE training_attendance (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id),
      course_id uuid NOT NULL REFERENCES training_courses(id),
      attended_on date NOT NULL,
      recorded_by uuid REFERENCES users(id),
      recorded_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX training_attendance_user_idx ON training_attendance (user_id, course_id, attended_on DESC);
  `.execute(db);
}
