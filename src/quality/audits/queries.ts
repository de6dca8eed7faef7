import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { AuditAnswers, AuditGrade, AuditQuestion, AuditSample } from '../../db/schema.ts';
import { addDays } from '../../platform/calendar/dates.ts';
import { AUDITOR_ROLES } from './rules.ts';

// ---- the tool

export function currentTool(db: Db) {
  return db.selectFrom('audit_tools').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirstOrThrow();
}

export function toolVersions(db: Db) {
  return db
    .selectFrom('audit_tools')
    .leftJoin('users', 'users.id', 'audit_tools.created_by')
    .select(['audit_tools.id', 'audit_tools.version', 'audit_tools.note', 'audit_tools.created_at', 'users.name as created_by_name'])
    .orderBy('audit_tools.version', 'desc')
    .execute();
}

export function findToolById(db: Db, id: string) {
  return db.selectFrom('audit_tools').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The next version; the table lock keeps two changes at once from taking the same number. */
export async function insertToolVersion(db: Db, questions: AuditQuestion[], note: string | null, by: string): Promise<{ id: string; version: number }> {
  await sql`LOCK TABLE audit_tools IN EXCLUSIVE MODE`.execute(db);
  const { max } = await db.selectFrom('audit_tools').select((eb) => eb.fn.max('version').as('max')).executeTakeFirstOrThrow();
  const version = Number(max ?? 0) + 1;
  const row = await db.insertInto('audit_tools').values({ version, questions: JSON.stringify(questions), note, created_by: by }).returning('id').executeTakeFirstOrThrow();
  return { id: row.id, version };
}

// ---- the programme

export interface SampleCandidate {
  childId: string;
  teamId: string;
  workerId: string | null;
  laChildId: string | null;
  childName: string;
  teamName: string;
  serviceId: string;
}

/**
 * The children a sample draws from: those held by a team now (their case
 * lead), in the viewer's service when given, matching the theme. Restricted
 * children are never sampled: an auditor not named on the record could not
 * open it.
 */
export async function sampleCandidates(db: Db, sample: AuditSample, serviceId: string | null): Promise<SampleCandidate[]> {
  let query = db
    .selectFrom('case_leads')
    .innerJoin('people', 'people.id', 'case_leads.child_id')
    .innerJoin('teams', 'teams.id', 'case_leads.team_id')
    .select([
      'case_leads.child_id as childId',
      'case_leads.team_id as teamId',
      'case_leads.worker_id as workerId',
      'people.la_child_id as laChildId',
      sql<string>`people.forename || ' ' || people.surname`.as('childName'),
      'teams.name as teamName',
      'teams.service_id as serviceId',
    ])
    .where('people.restricted', '=', false)
    .where('people.is_child', '=', true)
    .where('people.date_of_death', 'is', null);
  if (serviceId) query = query.where('teams.service_id', '=', serviceId);
  if (sample === 'neglect') {
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('cp_plans').select(sql`1`.as('one')).whereRef('cp_plans.child_id', '=', 'people.id').where('cp_plans.end_date', 'is', null).where('cp_plans.latest_category', '=', 'NEG')),
    );
  } else if (sample === 'far_away') {
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('care_episodes').select(sql`1`.as('one')).whereRef('care_episodes.child_id', '=', 'people.id').where('care_episodes.end_date', 'is', null).where('care_episodes.placement_distance_miles', '>', 20)),
    );
  } else if (sample === 'care_leavers') {
    query = query.where((eb) => eb.exists(eb.selectFrom('care_leavers').select(sql`1`.as('one')).whereRef('care_leavers.child_id', '=', 'people.id')));
  }
  return query.orderBy('case_leads.child_id').execute();
}

export async function childrenAuditedIn(db: Db, month: string): Promise<Set<string>> {
  const rows = await db.selectFrom('case_audits').select('child_id').where('month', '=', month).execute();
  return new Set(rows.map((r) => r.child_id));
}

/** The managers who may be asked to audit, with their team and service. */
export function auditorChoices(db: Db) {
  return db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select(['users.id', 'users.name', 'users.role', 'users.team_id as teamId', sql<string | null>`coalesce(users.service_id, teams.service_id)`.as('serviceId'), 'teams.name as teamName'])
    .where('users.role', 'in', [...AUDITOR_ROLES])
    .where('users.disabled_at', 'is', null)
    .orderBy('users.name')
    .execute();
}

