import { expressionBuilder, sql, type Expression, type ExpressionBuilder, type Insertable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { listIsPrepared, type Db } from '../../db/database.ts';
import { anyOf } from '../../platform/db/any-of.ts';
import { withGenericPlans } from '../../db/transactions.ts';
import type { Database, Role, VarianceKindColumn, WorkerFiguresTable, WorkloadReductionsTable } from '../../db/schema.ts';
import { childVisibleTo, type Viewer } from '../../platform/access/policy.ts';
import { STAFF_COLUMNS } from '../../platform/access/staff.ts';
import { sharedVersion } from '../../platform/db/shared-cache.ts';
import { SUPERVISION_SETTINGS } from '../../workforce/index.ts';

/** The roles whose allocations count as a caseload. */
export const CASELOAD_ALLOCATION_ROLES = ['lead', 'co_worker', 'personal_adviser'] as const;

export async function findSettingsRow(db: Db) {
  return db.selectFrom('caseload_settings').select(['settings', 'updated_at']).where('id', '=', 1).executeTakeFirst();
}

/** Every version of the weighting model, latest first: one an admin change, so few enough to hold and pick from by date. */
export async function findWeightingVersions(db: Db) {
  return db.selectFrom('weighting_models').select(['id', 'effective_from', 'rules']).orderBy('effective_from', 'desc').execute();
}

export interface WorkerRow {
  id: string;
  name: string;
  role: Role;
  fte: number;
  qualified_on: string | null;
  asye_started_on: string | null;
  team_id: string | null;
  team_name: string | null;
  team_base_postcode: string | null;
  service_id: string | null;
  line_manager_id: string | null;
}

type WorkerScope = { workerIds?: string[]; teamId?: string; serviceId?: string; roles: Role[] };

/** Active case-holding people, either the ones named or everyone in the scope. */
export async function findWorkers(db: Db, scope: WorkerScope): Promise<WorkerRow[]> {
  if (scope.workerIds && scope.workerIds.length === 0) return [];
  return workersInScope(db, scope).orderBy('users.name').execute();
}

/**
 * One case-holding worker with every workload reduction of theirs, latest
 * first, and the version of the caseload settings (migration 0047): what
 * the worker's page reads before weighing their cases, in one round trip.
 */
export async function findWorkerWithReductions(db: Db, workerId: string, roles: Role[]) {
  const row = await workersInScope(db, { workerIds: [workerId], roles })
    .select(sharedVersion(CASELOAD_SETTINGS).as('settings_version'))
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('workload_reductions')
          .leftJoin('users as recorder', 'recorder.id', 'workload_reductions.created_by')
          .select([
            'workload_reductions.id',
            'workload_reductions.reason',
            'workload_reductions.percent',
            'workload_reductions.hours_per_week',
            'workload_reductions.start_date',
            'workload_reductions.end_date',
            'workload_reductions.note',
            'recorder.name as recorded_by',
          ])
          .whereRef('workload_reductions.user_id', '=', 'users.id')
          .orderBy('workload_reductions.start_date', 'desc')
          .orderBy('workload_reductions.created_at', 'desc'),
      ).as('reductions'),
    )
    .executeTakeFirst();
  if (!row) return undefined;
  const { settings_version, reductions, ...worker } = row;
  return { worker: worker as WorkerRow, settingsVersion: settings_version, reductions };
}

/** The name of the caseload settings and weighting model's version in `shared_versions`. */
export const CASELOAD_SETTINGS = 'caseload';

