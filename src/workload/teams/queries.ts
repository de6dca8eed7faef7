import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ChildStatus, Role } from '../../db/schema.ts';
import { childVisibleTo, type Viewer } from '../../platform/access/policy.ts';
import type { LeadRow } from './rules.ts';
import { CHILD_NAME_COLUMNS } from '../../platform/record-access/record-header.ts';

export async function findService(db: Db, serviceId: string) {
  return db.selectFrom('services').select(['id', 'name']).where('id', '=', serviceId).executeTakeFirst();
}

/**
 * Counts per team from its open allocations: every child (restricted ones
 * too: these are figures about the team's work, not a list of children),
 * those waiting in the unallocated queue, and since when the longest has waited.
 */
export async function countTeamChildren(db: Db, teamIds: readonly string[]) {
  if (teamIds.length === 0) return [];
  return db
    .selectFrom('allocations')
    .select([
      'team_id',
      sql<number>`count(DISTINCT child_id)`.as('children'),
      sql<number>`count(*) FILTER (WHERE role = 'lead' AND worker_id IS NULL)`.as('unallocated'),
      sql<string | null>`min(start_date) FILTER (WHERE role = 'lead' AND worker_id IS NULL)`.as('waiting_since'),
    ])
    .where('end_date', 'is', null)
    .where('team_id', 'in', [...teamIds])
    .groupBy('team_id')
    .execute();
}

/**
 * Every lead allocation (past and present) of the children whose open lead
 * allocation is in one of these teams (all teams when null), with that team.
 */
export async function findLeadHistories(db: Db, teamIds: readonly string[] | null): Promise<(LeadRow & { team_id: string })[]> {
  if (teamIds && teamIds.length === 0) return [];
  let query = db
    .selectFrom('allocations as current')
    .innerJoin('allocations as a', (join) => join.onRef('a.child_id', '=', 'current.child_id').on('a.role', '=', 'lead'))
    .select(['current.team_id', 'a.child_id', 'a.worker_id', 'a.start_date', 'a.end_date', 'a.end_reason'])
    .where('current.role', '=', 'lead')
    .where('current.end_date', 'is', null);
  if (teamIds) query = query.where('current.team_id', 'in', [...teamIds]);
  return query.execute();
}

/** Lead allocations of some children, for their continuity. */
export async function findLeadRowsOf(db: Db, childIds: readonly string[]): Promise<LeadRow[]> {
  if (childIds.length === 0) return [];
  return db
    .selectFrom('allocations')
    .select(['child_id', 'worker_id', 'start_date', 'end_date', 'end_reason'])
    .where('role', '=', 'lead')
    .where('child_id', 'in', [...new Set(childIds)])
    .execute();
}

export interface TeamChildFilters {
  /** A worker's id, or 'unallocated' for children in the queue. */
  worker?: string;
  status?: ChildStatus;
}

/**
 * The team's children the viewer may see (the access policy in SQL), one row
 * each: the team's lead allocation when it has one, otherwise its personal
 * adviser, IRO or co-worker allocation.
 */
export async function findTeamChildren(db: Db, viewer: Viewer, now: Date, teamId: string, filters: TeamChildFilters) {
  let query = db
    .selectFrom('allocations as a')
    .innerJoin('people', 'people.id', 'a.child_id')
    .innerJoin('child_status', 'child_status.child_id', 'people.id')
    .leftJoin('users as worker', 'worker.id', 'a.worker_id')
    .distinctOn('people.id')
    .select([
      ...CHILD_NAME_COLUMNS,
      'people.expected_date_of_birth',
      'child_status.status',
      'child_status.legal_status',
      'a.role',
      'a.worker_id',
      'a.start_date',
      'worker.name as worker_name',
    ])
    .where('a.team_id', '=', teamId)
    .where('a.end_date', 'is', null)
    .where(childVisibleTo(viewer, now));
  if (filters.worker === 'unallocated') query = query.where('a.role', '=', 'lead').where('a.worker_id', 'is', null);
  else if (filters.worker) query = query.where('a.worker_id', '=', filters.worker);
  if (filters.status) query = query.where('child_status.status', '=', filters.status);
  const rows = await query
    .orderBy('people.id')
    .orderBy(sql`CASE a.role WHEN 'lead' THEN 0 WHEN 'personal_adviser' THEN 1 WHEN 'iro' THEN 2 ELSE 3 END`)
    .execute();
  return rows.sort((x, y) => x.surname.localeCompare(y.surname) || x.forename.localeCompare(y.forename));
}

/** Open allocations in the team by worker and role: figures about workers, so every child counts. */
export async function countByWorker(db: Db, teamId: string) {
  return db
    .selectFrom('allocations')
    .select(['worker_id', 'role', (eb) => eb.fn.countAll<number>().as('count')])
    .where('team_id', '=', teamId)
    .where('end_date', 'is', null)
    .where('worker_id', 'is not', null)
    .groupBy(['worker_id', 'role'])
    .execute();
}

/** The team's active members who may hold allocations, and anyone else holding one in the team. */
export async function findTeamWorkers(db: Db, teamId: string, roles: readonly Role[]) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'team_id', 'disabled_at'])
    .where((eb) =>
      eb.or([
        eb.and([eb('team_id', '=', teamId), eb('role', 'in', [...roles]), eb('disabled_at', 'is', null)]),
        eb(
          'id',
          'in',
          eb
            .selectFrom('allocations')
            .select('worker_id')
            .where('team_id', '=', teamId)
            .where('end_date', 'is', null)
            .where('worker_id', 'is not', null)
            .$narrowType<{ worker_id: string }>(),
        ),
      ]),
    )
    .orderBy('name')
    .execute();
}

/** The team's unallocated queue as far as the viewer may see it, longest wait first. */
export async function findQueue(db: Db, viewer: Viewer, now: Date, teamId: string) {
  return db
    .selectFrom('allocations as a')
    .innerJoin('people', 'people.id', 'a.child_id')
    .innerJoin('child_status', 'child_status.child_id', 'people.id')
    .select([
      ...CHILD_NAME_COLUMNS,
      'people.expected_date_of_birth',
      'child_status.status',
      'a.start_date',
    ])
    .where('a.team_id', '=', teamId)
    .where('a.role', '=', 'lead')
    .where('a.worker_id', 'is', null)
    .where('a.end_date', 'is', null)
    .where(childVisibleTo(viewer, now))
    .orderBy('a.start_date')
    .orderBy('people.surname')
    .orderBy('people.forename')
    .execute();
}

/** Which of these children the viewer may see, with their names (the access policy in SQL). */
export async function findVisibleChildren(db: Db, viewer: Viewer, now: Date, childIds: readonly string[]) {
  if (childIds.length === 0) return [];
  return db
    .selectFrom('people')
    .select(['people.id', 'people.la_child_id', 'people.forename', 'people.surname'])
    .where('people.id', 'in', [...new Set(childIds)])
    .where(childVisibleTo(viewer, now))
    .orderBy('people.surname')
    .orderBy('people.forename')
    .execute();
}
