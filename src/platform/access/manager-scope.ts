import type { Db } from '../../db/database.ts';
import { findServiceName, findTeamName, listTeamsWithServices } from '../../db/teams.ts';
import type { Viewer } from './policy.ts';

/** The teams a manager's counts and lists hold, and what to call them. `teamIds` null is the whole council. */
export interface ManagerScope {
  name: string;
  teamIds: string[] | null;
}

/**
 * A team manager's or practice supervisor's team, a service manager's
 * service, the council for heads of service; null for anyone else. A page
 * that is for fewer roles checks the role first.
 */
export async function managerScope(db: Db, viewer: Viewer): Promise<ManagerScope | null> {
  if (viewer.role === 'head_of_service') return { name: 'The council', teamIds: null };
  if (viewer.role === 'service_manager' && viewer.serviceId) {
    const teams = await listTeamsWithServices(db, viewer.serviceId);
    return { name: (await findServiceName(db, viewer.serviceId)) ?? 'Your service', teamIds: teams.map((t) => t.id) };
  }
  if ((viewer.role === 'team_manager' || viewer.role === 'practice_supervisor') && viewer.teamId) {
    return { name: (await findTeamName(db, viewer.teamId)) ?? 'Your team', teamIds: [viewer.teamId] };
  }
  return null;
}
