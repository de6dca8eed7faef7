import { sql, type Kysely } from 'kysely';

/**
 * Direct work with children: the council's library of toolkits, and the
 * sessions workers record with a child using one of them.
 *
 * `direct_work_tools` is the library: each tool's name, kind, purpose, the
 * ages it suits, the needs it suits, the worker's guidance and, optionally,
 * the course in the learning catalogue a worker should have done first. A
 * tool is retired (it leaves the choices for new sessions), never deleted,
 * so every session keeps the tool it used.
 *
 * `direct_work_sessions` holds a session on a child's record: the date, the
 * tool, who took part, the child's words as they said them (kept apart from
 * the worker's analysis), the analysis and what changed as a result.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE direct_work_tools (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
      kind text NOT NULL CHECK (kind IN ('communication', 'digital', 'neglect')),
      purpose text NOT NULL CHECK (length(purpose) BETWEEN 1 AND 1000),
      age_from integer NOT NULL CHECK (age_from BETWEEN 0 AND 25),
      age_to integer NOT NULL CHECK (age_to BETWEEN 0 AND 25),
      suits_needs text NOT NULL CHECK (length(suits_needs) BETWEEN 1 AND 1000),
      guidance text NOT NULL CHECK (length(guidance) BETWEEN 1 AND 4000),
      course_id uuid REFERENCES training_courses(id),
      retired_on date,
      CHECK (age_from <= age_to)
    );

    CREATE TABLE direct_work_sessions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      session_date date NOT NULL,
      tool_id uuid NOT NULL REFERENCES direct_work_tools(id),
      took_part text NOT NULL CHECK (length(took_part) BETWEEN 1 AND 500),
      childs_words text NOT NULL CHECK (length(childs_words) BETWEEN 1 AND 4000),
      analysis text NOT NULL CHECK (length(analysis) BETWEEN 1 AND 4000),
      what_changed text NOT NULL CHECK (length(what_changed) BETWEEN 1 AND 2000),
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL
    );
    CREATE INDEX direct_work_sessions_child_idx ON direct_work_sessions (child_id, session_date);
    CREATE INDEX direct_work_sessions_date_idx ON direct_work_sessions (session_date, tool_id);
    CREATE INDEX direct_work_sessions_tool_idx ON direct_work_sessions (tool_id);
  `.execute(db);
}
