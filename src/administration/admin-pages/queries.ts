import type { Db } from '../../db/database.ts';
import { timestamp } from '../people/queries.ts';

/** Every service with its teams and how many active people each team has. */
export async function teamsByService(db: Db) {
  const [services, teams] = await Promise.all([
    db
      .selectFrom('services')
      .innerJoin('directorates', 'directorates.id', 'services.directorate_id')
      .select(['services.id', 'services.name', 'directorates.name as directorate_name'])
      .orderBy('services.name')
      .execute(),
    db
      .selectFrom('teams')
      .leftJoin('users', (join) => join.onRef('users.team_id', '=', 'teams.id').on('users.disabled_at', 'is', null))
      .select(['teams.id', 'teams.name', 'teams.service_id', 'teams.base_postcode'])
      .select((eb) => eb.fn.count<number>('users.id').as('headcount'))
      .groupBy(['teams.id', 'teams.name', 'teams.service_id', 'teams.base_postcode'])
      .orderBy('teams.name')
      .execute(),
  ]);
  return services.map((service) => ({
    ...service,
    teams: teams.filter((team) => team.service_id === service.id).map((team) => ({ ...team, headcount: Number(team.headcount) })),
  }));
}

/** Active people in a team, for the team's page. */
export async function teamMembers(db: Db, teamId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role'])
    .where('team_id', '=', teamId)
    .where('disabled_at', 'is', null)
    .orderBy('name')
    .execute();
}

/** Is the team name (in any case) used by a team other than `exceptId`? */
export async function teamNameTaken(db: Db, name: string, exceptId: string | null): Promise<boolean> {
  let query = db
    .selectFrom('teams')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertTeam(db: Db, values: { name: string; service_id: string; base_postcode: string; created_at: Date }): Promise<string> {
  return (await db.insertInto('teams').values({ ...values, created_at: timestamp(values.created_at) }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateTeam(db: Db, id: string, values: { name: string; service_id: string; base_postcode: string; front_door: boolean }): Promise<void> {
  await db.updateTable('teams').set(values).where('id', '=', id).execute();
}

export async function findService(db: Db, id: string) {
  return db.selectFrom('services').select(['id', 'name', 'directorate_id']).where('id', '=', id).executeTakeFirst();
}

export async function directorates(db: Db) {
  return db.selectFrom('directorates').select(['id', 'name']).orderBy('name').execute();
}

export async function findDirectorate(db: Db, id: string) {
  return db.selectFrom('directorates').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

export async function insertDirectorate(db: Db, name: string): Promise<string> {
  return (await db.insertInto('directorates').values({ name }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function serviceNameTaken(db: Db, directorateId: string, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('services')
    .select('id')
    .where('directorate_id', '=', directorateId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertService(db: Db, values: { name: string; directorate_id: string }): Promise<string> {
  return (await db.insertInto('services').values(values).returning('id').executeTakeFirstOrThrow()).id;
}
