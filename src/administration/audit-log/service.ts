import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { auditBatch, searchAudit, type AuditRow } from './queries.ts';
import { describeFilters, type AuditFilters } from './rules.ts';

/**
 * A page of the audit log. Looking is itself recorded (audit.search), after
 * the search so the row does not list itself.
 */
export async function searchAuditLog(db: Db, context: AuditContext, filters: AuditFilters, page: number) {
  return db.transaction().execute(async (trx) => {
    const result = await searchAudit(trx, filters, page);
    await recordAudit(trx, context, {
      action: 'audit.search',
      outcome: 'allowed',
      subjectType: 'audit_log',
      reason: `${describeFilters(filters)}; page ${page}; ${result.total} matching`,
    });
    return result;
  });
}

const BATCH = 1000;

/**
 * Every matching event, newest first, read in batches so a large export never
 * sits in memory whole. The export is recorded (audit.export) before the first row.
 */
export async function exportAuditLog(db: Db, context: AuditContext, filters: AuditFilters): Promise<AsyncGenerator<AuditRow>> {
  await recordAudit(db, context, { action: 'audit.export', outcome: 'allowed', subjectType: 'audit_log', reason: `CSV; ${describeFilters(filters)}` });
  // Taken now: the export's own row and anything later are left out.
  const latest = await db.selectFrom('audit_events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  const upTo = Number(latest?.id ?? 0);
  async function* rows() {
    let after: number | null = null;
    for (;;) {
      const batch = await auditBatch(db, filters, after, BATCH);
      for (const row of batch) if (row.id < upTo) yield row;
      if (batch.length < BATCH) return;
      after = batch[batch.length - 1]!.id;
    }
  }
  return rows();
}