/** The workers in scope, each with their stored figures for `today` (null when there are none yet) and the caseload and supervision settings' versions. */
export async function findWorkersWithFigures(db: Db, scope: WorkerScope, today: string, withForecast = false) {
  if (scope.workerIds && scope.workerIds.length === 0) return [];
  return workersInScope(db, scope)
    .select(sharedVersion(CASELOAD_SETTINGS).as('settings_version'))
    .select(sharedVersion(SUPERVISION_SETTINGS).as('supervision_version'))
    .leftJoin('worker_figures', (join) => join.onRef('worker_figures.worker_id', '=', 'users.id').on('worker_figures.as_at', '=', today))
    .select([
      'worker_figures.worker_id as figures_of',
      'worker_figures.children',
      'worker_figures.points',
      'worker_figures.available',
      'worker_figures.children_ceiling',
      'worker_figures.asye_percent',
      'worker_figures.capacity_percent',
    ])
    .$if(withForecast, (query) => query.select('worker_figures.forecast'))
    .orderBy('users.name')
    .execute();
}

function workersInScope(db: Db, scope: WorkerScope) {
  let query = db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select([
      ...STAFF_COLUMNS,
      'users.team_id',
      'teams.name as team_name',
      'teams.base_postcode as team_base_postcode',
      'teams.service_id',
      'users.line_manager_id',
    ])
    .where('users.disabled_at', 'is', null)
    .where('users.role', 'in', scope.roles);
  if (scope.workerIds) query = query.where('users.id', '=', anyOf(scope.workerIds));
  if (scope.teamId) query = query.where('users.team_id', '=', scope.teamId);
  if (scope.serviceId) query = query.where('teams.service_id', '=', scope.serviceId);
  return query;
}

export interface CaseRow {
  worker_id: string;
  child_id: string;
  role: 'lead' | 'co_worker' | 'personal_adviser';
  start_date: string;
  status: 'looked_after' | 'child_protection' | 'care_leaver' | 'child_in_need' | 'closed';
  complexity_tier: number | null;
  court_proceedings_since: string | null;
  family_id: string | null;
  placement_postcode: string | null;
  placement_out_of_area: boolean | null;
  forename: string;
  surname: string;
  la_child_id: string | null;
  restricted: boolean;
  /** The dates that will change the case, for the forecast: the birthday, and a care leaver's recorded support end. */
  date_of_birth: string | null;
  support_until: string | null;
  /** Read for a viewer only: whether they may see the child's name and record. */
  named?: boolean;
}

/** The viewer the cases are read for, so each case says whether its child may be named to them. */
export interface NamedFor {
  viewer: Viewer;
  now: Date;
}

/**
 * The child's family, as a `family_id` column: brothers and sisters in one
 * family are weighed together. A child in several families counts in the
 * lowest one, so every child has one family or none.
 */
export function familyIdOf(childId: Expression<string>) {
  return expressionBuilder<Database, never>()
    .selectFrom('family_members')
    .select(sql<string>`min(family_members.family_id::text)`.as('family_id'))
    .where('family_members.person_id', '=', childId)
    .as('family_id');
}

/** Every open case of the given workers, with what weighting needs. */
export async function findOpenCases(db: Db, workerIds: string[], namedFor?: NamedFor): Promise<CaseRow[]> {
  if (workerIds.length === 0) return [];
  const read = (reads: Db) =>
    reads
      .selectFrom('allocations')
      .innerJoin('people', 'people.id', 'allocations.child_id')
      .innerJoin('child_status', 'child_status.child_id', 'allocations.child_id')
      .leftJoin('case_factors', 'case_factors.child_id', 'allocations.child_id')
      .leftJoin('care_episodes', (join) =>
        join.onRef('care_episodes.child_id', '=', 'allocations.child_id').on('care_episodes.end_date', 'is', null),
      )
      .leftJoin('care_leavers', 'care_leavers.child_id', 'allocations.child_id')
      .select([
        'allocations.worker_id as worker_id',
        'allocations.child_id',
        'allocations.role',
        'allocations.start_date',
        'child_status.status',
        'case_factors.complexity_tier',
        'case_factors.court_proceedings_since',
        (eb) => familyIdOf(eb.ref('allocations.child_id')),
        'care_episodes.placement_postcode',
        'care_episodes.placement_out_of_area',
        'people.forename',
        'people.surname',
        'people.la_child_id',
        'people.restricted',
        'people.date_of_birth',
        'care_leavers.support_until',
      ])
      // The access policy's rule for a child, asked of the `people` row already joined: one query instead of a second round trip.
      .$if(namedFor !== undefined, (query) =>
        query.select((eb) => eb.and([childVisibleTo(namedFor!.viewer, namedFor!.now)(eb as unknown as ExpressionBuilder<Database, 'people'>)]).as('named')),
      )
      .where('allocations.worker_id', '=', anyOf(workerIds))
      .where('allocations.end_date', 'is', null)
      .where('allocations.role', 'in', [...CASELOAD_ALLOCATION_ROLES])
      .orderBy('people.surname')
      .execute() as Promise<CaseRow[]>;
  // The child_status view, three more joins and the access policy: planned once per connection, not on every call. A
  // long list is sent plainly and planned for its ids each time; a generic plan would only lose their number.
  return listIsPrepared(workerIds.length) ? withGenericPlans(db, read) : read(db);
}

