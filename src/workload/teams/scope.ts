// The team or service a page is about, when the viewer may see it. An unknown
// unit and someone else's get the same 404, and the refusal is audited.
import type { Db } from '../../db/database.ts';
import { findTeamWithService } from '../../db/teams.ts';
import { isUuid, type Viewer } from '../../platform/access/policy.ts';
import { seesService, seesTeam } from '../../platform/access/staff.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { NotFound } from '../../platform/http/errors.ts';
import { findService } from './queries.ts';

export interface ScopeReader {
  db: Db;
  viewer: Viewer;
  context: AuditContext;
}

export async function teamInScope(r: ScopeReader, teamId: string, action: string) {
  const team = isUuid(teamId) ? await findTeamWithService(r.db, teamId) : undefined;
  if (!team || !seesTeam(r.viewer, { id: team.id, serviceId: team.service_id })) {
    await recordAudit(r.db, r.context, { action, outcome: 'denied', subjectType: 'team', subjectId: teamId, reason: 'not a team the viewer manages' });
    throw new NotFound();
  }
  return team;
}

export async function serviceInScope(r: ScopeReader, serviceId: string, action: string) {
  const service = isUuid(serviceId) ? await findService(r.db, serviceId) : undefined;
  if (!service || !seesService(r.viewer, service.id)) {
    await recordAudit(r.db, r.context, { action, outcome: 'denied', subjectType: 'service', subjectId: serviceId, reason: 'not a service the viewer manages' });
    throw new NotFound();
  }
  return service;
}
