import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { SSD_OBJECT_NAMES, SSD_OBJECTS, type SsdObjectName } from './objects.ts';
import * as Q from './queries.ts';
import { ssdRows } from './rules.ts';

export type SsdExport = ReturnType<typeof ssdRows>;

/** The 30 September on or before `today`: the day the model counts each worker's caseload on. */
export function caseloadDay(today: string): string {
  const year = Number(today.slice(0, 4));
  const thisYear = `${year}-09-30`;
  return today >= thisYear ? thisYear : `${year - 1}-09-30`;
}

/** Every covered object of the Standard Safeguarding Dataset, built from the record now. */
export async function buildSsd(db: Db, today: string): Promise<SsdExport> {
  return ssdRows({
    people: await Q.findPeople(db),
    disabilities: await Q.findDisabilities(db),
    addresses: await Q.findAddresses(db),
    contacts: await Q.findContacts(db),
    referrals: await Q.findReferrals(db),
    assessments: await Q.findAssessments(db),
    enquiries: await Q.findEnquiries(db),
    conferences: await Q.findInitialConferences(db),
    cpPlans: await Q.findCpPlans(db),
    cpReviews: await Q.findCpReviews(db),
    cinPlans: await Q.findCinPlans(db),
    episodes: await Q.findEpisodes(db),
    careReviews: await Q.findCareReviews(db),
    missing: await Q.findMissing(db),
    careLeavers: await Q.findCareLeavers(db),
    previousPermanence: await Q.findPreviousPermanence(db),
    earlyHelp: await Q.findEarlyHelp(db),
    preProceedings: await Q.findPreProceedings(db),
    allocations: await Q.findAllocations(db),
    professionals: await Q.findProfessionals(db, caseloadDay(today)),
    teams: await Q.findTeams(db),
    cinVisits: await Q.findVisitsDuring(db, 'cin'),
    cpVisits: await Q.findVisitsDuring(db, 'cp'),
    claVisits: await Q.findVisitsDuring(db, 'cla'),
  });
}

/** "ssd_person 812, ssd_disability 40, ..." for the audit trail and the CLI: what an export contained. */
export function objectCounts(rows: SsdExport): string {
  return SSD_OBJECT_NAMES.map((name) => `${name} ${rows[name].length}`).join(', ');
}

/**
 * Builds the dataset and writes in the audit trail who made it, when (the
 * audit row's time, the dataset being as the record stands) and how many rows
 * each object had, or the one object downloaded.
 */
export async function generateSsd(db: Db, context: AuditContext, today: string, what: { action: string; object?: SsdObjectName }): Promise<SsdExport> {
  const rows = await buildSsd(db, today);
  const contents = what.object ? `${what.object} ${rows[what.object].length} rows` : objectCounts(rows);
  await recordAudit(db, context, { action: what.action, outcome: 'allowed', subjectType: 'return', subjectId: 'ssd', reason: `Standard Safeguarding Dataset as at ${today}: ${contents}` });
  return rows;
}

/** The SSD page: each covered object with its rows and the fields the record does not hold. Counts only: no child is named. */
export async function ssdView(db: Db, context: AuditContext, today: string) {
  const rows = await generateSsd(db, context, today, { action: 'returns.ssd.view' });
  return {
    objects: SSD_OBJECT_NAMES.map((name) => ({ name, rows: rows[name].length, describes: SSD_OBJECTS[name].rows, from: SSD_OBJECTS[name].from, notHeld: SSD_OBJECTS[name].notHeld })),
  };
}