export async function findReductions(db: Db, workerIds: string[], onOrAfter: string) {
  if (workerIds.length === 0) return [];
  return db
    .selectFrom('workload_reductions')
    .selectAll()
    .where('user_id', '=', anyOf(workerIds))
    .where('end_date', '>=', onOrAfter)
    .orderBy('start_date')
    .execute();
}

export async function findOpenVariances(db: Db, workerIds: string[]) {
  if (workerIds.length === 0) return [];
  return db.selectFrom('variances').selectAll().where('worker_id', '=', anyOf(workerIds)).where('closed_at', 'is', null).execute();
}

/** The worker's variance of this kind that closed most recently on or after `closedSince`, if any: a new breach continues it. */
export async function findRecentlyClosedVariance(db: Db, workerId: string, kind: VarianceKindColumn, closedSince: string) {
  return db
    .selectFrom('variances')
    .select(['id', 'closed_on', 'peak_level'])
    .where('worker_id', '=', workerId)
    .where('kind', '=', kind)
    .where('closed_on', '>=', closedSince)
    .orderBy('closed_on', 'desc')
    .executeTakeFirst();
}

/** Workers who hold a given child now: reassessed when the child's case changes. */
export async function findWorkersOfChild(db: Db, childId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('allocations')
    .select('worker_id')
    .where('child_id', '=', childId)
    .where('end_date', 'is', null)
    .where('worker_id', 'is not', null)
    .execute();
  return [...new Set(rows.map((r) => r.worker_id!))];
}

/** The service manager(s) of a team's service, and the heads of service: who escalations go to. */
export async function findEscalationPeople(db: Db, teamId: string | null) {
  const serviceManagers = teamId
    ? await db
        .selectFrom('users')
        .innerJoin('teams', 'teams.service_id', 'users.service_id')
        .select('users.id')
        .where('teams.id', '=', teamId)
        .where('users.role', '=', 'service_manager')
        .where('users.disabled_at', 'is', null)
        .execute()
    : [];
  const heads = await db.selectFrom('users').select(['id', 'name', 'line_manager_id']).where('role', '=', 'head_of_service').where('disabled_at', 'is', null).execute();
  // The director: the head of service / director at the top of the line, with no line manager of their own.
  const directors = heads.filter((h) => h.line_manager_id === null);
  return { serviceManagerIds: serviceManagers.map((r) => r.id), headIds: heads.map((r) => r.id), directorIds: directors.map((d) => d.id), directorNames: directors.map((d) => d.name) };
}

// ---- Pages: the drill-down, the worker's page and reductions ----

