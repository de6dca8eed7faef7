// Annex A made from the record for a day, and audited with what it contained.
import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { findAnnexASource } from './queries.ts';
import { annexA, listCounts, type AnnexA } from './rules.ts';
import { annexAXlsx } from './workbook.ts';

/** Every list of Annex A for the lists' periods ending on `day`, from the record as it stands. */
export async function buildAnnexA(db: Db, day: string): Promise<AnnexA> {
  return annexA(day, await findAnnexASource(db, day));
}

/**
 * Builds the workbook and writes in the audit trail who made it, for which
 * day, and how many rows each list had. Every child is in it, restricted
 * children too, as Ofsted requires.
 */
export async function generateAnnexA(db: Db, context: AuditContext, day: string, action: 'returns.annex-a.download' | 'returns.annex-a.generate'): Promise<{ lists: AnnexA; xlsx: Buffer }> {
  const lists = await buildAnnexA(db, day);
  const xlsx = await annexAXlsx(lists, day);
  await recordAudit(db, context, { action, outcome: 'allowed', subjectType: 'return', subjectId: `annex-a-${day}`, reason: `Ofsted Annex A to ${day}: ${listCounts(lists)}` });
  return { lists, xlsx };
}
