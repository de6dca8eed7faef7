import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditContext } from '../audit/audit.ts';
import { childAccess, type ChildAccess, type Viewer } from '../access/policy.ts';
import { NotFound } from '../http/errors.ts';

export type AllowedAccess = Extract<ChildAccess, { allowed: true }>;

/**
 * Opens one child's record for a viewer: checks access, writes the audit row
 * and runs `work` in one transaction. A viewer without access gets 404 (the
 * record's existence is not revealed) and the refusal is audited.
 *
 * `action` names what was looked at or done, e.g. 'child.view.summary' or
 * 'child.note.create'.
 */
export async function withChildRecord<T>(
  db: Db,
  viewer: Viewer,
  context: AuditContext,
  childId: string,
  action: string,
  work: (trx: Db, access: AllowedAccess) => Promise<T>,
): Promise<T> {
  const result = await db.transaction().execute(async (trx) => {
    const access = await childAccess(trx, viewer, childId, context.at);
    if (!access.allowed) {
      await recordAudit(trx, context, { action, outcome: 'denied', subjectType: 'child', subjectId: childId, reason: 'no relationship, grant or naming gives access' });
      return { denied: true as const };
    }
    const value = await work(trx, access);
    await recordAudit(trx, context, {
      action,
      outcome: 'allowed',
      subjectType: 'child',
      subjectId: childId,
      reason: access.via === 'grant' ? `access opened with a reason, until ${access.grantExpiresAt?.toISOString()}` : `access by ${access.via}`,
    });
    return { denied: false as const, value };
  });
  if (result.denied) throw new NotFound();
  return result.value;
}
