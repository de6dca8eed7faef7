import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { anyOf } from '../../platform/db/any-of.ts';
import type { Role, SupervisionsTable } from '../../db/schema.ts';
import { isUuid } from '../../platform/access/policy.ts';
import { STAFF_COLUMNS } from '../../platform/access/staff.ts';

export async function findSupervisionSettingsRow(db: Db) {
  return db.selectFrom('supervision_settings').select(['settings', 'updated_at']).where('id', '=', 1).executeTakeFirst();
}

export async function saveSupervisionSettings(db: Db, settings: unknown, by: string) {
  await db
    .insertInto('supervision_settings')
    .values({ id: 1, settings: JSON.stringify(settings), updated_by: by })
    .onConflict((oc) => oc.column('id').doUpdateSet({ settings: JSON.stringify(settings), updated_by: by, updated_at: new Date() }))
    .execute();
}

/** A member of staff with where they sit; undefined for an unknown id. */
export async function findStaffMember(db: Db, userId: string) {
  if (!isUuid(userId)) return undefined;
  return db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .leftJoin('staff_records', 'staff_records.user_id', 'users.id')
    .select([
      ...STAFF_COLUMNS,
      'users.team_id',
      'users.line_manager_id',
      'users.disabled_at',
      'teams.name as team_name',
      sql<string | null>`coalesce(teams.service_id, users.service_id)`.as('service_id'),
      'staff_records.start_in_role',
      'staff_records.left_on',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
}

/** The worker's line managers, nearest first (a loop in the data stops the walk). */
export async function managementChain(db: Db, userId: string): Promise<string[]> {
  const result = await sql<{ id: string; depth: number }>`
    WITH RECURSIVE chain(id, depth, path) AS (
      SELECT line_manager_id, 1, ARRAY[id] FROM users WHERE id = ${userId} AND line_manager_id IS NOT NULL
      UNION ALL
      SELECT u.line_manager_id, c.depth + 1, c.path || u.id
      FROM users u JOIN chain c ON u.id = c.id
      WHERE u.line_manager_id IS NOT NULL AND NOT u.line_manager_id = ANY(c.path) AND c.depth < 20
    )
    SELECT id, depth FROM chain ORDER BY depth`.execute(db);
  return result.rows.map((r) => r.id);
}

/** Everyone below a manager in the line, at any depth (callers keep only those still in post). */
export async function reportsBelow(db: Db, managerId: string): Promise<string[]> {
  const result = await sql<{ id: string }>`
    WITH RECURSIVE below(id) AS (
      SELECT id FROM users WHERE line_manager_id = ${managerId} AND id <> ${managerId}
      UNION
      SELECT u.id FROM users u JOIN below b ON u.line_manager_id = b.id
    )
    SELECT id FROM below`.execute(db);
  return result.rows.map((r) => r.id);
}

export interface SuperviseeRow {
  id: string;
  name: string;
  role: Role;
  asye_started_on: string | null;
  line_manager_id: string | null;
  line_manager_name: string | null;
  team_id: string | null;
  team_name: string | null;
  start_in_role: string | null;
  last_held_on: string | null;
}

/** Staff in post whose supervision is monitored, with their last supervision. */
export async function findSupervisees(
  db: Db,
  scope: { ids?: readonly string[]; lineManagerId?: string; teamId?: string; serviceId?: string },
  roles: readonly Role[],
  asAt: string,
): Promise<SuperviseeRow[]> {
  if ((scope.ids && scope.ids.length === 0) || roles.length === 0) return [];
  let query = superviseesInPost(db, roles, asAt)
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .leftJoin('users as manager', 'manager.id', 'users.line_manager_id')
    .select(['users.name', 'users.line_manager_id', 'manager.name as line_manager_name', 'users.team_id', 'teams.name as team_name']);
  if (scope.ids) query = query.where('users.id', '=', anyOf(scope.ids));
  if (scope.lineManagerId) query = query.where('users.line_manager_id', '=', scope.lineManagerId);
  if (scope.teamId) query = query.where('users.team_id', '=', scope.teamId);
  if (scope.serviceId) query = query.where('teams.service_id', '=', scope.serviceId);
  return (await query.orderBy('users.name').execute()) as SuperviseeRow[];
}

/** Every member of staff in post whose supervision is monitored, with only what their next supervision is worked out from. */
export async function findAllSupervisionInputs(db: Db, roles: readonly Role[], asAt: string) {
  if (roles.length === 0) return [];
  return superviseesInPost(db, roles, asAt).execute();
}

function superviseesInPost(db: Db, roles: readonly Role[], asAt: string) {
  return db
    .selectFrom('users')
    .leftJoin('staff_records', 'staff_records.user_id', 'users.id')
    .select((eb) => [
      'users.id',
      'users.role',
      'users.asye_started_on',
      'staff_records.start_in_role',
      eb
        .selectFrom('supervisions')
        .select((s) => s.fn.max('supervisions.held_on').as('held'))
        .whereRef('supervisions.worker_id', '=', 'users.id')
        .where('supervisions.held_on', '<=', asAt)
        .as('last_held_on'),
    ])
    .where('users.disabled_at', 'is', null)
    .where((eb) => eb.or([eb('staff_records.left_on', 'is', null), eb('staff_records.left_on', '>', asAt)]))
    .where('users.role', 'in', roles as Role[]);
}

export async function listSupervisions(db: Db, workerId: string) {
  return db
    .selectFrom('supervisions')
    .innerJoin('users as supervisor', 'supervisor.id', 'supervisions.supervisor_id')
    .select([
      'supervisions.id',
      'supervisions.held_on',
      'supervisions.kind',
      'supervisions.wellbeing',
      'supervisions.workload_discussed',
      'supervisor.name as supervisor_name',
    ])
    .where('supervisions.worker_id', '=', workerId)
    .orderBy('supervisions.held_on', 'desc')
    .orderBy('supervisions.recorded_at', 'desc')
    .execute();
}

export async function findSupervision(db: Db, id: string) {
  if (!isUuid(id)) return undefined;
  return db
    .selectFrom('supervisions')
    .innerJoin('users as supervisor', 'supervisor.id', 'supervisions.supervisor_id')
    .innerJoin('users as worker', 'worker.id', 'supervisions.worker_id')
    .selectAll('supervisions')
    .select(['supervisor.name as supervisor_name', 'worker.name as worker_name'])
    .where('supervisions.id', '=', id)
    .executeTakeFirst();
}

export async function listActions(db: Db, supervisionIds: readonly string[]) {
  if (supervisionIds.length === 0) return [];
  return db
    .selectFrom('supervision_actions')
    .innerJoin('users as owner', 'owner.id', 'supervision_actions.owner_id')
    .select([
      'supervision_actions.id',
      'supervision_actions.supervision_id',
      'supervision_actions.description',
      'supervision_actions.owner_id',
      'supervision_actions.due_on',
      'supervision_actions.done_on',
      'owner.name as owner_name',
    ])
    .where('supervision_actions.supervision_id', '=', anyOf(supervisionIds))
    .orderBy('supervision_actions.due_on')
    .execute();
}

/** Open actions from a worker's supervisions. */
export async function listOpenActionsOfWorker(db: Db, workerId: string) {
  return db
    .selectFrom('supervision_actions')
    .innerJoin('supervisions', 'supervisions.id', 'supervision_actions.supervision_id')
    .innerJoin('users as owner', 'owner.id', 'supervision_actions.owner_id')
    .select(['supervision_actions.id', 'supervision_actions.supervision_id', 'supervision_actions.description', 'supervision_actions.due_on', 'owner.name as owner_name'])
    .where('supervisions.worker_id', '=', workerId)
    .where('supervision_actions.done_on', 'is', null)
    .orderBy('supervision_actions.due_on')
    .execute();
}

export async function findAction(db: Db, actionId: string) {
  if (!isUuid(actionId)) return undefined;
  return db
    .selectFrom('supervision_actions')
    .innerJoin('supervisions', 'supervisions.id', 'supervision_actions.supervision_id')
    .select(['supervision_actions.id', 'supervision_actions.owner_id', 'supervision_actions.done_on', 'supervisions.id as supervision_id', 'supervisions.worker_id', 'supervisions.supervisor_id'])
    .where('supervision_actions.id', '=', actionId)
    .forUpdate()
    .executeTakeFirst();
}

export async function markActionDone(db: Db, actionId: string, on: string) {
  await db.updateTable('supervision_actions').set({ done_on: on }).where('id', '=', actionId).where('done_on', 'is', null).execute();
}

export type NewSupervision = Omit<SupervisionsTable, 'id' | 'recorded_at'> & { recorded_at: Date };

export async function insertSupervision(db: Db, row: NewSupervision, actions: readonly { description: string; owner_id: string; due_on: string }[]) {
  const inserted = await db.insertInto('supervisions').values(row).returning('id').executeTakeFirstOrThrow();
  if (actions.length) {
    await db
      .insertInto('supervision_actions')
      .values(actions.map((a) => ({ ...a, supervision_id: inserted.id })))
      .execute();
  }
  return inserted.id;
}

/** The worker's snapshot figures on or before a day, for supervision held in the past. */
export async function findSnapshotOnOrBefore(db: Db, workerId: string, on: string) {
  return db
    .selectFrom('workload_snapshots')
    .select(['snapshot_date', 'children', 'points', 'capacity_percent'])
    .where('worker_id', '=', workerId)
    .where('snapshot_date', '<=', on)
    .orderBy('snapshot_date', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** People a supervision action may be given to: the worker, the supervisor, and the worker's line managers. */
export async function findNames(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('users').select(['id', 'name']).where('id', '=', anyOf(ids)).execute();
}

// ------------------------------------------------------- case oversight

export async function listCaseSupervisions(db: Db, childId: string) {
  return db
    .selectFrom('case_supervisions')
    .innerJoin('users as supervisor', 'supervisor.id', 'case_supervisions.supervisor_id')
    .leftJoin('users as worker', 'worker.id', 'case_supervisions.worker_id')
    .select([
      'case_supervisions.id',
      'case_supervisions.held_on',
      'case_supervisions.decision',
      'case_supervisions.direction',
      'supervisor.name as supervisor_name',
      'worker.name as worker_name',
    ])
    .where('case_supervisions.child_id', '=', childId)
    .orderBy('case_supervisions.held_on', 'desc')
    .orderBy('case_supervisions.recorded_at', 'desc')
    .execute();
}

export async function insertCaseSupervision(db: Db, row: {
  child_id: string;
  held_on: string;
  supervisor_id: string;
  worker_id: string | null;
  decision: string;
  direction: string;
  recorded_by: string;
  recorded_at: Date;
}) {
  return (await db.insertInto('case_supervisions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** The child's open case as oversight sees it: status, lead worker and when the case opened. */
export async function findOpenCase(db: Db, childId: string) {
  return db
    .selectFrom('child_status')
    .leftJoin('allocations', (join) =>
      join.onRef('allocations.child_id', '=', 'child_status.child_id').on('allocations.role', '=', 'lead').on('allocations.end_date', 'is', null),
    )
    .select(['child_status.status', 'child_status.referral_date', 'allocations.worker_id', 'allocations.start_date as allocated_on'])
    .where('child_status.child_id', '=', childId)
    .executeTakeFirst();
}

/**
 * Every open case led in a team, for oversight: the lead worker, status,
 * when the case opened and the last oversight. Counts only, never names, on
 * the team pages: restricted children count here as in workload figures.
 */
export async function findTeamOversight(db: Db, teamId: string) {
  return db
    .selectFrom('allocations')
    .innerJoin('child_status', 'child_status.child_id', 'allocations.child_id')
    .select((eb) => [
      'allocations.child_id',
      'allocations.worker_id',
      'allocations.start_date as allocated_on',
      'child_status.status',
      'child_status.referral_date',
      eb
        .selectFrom('case_supervisions')
        .select((s) => s.fn.max('case_supervisions.held_on').as('held'))
        .whereRef('case_supervisions.child_id', '=', 'allocations.child_id')
        .as('last_oversight_on'),
    ])
    .where('allocations.team_id', '=', teamId)
    .where('allocations.role', '=', 'lead')
    .where('allocations.end_date', 'is', null)
    .where('child_status.status', '!=', 'closed')
    .execute();
}

export async function findTeam(db: Db, teamId: string) {
  if (!isUuid(teamId)) return undefined;
  return db.selectFrom('teams').select(['id', 'name', 'service_id']).where('id', '=', teamId).executeTakeFirst();
}
