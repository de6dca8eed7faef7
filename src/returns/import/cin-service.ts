// Importing the CIN census of an earlier year, for those who make the returns,
// as the SSDA903 import does: each child in one transaction (a child refused
// is refused whole, the others land), matched to the record by the council's
// identifier or unique pupil number, created when not found. What the record
// already holds is kept; the file adds the episodes, assessments, plans,
// enquiries and pre-proceedings it lacks and fills blank dates, so the same
// file imported twice changes nothing. A dry run does the same work and rolls
// each child back. Every run is audited with what the file held and what it did.
import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { londonDate } from '../../platform/clock/clock.ts';
import { collectionYearLabel } from '../ssda903/rules.ts';
import type { CinFile, CinFileChild } from './cin-parse.ts';
import * as cq from './cin-queries.ts';
import { CIN_NOT_HELD, CIN_PARTS, cinChildProblems, cinNotHeld, type CinNotHeld, type CinPart } from './cin-rules.ts';
import * as q from './queries.ts';
import type { ImportError } from './rules.ts';
import { blanksFilled, importSummaryLine, inOwnTransaction, refusal, refuseClash, RowTally, type ImportSummary, type TableTally } from './service.ts';

export interface CinImportOptions {
  dryRun: boolean;
  /** The team a child created by the import is placed in (a lead allocation with no worker yet); null leaves them unallocated. */
  teamId: string | null;
  /** Told after each child, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

export interface CinImportSummary {
  yearEnd: number;
  dryRun: boolean;
  file: string;
  children: ImportSummary['children'];
  tables: Record<CinPart, TableTally>;
  /** What the file carries that the record cannot hold from the census alone (cin-rules.ts). */
  notImported: Partial<Record<CinNotHeld, number>>;
  errors: ImportError[];
}


/** The parts of one child the file carries, for counting a refused child's rows. */
function partsOf(c: CinFileChild): Record<CinPart, number> {
  const e = c.CINdetails;
  const n = (f: (x: (typeof e)[number]) => number) => e.reduce((sum, x) => sum + f(x), 0);
  return {
    Child: 1,
    Disabilities: c.Disabilities.length,
    'CIN episodes': e.length,
    Assessments: n((x) => x.Assessments.length),
    'CIN plans': n((x) => x.CINPlanDates.length),
    'Section 47 enquiries': n((x) => x.Section47.length),
    'Child protection plans': n((x) => x.ChildProtectionPlans.length),
    'Pre-proceedings': n((x) => x.PreProceedingsandFGDM.length),
  };
}

async function importCinChild(db: Db, c: CinFileChild, by: { id: string }, context: AuditContext, options: CinImportOptions, label: string) {
  const tally = new RowTally(CIN_PARTS);
  const { count } = tally;
  const at = context.at;
  const found = await q.findChild(db, { laChildId: c.LAchildID, upn: c.UPN });
  let childId: string;
  if (!found) {
    childId = await cq.insertCinChild(db, c);
    if (options.teamId) await q.insertTeamLead(db, childId, options.teamId, londonDate(at), by.id);
    count('Child', true);
  } else {
    refuseClash(found, { laChildId: c.LAchildID, upn: c.UPN, dateOfBirth: c.PersonBirthDate }, { upn: 'UPN', dateOfBirth: 'PersonBirthDate' });
    childId = found.id;
    const noUpn = found.upn === null && found.upn_unknown_reason === null;
    const changes = blanksFilled(found, {
      la_child_id: c.LAchildID,
      date_of_birth: c.PersonBirthDate,
      expected_date_of_birth: c.ExpectedPersonBirthDate,
      date_of_death: c.PersonDeathDate,
      sex: cq.sexOf(c.Sex),
      ethnicity: c.Ethnicity,
      upn: noUpn ? c.UPN : null,
      upn_unknown_reason: noUpn && !c.UPN ? c.UPNunknown : null,
    });
    if (Object.keys(changes).length > 0) await cq.updateCinChild(db, childId, changes, at);
    count('Child', Object.keys(changes).length > 0);
  }

  const disabilities = await cq.findDisabilities(db, childId);
  for (const code of c.Disabilities) {
    if (!disabilities.has(code)) await cq.insertDisability(db, childId, code);
    count('Disabilities', !disabilities.has(code));
  }

  const [referrals, assessments, cinPlans, enquiries, cpPlans, preProceedings] = await Promise.all([
    cq.findReferrals(db, childId),
    cq.findAssessments(db, childId),
    cq.findCinPlans(db, childId),
    cq.findEnquiries(db, childId),
    cq.findCpPlans(db, childId),
    cq.findPreProceedings(db, childId),
  ]);
  for (const e of c.CINdetails) {
    const stored = referrals.find((r) => r.referral_date === e.CINreferralDate);
    let referralId: string;
    if (!stored) {
      referralId = await cq.insertReferral(db, childId, e);
      count('CIN episodes', true);
    } else {
      referralId = stored.id;
      const closes = stored.close_date === null && e.CINclosureDate !== null && e.ReasonForClosure !== null;
      if (closes) await cq.closeReferral(db, stored.id, e.CINclosureDate!, e.ReasonForClosure!);
      count('CIN episodes', closes);
    }

    for (const a of e.Assessments) {
      const held = assessments.some((s) => s.referral_id === referralId && s.start_date === a.AssessmentActualStartDate);
      if (!held) await cq.insertAssessment(db, childId, referralId, a.AssessmentActualStartDate, by.id, at);
      count('Assessments', !held);
    }

    for (const p of e.CINPlanDates) {
      const plan = cinPlans.find((s) => s.start_date === p.CINPlanStartDate);
      const ends = plan !== undefined && plan.end_date === null && p.CINPlanEndDate !== null;
      if (!plan) await cq.insertCinPlan(db, childId, p, by.id, at);
      else if (ends) await cq.endCinPlan(db, plan.id, p.CINPlanEndDate!);
      count('CIN plans', !plan || ends);
    }

    for (const s47 of e.Section47) {
      const held = enquiries.some((s) => s.start_date === s47.S47ActualStartDate);
      if (!held) await cq.insertEnquiry(db, childId, s47.S47ActualStartDate, by.id, at);
      count('Section 47 enquiries', !held);
    }

    for (const p of e.ChildProtectionPlans) {
      const plan = cpPlans.find((s) => s.start_date === p.CPPstartDate);
      const ends = plan !== undefined && plan.end_date === null && p.CPPendDate !== null;
      if (!plan) await cq.insertCpPlan(db, childId, referralId, p);
      else if (ends) await cq.endCpPlan(db, plan.id, p.CPPendDate!);
      count('Child protection plans', !plan || ends);
    }

    for (const p of e.PreProceedingsandFGDM) {
      const stored = preProceedings.find((s) => s.decision_date === p.PPStartDate);
      if (!stored) {
        await cq.insertPreProceedings(db, childId, p, by.id, at);
        count('Pre-proceedings', true);
        continue;
      }
      const changes = blanksFilled(stored, { letter_date: p.LBPSentDate, initial_meeting_date: p.InitialPPMeetingDate });
      if (Object.keys(changes).length > 0) await cq.updatePreProceedings(db, stored.id, changes);
      count('Pre-proceedings', Object.keys(changes).length > 0);
    }
  }

  const changed = tally.changes();
  if (changed) {
    await recordAudit(db, context, {
      action: 'returns.cin.import.child',
      outcome: 'allowed',
      subjectType: 'person',
      subjectId: childId,
      reason: `CIN census ${label} import, child ${c.LAchildID} ${found ? 'enriched' : 'created'}: ${changed}`,
    });
  }
  return { outcome: !found ? ('created' as const) : changed ? ('enriched' as const) : ('unchanged' as const), tally };
}

