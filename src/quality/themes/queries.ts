import type { Db } from '../../db/database.ts';
import type { AuditQuestion } from '../../db/schema.ts';
import { addDays } from '../../platform/calendar/dates.ts';

/** Teams in scope: null is the whole council; an empty list is nobody's. */
type Teams = readonly string[] | null;

/** Submitted audits of the months from `from` to `to`, of children in these teams. No child is selected. */
export async function submittedAudits(db: Db, teamIds: Teams, from: string, to: string) {
  if (teamIds && teamIds.length === 0) return [];
  let query = db
    .selectFrom('case_audits')
    .select(['month', 'tool_id', 'answers', 'overall_grade', 'settled_grade'])
    .where('submitted_at', 'is not', null)
    .where('month', '>=', from)
    .where('month', '<=', to);
  if (teamIds) query = query.where('team_id', 'in', [...teamIds]);
  return query.execute();
}

/** Every version of the audit tool's questions, by the version's id. */
export async function toolQuestions(db: Db): Promise<Map<string, AuditQuestion[]>> {
  const rows = await db.selectFrom('audit_tools').select(['id', 'questions']).execute();
  return new Map(rows.map((r) => [r.id, r.questions]));
}

/** Learning actions falling due in the period, from audits of these teams' children. */
export async function actionsDue(db: Db, teamIds: Teams, from: string, to: string) {
  if (teamIds && teamIds.length === 0) return [];
  let query = db
    .selectFrom('learning_actions')
    .innerJoin('case_audits', 'case_audits.id', 'learning_actions.audit_id')
    .select(['learning_actions.due_date', 'learning_actions.done_on'])
    .where('learning_actions.due_date', '>=', from)
    .where('learning_actions.due_date', '<=', to);
  if (teamIds) query = query.where('case_audits.team_id', 'in', [...teamIds]);
  return query.execute();
}

/** Observations of practice in the period by workers of these teams (their team on the day). */
export async function observationGradesIn(db: Db, teamIds: Teams, from: string, to: string) {
  if (teamIds && teamIds.length === 0) return [];
  let query = db.selectFrom('practice_observations').select(['observed_on', 'grade']).where('observed_on', '>=', from).where('observed_on', '<=', to);
  if (teamIds) query = query.where('team_id', 'in', [...teamIds]);
  return query.execute();
}

/** Feedback answers received in the period about these teams, dated by the day they arrived (UTC). Never their words. */
export async function feedbackAnswers(db: Db, teamIds: Teams, from: string, to: string) {
  if (teamIds && teamIds.length === 0) return [];
  let query = db
    .selectFrom('feedback_responses')
    .select(['received_at', 'listened', 'things_better', 'respondent'])
    .where('received_at', '>=', new Date(`${from}T00:00:00Z`))
    .where('received_at', '<', new Date(`${addDays(to, 1)}T00:00:00Z`));
  if (teamIds) query = query.where('team_id', 'in', [...teamIds]);
  const rows = await query.execute();
  return rows.map((r) => ({ received_on: r.received_at.toISOString().slice(0, 10), listened: r.listened, things_better: r.things_better, respondent: r.respondent }));
}

/** Compliments and complaints received in the period by these teams; a complaint's later stages are not counted again. */
export async function complimentsAndComplaints(db: Db, teamIds: Teams, from: string, to: string) {
  if (teamIds && teamIds.length === 0) return [];
  let query = db
    .selectFrom('compliments_complaints')
    .select(['received_on', 'kind'])
    .where('follows_id', 'is', null)
    .where('received_on', '>=', from)
    .where('received_on', '<=', to);
  if (teamIds) query = query.where('team_id', 'in', [...teamIds]);
  return query.execute();
}


/** Learning actions that point at a course, with the grades of the audit they came from. */
export function actionsWithCourses(db: Db) {
  return db
    .selectFrom('learning_actions')
    .innerJoin('case_audits', 'case_audits.id', 'learning_actions.audit_id')
    .select(['learning_actions.course_id', 'case_audits.tool_id', 'case_audits.answers'])
    .where('learning_actions.course_id', 'is not', null)
    .execute();
}
