import { readFileSync } from 'node:fs';
import { memoryPages, validateXML } from 'xmllint-wasm';
import type { Db } from '../../db/database.ts';
import { countsByLead, issuesSeenBy, leadsOf, summariseByRule } from '../issues.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { collectionYear } from '../../care/index.ts';
import { collectionYearLabel } from '../ssda903/rules.ts';
import { findCinChildren } from './queries.ts';
import { censusCounts, cinCensus, cinCensusXml, countsText, type CinCensus } from './rules.ts';
import { CIN_RULES, validateCinCensus, type CinIssue, type CinModule } from './validation.ts';

/** The schema the census is checked against: the DfE's 2024 schema with the changes since (see its opening comment). */
export const CIN_SCHEMA = readFileSync(new URL('./CIN_schema_2025.xsd', import.meta.url), 'utf8');
const RELEASE = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Where on a child's record each part of the census is put right. */
const MODULE_PAGES: Record<CinModule, { path: string; name: string }> = {
  ChildIdentifiers: { path: 'details/edit', name: 'their details' },
  ChildCharacteristics: { path: 'details/edit', name: 'their details' },
  CINdetails: { path: 'protection', name: 'help and protection' },
  Assessments: { path: 'protection', name: 'help and protection' },
  Section47: { path: 'protection', name: 'help and protection' },
  CINPlanDates: { path: 'protection/plans', name: 'plans' },
  ChildProtectionPlans: { path: 'protection/plans', name: 'plans' },
};

/** The CIN census for the year ending 31 March `yearEnd`, built from the record now. */
export async function buildCinCensus(db: Db, yearEnd: number): Promise<CinCensus> {
  return cinCensus(yearEnd, await findCinChildren(db, collectionYear(yearEnd)));
}

/** The census as the DfE's XML, with the council's LA code and the moment it was made. */
export function censusXml(census: CinCensus, laCode: string, at: Date): string {
  return cinCensusXml(census, { laCode, softwareCode: 'Steadfast', release: RELEASE, at });
}

/**
 * A census file checked against the project's schema. xmllint's WebAssembly
 * memory may grow to its largest (4 GiB): by default it stops at 32 MiB, and
 * a large council's census holds tens of thousands of children.
 */
export function validateCinXml(fileName: string, xml: string) {
  return validateXML({ xml: [{ fileName, contents: xml }], schema: [{ fileName: 'CIN_schema_2025.xsd', contents: CIN_SCHEMA }], maxMemoryPages: memoryPages.max });
}

/** The schema's complaints about a census file: none when it is valid. */
export async function schemaErrors(xml: string): Promise<string[]> {
  const result = await validateCinXml('CIN.xml', xml);
  return result.errors.map((e) => e.rawMessage.trim());
}

async function audit(db: Db, context: AuditContext, yearEnd: number, action: string, contents: string) {
  await recordAudit(db, context, { action, outcome: 'allowed', subjectType: 'return', subjectId: `cin-${yearEnd}`, reason: `CIN census ${collectionYearLabel(yearEnd)}: ${contents}` });
}

/** Builds the census as XML and writes in the audit trail who made it, for which year, and what it contained. */
export async function generateCinCensus(db: Db, context: AuditContext, yearEnd: number, laCode: string, action: string) {
  const census = await buildCinCensus(db, yearEnd);
  await audit(db, context, yearEnd, action, countsText(census));
  return { census, xml: censusXml(census, laCode, context.at) };
}

/** Builds and validates the year's census, audited as a generation. */
export async function validateCinYear(db: Db, context: AuditContext, yearEnd: number) {
  const census = await buildCinCensus(db, yearEnd);
  const issues = validateCinCensus(census);
  await audit(db, context, yearEnd, 'returns.cin.validate', `${countsText(census)}; ${issues.length} errors`);
  return { census, issues };
}

/** The errors of the census, rule by rule, with the DfE's words. */
export function summariseCinIssues(issues: readonly CinIssue[]) {
  return summariseByRule(issues, (rule) => CIN_RULES.get(rule)?.message);
}

async function issuesFor(db: Db, viewer: Viewer, makesReturns: boolean, context: AuditContext, yearEnd: number) {
  const { census, issues } = await validateCinYear(db, context, yearEnd);
  const recordOf = new Map(census.children.map((c) => [c.LAchildID, c.recordId]));
  return { census, recordOf, ...(await issuesSeenBy(db, viewer, makesReturns, context.at, issues, recordOf)) };
}

/** The CIN census section of the returns page: what the census holds, and its errors by rule, by team and by worker. */
export async function cinReturnView(db: Db, viewer: Viewer, makesReturns: boolean, context: AuditContext, yearEnd: number) {
  const { census, issues, recordOf } = await issuesFor(db, viewer, makesReturns, context, yearEnd);
  return {
    counts: censusCounts(census),
    errors: issues.length,
    byRule: summariseCinIssues(issues),
    ...(await countsByLead(db, issues, recordOf)),
  };
}

/** One rule's errors: each child by the council's identifier, with the page to put it right when the viewer may open the record. */
export async function cinRuleView(db: Db, viewer: Viewer, makesReturns: boolean, context: AuditContext, yearEnd: number, rule: string) {
  const { issues, recordOf, openable } = await issuesFor(db, viewer, makesReturns, context, yearEnd);
  const found = issues.filter((i) => i.rule === rule);
  const leads = await leadsOf(db, found, recordOf);
  return {
    rule: CIN_RULES.get(rule)!,
    rows: found.map((issue) => {
      const id = recordOf.get(issue.child)!;
      const page = MODULE_PAGES[issue.module];
      return {
        child: issue.child,
        module: issue.module,
        referralDate: issue.referralDate,
        team: leads.get(id)?.team ?? null,
        worker: leads.get(id)?.worker ?? null,
        fix: openable.has(id) ? { href: `/children/${id}/${page.path}`, text: `Open ${page.name}` } : null,
      };
    }),
  };
}
