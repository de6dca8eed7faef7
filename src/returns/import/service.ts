// Importing the SSDA903 files of an earlier year, for those who make the
// returns: each child in one transaction (a child refused is refused whole,
// the others land), matched to the record by the council's identifier or
// unique pupil number, created when not found. What the record already holds
// is kept; the files fill what it lacks, so the same files imported twice
// change nothing. A dry run does the same work and rolls each child back.
// Every run is audited with what the files held and what it did.
import type { Db } from '../../db/database.ts';
import { makesReturns } from '../../platform/access/roles.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { londonDate } from '../../platform/clock/clock.ts';
import { birthday } from '../../platform/calendar/dates.ts';
import type { Role } from '../../db/schema.ts';
import { collectionYearLabel } from '../ssda903/rules.ts';
import type { SourceFile } from './parse.ts';
import * as q from './queries.ts';
import { IMPORTED_TABLES, planImport, type ImportError, type ImportedChild, type ImportedTable } from './rules.ts';

export interface ImportOptions {
  yearEnd: number;
  dryRun: boolean;
  /** The team a child created by the import is placed in (a lead allocation with no worker yet); null leaves them unallocated. */
  teamId: string | null;
  /** Told after each child, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

export type TableTally = { imported: number; unchanged: number; refused: number };

export interface ImportSummary {
  yearEnd: number;
  dryRun: boolean;
  files: string[];
  children: { created: number; enriched: number; unchanged: number; refused: number };
  tables: Record<ImportedTable, TableTally>;
  errors: ImportError[];
}

/** Refused before anything is read: the person may not import, or the options make no sense. */
export class ImportRefused extends Error {}

/** The person running the import: one who makes the returns, named by their account. */
export async function importerFor(db: Db, context: AuditContext, email: string, action = 'returns.ssda903.import'): Promise<{ id: string; email: string }> {
  const user = await q.findUserByEmail(db, email);
  if (!user || user.disabled_at !== null || !makesReturns({ role: user.role as Role, returnsAdministrator: user.returns_administrator })) {
    await recordAudit(db, context, { action, outcome: 'denied', reason: `${email} is not an active account of someone who makes the returns` });
    throw new ImportRefused(`${email} is not an active account of someone who makes the returns (a performance analyst, a head of service or a returns administrator): only they import returns`);
  }
  return { id: user.id, email: user.email };
}

export async function teamFor(db: Db, nameOrId: string): Promise<string> {
  const team = await q.findTeam(db, nameOrId);
  if (!team) throw new ImportRefused(`there is no team "${nameOrId}": give a team's exact name or id`);
  return team.id;
}

class RollBack extends Error {}

/**
 * One child's writes in their own transaction: rolled back whole when the
 * work throws, and always on a dry run (the result is still answered).
 */
export async function inOwnTransaction<T>(db: Db, dryRun: boolean, work: (trx: Db) => Promise<T>): Promise<T> {
  let result: { value: T } | undefined;
  try {
    await db.transaction().execute(async (trx) => {
      result = { value: await work(trx) };
      if (dryRun) throw new RollBack();
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  }
  return result!.value;
}

/** A child the record refuses as a whole (a clash with what it holds). */
export class ChildRefused extends Error {
  constructor(
    readonly field: string,
    message: string,
    /** The row at fault, when it is not the child's first. */
    readonly at?: { file: string; line: number },
  ) {
    super(message);
  }
}

/**
 * The child found is refused when it is someone else (found by a unique pupil
 * number that another identifier holds) or born on another day.
 */
export function refuseClash(
  found: { la_child_id: string | null; date_of_birth: string | null },
  child: { laChildId: string; upn: string | null; dateOfBirth: string | null },
  fields: { upn: string; dateOfBirth: string },
): void {
  if (found.la_child_id !== null && found.la_child_id !== child.laChildId) {
    throw new ChildRefused(fields.upn, `unique pupil number ${child.upn} is on the record of child ${found.la_child_id}, not ${child.laChildId}: put the identifiers right first`);
  }
  if (found.date_of_birth !== null && child.dateOfBirth !== null && found.date_of_birth !== child.dateOfBirth) {
    throw new ChildRefused(fields.dateOfBirth, `the record of child ${child.laChildId} has the date of birth ${found.date_of_birth.split('-').reverse().join('/')}, not this one`);
  }
}

/** What one child's import did to each table or part of the record: rows added or changed, and rows already held. */
export class RowTally<K extends string> {
  private readonly counts = new Map<K, { imported: number; unchanged: number }>();
  constructor(private readonly order: readonly K[]) {}

  readonly count = (part: K, changed: boolean) => {
    const t = this.counts.get(part) ?? { imported: 0, unchanged: 0 };
    if (changed) t.imported += 1;
    else t.unchanged += 1;
    this.counts.set(part, t);
  };

  /** The parts that changed with their rows, in the return's order: "Episodes 2, Reviews 1"; empty when nothing did. */
  changes(): string {
    return this.order
      .filter((part) => (this.counts.get(part)?.imported ?? 0) > 0)
      .map((part) => `${part} ${this.counts.get(part)!.imported}`)
      .join(', ');
  }

  addTo(tables: Record<K, TableTally>): void {
    for (const [part, t] of this.counts) {
      tables[part].imported += t.imported;
      tables[part].unchanged += t.unchanged;
    }
  }
}

/** Fills the stored row's blank fields from the imported one; answers the changes (empty when nothing is new). */
export function blanksFilled<S extends Record<string, unknown>>(stored: S, incoming: Partial<S>): Partial<S> {
  const changes: Partial<S> = {};
  for (const [key, value] of Object.entries(incoming) as [keyof S, S[keyof S]][]) {
    if (value !== null && value !== undefined && (stored[key] === null || stored[key] === undefined)) changes[key] = value;
  }
  return changes;
}

async function importChild(db: Db, child: ImportedChild, by: { id: string }, context: AuditContext, options: ImportOptions, label: string) {
  const tally = new RowTally(IMPORTED_TABLES);
  const { count } = tally;
  const at = context.at;
  const h = child.header;
  const found = await q.findChild(db, h);
  let childId: string;
  let created = false;
  if (!found) {
    childId = await q.insertChild(db, h, child.uasc);
    created = true;
    // A child with a social worker now in the files is theirs; the others wait in the team chosen.
    if (options.teamId && !child.socialWorkers.some((w) => w.end === null)) await q.insertTeamLead(db, childId, options.teamId, londonDate(at), by.id);
    count('Header', true);
    if (child.uasc) count('UASC', true);
  } else {
    refuseClash(found, h, { upn: 'UPN', dateOfBirth: 'DOB' });
    childId = found.id;
    const noUpn = found.upn === null && found.upn_unknown_reason === null;
    const changes = blanksFilled(found, { la_child_id: h.laChildId, sex: h.sex, ethnicity: h.ethnicity, upn: noUpn ? h.upn : null, upn_unknown_reason: noUpn ? h.upnUnknownReason : null });
    const uascNew = child.uasc && !found.uasc;
    if (Object.keys(changes).length > 0 || uascNew) await q.updateChild(db, childId, { ...changes, ...(uascNew ? { uasc: true } : {}) }, at);
    count('Header', Object.keys(changes).length > 0);
    if (child.uasc) count('UASC', uascNew);
  }

  const episodes = await q.findEpisodes(db, childId);
  for (const e of child.episodes) {
    const stored = episodes.find((s) => s.start_date === e.startDate);
    if (!stored) {
      await q.insertEpisode(db, childId, e);
      count('Episodes', true);
      continue;
    }
    const changes = blanksFilled(stored, {
      end_date: e.endDate,
      reason_ceased: e.reasonCeased,
      reason_place_change: e.reasonPlaceChange,
      placement_provider: e.placementProvider,
      placement_postcode: e.placementPostcode,
      placement_urn: e.urn,
      home_postcode: e.homePostcode,
    });
    if (Object.keys(changes).length > 0) await q.updateEpisode(db, stored.id, changes);
    count('Episodes', Object.keys(changes).length > 0);
  }

  const reviews = await q.findReviews(db, childId);
  for (const r of child.reviews) {
    const stored = reviews.find((s) => s.event_date === r.date);
    const eventId = stored?.id ?? (await q.insertReviewEvent(db, childId, r.date, by.id, at));
    const outcomeNew = r.participation !== null && (stored?.participation ?? null) === null;
    if (outcomeNew) await q.insertReviewOutcome(db, eventId, childId, r.participation!, by.id, at);
    count('Reviews', !stored || outcomeNew);
  }

  const missing = await q.findMissing(db, childId);
  for (const m of child.missing) {
    const stored = missing.find((s) => s.kind === m.kind && s.start_date === m.startDate);
    if (!stored) await q.insertMissing(db, childId, m, by.id, at);
    else if (stored.end_date === null && m.endDate !== null) await q.setMissingEnd(db, stored.id, m.endDate, by.id, at);
    count('Missing', !stored || (stored.end_date === null && m.endDate !== null));
  }

  const checks = await q.findLeavingCareChecks(db, childId);
  for (const c of child.leavingCareChecks) {
    const stored = checks.some((s) => s.birthday_age === c.birthdayAge);
    if (!stored) await q.insertLeavingCareCheck(db, childId, c, by.id, at);
    count('OC3', !stored);
  }

  if (child.healthYear) {
    const stored = await q.hasHealthYear(db, childId, child.healthYear.yearEnding);
    if (!stored) await q.insertHealthYear(db, childId, child.healthYear, by.id, at);
    count('OC2', !stored);
  }

  for (const p of child.previousPermanence) {
    const stored = await q.hasPreviousPermanence(db, childId, p.careStartedOn);
    if (!stored) await q.insertPreviousPermanence(db, childId, p, by.id, at);
    count('PrevPerm', !stored);
  }

  const decisions = await q.findAdoptionDecisions(db, childId);
  for (const d of child.adoptionDecisions) {
    const fields: Partial<q.AdoptionDecisionFields> = { ceased_on: d.ceasedOn, ceased_reason: d.ceasedReason };
    if (d.adoption) {
      const a = d.adoption;
      Object.assign(fields, {
        matched_on: a.matchedOn,
        foster_carers: a.fosterCarers,
        adopters_count: a.adoptersCount,
        adopters_sex: a.adoptersSex,
        adopters_legal_status: a.adoptersLegalStatus,
        authority: a.authority,
        authority_on: a.authorityOn,
        placed_on: a.placedOn,
        adopted_on: a.adoptedOn,
      });
    }
    const stored = decisions.find((s) => s.decided_on === d.decidedOn);
    const changes = stored ? blanksFilled(stored, fields) : fields;
    const changed = !stored || Object.keys(changes).length > 0;
    if (!stored) await q.insertAdoptionDecision(db, childId, d.decidedOn, fields, by.id, at);
    else if (changed) await q.updateAdoptionDecision(db, stored.id, changes, by.id, at);
    if (d.adoption) count('AD1', changed);
    if (d.inPlacedAdoption) count('PlacedAdoption', changed);
  }

  const leads = await q.findLeadAllocations(db, childId);
  const staff = await q.findWorkersBySwe(db, [...new Set(child.socialWorkers.map((w) => w.swId))]);
  for (const w of child.socialWorkers) {
    const worker = staff.find((s) => s.swe_number === w.swId);
    if (!worker) throw new ChildRefused('SW_ID', `no member of staff has the Social Work England number ${w.swId}: add them (Workforce, their staff record) and import again`, w.source);
    if (!worker.team_id) throw new ChildRefused('SW_ID', `the member of staff with the Social Work England number ${w.swId} is in no team: put them in one and import again`, w.source);
    const same = leads.find((l) => l.worker_id === worker.id && l.start_date === w.start);
    if (same) {
      const ends = same.end_date === null && w.end !== null;
      if (ends) await q.setAllocationEnd(db, same.id, w.end!, w.reason);
      count('SWEpisodes', ends);
      continue;
    }
    // The record's own history is kept where it covers the same days.
    const overlaps = leads.some((l) => l.start_date < (w.end ?? '9999-12-31') && (l.end_date ?? '9999-12-31') > w.start);
    if (!overlaps) await q.insertLeadAllocation(db, { childId, teamId: worker.team_id, workerId: worker.id, start: w.start, end: w.end, reason: w.reason }, by.id, at);
    count('SWEpisodes', !overlaps);
  }

  const orders = await q.findLibertyOrders(db, childId);
  for (const o of child.libertyOrders) {
    const stored = orders.find((s) => s.start_date === o.start);
    const ends = stored !== undefined && stored.end_date === null && o.end !== null;
    // The return does not name the court: the Court of Protection's from 16 (Mental Capacity Act 2005), the High Court's before.
    if (!stored) await q.insertLibertyOrder(db, childId, { court: o.start >= birthday(h.dateOfBirth, 16) ? 'court_of_protection' : 'high_court', start: o.start, end: o.end }, by.id, at);
    else if (ends) await q.setLibertyOrderEnd(db, stored.id, o.end!, by.id, at);
    count('DoLo', !stored || ends);
  }

  const changed = tally.changes();
  if (changed) {
    await recordAudit(db, context, {
      action: 'returns.ssda903.import.child',
      outcome: 'allowed',
      subjectType: 'person',
      subjectId: childId,
      reason: `SSDA903 ${label} import, child ${h.laChildId} ${created ? 'created' : 'enriched'}: ${changed}`,
    });
  }
  return { outcome: created ? ('created' as const) : changed ? ('enriched' as const) : ('unchanged' as const), tally };
}

/** The field and message for a child the record refused: a clash it names, or the database's first line. */
export function refusal(error: unknown, laChildId: string, field: string): { file?: string; line?: number; field: string; message: string } {
  if (error instanceof ChildRefused) return { ...error.at, field: error.field, message: error.message };
  return { field, message: `child ${laChildId} was not imported: the record refused it (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
}

/** "children created 1, enriched 0, ...; rows imported/unchanged/refused: ...; not imported: ...", for the CLI and the audit trail. */
function tallyLine(summary: { children: ImportSummary['children']; tables: Record<string, TableTally>; notImported?: Partial<Record<string, number>> }): string {
  const c = summary.children;
  const tables = Object.entries(summary.tables).map(([t, n]) => `${t} ${n.imported}/${n.unchanged}/${n.refused}`).join(', ');
  const skipped = Object.entries(summary.notImported ?? {})
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([t, n]) => `${t} ${n}`).join(', ');
  return `children created ${c.created}, enriched ${c.enriched}, unchanged ${c.unchanged}, refused ${c.refused}; rows imported/unchanged/refused: ${tables}${skipped ? `; not imported: ${skipped}` : ''}`;
}

/**
 * Imports the files of the year ending 31 March `yearEnd`. Each child is
 * checked whole first (rules.ts), then written in its own transaction; a
 * child the record refuses (a clash of identifiers or dates of birth) is
 * rolled back and reported on its Header row.
 */
export async function importSsda903(db: Db, context: AuditContext, importer: { id: string }, files: readonly SourceFile[], options: ImportOptions): Promise<ImportSummary> {
  const plan = planImport(files, options.yearEnd);
  const label = collectionYearLabel(options.yearEnd);
  const summary: ImportSummary = {
    yearEnd: options.yearEnd,
    dryRun: options.dryRun,
    files: files.map((f) => f.file),
    children: { created: 0, enriched: 0, unchanged: 0, refused: 0 },
    tables: Object.fromEntries(IMPORTED_TABLES.map((t) => [t, { imported: 0, unchanged: 0, refused: plan.refused[t] ?? 0 }])) as Record<ImportedTable, TableTally>,
    errors: [...plan.errors],
  };
  summary.children.refused = countRefusedChildren(files, plan.errors);

  let done = 0;
  for (const child of plan.children) {
    let result: Awaited<ReturnType<typeof importChild>> | undefined;
    try {
      result = await inOwnTransaction(db, options.dryRun, (trx) => importChild(trx, child, importer, context, options, label));
    } catch (error) {
      summary.errors.push({ ...child.source, ...refusal(error, child.header.laChildId, 'CHILD') });
      summary.children.refused += 1;
      for (const [table, n] of Object.entries(child.rows) as [ImportedTable, number][]) summary.tables[table].refused += n;
    }
    if (result) {
      summary.children[result.outcome] += 1;
      result.tally.addTo(summary.tables);
    }
    done += 1;
    options.onProgress?.(done, plan.children.length);
  }
  summary.errors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  await recordAudit(db, context, {
    action: options.dryRun ? 'returns.ssda903.import.dry-run' : 'returns.ssda903.import',
    outcome: 'allowed',
    subjectType: 'return',
    subjectId: `ssda903-${options.yearEnd}`,
    reason: `SSDA903 ${label} ${options.dryRun ? 'dry run' : 'import'} of ${summary.files.join(', ')}: ${tallyLine(summary)}`,
  });
  return summary;
}

/** The children refused by the checks: those with a row named in an error. */
function countRefusedChildren(files: readonly SourceFile[], errors: readonly ImportError[]): number {
  const childAt = new Map<string, string>();
  for (const f of files) for (const r of f.rows) childAt.set(`${r.file}:${r.line}`, r.values.CHILD ?? '');
  return new Set(errors.map((e) => childAt.get(`${e.file}:${e.line}`) ?? `${e.file}:${e.line}`)).size;
}

export { tallyLine as importSummaryLine };
export { readSourceDir, SourceProblem } from './parse.ts';
