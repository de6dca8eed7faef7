import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';

/**
 * For each team, in one query: the allocations to a worker (as lead or
 * personal adviser) that began there from `since` to `until`, inclusive, and
 * how many of its active people hold a role that takes new allocations
 * (`takingRoles`), who share them.
 */
export async function findTeamAllocationRates(db: Db, teamIds: readonly string[], since: string, until: string, takingRoles: readonly Role[]) {
  if (teamIds.length === 0) return [];
  const rows = await db
    .selectFrom('teams')
    .select((eb) => [
      'teams.id as team_id',
      eb
        .selectFrom('allocations')
        .select((inner) => inner.fn.countAll<string>().as('n'))
        .whereRef('allocations.team_id', '=', 'teams.id')
        .where('allocations.worker_id', 'is not', null)
        .where('allocations.role', 'in', ['lead', 'personal_adviser'])
        .where('allocations.start_date', '>=', since)
        .where('allocations.start_date', '<=', until)
        .as('new_allocations'),
      takingRoles.length === 0
        ? eb.val('0').as('takers')
        : eb
            .selectFrom('users')
            .select((inner) => inner.fn.countAll<string>().as('n'))
            .whereRef('users.team_id', '=', 'teams.id')
            .where('users.disabled_at', 'is', null)
            .where('users.role', 'in', [...takingRoles])
            .as('takers'),
    ])
    .where('teams.id', 'in', [...new Set(teamIds)])
    .execute();
  return rows.map((r) => ({ team_id: r.team_id, newAllocations: Number(r.new_allocations ?? 0), takers: Number(r.takers ?? 0) }));
}
