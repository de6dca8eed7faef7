import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { anyOf } from '../../platform/db/any-of.ts';
import { findTeamWithService } from '../../db/teams.ts';
import type { ChildStatus, Role, WorkloadSnapshotsTable } from '../../db/schema.ts';

export interface HistoricCaseRow {
  worker_id: string;
  child_id: string;
  role: 'lead' | 'co_worker' | 'personal_adviser';
  status: ChildStatus;
  complexity_tier: number | null;
  court_proceedings_since: string | null;
  family_id: string | null;
  placement_postcode: string | null;
  placement_out_of_area: boolean | null;
}

/**
 * Every case held by a named worker on a date, with the child's status AS OF
 * that date: looked after when a care episode covered it, else child
 * protection when a plan did, else child in need when a referral was open,
 * else care leaver when the child has a care-leaver record, else closed. An
 * allocation or episode covers the days from its start up to, not including,
 * its end. One query for the whole council.
 */
export async function findCasesOn(db: Db, date: string): Promise<HistoricCaseRow[]> {
  const result = await sql<HistoricCaseRow>`
    SELECT a.worker_id, a.child_id, a.role,
      CASE
        WHEN ce.id IS NOT NULL THEN 'looked_after'
        WHEN EXISTS (SELECT 1 FROM cp_plans cp WHERE cp.child_id = a.child_id AND cp.start_date <= ${date}::date AND (cp.end_date IS NULL OR cp.end_date > ${date}::date)) THEN 'child_protection'
        WHEN EXISTS (SELECT 1 FROM referrals r WHERE r.child_id = a.child_id AND r.referral_date <= ${date}::date AND (r.close_date IS NULL OR r.close_date > ${date}::date)) THEN 'child_in_need'
        WHEN EXISTS (SELECT 1 FROM care_leavers cl WHERE cl.child_id = a.child_id) THEN 'care_leaver'
        ELSE 'closed'
      END AS status,
      cf.complexity_tier,
      cf.court_proceedings_since::text AS court_proceedings_since,
      (SELECT min(fm.family_id::text) FROM family_members fm WHERE fm.person_id = a.child_id) AS family_id,
      ce.placement_postcode,
      ce.placement_out_of_area
    FROM allocations a
    LEFT JOIN LATERAL (
      SELECT e.id, e.placement_postcode, e.placement_out_of_area
      FROM care_episodes e
      WHERE e.child_id = a.child_id AND e.start_date <= ${date}::date AND (e.end_date IS NULL OR e.end_date > ${date}::date)
      ORDER BY e.start_date DESC
      LIMIT 1
    ) ce ON true
    LEFT JOIN case_factors cf ON cf.child_id = a.child_id
    WHERE a.worker_id IS NOT NULL
      AND a.role IN ('lead', 'co_worker', 'personal_adviser')
      AND a.start_date <= ${date}::date
      AND (a.end_date IS NULL OR a.end_date > ${date}::date)
  `.execute(db);
  return result.rows;
}

export interface HistoricWorkerRow {
  id: string;
  role: Role;
  fte: number;
  asye_started_on: string | null;
  team_id: string | null;
  service_id: string | null;
  team_base_postcode: string | null;
  /** London date the account was disabled, if it was. */
  disabled_on: string | null;
  /** The earlier of the account's creation and the worker's first allocation: from when they count. */
  in_post_from: string;
}

/** Everyone in a case-holding role, disabled or not, with from when they count and until when. */
export async function findWorkersForHistory(db: Db, roles: readonly Role[]): Promise<HistoricWorkerRow[]> {
  const result = await sql<HistoricWorkerRow>`
    SELECT u.id, u.role, u.fte::float8 AS fte, u.asye_started_on::text AS asye_started_on, u.team_id, t.service_id, t.base_postcode AS team_base_postcode,
      (u.disabled_at AT TIME ZONE 'Europe/London')::date::text AS disabled_on,
      LEAST((u.created_at AT TIME ZONE 'Europe/London')::date, first_allocation.start_date)::text AS in_post_from
    FROM users u
    LEFT JOIN teams t ON t.id = u.team_id
    -- One pass over the allocations, not a search per worker: only open
    -- allocations are indexed by worker, so a per-worker subquery read the
    -- whole table once for every member of staff.
    LEFT JOIN (SELECT worker_id, min(start_date) AS start_date FROM allocations WHERE worker_id IS NOT NULL GROUP BY worker_id) first_allocation ON first_allocation.worker_id = u.id
    WHERE u.role IN (${sql.join(roles.map((r) => sql`${r}`))})
  `.execute(db);
  return result.rows.map((r) => ({ ...r, fte: Number(r.fte) }));
}

