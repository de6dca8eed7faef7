import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { describeCode } from '../../reference/codes.ts';
import { childContinuity } from '../../workload/index.ts';
import { dueSummary } from '../visits/service.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import { findCareSituation, findChildDetails, findLeadHistory, findOpenPlans, findOtherInvolvements, searchChildren, type SearchCriteria } from './queries.ts';
import { allocationAlerts } from './rules.ts';
import { daysBetween } from '../../platform/calendar/dates.ts';

const INVOLVEMENT_LABELS: Record<string, string> = {
  co_worker: 'Co-worker',
  iro: 'Independent reviewing officer',
  personal_adviser: 'Personal adviser',
};

/** Everything on a child's summary page; the view is audited in the same transaction. */
export async function childSummary(db: Db, viewer: Viewer, context: AuditContext, childId: string, today: string) {
  return withChildRecord(db, viewer, context, childId, 'child.view.summary', async (trx, access) => {
    const [child, details, care, plans, leadHistory, involvements] = await Promise.all([
      childHeaderView(trx, childId, today),
      findChildDetails(trx, childId),
      findCareSituation(trx, childId),
      findOpenPlans(trx, childId),
      findLeadHistory(trx, childId),
      findOtherInvolvements(trx, childId),
    ]);
    const continuity = childContinuity(
      leadHistory.map((a) => ({ workerId: a.worker_id, start: a.start_date, end: a.end_date, reason: a.end_reason as never })),
      today,
    );
    const alerts: string[] = [];
    alerts.push(...allocationAlerts(child, involvements.map((i) => i.role), today));
    if (care.current?.placement_out_of_area) {
      alerts.push(`Placed outside the council's area${care.current.placement_distance_miles !== null ? `, ${care.current.placement_distance_miles} miles from home` : ''}`);
    }
    if (details.person.uasc) alerts.push('Unaccompanied asylum-seeking child');
    if (continuity.workersLast12Months >= 3) alerts.push(`${continuity.workersLast12Months} social workers in the last 12 months`);
    return {
      child,
      details: {
        ...details,
        sexLabel: details.person.sex ? ({ M: 'Male', F: 'Female', U: 'Not known' } as const)[details.person.sex] : 'Not recorded',
        ethnicityLabel: details.person.ethnicity ? describeCode('ethnicity', details.person.ethnicity) : 'Not recorded',
        disabilityLabels: details.disabilities.map((code) => describeCode('disability', code)),
      },
      care: care.current
        ? {
            ...care.current,
            periodStart: care.periodStart,
            placementTypeLabel: describeCode('placementType', care.current.placement_type),
            providerLabel: care.current.placement_provider ? describeCode('placementProvider', care.current.placement_provider) : null,
            daysInPlacement: daysBetween(care.current.start_date, today),
          }
        : null,
      plans: {
        referral: plans.referral ? { ...plans.referral, needLabel: plans.referral.primary_need ? describeCode('primaryNeed', plans.referral.primary_need) : null } : null,
        cpPlan: plans.cpPlan ? { ...plans.cpPlan, categoryLabel: describeCode('cpCategory', plans.cpPlan.latest_category) } : null,
      },
      continuity,
      due: await dueSummary(trx, childId, today),
      involvements: involvements.map((i) => ({ ...i, label: INVOLVEMENT_LABELS[i.role] ?? i.role })),
      alerts,
      accessNotice:
        access.via === 'grant'
          ? `You opened this record with a written reason. Your access ends at ${access.grantExpiresAt?.toISOString().slice(11, 16)} UTC and will be reviewed by your manager.`
          : null,
    };
  });
}

/** A search is audited with what was searched for, so misuse can be found later. */
export async function searchChildrenAudited(db: Db, viewer: Viewer, context: AuditContext, criteria: SearchCriteria) {
  return db.transaction().execute(async (trx) => {
    const results = await searchChildren(trx, viewer, context.at, criteria);
    await recordAudit(trx, context, {
      action: 'child.search',
      outcome: 'allowed',
      subjectType: 'search',
      reason: `${Object.entries(criteria)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}; ${results.length} results`,
    });
    return results;
  });
}
