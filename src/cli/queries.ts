import type { Db } from '../db/database.ts';

/** How many rows the main tables hold, for reporting what a seed made. */
export async function tableCounts(db: Db) {
  const count = async (table: 'directorates' | 'services' | 'teams' | 'users' | 'people') => {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  };
  const children = await db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('is_child', '=', true)
    .executeTakeFirstOrThrow();
  return {
    directorates: await count('directorates'),
    services: await count('services'),
    teams: await count('teams'),
    staff: await count('users'),
    children: Number(children.count),
  };
}
