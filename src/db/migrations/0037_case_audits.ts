import { sql, type Kysely } from 'kysely';

/**
 * Case audits: the council's audit tool, the month's audits chosen from a
 * sample, the worker's and manager's reflections on them, the learning
 * actions that come out of them, and the moderation of a share of them.
 *
 * `audit_tools` is versioned like the weighting model: a change inserts the
 * next version, never rewrites one, and each audit keeps the version it was
 * done with. `questions` holds [{ key, area, text }]. Version 1 is the
 * council's starting tool, seeded here.
 *
 * `case_audits` holds one child's audit in a month: who audits it by when,
 * the access grant that opens the record to the auditor, their grades
 * (`answers`: { key: { grade, comment } }) and overall grade with reasons,
 * and, when picked for moderation, the second auditor's grades kept apart
 * and the settled grade where the two disagree.
 */
const GRADES = `('outstanding', 'good', 'requires_improvement', 'inadequate')`;

const STARTING_TOOL = [
  ['child_voice', 'The child’s wishes, feelings and experiences are recorded in their own words, and the work shows they were listened to.'],
  ['child_voice', 'The child is seen, and seen alone when that suits their age and wishes, and direct work helps them say what matters to them.'],
  ['assessment', 'The assessment is up to date, draws on the family’s history and on what other agencies know, and weighs risks against strengths.'],
  ['assessment', 'The child’s identity, culture, language and any disability are understood and shape the work.'],
  ['planning', 'The plan says what must change, who does what and by when, in words the family can follow.'],
  ['planning', 'The plan is reviewed in time and changes when the child’s circumstances change.'],
  ['management_oversight', 'Managers’ decisions and directions are on the record at the key points, with their reasons.'],
  ['supervision', 'Supervision of the case is regular and reflective, and its actions are followed through.'],
  ['visits_timeliness', 'Visits happen when they are due, and their purpose and what was found are recorded.'],
  ['visits_timeliness', 'Statutory timescales for assessments, conferences and reviews are met, or the delay is explained.'],
  ['impact', 'The child’s circumstances are better because of the work, and the record shows how.'],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE audit_tools (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      version integer NOT NULL UNIQUE CHECK (version >= 1),
      questions jsonb NOT NULL,
      note text CHECK (note IS NULL OR length(note) <= 1000),
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE case_audits (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      month date NOT NULL CHECK (extract(day FROM month) = 1),
      sample text NOT NULL CHECK (sample IN ('random', 'neglect', 'far_away', 'care_leavers')),
      child_id uuid NOT NULL REFERENCES people(id),
      team_id uuid NOT NULL REFERENCES teams(id),
      worker_id uuid REFERENCES users(id),
      auditor_id uuid NOT NULL REFERENCES users(id),
      due_date date NOT NULL CHECK (due_date >= month),
      tool_id uuid NOT NULL REFERENCES audit_tools(id),
      grant_id uuid REFERENCES access_grants(id),
      assigned_by uuid NOT NULL REFERENCES users(id),
      assigned_at timestamptz NOT NULL,
      answers jsonb NOT NULL DEFAULT '{}',
      overall_grade text CHECK (overall_grade IN ${sql.raw(GRADES)}),
      overall_reasons text CHECK (overall_reasons IS NULL OR length(overall_reasons) <= 4000),
      submitted_at timestamptz,
      moderation_chosen boolean NOT NULL DEFAULT false,
      moderator_id uuid REFERENCES users(id),
      moderator_grant_id uuid REFERENCES access_grants(id),
      moderation_answers jsonb NOT NULL DEFAULT '{}',
      moderation_overall text CHECK (moderation_overall IN ${sql.raw(GRADES)}),
      moderation_reasons text CHECK (moderation_reasons IS NULL OR length(moderation_reasons) <= 4000),
      moderated_at timestamptz,
      settled_grade text CHECK (settled_grade IN ${sql.raw(GRADES)}),
      settled_reason text CHECK (settled_reason IS NULL OR length(settled_reason) <= 2000),
      settled_by uuid REFERENCES users(id),
      settled_at timestamptz,
      CHECK (auditor_id IS DISTINCT FROM moderator_id),
      UNIQUE (month, child_id)
    );
    CREATE INDEX case_audits_auditor_idx ON case_audits (auditor_id, submitted_at);
    CREATE INDEX case_audits_team_idx ON case_audits (team_id, month);
    CREATE INDEX case_audits_child_idx ON case_audits (child_id);

    CREATE TABLE case_audit_reflections (
      audit_id uuid NOT NULL REFERENCES case_audits(id),
      role text NOT NULL CHECK (role IN ('worker', 'manager')),
      user_id uuid NOT NULL REFERENCES users(id),
      agrees boolean NOT NULL,
      why text NOT NULL CHECK (length(why) BETWEEN 1 AND 2000),
      recorded_at timestamptz NOT NULL,
      PRIMARY KEY (audit_id, role)
    );

    CREATE TABLE learning_actions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      audit_id uuid NOT NULL REFERENCES case_audits(id),
      description text NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
      owner_id uuid NOT NULL REFERENCES users(id),
      due_date date NOT NULL,
      course_id uuid REFERENCES training_courses(id),
      done_on date,
      done_note text CHECK (done_note IS NULL OR length(done_note) <= 2000),
      set_by uuid NOT NULL REFERENCES users(id),
      set_at timestamptz NOT NULL,
      CHECK ((done_on IS NULL) = (done_note IS NULL))
    );
    CREATE INDEX learning_actions_owner_idx ON learning_actions (owner_id, done_on);
    CREATE INDEX learning_actions_audit_idx ON learning_actions (audit_id);
  `.execute(db);
  const counts = new Map<string, number>();
  const questions = STARTING_TOOL.map(([area, text]) => {
    const n = (counts.get(area) ?? 0) + 1;
    counts.set(area, n);
    return { key: `${area}-${n}`, area, text };
  });
  await sql`INSERT INTO audit_tools (version, questions, note) VALUES (1, ${JSON.stringify(questions)}::jsonb, 'The council’s starting audit tool.')`.execute(db);
}
