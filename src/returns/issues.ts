// What the returns page does with a return's errors, whichever return: who
// may see each one, and how they count by rule, team and worker.
import type { Db } from '../db/database.ts';
import type { Viewer } from '../platform/access/policy.ts';
import { findCaseLeads, findOpenable } from './ssda903/queries.ts';

interface Issue {
  rule: string;
  /** The council's identifier of the child, as the return names them. */
  child: string;
}

/**
 * Those who make returns (`seesAll`: makesReturns in platform/access) see
 * every error; a manager sees the errors of the children whose records they
 * may open (their team's or service's), to put them right before the return
 * is sent. `recordOf` maps the return's child identifier to the record's id.
 */
export async function issuesSeenBy<I extends Issue>(db: Db, viewer: Viewer, seesAll: boolean, at: Date, issues: readonly I[], recordOf: ReadonlyMap<string, string>) {
  const openable = await findOpenable(db, viewer, at, [...new Set(issues.map((i) => recordOf.get(i.child)!))]);
  return { issues: seesAll ? [...issues] : issues.filter((i) => openable.has(recordOf.get(i.child)!)), openable };
}

/** Who leads each affected child's case now: the returns page counts errors by them, and lists them beside each child. */
export async function leadsOf(db: Db, issues: readonly Issue[], recordOf: ReadonlyMap<string, string>) {
  return findCaseLeads(db, [...new Set(issues.map((i) => recordOf.get(i.child)!))]);
}

/** Errors counted by the team leading each child's case now, and by its worker. */
export async function countsByLead(db: Db, issues: readonly Issue[], recordOf: ReadonlyMap<string, string>) {
  const leads = await leadsOf(db, issues, recordOf);
  const lead = (issue: Issue) => leads.get(recordOf.get(issue.child)!);
  return {
    byTeam: countBy(issues, (i) => lead(i)?.team ?? 'No team leads the case now'),
    byWorker: countBy(issues, (i) => {
      const l = lead(i);
      return l ? `${l.worker ?? 'No worker allocated'} (${l.team})` : 'No team leads the case now';
    }),
  };
}

/** The errors rule by rule, with the DfE's words: rows and children affected. */
export function summariseByRule(issues: readonly Issue[], messageOf: (rule: string) => string | undefined): { rule: string; message: string; rows: number; children: number }[] {
  const byRule = new Map<string, Issue[]>();
  for (const issue of issues) byRule.set(issue.rule, [...(byRule.get(issue.rule) ?? []), issue]);
  return [...byRule].map(([rule, list]) => ({ rule, message: messageOf(rule) ?? '', rows: list.length, children: new Set(list.map((i) => i.child)).size }));
}

/** How many items share each key, the most first (ties by name). */
function countBy<T>(items: readonly T[], key: (t: T) => string): { name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}
