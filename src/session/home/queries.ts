import type { Db } from '../../db/database.ts';
import { STAFF_COLUMNS } from '../../platform/access/staff.ts';

export async function findProfile(db: Db, userId: string) {
  return db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .leftJoin('services', (join) => join.onRef('services.id', '=', db.fn.coalesce('teams.service_id', 'users.service_id') as never))
    .leftJoin('users as manager', 'manager.id', 'users.line_manager_id')
    .select([
      ...STAFF_COLUMNS,
      'users.email',
      'teams.name as team_name',
      'services.name as service_name',
      'manager.name as line_manager_name',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirstOrThrow();
}

export async function countDirectReports(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('line_manager_id', '=', userId)
    .where('disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
