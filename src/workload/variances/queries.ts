import { sql, type Expression, type ExpressionBuilder, type Insertable, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.ts';
import { anyOf } from '../../platform/db/any-of.ts';
import type { Database, VarianceActionsTable, VarianceKindColumn } from '../../db/schema.ts';
import type { Viewer } from '../../platform/access/policy.ts';

/**
 * A condition on `variances` that is true exactly for the variances `viewer`
 * may see: their own; their reports'; for a team manager or practice
 * supervisor, their team's; for a service manager, their service's; every
 * one for heads of service and performance analysts; and any variance whose
 * plan gives them an action. Either the team the variance opened in or the
 * worker's team now counts. Mirrors caseload/access.ts, in SQL.
 */
export function varianceVisibleTo(viewer: Viewer) {
  return (eb: ExpressionBuilder<Database, 'variances'>): Expression<SqlBool> => {
    if (viewer.role === 'head_of_service' || viewer.role === 'performance_analyst') return sql<boolean>`true`;
    if (viewer.role === 'system_admin') return sql<boolean>`false`;
    const workersWhere = (column: 'line_manager_id' | 'team_id', value: string) =>
      eb('variances.worker_id', 'in', eb.selectFrom('users').select('users.id').where(`users.${column}`, '=', value));
    const ways: Expression<SqlBool>[] = [
      eb('variances.worker_id', '=', viewer.id),
      workersWhere('line_manager_id', viewer.id),
      eb.exists(
        eb
          .selectFrom('variance_actions')
          .select(sql`1`.as('one'))
          .whereRef('variance_actions.variance_id', '=', 'variances.id')
          .where('variance_actions.owner_id', '=', viewer.id),
      ),
    ];
    if ((viewer.role === 'team_manager' || viewer.role === 'practice_supervisor') && viewer.teamId) {
      ways.push(eb('variances.team_id', '=', viewer.teamId), workersWhere('team_id', viewer.teamId));
    }
    if (viewer.role === 'service_manager' && viewer.serviceId) {
      const serviceTeams = eb.selectFrom('teams').select('teams.id').where('teams.service_id', '=', viewer.serviceId);
      ways.push(
        eb('variances.team_id', 'in', serviceTeams),
        eb('variances.worker_id', 'in', eb.selectFrom('users').select('users.id').where('users.team_id', 'in', serviceTeams)),
      );
    }
    return eb.or(ways);
  };
}

export interface RegisterFilters {
  state?: 'open' | 'closed';
  kind?: VarianceKindColumn;
  level?: 'amber' | 'red';
  teamId?: string;
  serviceId?: string;
  workerId?: string;
  overdue?: boolean;
  escalated?: boolean;
}

export const PAGE_SIZE = 50;

function registerQuery(db: Db, viewer: Viewer, filters: RegisterFilters, today: string) {
  let query = db
    .selectFrom('variances')
    .innerJoin('users as worker', 'worker.id', 'variances.worker_id')
    .leftJoin('teams as team', 'team.id', 'variances.team_id')
    .where(varianceVisibleTo(viewer));
  if (filters.state === 'open') query = query.where('variances.closed_at', 'is', null);
  if (filters.state === 'closed') query = query.where('variances.closed_at', 'is not', null);
  if (filters.kind) query = query.where('variances.kind', '=', filters.kind);
  if (filters.level) query = query.where((eb) => eb.fn.coalesce('variances.level', 'variances.peak_level'), '=', filters.level);
  if (filters.teamId) query = query.where('variances.team_id', '=', filters.teamId);
  if (filters.serviceId) query = query.where('team.service_id', '=', filters.serviceId);
  if (filters.workerId) query = query.where('variances.worker_id', '=', filters.workerId);
  if (filters.overdue) {
    query = query.where('variances.closed_at', 'is', null).where('variances.plan_recorded_at', 'is', null).where('variances.plan_due_on', '<', today);
  }
  if (filters.escalated) {
    query = query.where((eb) => eb.or([eb('variances.escalated_to_service_at', 'is not', null), eb('variances.escalated_to_head_at', 'is not', null)]));
  }
  return query;
}

/** One page of the register, newest first, and how many match. */
export async function listVariances(db: Db, viewer: Viewer, filters: RegisterFilters, today: string, page: number) {
  const base = registerQuery(db, viewer, filters, today);
  const [rows, count] = await Promise.all([
    base
      .select([
        'variances.id',
        'variances.worker_id',
        'worker.name as worker_name',
        'worker.disabled_at as worker_disabled_at',
        'team.name as team_name',
        'variances.kind',
        'variances.level',
        'variances.peak_level',
        'variances.opened_on',
        'variances.opened_trigger',
        'variances.plan_due_on',
        'variances.plan_recorded_at',
        'variances.escalated_to_service_at',
        'variances.escalated_to_head_at',
  'variances.escalated_to_director_at',
        'variances.escalated_to_director_at',
        'variances.closed_on',
        'variances.closed_trigger',
      ])
      .orderBy('variances.opened_at', 'desc')
      .orderBy('variances.id')
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** One variance the viewer may see, with where its worker sits now (for who may record a plan). */
export async function findVisibleVariance(db: Db, viewer: Viewer, id: string) {
  return db
    .selectFrom('variances')
    .innerJoin('users as worker', 'worker.id', 'variances.worker_id')
    .leftJoin('teams as worker_team', 'worker_team.id', 'worker.team_id')
    .leftJoin('teams as team', 'team.id', 'variances.team_id')
    .leftJoin('users as manager', 'manager.id', 'variances.manager_id')
    .selectAll('variances')
    .select([
      'worker.name as worker_name',
      'worker.team_id as worker_team_id',
      'worker_team.service_id as worker_service_id',
      'worker.line_manager_id as worker_line_manager_id',
      'worker.disabled_at as worker_disabled_at',
      'team.name as team_name',
      'team.service_id as service_id',
      'manager.name as manager_name',
    ])
    .where('variances.id', '=', id)
    .where(varianceVisibleTo(viewer))
    .executeTakeFirst();
}

export async function findVarianceEvents(db: Db, varianceId: string) {
  return db
    .selectFrom('variance_events')
    .leftJoin('users as actor', 'actor.id', 'variance_events.actor_id')
    .select(['variance_events.id', 'variance_events.occurred_at', 'variance_events.kind', 'variance_events.detail', 'actor.name as actor_name'])
    .where('variance_events.variance_id', '=', varianceId)
    .orderBy('variance_events.occurred_at')
    .orderBy('variance_events.id')
    .execute();
}

export async function findVarianceActions(db: Db, varianceId: string) {
  return db
    .selectFrom('variance_actions')
    .innerJoin('users as owner', 'owner.id', 'variance_actions.owner_id')
    .innerJoin('users as creator', 'creator.id', 'variance_actions.created_by')
    .selectAll('variance_actions')
    .select(['owner.name as owner_name', 'creator.name as created_by_name'])
    .where('variance_actions.variance_id', '=', varianceId)
    .orderBy('variance_actions.created_at')
    .orderBy('variance_actions.id')
    .execute();
}

export async function findAction(db: Db, actionId: string) {
  return db.selectFrom('variance_actions').selectAll().where('id', '=', actionId).executeTakeFirst();
}

/** The children each action names, with what is needed to name them to those who may see them. */
export async function findActionChildren(db: Db, actionIds: readonly string[]) {
  if (actionIds.length === 0) return [];
  return db
    .selectFrom('variance_action_children')
    .innerJoin('people', 'people.id', 'variance_action_children.child_id')
    .select(['variance_action_children.action_id', 'people.id as child_id', 'people.forename', 'people.surname'])
    .where('variance_action_children.action_id', '=', anyOf(actionIds))
    .orderBy('people.surname')
    .execute();
}

export async function insertAction(db: Db, values: Insertable<VarianceActionsTable>) {
  return db.insertInto('variance_actions').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function insertActionChildren(db: Db, actionId: string, childIds: readonly string[]) {
  if (childIds.length === 0) return;
  await db.insertInto('variance_action_children').values(childIds.map((child_id) => ({ action_id: actionId, child_id }))).execute();
}

/** The first action records the plan: both instants are set once and never moved. Returns whether this was the first. */
export async function markPlanRecorded(db: Db, varianceId: string, now: Date): Promise<boolean> {
  const updated = await db
    .updateTable('variances')
    .set({ plan_recorded_at: now })
    .where('id', '=', varianceId)
    .where('plan_recorded_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  await db.updateTable('variances').set({ first_action_at: now }).where('id', '=', varianceId).where('first_action_at', 'is', null).execute();
  return Boolean(updated);
}

export async function setActionStatus(db: Db, actionId: string, status: 'open' | 'done' | 'cancelled', now: Date) {
  await db
    .updateTable('variance_actions')
    .set({ status, completed_at: status === 'open' ? null : now })
    .where('id', '=', actionId)
    .execute();
}

export async function insertVarianceEvent(db: Db, values: { variance_id: string; occurred_at: Date; kind: string; detail: string; actor_id: string | null }) {
  await db.insertInto('variance_events').values(values).execute();
}

/** Who may own an action: active people in the worker's team or anywhere in its service, administrators aside. */
export async function findOwnerChoices(db: Db, teamId: string | null, serviceId: string | null) {
  if (!teamId && !serviceId) return [];
  return db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select(['users.id', 'users.name', 'users.role', 'teams.name as team_name'])
    .where('users.disabled_at', 'is', null)
    .where('users.role', '!=', 'system_admin')
    .where((eb) => {
      const ways: Expression<SqlBool>[] = [];
      if (teamId) ways.push(eb('users.team_id', '=', teamId));
      if (serviceId) ways.push(eb('teams.service_id', '=', serviceId), eb('users.service_id', '=', serviceId));
      return eb.or(ways);
    })
    .orderBy('users.name')
    .execute();
}

/** What the promptness measures need, for variances opened since a date, in a team, a service or everywhere. */
export async function findMeasureRows(db: Db, scope: { teamId?: string; serviceId?: string }, since: string) {
  let query = db
    .selectFrom('variances')
    .leftJoin('teams', 'teams.id', 'variances.team_id')
    .select([
      'variances.team_id',
      'teams.service_id',
      'variances.opened_on',
      'variances.opened_at',
      'variances.plan_due_on',
      'variances.plan_recorded_at',
      'variances.first_action_at',
      'variances.closed_at',
      'variances.closed_on',
    ])
    .where('variances.opened_on', '>=', since);
  if (scope.teamId) query = query.where('variances.team_id', '=', scope.teamId);
  if (scope.serviceId) query = query.where('teams.service_id', '=', scope.serviceId);
  return query.execute();
}

// ---- What a manager owes, for the home page ----

const owedColumns = [
  'variances.id',
  'variances.kind',
  'variances.level',
  'variances.opened_on',
  'variances.plan_due_on',
  'variances.escalated_to_service_at',
  'variances.escalated_to_head_at',
  'variances.escalated_to_director_at',
  'worker.name as worker_name',
] as const;

/** Open variances still without a plan that the viewer is to write: as the recorded manager, or their team's as its manager. */
export async function findPlansOwedBy(db: Db, viewer: Viewer) {
  return db
    .selectFrom('variances')
    .innerJoin('users as worker', 'worker.id', 'variances.worker_id')
    .select(owedColumns)
    .where('variances.closed_at', 'is', null)
    .where('variances.plan_recorded_at', 'is', null)
    .where('variances.worker_id', '!=', viewer.id)
    .where((eb) => {
      const ways: Expression<SqlBool>[] = [eb('variances.manager_id', '=', viewer.id)];
      if ((viewer.role === 'team_manager' || viewer.role === 'practice_supervisor') && viewer.teamId) {
        ways.push(eb('variances.team_id', '=', viewer.teamId));
      }
      return eb.or(ways);
    })
    .orderBy('variances.plan_due_on')
    .orderBy('worker.name')
    .execute();
}

/** Open variances escalated to this service manager's service for want of a plan, or (for heads of service) escalated to the head. */
export async function findEscalatedTo(db: Db, viewer: Viewer) {
  const query = db
    .selectFrom('variances')
    .innerJoin('users as worker', 'worker.id', 'variances.worker_id')
    .leftJoin('teams', 'teams.id', 'variances.team_id')
    .select(owedColumns)
    .where('variances.closed_at', 'is', null);
  if (viewer.role === 'service_manager' && viewer.serviceId) {
    return query
      .where('variances.escalated_to_service_at', 'is not', null)
      .where('variances.plan_recorded_at', 'is', null)
      .where('teams.service_id', '=', viewer.serviceId)
      .orderBy('variances.plan_due_on')
      .execute();
  }
  if (viewer.role === 'head_of_service') {
    return query.where('variances.escalated_to_head_at', 'is not', null).orderBy('variances.opened_on').execute();
  }
  return [];
}

/** Open actions the viewer owns, soonest due first. */
export async function findOpenActionsOwnedBy(db: Db, userId: string) {
  return db
    .selectFrom('variance_actions')
    .innerJoin('variances', 'variances.id', 'variance_actions.variance_id')
    .innerJoin('users as worker', 'worker.id', 'variances.worker_id')
    .select([
      'variance_actions.id',
      'variance_actions.variance_id',
      'variance_actions.action_type',
      'variance_actions.description',
      'variance_actions.due_on',
      'worker.name as worker_name',
    ])
    .where('variance_actions.owner_id', '=', userId)
    .where('variance_actions.status', '=', 'open')
    .orderBy('variance_actions.due_on')
    .execute();
}

/**
 * The open variances of these workers, with the manager who owes each plan
 * and whether an open action of the plan is to stop new allocations: what an
 * allocation must know before and after it is made.
 */
export async function findOpenVarianceStanding(db: Db, workerIds: readonly string[]) {
  if (workerIds.length === 0) return [];
  return db
    .selectFrom('variances')
    .leftJoin('users as manager', 'manager.id', 'variances.manager_id')
    .select([
      'variances.id',
      'variances.worker_id',
      'variances.kind',
      'variances.level',
      'variances.opened_on',
      'variances.opened_trigger',
      'variances.plan_due_on',
      'variances.plan_recorded_at',
      'manager.name as manager_name',
    ])
    .select(
      sql<boolean>`EXISTS (SELECT 1 FROM variance_actions a WHERE a.variance_id = variances.id AND a.action_type = 'stop_new_allocations' AND a.status = 'open')`.as(
        'stops_new_allocations',
      ),
    )
    .where('variances.worker_id', '=', anyOf(workerIds))
    .where('variances.closed_at', 'is', null)
    .orderBy('variances.opened_on')
    .execute();
}

export type VarianceStanding = Awaited<ReturnType<typeof findOpenVarianceStanding>>[number];
