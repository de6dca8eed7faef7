import type { Db } from '../../db/database.ts';
import { countsByLead, issuesSeenBy, leadsOf, summariseByRule } from '../issues.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { collectionYear } from '../../care/index.ts';
import { findReturnChildren } from './queries.ts';
import { collectionYearLabel, SSDA903_TABLES, ssda903Return, type ReturnChild, type Ssda903Return, type Ssda903TableName } from './rules.ts';
import { PUBLISHED_RULES, validateSsda903, type Ssda903Issue } from './validation.ts';

/** Where on a child's record each table's fields are put right. */
const TABLE_PAGES: Record<Ssda903TableName, { path: string; name: string }> = {
  Header: { path: 'details/edit', name: 'their details' },
  UASC: { path: 'details/edit', name: 'their details' },
  Episodes: { path: 'care/placements', name: 'placements' },
  Reviews: { path: 'care/reviews', name: 'looked-after reviews' },
  OC2: { path: 'care/health', name: 'health and wellbeing' },
  OC3: { path: 'care/after-care', name: 'after care' },
  AD1: { path: 'care/adoption', name: 'adoption' },
  PlacedAdoption: { path: 'care/adoption', name: 'adoption' },
  PrevPerm: { path: 'care/adoption', name: 'adoption' },
  Missing: { path: 'care/missing', name: 'missing episodes' },
  SWEpisodes: { path: 'allocations', name: 'allocations' },
  DoLo: { path: 'care/deprivation-of-liberty', name: 'deprivation of liberty orders' },
};

async function returnChildren(db: Db, yearEnd: number): Promise<ReturnChild[]> {
  return findReturnChildren(db, { ...collectionYear(yearEnd), yearEnd });
}

/** The SSDA903 return for the year ending 31 March `yearEnd`, built from the record now. */
export async function buildSsda903(db: Db, yearEnd: number): Promise<Ssda903Return> {
  return ssda903Return(yearEnd, await returnChildren(db, yearEnd));
}

/** "Header 812, Episodes 1,204, ..." for the audit trail: what a generation contained. */
export function tableCounts(tables: Ssda903Return): string {
  return SSDA903_TABLES.map((t) => `${t.name} ${tables[t.name].length}`).join(', ');
}

async function audit(db: Db, context: AuditContext, yearEnd: number, action: string, contents: string) {
  await recordAudit(db, context, { action, outcome: 'allowed', subjectType: 'return', subjectId: `ssda903-${yearEnd}`, reason: `SSDA903 ${collectionYearLabel(yearEnd)}: ${contents}` });
}

/** Builds the return and writes in the audit trail who made it, for which year, and how many rows each table had. */
export async function generateSsda903(db: Db, context: AuditContext, yearEnd: number, what: { action: string; table?: Ssda903TableName }): Promise<Ssda903Return> {
  const tables = await buildSsda903(db, yearEnd);
  await audit(db, context, yearEnd, what.action, what.table ? `${what.table} ${tables[what.table].length} rows` : tableCounts(tables));
  return tables;
}

/** The errors of the year's return, rule by rule, with the DfE's words: for the CLI's summary. */
export function summariseIssues(issues: readonly Ssda903Issue[]) {
  return summariseByRule(issues, (rule) => PUBLISHED_RULES.get(rule)?.message);
}

/** Builds and validates the year's return, audited as a generation. */
export async function validateYear(db: Db, context: AuditContext, yearEnd: number) {
  const children = await returnChildren(db, yearEnd);
  const tables = ssda903Return(yearEnd, children);
  const issues = validateSsda903(tables, yearEnd);
  await audit(db, context, yearEnd, 'returns.ssda903.validate', `${tableCounts(tables)}; ${issues.length} errors`);
  return { children, tables, issues };
}


async function issuesFor(db: Db, viewer: Viewer, seesAll: boolean, context: AuditContext, yearEnd: number) {
  const { children, tables, issues } = await validateYear(db, context, yearEnd);
  const recordOf = new Map(children.map((c) => [c.laChildId, c.recordId]));
  return { tables, recordOf, ...(await issuesSeenBy(db, viewer, seesAll, context.at, issues, recordOf)) };
}

/**
 * The returns page: each table's rows and the errors the DfE's rules find,
 * by rule, by the team leading each child's case now and by its worker. The
 * page names no child: children are listed under their rule, by the
 * council's identifier.
 */
export async function returnView(db: Db, viewer: Viewer, makesReturns: boolean, context: AuditContext, yearEnd: number) {
  const { tables, issues, recordOf } = await issuesFor(db, viewer, makesReturns, context, yearEnd);
  return {
    makesReturns,
    tables: SSDA903_TABLES.map((t) => ({ name: t.name, rows: tables[t.name].length })),
    errors: issues.length,
    byRule: summariseIssues(issues),
    ...(await countsByLead(db, issues, recordOf)),
  };
}

/** One rule's errors: each child by the council's identifier, with the page to put it right when the viewer may open the record. */
export async function ruleView(db: Db, viewer: Viewer, makesReturns: boolean, context: AuditContext, yearEnd: number, rule: string) {
  const { issues, recordOf, openable } = await issuesFor(db, viewer, makesReturns, context, yearEnd);
  const found = issues.filter((i) => i.rule === rule);
  const leads = await leadsOf(db, found, recordOf);
  return {
    rule: PUBLISHED_RULES.get(rule)!,
    rows: found.map((issue) => {
      const id = recordOf.get(issue.child)!;
      const page = TABLE_PAGES[issue.table];
      return {
        child: issue.child,
        table: issue.table,
        row: issue.row + 1,
        team: leads.get(id)?.team ?? null,
        worker: leads.get(id)?.worker ?? null,
        fix: openable.has(id) ? { href: `/children/${id}/${page.path}`, text: `Open ${page.name}` } : null,
      };
    }),
  };
}
