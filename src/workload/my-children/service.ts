import type { Db } from '../../db/database.ts';
import type { AllocationRole } from '../../db/schema.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { describeCode } from '../../reference/codes.ts';
import { ALLOCATION_ROLE_LABELS } from '../allocation/rules.ts';
import { ageOn, daysBetween, describeDuration } from '../../platform/calendar/dates.ts';
import { STATUS_LABELS, STATUS_TAG_CLASSES } from '../../platform/record-access/record-header.ts';
import { continuityByChild } from '../teams/rules.ts';
import { findLeadRowsOf } from '../teams/queries.ts';
import { findMyAllocations } from './queries.ts';

const ROLE_ORDER: readonly AllocationRole[] = ['lead', 'co_worker', 'personal_adviser', 'iro'];

/** The children a worker holds, one row each with every role they have for the child; the look is audited. */
export async function myChildrenPage(db: Db, viewer: Viewer, context: AuditContext, today: string) {
  return db.transaction().execute(async (trx) => {
    const rows = await findMyAllocations(trx, viewer, context.at);
    const continuity = continuityByChild(await findLeadRowsOf(trx, rows.filter((r) => r.role === 'lead').map((r) => r.id)), today);
    const children = new Map<string, (typeof rows)[number][]>();
    for (const row of rows) {
      if (!children.has(row.id)) children.set(row.id, []);
      children.get(row.id)!.push(row);
    }
    const list = [...children.values()].map((allocations) => {
      const child = allocations[0]!;
      const roles = [...allocations].sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));
      const main = roles[0]!;
      const c = continuity.get(child.id);
      // As lead, the relationship runs from when they first held the case without a break.
      const asLead = main.role === 'lead' && c?.currentWorkerId === viewer.id;
      const since = asLead ? c.currentSince! : main.start_date;
      return {
        id: child.id,
        laChildId: child.la_child_id,
        name: `${child.forename} ${child.surname}`,
        age: child.date_of_birth ? ageOn(child.date_of_birth, child.date_of_death ?? today) : null,
        roles: roles.map((r) => ALLOCATION_ROLE_LABELS[r.role]),
        statusLabel: STATUS_LABELS[child.status],
        statusTagClass: STATUS_TAG_CLASSES[child.status],
        legalStatus: child.legal_status ? `${child.legal_status}: ${describeCode('legalStatus', child.legal_status)}` : null,
        placement: child.placement_type ? describeCode('placementType', child.placement_type) : null,
        outOfArea: child.placement_out_of_area === true,
        distanceMiles: child.placement_distance_miles,
        since,
        relationship: describeDuration(Math.max(0, daysBetween(since, today))),
      };
    });
    await recordAudit(trx, context, { action: 'my-children.view', outcome: 'allowed', subjectType: 'user', subjectId: viewer.id, reason: `${list.length} children listed` });
    return { children: list, outOfArea: list.filter((c) => c.outOfArea).length };
  });
}
