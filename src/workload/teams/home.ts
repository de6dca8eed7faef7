import type { Db } from '../../db/database.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { MANAGER_ROLES } from '../../platform/access/roles.ts';
import { grantsToReview } from '../../administration/index.ts';
import { countMyChildren } from '../my-children/queries.ts';
import { daysBetween } from '../../platform/calendar/dates.ts';
import { findTeamWithService, listTeamsWithServices } from '../../db/teams.ts';
import { countTeamChildren } from './queries.ts';
import { TEAM_MANAGER_ROLES } from './rules.ts';

const WORKER_ROLES: readonly Viewer['role'][] = ['social_worker', 'personal_adviser', 'iro'];

/**
 * What the home page shows about children and allocation for each role: a
 * worker's number of children; a team manager's or practice supervisor's
 * team, its queue and longest wait; a service manager's teams; and the
 * access reviews a manager owes. Counts about the team are workload figures
 * and include every child; the worker's own count follows the access policy.
 */
export async function allocationHome(db: Db, viewer: Viewer, today: string, now: Date) {
  const holdsCases = WORKER_ROLES.includes(viewer.role) || TEAM_MANAGER_ROLES.includes(viewer.role);
  const myChildren = holdsCases ? await countMyChildren(db, viewer, now) : null;
  const row = (count: { children: number; unallocated: number; waiting_since: string | null } | undefined) => ({
    children: Number(count?.children ?? 0),
    unallocated: Number(count?.unallocated ?? 0),
    longestWaitDays: count?.waiting_since ? daysBetween(count.waiting_since, today) : null,
  });

  let team = null;
  if (TEAM_MANAGER_ROLES.includes(viewer.role) && viewer.teamId) {
    const found = await findTeamWithService(db, viewer.teamId);
    if (found) team = { id: found.id, name: found.name, ...row((await countTeamChildren(db, [found.id]))[0]) };
  }
  let serviceTeams = null;
  if (viewer.role === 'service_manager' && viewer.serviceId) {
    const teams = await listTeamsWithServices(db, viewer.serviceId);
    const counts = await countTeamChildren(
      db,
      teams.map((t) => t.id),
    );
    serviceTeams = teams.map((t) => ({ id: t.id, name: t.name, ...row(counts.find((c) => c.team_id === t.id)) }));
  }
  const accessReviewsDue = MANAGER_ROLES.includes(viewer.role) ? (await grantsToReview(db, viewer)).filter((g) => !g.reviewed_at).length : null;
  return {
    showMyChildren: myChildren !== null && (WORKER_ROLES.includes(viewer.role) || myChildren > 0),
    myChildren,
    team,
    serviceTeams,
    accessReviewsDue,
  };
}
