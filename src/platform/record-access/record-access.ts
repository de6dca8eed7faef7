import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditContext } from '../audit/audit.ts';
import { childAccess, type ChildAccess, type Viewer } from '../access/policy.ts';
import { NotFound, RecordNotFound } from '../http/errors.ts';

export type AllowedAccess = Extract<ChildAccess, { allowed: true }>;

/** Names a part of the record the work is about, e.g. ('note', id) for a note read or created: the audit row carries it. */
export type NameRecord = (recordType: string, recordId: string) => void;

/**
 * Opens one child's record for a viewer: checks access, writes the audit row
 * and runs `work` in one transaction. A viewer without access gets 404 (the
 * record's existence is not revealed) and the refusal is audited.
 *
 * `action` names what was looked at or done, e.g. 'child.view.summary' or
 * 'child.note.create'; `work` names the part of the record it read, changed
 * or created through its third argument. A part asked for that is not in
 * this child's record (NotFound, e.g. another child's note) answers 404 and
 * is audited as denied, naming what was asked for.
 */
export async function withChildRecord<T>(
  db: Db,
  viewer: Viewer,
  context: AuditContext,
  childId: string,
  action: string,
  work: (trx: Db, access: AllowedAccess, name: NameRecord) => Promise<T>,
): Promise<T> {
  const named: string[] = [];
  const name: NameRecord = (recordType, recordId) => named.push(`${recordType} ${recordId}`);
  const result = await db.transaction().execute(async (trx) => {
    const access = await childAccess(trx, viewer, childId, context.at);
    if (!access.allowed) {
      await recordAudit(trx, context, { action, outcome: 'denied', subjectType: 'child', subjectId: childId, reason: 'no relationship, grant or naming gives access' });
      return { denied: true as const };
    }
    const value = await work(trx, access, name);
    const via = access.via === 'grant' ? `access opened with a reason, until ${access.grantExpiresAt?.toISOString()}` : `access by ${access.via}`;
    await recordAudit(trx, context, {
      action,
      outcome: 'allowed',
      subjectType: 'child',
      subjectId: childId,
      reason: named.length ? `${via}; ${named.join(', ')}` : via,
    });
    return { denied: false as const, value };
  }).catch(async (error: unknown) => {
    if (error instanceof NotFound) {
      // The work was undone; the refusal is recorded on its own.
      const asked = error instanceof RecordNotFound ? `${error.recordType} ${error.recordId.slice(0, 100)}` : named.join(', ') || 'a part of the record';
      await recordAudit(db, context, { action, outcome: 'denied', subjectType: 'child', subjectId: childId, reason: `not found in this child's record: ${asked}` });
    }
    throw error;
  });
  if (result.denied) throw new NotFound();
  return result.value;
}
