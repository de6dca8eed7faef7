import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { childAccess, isUuid, mayRequestAccess, type Viewer } from '../../platform/access/policy.ts';
import { Forbidden, NotFound } from '../../platform/http/errors.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import { countAccessLog, findAccessLog, findChildByLaId, findGrant, findGrantsToReview, findLineManager, insertGrant, markReviewed } from './queries.ts';

export type AccessRequestResult = { outcome: 'granted' | 'already'; childId: string } | { outcome: 'refused' };

/**
 * Break-glass: opens a record outside the viewer's relationships for a limited
 * time, given a written reason. Restricted records cannot be opened this way.
 * Creates a review item for the viewer's line manager.
 */
export async function requestAccess(
  db: Db,
  viewer: Viewer,
  context: AuditContext,
  request: { laChildId: string; reason: string },
  grantHours: number,
): Promise<AccessRequestResult> {
  if (!mayRequestAccess(viewer.role)) throw new Forbidden('Your role cannot open case records.');
  return db.transaction().execute(async (trx) => {
    const child = await findChildByLaId(trx, request.laChildId);
    if (!child || child.restricted) {
      await recordAudit(trx, context, {
        action: 'child.access.request',
        outcome: 'failed',
        subjectType: child ? 'child' : 'la_child_id',
        subjectId: child?.id ?? request.laChildId.slice(0, 40),
        reason: child ? 'restricted record cannot be opened with a reason' : 'no child has this LA child ID',
      });
      return { outcome: 'refused' } as const;
    }
    const existing = await childAccess(trx, viewer, child.id, context.at);
    if (existing.allowed) return { outcome: 'already', childId: child.id } as const;
    const expiresAt = new Date(context.at.getTime() + grantHours * 3_600_000);
    const reviewerId = await findLineManager(trx, viewer.id);
    const grant = await insertGrant(trx, { userId: viewer.id, childId: child.id, reason: request.reason, grantedAt: context.at, expiresAt, reviewerId });
    await recordAudit(trx, context, {
      action: 'child.access.grant',
      outcome: 'allowed',
      subjectType: 'child',
      subjectId: child.id,
      reason: `until ${expiresAt.toISOString()} (grant ${grant.id}): ${request.reason}`,
    });
    return { outcome: 'granted', childId: child.id } as const;
  });
}

export async function accessLog(db: Db, viewer: Viewer, context: AuditContext, childId: string, today: string, page: number) {
  const pageSize = 100;
  return withChildRecord(db, viewer, context, childId, 'child.view.access-log', async (trx) => {
    const [child, rows, total] = await Promise.all([
      childHeaderView(trx, childId, today),
      findAccessLog(trx, childId, pageSize, (page - 1) * pageSize),
      countAccessLog(trx, childId),
    ]);
    return { child, rows, total, page, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
  });
}

export async function grantsToReview(db: Db, viewer: Viewer) {
  return findGrantsToReview(db, { id: viewer.id, headOfService: viewer.role === 'head_of_service' });
}

export async function reviewGrant(
  db: Db,
  viewer: Viewer,
  context: AuditContext,
  grantId: string,
  review: { outcome: 'appropriate' | 'inappropriate'; note: string | null },
): Promise<void> {
  if (!isUuid(grantId)) throw new NotFound();
  const refused = await db.transaction().execute(async (trx) => {
    const grant = await findGrant(trx, grantId);
    const mayReview =
      grant &&
      grant.user_id !== viewer.id &&
      (grant.reviewer_id === viewer.id || (grant.reviewer_id === null && viewer.role === 'head_of_service'));
    if (!grant || !mayReview) {
      await recordAudit(trx, context, { action: 'access-grant.review', outcome: 'denied', subjectType: 'access_grant', subjectId: grantId, reason: 'not the reviewer' });
      return true;
    }
    const updated = await markReviewed(trx, grantId, { by: viewer.id, at: context.at, outcome: review.outcome, note: review.note });
    if (updated) {
      await recordAudit(trx, context, {
        action: 'access-grant.review',
        outcome: 'allowed',
        subjectType: 'child',
        subjectId: grant.child_id,
        reason: `${review.outcome}${review.note ? `: ${review.note}` : ''}`,
      });
    }
    return false;
  });
  if (refused) throw new NotFound();
}
