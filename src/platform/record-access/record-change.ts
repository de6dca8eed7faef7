import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditContext } from '../audit/audit.ts';
import type { Viewer } from '../access/policy.ts';
import { Forbidden, type FieldErrors } from '../http/errors.ts';
import { withChildRecord, type AllowedAccess, type NameRecord } from './record-access.ts';

/** A change refused for bad input: the form is shown again with `view`, nothing is stored. */
export interface Refusal<V> {
  refused: true;
  errors: FieldErrors;
  view: V;
}

export function refuse<V>(errors: FieldErrors, view: V): Refusal<V> {
  return { refused: true, errors, view };
}

export type ChangeResult<T, V> = { ok: true; value: T } | { ok: false; errors: FieldErrors; view: V };

/**
 * Thrown inside a record's work when the viewer may see the record but not do
 * this to it (for example edit someone else's case note): the work is undone,
 * the refusal audited and the viewer answered 403.
 */
export class NotPermitted extends Error {
  constructor(
    /** What the viewer is told. */
    readonly userMessage: string,
    /** What the audit log records. */
    readonly auditReason: string,
  ) {
    super(userMessage);
  }
}

class Undo<V> extends Error {
  constructor(readonly refusal: Refusal<V>) {
    super('refused');
  }
}

/**
 * Runs `work` on a child's record through `withChildRecord` (access check,
 * 404 on refusal, audit row in the same transaction). When `work` refuses the
 * input, everything it did is rolled back, the attempt is audited as failed
 * (naming the fields, never their values) and the refusal is returned for the
 * form to be shown again. When it throws NotPermitted, the refusal is audited
 * as denied and answered 403.
 */
export async function changeChildRecord<T, V>(
  db: Db,
  viewer: Viewer,
  context: AuditContext,
  childId: string,
  action: string,
  work: (trx: Db, access: AllowedAccess, name: NameRecord) => Promise<T | Refusal<V>>,
): Promise<ChangeResult<T, V>> {
  try {
    const value = await withChildRecord(db, viewer, context, childId, action, async (trx, access, name) => {
      const result = await work(trx, access, name);
      if (isRefusal<V>(result)) throw new Undo(result);
      return result as T;
    });
    return { ok: true, value };
  } catch (error) {
    if (error instanceof Undo) {
      const refusal = error.refusal as Refusal<V>;
      await recordAudit(db, context, {
        action,
        outcome: 'failed',
        subjectType: 'child',
        subjectId: childId,
        reason: `refused, nothing stored: ${Object.keys(refusal.errors).join(', ')}`,
      });
      return { ok: false, errors: refusal.errors, view: refusal.view };
    }
    return deniedOrRethrow(db, context, childId, action, error);
  }
}

/**
 * Reads a child's record through `withChildRecord`; `work` may throw
 * NotPermitted, which is audited as denied and answered 403.
 */
export const readChildRecord: typeof withChildRecord = async (db, viewer, context, childId, action, work) => {
  try {
    return await withChildRecord(db, viewer, context, childId, action, work);
  } catch (error) {
    return deniedOrRethrow(db, context, childId, action, error);
  }
};

async function deniedOrRethrow(db: Db, context: AuditContext, childId: string, action: string, error: unknown): Promise<never> {
  if (error instanceof NotPermitted) {
    await recordAudit(db, context, { action, outcome: 'denied', subjectType: 'child', subjectId: childId, reason: error.auditReason });
    throw new Forbidden(error.userMessage);
  }
  throw error;
}

export function isRefusal<V>(value: unknown): value is Refusal<V> {
  return typeof value === 'object' && value !== null && (value as { refused?: unknown }).refused === true;
}