/**
 * Imports a census file read by readCinFile. A child the schema or the checks
 * (cin-rules.ts) refuse is reported on the line their element starts and not
 * written; each other child is written in their own transaction, and one the
 * record refuses (a clash of identifiers or dates of birth) is rolled back.
 */
export async function importCinCensus(db: Db, context: AuditContext, importer: { id: string }, source: CinFile, options: CinImportOptions): Promise<CinImportSummary> {
  const label = collectionYearLabel(source.yearEnd);
  const summary: CinImportSummary = {
    yearEnd: source.yearEnd,
    dryRun: options.dryRun,
    file: source.file,
    children: { created: 0, enriched: 0, unchanged: 0, refused: source.total - source.children.length },
    tables: Object.fromEntries(CIN_PARTS.map((p) => [p, { imported: 0, unchanged: 0, refused: 0 }])) as Record<CinPart, TableTally>,
    notImported: {},
    errors: [...source.errors],
  };
  summary.tables.Child.refused = summary.children.refused;
  const refuse = (c: CinFileChild) => {
    summary.children.refused += 1;
    for (const [part, n] of Object.entries(partsOf(c)) as [CinPart, number][]) summary.tables[part].refused += n;
  };

  let done = 0;
  for (const c of source.children) {
    const problems = cinChildProblems(c);
    if (problems.length > 0) {
      for (const p of problems) summary.errors.push({ file: source.file, line: c.line, ...p });
      refuse(c);
    } else {
      try {
        const result = await inOwnTransaction(db, options.dryRun, (trx) => importCinChild(trx, c, importer, context, options, label));
        summary.children[result.outcome] += 1;
        result.tally.addTo(summary.tables);
        for (const [what, n] of Object.entries(cinNotHeld(c)) as [CinNotHeld, number][]) summary.notImported[what] = (summary.notImported[what] ?? 0) + n;
      } catch (error) {
        summary.errors.push({ file: source.file, line: c.line, ...refusal(error, c.LAchildID, 'LAchildID') });
        refuse(c);
      }
    }
    done += 1;
    options.onProgress?.(done, source.children.length);
  }
  summary.notImported = Object.fromEntries(CIN_NOT_HELD.flatMap((what) => (summary.notImported[what] ? [[what, summary.notImported[what]]] : [])));
  summary.errors.sort((a, b) => a.line - b.line);
  await recordAudit(db, context, {
    action: options.dryRun ? 'returns.cin.import.dry-run' : 'returns.cin.import',
    outcome: 'allowed',
    subjectType: 'return',
    subjectId: `cin-${source.yearEnd}`,
    reason: `CIN census ${label} ${options.dryRun ? 'dry run' : 'import'} of ${source.file}: ${importSummaryLine(summary)}`,
  });
  return summary;
}

export { readCinFile } from './cin-parse.ts';
