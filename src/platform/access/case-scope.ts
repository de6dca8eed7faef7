import { expressionBuilder, sql, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * Whose children a page across many covers: a team's or a service's (by who
 * leads the case now), a worker's (every child they hold an open allocation
 * for, in any role), or, with none set, the council's.
 */
export interface CaseScope {
  workerId?: string;
  teamId?: string;
  serviceId?: string;
}

/**
 * The condition that keeps the children in `scope`, for a query that joins
 * the case's lead (the case_leads view) as `lead` and its team as `teams`.
 * `childId` names the column holding the child's id.
 */
export function inCaseScope(scope: CaseScope, childId = 'people.id'): RawBuilder<boolean> {
  const conditions: RawBuilder<unknown>[] = [];
  if (scope.teamId) conditions.push(sql`lead.team_id = ${scope.teamId}`);
  if (scope.serviceId) conditions.push(sql`teams.service_id = ${scope.serviceId}`);
  if (scope.workerId) {
    conditions.push(sql`EXISTS (SELECT 1 FROM allocations mine WHERE mine.child_id = ${sql.ref(childId)} AND mine.worker_id = ${scope.workerId} AND mine.end_date IS NULL)`);
  }
  return conditions.length ? sql<boolean>`(${sql.join(conditions, sql` AND `)})` : sql<boolean>`true`;
}

/** The children a worker holds an open allocation for, in any role, as a subquery (`child_id in (...)`). */
export function openCasesOf(workerId: string) {
  return expressionBuilder<Database, never>()
    .selectFrom('allocations')
    .select('allocations.child_id')
    .where('allocations.worker_id', '=', workerId)
    .where('allocations.end_date', 'is', null);
}