export interface NewAudit {
  month: string;
  sample: AuditSample;
  childId: string;
  teamId: string;
  workerId: string | null;
  auditorId: string;
  dueDate: string;
  toolId: string;
  assignedBy: string;
  assignedAt: Date;
}

export async function insertAudit(db: Db, a: NewAudit): Promise<string> {
  const row = await db
    .insertInto('case_audits')
    .values({ month: a.month, sample: a.sample, child_id: a.childId, team_id: a.teamId, worker_id: a.workerId, auditor_id: a.auditorId, due_date: a.dueDate, tool_id: a.toolId, assigned_by: a.assignedBy, assigned_at: a.assignedAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertAuditGrant(db: Db, g: { userId: string; childId: string; reason: string; at: Date; expiresAt: Date; approvedBy: string }): Promise<string> {
  // The grant is approved by the manager who assigned the audit, so it does not wait in anyone's access reviews.
  const row = await db
    .insertInto('access_grants')
    .values({ user_id: g.userId, child_id: g.childId, reason: g.reason, granted_at: g.at, expires_at: g.expiresAt, reviewer_id: g.approvedBy, reviewed_by: g.approvedBy, reviewed_at: g.at, review_outcome: 'appropriate', review_note: 'Assigned for a case audit' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function endGrant(db: Db, grantId: string | null, at: Date): Promise<void> {
  if (!grantId) return;
  // A grant ends no earlier than a second after it began: the table holds every grant to a positive length.
  await db
    .updateTable('access_grants')
    .set({ expires_at: sql<Date>`greatest(${at}::timestamptz, granted_at + interval '1 second')` })
    .where('id', '=', grantId)
    .where('expires_at', '>', at)
    .execute();
}

export async function setGrant(db: Db, auditId: string, column: 'grant_id' | 'moderator_grant_id', grantId: string): Promise<void> {
  await db.updateTable('case_audits').set({ [column]: grantId }).where('id', '=', auditId).execute();
}

// ---- audits

function auditQuery(db: Db) {
  return db
    .selectFrom('case_audits as a')
    .innerJoin('people', 'people.id', 'a.child_id')
    .innerJoin('teams', 'teams.id', 'a.team_id')
    .innerJoin('users as auditor', 'auditor.id', 'a.auditor_id')
    .leftJoin('users as worker', 'worker.id', 'a.worker_id')
    .leftJoin('users as moderator', 'moderator.id', 'a.moderator_id')
    .selectAll('a')
    .select([
      'people.la_child_id',
      'people.restricted',
      sql<string>`people.forename || ' ' || people.surname`.as('child_name'),
      'teams.name as team_name',
      'teams.service_id',
      'auditor.name as auditor_name',
      'worker.name as worker_name',
      'worker.line_manager_id as worker_line_manager_id',
      'moderator.name as moderator_name',
    ]);
}

export function findAudit(db: Db, id: string, options: { lock?: boolean } = {}) {
  const query = auditQuery(db).where('a.id', '=', id);
  return (options.lock ? query.forUpdate('a') : query).executeTakeFirst();
}

export type AuditRow = NonNullable<Awaited<ReturnType<typeof findAudit>>>;

/** A month's audits, for the council or one service; restricted children are not listed to anyone not named. */
export function listMonthAudits(db: Db, month: string, serviceId: string | null, viewerId: string) {
  let query = auditQuery(db).where('a.month', '=', month);
  if (serviceId) query = query.where('teams.service_id', '=', serviceId);
  return query
    .where((eb) => eb.or([eb('people.restricted', '=', false), eb.exists(eb.selectFrom('restricted_access').select(sql`1`.as('one')).whereRef('restricted_access.child_id', '=', 'a.child_id').where('restricted_access.user_id', '=', viewerId))]))
    .orderBy('teams.name')
    .orderBy('people.surname')
    .execute();
}

/** The audits a person is asked to do or moderate, not yet done. */
export function listMyAuditWork(db: Db, userId: string) {
  return auditQuery(db)
    .where((eb) => eb.or([eb.and([eb('a.auditor_id', '=', userId), eb('a.submitted_at', 'is', null)]), eb.and([eb('a.moderator_id', '=', userId), eb('a.moderated_at', 'is', null)])]))
    .orderBy('a.due_date')
    .execute();
}

export async function saveAnswers(db: Db, id: string, v: { answers: AuditAnswers; overall: AuditGrade | null; reasons: string | null; submittedAt: Date | null; moderationChosen: boolean }) {
  await db
    .updateTable('case_audits')
    .set({ answers: JSON.stringify(v.answers), overall_grade: v.overall, overall_reasons: v.reasons, submitted_at: v.submittedAt, moderation_chosen: v.moderationChosen })
    .where('id', '=', id)
    .execute();
}

export async function saveModeration(db: Db, id: string, v: { answers: AuditAnswers; overall: AuditGrade | null; reasons: string | null; moderatedAt: Date | null }) {
  await db
    .updateTable('case_audits')
    .set({ moderation_answers: JSON.stringify(v.answers), moderation_overall: v.overall, moderation_reasons: v.reasons, moderated_at: v.moderatedAt })
    .where('id', '=', id)
    .execute();
}

export async function setModerator(db: Db, id: string, moderatorId: string): Promise<void> {
  await db.updateTable('case_audits').set({ moderator_id: moderatorId }).where('id', '=', id).execute();
}

export async function settle(db: Db, id: string, v: { grade: AuditGrade; reason: string; by: string; at: Date }): Promise<void> {
  await db.updateTable('case_audits').set({ settled_grade: v.grade, settled_reason: v.reason, settled_by: v.by, settled_at: v.at }).where('id', '=', id).execute();
}

// ---- reflections

export function reflectionsOf(db: Db, auditId: string) {
  return db
    .selectFrom('case_audit_reflections')
    .innerJoin('users', 'users.id', 'case_audit_reflections.user_id')
    .selectAll('case_audit_reflections')
    .select('users.name as user_name')
    .where('audit_id', '=', auditId)
    .orderBy('role', 'desc')
    .execute();
}

export async function upsertReflection(db: Db, r: { auditId: string; role: 'worker' | 'manager'; userId: string; agrees: boolean; why: string; at: Date }) {
  await db
    .insertInto('case_audit_reflections')
    .values({ audit_id: r.auditId, role: r.role, user_id: r.userId, agrees: r.agrees, why: r.why, recorded_at: r.at })
    .onConflict((oc) => oc.columns(['audit_id', 'role']).doUpdateSet({ user_id: r.userId, agrees: r.agrees, why: r.why, recorded_at: r.at }))
    .execute();
}

/** The team manager(s) of a team: "the manager" who reflects on an audit of the team's child. */
export async function teamManagerIds(db: Db, teamId: string): Promise<string[]> {
  const rows = await db.selectFrom('users').select('id').where('team_id', '=', teamId).where('role', '=', 'team_manager').where('disabled_at', 'is', null).execute();
  return rows.map((r) => r.id);
}

/**
 * Submitted audits graded inadequate (as they stand) whose manager has not
 * yet reflected and set a learning action: the prompt on a manager's home page.
 */
export function inadequateAwaiting(db: Db, manager: { id: string; teamId: string | null }) {
  return db
    .selectFrom('case_audits as a')
    .leftJoin('users as worker', 'worker.id', 'a.worker_id')
    .select(['a.id', 'a.month'])
    .where('a.submitted_at', 'is not', null)
    .where(sql<boolean>`coalesce(a.settled_grade, a.overall_grade) = 'inadequate'`)
    .where((eb) => eb.or([eb('worker.line_manager_id', '=', manager.id), ...(manager.teamId ? [eb('a.team_id', '=', manager.teamId)] : [])]))
    .where((eb) =>
      eb.or([
        eb.not(eb.exists(eb.selectFrom('case_audit_reflections as r').select(sql`1`.as('one')).whereRef('r.audit_id', '=', 'a.id').where('r.role', '=', 'manager'))),
        eb.not(eb.exists(eb.selectFrom('learning_actions as l').select(sql`1`.as('one')).whereRef('l.audit_id', '=', 'a.id'))),
      ]),
    )
    .orderBy('a.month')
    .execute();
}

// ---- learning actions

function actionQuery(db: Db) {
  return db
    .selectFrom('learning_actions as l')
    .innerJoin('users as owner', 'owner.id', 'l.owner_id')
    .innerJoin('case_audits as a', 'a.id', 'l.audit_id')
    .innerJoin('people', 'people.id', 'a.child_id')
    .leftJoin('training_courses as c', 'c.id', 'l.course_id')
    .selectAll('l')
    .select(['owner.name as owner_name', 'owner.team_id as owner_team_id', 'a.month', 'a.team_id', 'people.restricted', 'c.name as course_name']);
}

export function actionsOfAudit(db: Db, auditId: string) {
  return actionQuery(db).where('l.audit_id', '=', auditId).orderBy('l.due_date').execute();
}

/** Learning actions owned by these people or set on audits of these teams, open first. */
export function listActions(db: Db, scope: { ownerId: string; teamIds: string[] }) {
  return actionQuery(db)
    .where((eb) => eb.or([eb('l.owner_id', '=', scope.ownerId), ...(scope.teamIds.length ? [eb('a.team_id', 'in', scope.teamIds), eb('owner.team_id', 'in', scope.teamIds)] : [])]))
    .orderBy(sql`l.done_on IS NOT NULL`)
    .orderBy('l.due_date')
    .limit(500)
    .execute();
}

export function findAction(db: Db, id: string) {
  return actionQuery(db).where('l.id', '=', id).executeTakeFirst();
}

export async function insertAction(db: Db, a: { auditId: string; description: string; ownerId: string; dueDate: string; courseId: string | null; by: string; at: Date }): Promise<string> {
  const row = await db
    .insertInto('learning_actions')
    .values({ audit_id: a.auditId, description: a.description, owner_id: a.ownerId, due_date: a.dueDate, course_id: a.courseId, set_by: a.by, set_at: a.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function markActionDone(db: Db, id: string, doneOn: string, note: string): Promise<boolean> {
  const r = await db.updateTable('learning_actions').set({ done_on: doneOn, done_note: note }).where('id', '=', id).where('done_on', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function teamIdsOfService(db: Db, serviceId: string) {
  return db.selectFrom('teams').select('id').where('service_id', '=', serviceId).execute();
}

/** Staff who may own a learning action: everyone active who reads case records. */
export function actionOwnerChoices(db: Db) {
  return db.selectFrom('users').select(['id', 'name', 'role']).where('disabled_at', 'is', null).where('role', '!=', 'system_admin').orderBy('name').execute();
}

// ---- the record's facts beside the questions

export async function recordFacts(db: Db, childId: string, workerId: string | null, today: string) {
  const yearAgo = addDays(today, -365);
  const [visits, due, supervisions, figures, workers] = await Promise.all([
    db.selectFrom('visits').select(['visit_date', 'child_seen', 'seen_alone']).where('child_id', '=', childId).where('visit_date', '<=', today).orderBy('visit_date', 'desc').limit(4).execute(),
    db
      .selectFrom('due_items')
      .select(['kind', 'due_date', 'status'])
      .where('child_id', '=', childId)
      .where('kind', 'in', ['cla_visit', 'cp_visit', 'cin_visit'])
      .orderBy('due_date')
      .limit(1)
      .executeTakeFirst(),
    workerId ? db.selectFrom('supervisions').select(['held_on', 'kind']).where('worker_id', '=', workerId).where('held_on', '<=', today).orderBy('held_on', 'desc').limit(3).execute() : Promise.resolve([]),
    workerId
      ? db.selectFrom('worker_figures').select(['as_at', 'children', 'points', 'capacity_percent']).where('worker_id', '=', workerId).where('as_at', '<=', today).orderBy('as_at', 'desc').limit(1).executeTakeFirst()
      : Promise.resolve(undefined),
    db
      .selectFrom('allocations')
      .select((eb) => eb.fn.count<string>('worker_id').distinct().as('count'))
      .where('child_id', '=', childId)
      .where('role', '=', 'lead')
      .where('start_date', '<=', today)
      .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>', yearAgo)]))
      .executeTakeFirstOrThrow(),
  ]);
  return { visits, due: due ?? null, supervisions, figures: figures ?? null, workersInYear: Number(workers.count) };
}