/** Services with their teams, for the council and service pages (every one, even without workers). */
export async function findServicesAndTeams(db: Db, serviceId?: string) {
  let services = db.selectFrom('services').select(['services.id', 'services.name']).orderBy('services.name');
  let teams = db.selectFrom('teams').select(['teams.id', 'teams.name', 'teams.service_id']).orderBy('teams.name');
  if (serviceId) {
    services = services.where('services.id', '=', serviceId);
    teams = teams.where('teams.service_id', '=', serviceId);
  }
  const [serviceRows, teamRows] = await Promise.all([services.execute(), teams.execute()]);
  return { services: serviceRows, teams: teamRows };
}

/** Which of these children the viewer may see now (the record access policy, in SQL). */
export async function findVisibleChildIds(db: Db, viewer: Viewer, now: Date, childIds: readonly string[]): Promise<Set<string>> {
  if (childIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('people')
    .select('people.id')
    .where('people.id', 'in', [...new Set(childIds)])
    .where(childVisibleTo(viewer, now))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Open variances of the workers (all workers when none are named): enough to count them and late plans. */
export async function findOpenVarianceFlags(db: Db, workerIds?: readonly string[]) {
  if (workerIds && workerIds.length === 0) return [];
  let query = db
    .selectFrom('variances')
    .select(['worker_id', 'kind', 'level', 'plan_due_on', 'plan_recorded_at'])
    .where('closed_at', 'is', null);
  if (workerIds) query = query.where('worker_id', '=', anyOf(workerIds));
  return query.execute();
}

/** Every variance a worker has had, newest first. */
export async function findWorkerVariances(db: Db, workerId: string) {
  return db
    .selectFrom('variances')
    .select([
      'id',
      'kind',
      'level',
      'peak_level',
      'opened_on',
      'opened_trigger',
      'current_value',
      'threshold',
      'plan_due_on',
      'plan_recorded_at',
      'escalated_to_service_at',
      'escalated_to_head_at',
      'closed_on',
      'closed_trigger',
    ])
    .where('worker_id', '=', workerId)
    .orderBy('opened_at', 'desc')
    .execute();
}

/** Every reduction of a worker's time, latest start first, with who recorded it. */
export async function findReduction(db: Db, id: string) {
  return db.selectFrom('workload_reductions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertReduction(db: Db, values: Insertable<WorkloadReductionsTable>) {
  return db.insertInto('workload_reductions').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function setReductionEnd(db: Db, id: string, endDate: string) {
  await db.updateTable('workload_reductions').set({ end_date: endDate }).where('id', '=', id).execute();
}

/** A reduction that had not begun is withdrawn rather than ended (its audit row keeps what it was). */
export async function deleteReduction(db: Db, id: string) {
  await db.deleteFrom('workload_reductions').where('id', '=', id).execute();
}

// ---- Stored figures (migration 0009_worker_figures) ----

export async function findStoredFigures(db: Db, workerIds: readonly string[], today: string) {
  if (workerIds.length === 0) return [];
  return db.selectFrom('worker_figures').selectAll().where('worker_id', '=', anyOf(workerIds)).where('as_at', '=', today).execute();
}

export async function storeFigures(db: Db, rows: Insertable<WorkerFiguresTable>[]) {
  // A thousand rows to a statement keeps every batch well under the protocol's 65,535 parameters.
  for (let i = 0; i < rows.length; i += 1000) await storeFigureBatch(db, rows.slice(i, i + 1000));
}

async function storeFigureBatch(db: Db, rows: Insertable<WorkerFiguresTable>[]) {
  await db
    .insertInto('worker_figures')
    .values(rows)
    .onConflict((oc) =>
      oc.column('worker_id').doUpdateSet((eb) => ({
        as_at: eb.ref('excluded.as_at'),
        children: eb.ref('excluded.children'),
        points: eb.ref('excluded.points'),
        available: eb.ref('excluded.available'),
        children_ceiling: eb.ref('excluded.children_ceiling'),
        asye_percent: eb.ref('excluded.asye_percent'),
        capacity_percent: eb.ref('excluded.capacity_percent'),
        forecast: eb.ref('excluded.forecast'),
      })),
    )
    .execute();
}
