import type { Db } from '../../db/database.ts';
import { anyOf } from '../../platform/db/any-of.ts';
import type { AllocationRole, Role } from '../../db/schema.ts';

/**
 * Locks the child's row until the transaction ends, so two changes to the
 * same child's allocation run one after the other and the second sees what
 * the first stored.
 */
export async function lockChild(db: Db, childId: string) {
  return db.selectFrom('people').select(['id', 'forename']).where('id', '=', childId).forUpdate().executeTakeFirstOrThrow();
}

/** Every allocation of a child, newest first, with the names a reader needs. */
export async function findAllocationHistory(db: Db, childId: string) {
  return db
    .selectFrom('allocations')
    .innerJoin('teams', 'teams.id', 'allocations.team_id')
    .leftJoin('users as worker', 'worker.id', 'allocations.worker_id')
    .leftJoin('users as recorder', 'recorder.id', 'allocations.recorded_by')
    .select([
      'allocations.id',
      'allocations.role',
      'allocations.team_id',
      'allocations.worker_id',
      'allocations.start_date',
      'allocations.end_date',
      'allocations.end_reason',
      'allocations.recorded_at',
      'teams.name as team_name',
      'teams.service_id',
      'worker.name as worker_name',
      'recorder.name as recorded_by_name',
    ])
    .where('allocations.child_id', '=', childId)
    .orderBy('allocations.start_date', 'desc')
    .orderBy('allocations.recorded_at', 'desc')
    .orderBy('allocations.id')
    .execute();
}

export type AllocationHistoryRow = Awaited<ReturnType<typeof findAllocationHistory>>[number];

/** Teams with their services, for choosing where a child is allocated. */

/** The first team (by name) with an active member in one of these roles: where IROs or personal advisers are found. */
export async function findFirstTeamWithRole(db: Db, roles: readonly Role[]) {
  const row = await db
    .selectFrom('users')
    .innerJoin('teams', 'teams.id', 'users.team_id')
    .select('teams.id')
    .where('users.role', 'in', [...roles])
    .where('users.disabled_at', 'is', null)
    .orderBy('teams.name')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Active members of a team in the given roles, by name. */
export async function findEligibleWorkers(db: Db, teamId: string, roles: readonly Role[]) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role'])
    .where('team_id', '=', teamId)
    .where('role', 'in', [...roles])
    .where('disabled_at', 'is', null)
    .orderBy('name')
    .execute();
}

/** A user who might be given an allocation; undefined when the id names nobody. */
export async function findCandidate(db: Db, userId: string) {
  return db.selectFrom('users').select(['id', 'name', 'role', 'team_id', 'disabled_at']).where('id', '=', userId).executeTakeFirst();
}

/** Ends an open allocation; throws when it had already ended (the caller holds the child's lock, so it never should). */
export async function endAllocation(db: Db, allocationId: string, endDate: string, endReason: string | null) {
  const result = await db
    .updateTable('allocations')
    .set({ end_date: endDate, end_reason: endReason })
    .where('id', '=', allocationId)
    .where('end_date', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new Error(`allocation ${allocationId} was not open`);
}

/** How many open allocations of each role each of these workers holds. */
export async function countOpenAllocations(db: Db, workerIds: readonly string[]) {
  if (workerIds.length === 0) return [];
  return db
    .selectFrom('allocations')
    .select(['worker_id', 'role', (eb) => eb.fn.countAll<number>().as('count')])
    .where('worker_id', '=', anyOf(workerIds))
    .where('end_date', 'is', null)
    .groupBy(['worker_id', 'role'])
    .execute();
}

export async function insertAllocation(
  db: Db,
  values: { childId: string; role: AllocationRole; teamId: string; workerId: string | null; startDate: string; recordedBy: string | null; recordedAt: Date },
) {
  return db
    .insertInto('allocations')
    .values({
      child_id: values.childId,
      role: values.role,
      team_id: values.teamId,
      worker_id: values.workerId,
      start_date: values.startDate,
      recorded_by: values.recordedBy,
      // The column is Generated<Timestamp> in schema.ts, which Kysely does not unwrap for inserts.
      recorded_at: values.recordedAt as never,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function findTeam(db: Db, teamId: string) {
  return db.selectFrom('teams').select(['id', 'name', 'service_id']).where('id', '=', teamId).executeTakeFirst();
}