export async function findAllReductions(db: Db, workerIds: readonly string[]) {
  if (workerIds.length === 0) return [];
  return db
    .selectFrom('workload_reductions')
    .select(['user_id', 'reason', 'percent', 'hours_per_week', 'start_date', 'end_date'])
    .where('user_id', '=', anyOf(workerIds))
    .execute();
}

export async function findAllWeightingModels(db: Db) {
  return db.selectFrom('weighting_models').select(['effective_from', 'rules']).orderBy('effective_from').execute();
}

/** A worker's figures on one day, as stored. */
export type SnapshotRow = WorkloadSnapshotsTable;

/** Writes snapshot rows, replacing any for the same worker and day. */
export async function upsertSnapshots(db: Db, rows: readonly SnapshotRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('workload_snapshots')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc.columns(['snapshot_date', 'worker_id']).doUpdateSet((eb) => ({
          team_id: eb.ref('excluded.team_id'),
          service_id: eb.ref('excluded.service_id'),
          fte: eb.ref('excluded.fte'),
          children: eb.ref('excluded.children'),
          points: eb.ref('excluded.points'),
          available_points: eb.ref('excluded.available_points'),
          capacity_percent: eb.ref('excluded.capacity_percent'),
          children_ceiling: eb.ref('excluded.children_ceiling'),
        })),
      )
      .execute();
  }
}

export type TrendScope = { kind: 'council' } | { kind: 'service'; id: string } | { kind: 'team'; id: string };

export interface GroupTrendRow {
  snapshot_date: string;
  case_holders: number;
  case_holder_fte: number;
  children: number;
  average_capacity: number | null;
  measured: number;
  over_amber: number;
  over_red: number;
}

/** Daily figures for a council, service or team from the snapshots since a date: one row a day. */
export async function findGroupTrend(db: Db, scope: TrendScope, from: string, levels: { amber: number; red: number }): Promise<GroupTrendRow[]> {
  const where =
    scope.kind === 'team' ? sql`AND s.team_id = ${scope.id}` : scope.kind === 'service' ? sql`AND s.service_id = ${scope.id}` : sql``;
  const result = await sql<GroupTrendRow>`
    SELECT s.snapshot_date::text AS snapshot_date,
      count(*) FILTER (WHERE s.children > 0)::int AS case_holders,
      coalesce(sum(s.fte) FILTER (WHERE s.children > 0), 0)::float8 AS case_holder_fte,
      coalesce(sum(s.children), 0)::int AS children,
      avg(s.capacity_percent)::float8 AS average_capacity,
      count(s.capacity_percent)::int AS measured,
      count(*) FILTER (WHERE s.capacity_percent > ${levels.amber})::int AS over_amber,
      count(*) FILTER (WHERE s.capacity_percent > ${levels.red})::int AS over_red
    FROM workload_snapshots s
    WHERE s.snapshot_date >= ${from}::date ${where}
    GROUP BY s.snapshot_date
    ORDER BY s.snapshot_date
  `.execute(db);
  return result.rows.map((r) => ({
    ...r,
    case_holder_fte: Number(r.case_holder_fte),
    average_capacity: r.average_capacity === null ? null : Number(r.average_capacity),
  }));
}

/** One worker's snapshots since a date. */
export async function findWorkerTrend(db: Db, workerId: string, from: string) {
  const rows = await db
    .selectFrom('workload_snapshots')
    .select(['snapshot_date', 'children', 'children_ceiling', 'points', 'available_points', 'capacity_percent', 'fte'])
    .where('worker_id', '=', workerId)
    .where('snapshot_date', '>=', from)
    .orderBy('snapshot_date')
    .execute();
  return rows.map((r) => ({
    snapshot_date: String(r.snapshot_date),
    children: Number(r.children),
    children_ceiling: Number(r.children_ceiling),
    points: Number(r.points),
    available_points: Number(r.available_points),
    capacity_percent: r.capacity_percent === null ? null : Number(r.capacity_percent),
    fte: Number(r.fte),
  }));
}

export async function findUnit(db: Db, scope: TrendScope) {
  if (scope.kind === 'team') {
    return findTeamWithService(db, scope.id);
  }
  if (scope.kind === 'service') {
    const row = await db.selectFrom('services').select(['id', 'name']).where('id', '=', scope.id).executeTakeFirst();
    return row ? { ...row, service_id: row.id, service_name: row.name } : undefined;
  }
  return undefined;
}
