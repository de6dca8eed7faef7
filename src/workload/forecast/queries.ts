import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';

/** Allocations to a worker (as lead or personal adviser) that began in each team from `since` to `until`, inclusive. */
export async function countNewAllocations(db: Db, teamIds: readonly string[], since: string, until: string) {
  if (teamIds.length === 0) return [];
  const rows = await db
    .selectFrom('allocations')
    .select(['team_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('team_id', 'in', [...new Set(teamIds)])
    .where('worker_id', 'is not', null)
    .where('role', 'in', ['lead', 'personal_adviser'])
    .where('start_date', '>=', since)
    .where('start_date', '<=', until)
    .groupBy('team_id')
    .execute();
  return rows.map((r) => ({ team_id: r.team_id, n: Number(r.n) }));
}

/** Active people of each team, by role: those whose role holds a caseload share the team's new allocations. */
export async function countTeamRoles(db: Db, teamIds: readonly string[], roles: readonly Role[]) {
  if (teamIds.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select(['team_id', 'role', (eb) => eb.fn.countAll<string>().as('n')])
    .where('team_id', 'in', [...new Set(teamIds)])
    .where('disabled_at', 'is', null)
    .where('role', 'in', [...roles])
    .groupBy(['team_id', 'role'])
    .execute();
  return rows.map((r) => ({ team_id: r.team_id!, role: r.role, n: Number(r.n) }));
}
