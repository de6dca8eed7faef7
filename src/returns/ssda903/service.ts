import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { collectionYear } from '../../care/index.ts';
import { findReturnChildren } from './queries.ts';
import { collectionYearLabel, SSDA903_TABLES, ssda903Return, type Ssda903Return, type Ssda903TableName } from './rules.ts';

/** The SSDA903 return for the year ending 31 March `yearEnd`, built from the record now. */
export async function buildSsda903(db: Db, yearEnd: number): Promise<Ssda903Return> {
  const children = await findReturnChildren(db, { ...collectionYear(yearEnd), yearEnd });
  return ssda903Return(yearEnd, children);
}

/** "Header 812, Episodes 1,204, ..." for the audit trail: what a generation contained. */
export function tableCounts(tables: Ssda903Return): string {
  return SSDA903_TABLES.map((t) => `${t.name} ${tables[t.name].length}`).join(', ');
}

/** Builds the return and writes in the audit trail who made it, for which year, and how many rows each table had. */
export async function generateSsda903(db: Db, context: AuditContext, yearEnd: number, what: { action: string; table?: Ssda903TableName }): Promise<Ssda903Return> {
  const tables = await buildSsda903(db, yearEnd);
  const contents = what.table ? `${what.table} ${tables[what.table].length} rows` : tableCounts(tables);
  await recordAudit(db, context, { action: what.action, outcome: 'allowed', subjectType: 'return', subjectId: `ssda903-${yearEnd}`, reason: `SSDA903 ${collectionYearLabel(yearEnd)}: ${contents}` });
  return tables;
}
