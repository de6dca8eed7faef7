import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';

/** Open caseload variances per team. */
export async function countOpenVariancesByTeam(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('variances')
    .select((eb) => ['team_id', eb.fn.countAll<string>().as('n')])
    .where('closed_at', 'is', null)
    .where('team_id', 'is not', null)
    .groupBy('team_id')
    .execute();
  return new Map(rows.map((r) => [r.team_id!, Number(r.n)]));
}

/** People in post who get the weekly digest, with where they sit. */
export async function findDigestManagers(db: Db, roles: readonly Role[]) {
  return db
    .selectFrom('users')
    .select(['id', 'role', 'team_id', 'service_id'])
    .where('role', 'in', [...roles])
    .where('disabled_at', 'is', null)
    .orderBy('id')
    .execute();
}
