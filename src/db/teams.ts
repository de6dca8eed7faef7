// Teams with their services, read the same way by every area that shows or
// checks a team (the admin pages, caseloads, work due, trends, allocation).
import type { Db } from './database.ts';

/** One team with its base and its service's name. */
export async function findTeamWithService(db: Db, teamId: string) {
  return db
    .selectFrom('teams')
    .innerJoin('services', 'services.id', 'teams.service_id')
    .select(['teams.id', 'teams.name', 'teams.service_id', 'teams.base_postcode', 'teams.front_door', 'services.name as service_name'])
    .where('teams.id', '=', teamId)
    .executeTakeFirst();
}

/** Every team, or one service's teams, with the service's name: by service, then team. */
export async function listTeamsWithServices(db: Db, serviceId: string | null = null) {
  let query = db
    .selectFrom('teams')
    .innerJoin('services', 'services.id', 'teams.service_id')
    .select(['teams.id', 'teams.name', 'teams.service_id', 'services.name as service_name'])
    .orderBy('services.name')
    .orderBy('teams.name');
  if (serviceId) query = query.where('teams.service_id', '=', serviceId);
  return query.execute();
}

/** A team's name, or null when there is no such team. */
export async function findTeamName(db: Db, teamId: string): Promise<string | null> {
  return (await db.selectFrom('teams').select('name').where('id', '=', teamId).executeTakeFirst())?.name ?? null;
}

/** A service's name, or null when there is no such service. */
export async function findServiceName(db: Db, serviceId: string): Promise<string | null> {
  return (await db.selectFrom('services').select('name').where('id', '=', serviceId).executeTakeFirst())?.name ?? null;
}
