import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { isUuid, type Viewer } from '../../platform/access/policy.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import { NotFound } from '../../platform/http/errors.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { findWorkers } from '../caseload/queries.ts';
import { CASE_HOLDING_ROLES, loadCaseloadContext } from '../caseload/service.ts';
import { findChildLeadTeam, findServiceTeams, findTeam } from './queries.ts';
import { previewAllocation } from './service.ts';

/** Who may compare workers for a child's allocation: the managers who allocate. */
export const PREVIEW_ROLES: readonly Role[] = ['team_manager', 'practice_supervisor', 'service_manager'];

export interface PreviewPageContext {
  viewer: Viewer;
  audit: AuditContext;
  today: string;
}

/**
 * The standalone preview page: a child's record (so only for those who may
 * open it) comparing the case holders of one team. A team manager or
 * practice supervisor compares their own team; a service manager any team of
 * their service (by default the team holding the case). Another team answers 404.
 */
export async function allocationPreviewPage(db: Db, ctx: PreviewPageContext, childId: string, teamParam: string | undefined) {
  return withChildRecord(db, ctx.viewer, ctx.audit, childId, 'child.view.allocation-preview', async (trx) => {
    const child = await childHeaderView(trx, childId, ctx.today);
    if (!PREVIEW_ROLES.includes(ctx.viewer.role)) return { kind: 'not-manager' as const, child };
    const serviceTeams = ctx.viewer.role === 'service_manager' && ctx.viewer.serviceId ? await findServiceTeams(trx, ctx.viewer.serviceId) : [];
    const allowed = ctx.viewer.role === 'service_manager' ? serviceTeams.map((t) => t.id) : ctx.viewer.teamId ? [ctx.viewer.teamId] : [];
    let teamId: string | undefined;
    if (teamParam !== undefined && teamParam !== '') {
      if (!isUuid(teamParam) || !allowed.includes(teamParam)) throw new NotFound();
      teamId = teamParam;
    } else if (ctx.viewer.role === 'service_manager') {
      const lead = await findChildLeadTeam(trx, childId);
      teamId = lead && allowed.includes(lead.team_id) ? lead.team_id : undefined;
    } else {
      teamId = allowed[0];
    }
    if (!teamId) return { kind: 'choose' as const, child, teams: serviceTeams };
    const team = (await findTeam(trx, teamId))!;
    const context = await loadCaseloadContext(trx, ctx.today);
    const holders = (await findWorkers(trx, { teamId, roles: CASE_HOLDING_ROLES })).filter(
      (w) => (context.settings.roles[w.role]?.fullTimePoints ?? 0) > 0,
    );
    const preview = await previewAllocation(trx, { childId, candidateWorkerIds: holders.map((w) => w.id), today: ctx.today });
    return { kind: 'preview' as const, child, team, teams: serviceTeams, preview };
  });
}
