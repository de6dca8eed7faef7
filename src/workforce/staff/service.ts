import type { Db } from '../../db/database.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { isUuid } from '../../platform/access/policy.ts';
import { isAsye, ROLE_LABELS } from '../../platform/access/roles.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { endAllSessionsOf, hasLeft } from '../../platform/auth/sessions.ts';
import { Forbidden, NotFound, type FieldErrors } from '../../platform/http/errors.ts';
import { seesCouncil, seesService } from '../../platform/access/staff.ts';
import { findTeam } from '../supervision/queries.ts';
import { COLOURS } from '../../platform/views/chart.ts';
import { mayEditStaff, seesHrFields } from '../../platform/access/staff.ts';
import { loadSupervisionSettings, visibleStaff } from '../supervision/service.ts';
import { findSupervisees } from '../supervision/queries.ts';
import { inTimePercent, supervisionDue } from '../supervision/rules.ts';
import { yearlyChart } from './chart.ts';
import { censusXml } from './census-xml.ts';
import { readAbsence, readEstablishment, readStaffRecord } from './forms.ts';
import { formComplete, type Body } from '../../platform/http/forms.ts';
import { addDays } from '../../platform/calendar/dates.ts';
import {
  caseloadsOn,
  findAbsences,
  findCensusStaff,
  findStaffRecord,
  findTeamsAndServices,
  fundedByTeamOn,
  insertAbsence,
  listEstablishment,
  saveEstablishment,
  saveAsyeStart,
  saveStaffRecord,
  sweNumberTaken,
  type StaffRow,
} from './queries.ts';
import {
  ABSENCE_REASON_LABELS,
  buildCensusReturn,
  censusYear,
  DESTINATION_LABELS,
  EMPLOYMENT_LABELS,
  latestCensusYear,
  LEAVING_REASON_LABELS,
  leaverSummary,
  START_ORIGIN_LABELS,
  workforceMeasures,
  type AbsenceFacts,
  type StaffFacts,
} from './rules.ts';

/**
 * The workforce dashboard (by team, service or council, over census years),
 * the census return with its summary, and staff records with absence. Staff
 * records follow the supervision access rules: the person, their managers and
 * heads of service; HR fields (absence and leaving reasons) to managers only.
 */

export interface WorkforceContext {
  db: Db;
  viewer: Viewer;
  audit: AuditContext;
  today: string;
  now: Date;
}

const TREND_YEARS = 5;

function facts(row: StaffRow): StaffFacts {
  return {
    id: row.id,
    role: row.role,
    teamId: row.team_id,
    serviceId: row.service_id,
    fte: Number(row.fte),
    employmentType: row.employment_type ?? 'permanent',
    startInRole: row.start_in_role,
    leftOn: row.left_on,
    asyeStartedOn: row.asye_started_on,
  };
}

function absenceFacts(rows: Awaited<ReturnType<typeof findAbsences>>): AbsenceFacts[] {
  return rows.map((a) => ({ userId: a.user_id, reason: a.reason, startDate: a.start_date, endDate: a.end_date, workingDaysLost: a.working_days_lost === null ? null : Number(a.working_days_lost) }));
}

type Scope = { kind: 'council' } | { kind: 'service'; id: string; name: string } | { kind: 'team'; id: string; name: string; serviceId: string };

/** The scope asked for, if the viewer may see it; their own otherwise. Roles without workforce figures get 403. */
async function scopeFor(db: Db, viewer: Viewer, query: Record<string, unknown>): Promise<{ scope: Scope; teams: { id: string; name: string }[]; services: { id: string; name: string }[] }> {
  const { teams, services } = await findTeamsAndServices(db);
  const team = typeof query.team === 'string' && isUuid(query.team) ? teams.find((t) => t.id === query.team) : undefined;
  const service = typeof query.service === 'string' && isUuid(query.service) ? services.find((s) => s.id === query.service) : undefined;
  if (seesCouncil(viewer)) {
    if (team) return { scope: { kind: 'team', id: team.id, name: team.name, serviceId: team.service_id }, teams, services };
    if (service) return { scope: { kind: 'service', id: service.id, name: service.name }, teams, services };
    return { scope: { kind: 'council' }, teams, services };
  }
  if (viewer.role === 'service_manager' && viewer.serviceId) {
    const own = services.find((s) => s.id === viewer.serviceId)!;
    const ownTeams = teams.filter((t) => t.service_id === own.id);
    const chosen = team && team.service_id === own.id ? team : undefined;
    return {
      scope: chosen ? { kind: 'team', id: chosen.id, name: chosen.name, serviceId: own.id } : { kind: 'service', id: own.id, name: own.name },
      teams: ownTeams,
      services: [own],
    };
  }
  if ((viewer.role === 'team_manager' || viewer.role === 'practice_supervisor') && viewer.teamId) {
    const own = teams.find((t) => t.id === viewer.teamId)!;
    return { scope: { kind: 'team', id: own.id, name: own.name, serviceId: own.service_id }, teams: [own], services: [] };
  }
  throw new Forbidden('Workforce figures are for managers, heads of service and performance analysts.');
}

function scopeFilter(scope: Scope): { teamId?: string; serviceId?: string } {
  return scope.kind === 'team' ? { teamId: scope.id } : scope.kind === 'service' ? { serviceId: scope.id } : {};
}

export async function workforceDashboard(c: WorkforceContext, query: Record<string, unknown>) {
  const { scope, teams, services } = await scopeFor(c.db, c.viewer, query);
  const filter = scopeFilter(scope);
  const staffRows = await findCensusStaff(c.db, filter);
  const staff = staffRows.map(facts);
  const latest = latestCensusYear(c.today);
  const years = Array.from({ length: TREND_YEARS }, (_, i) => latest - TREND_YEARS + 1 + i);
  const earliest = censusYear(years[0]!).start;
  const absences = absenceFacts(await findAbsences(c.db, staff.map((s) => s.id), earliest));
  const ids = staff.map((s) => s.id);
  const periods = [
    ...years.map((year) => ({ label: `${year - 1} to ${year}`, short: String(year), ...censusYear(year) })),
    { label: `12 months to ${c.today}`, short: 'Now', start: addDays(c.today, -364), end: c.today },
  ];
  const rows = [];
  for (const period of periods) {
    const [funded, caseloads] = await Promise.all([fundedByTeamOn(c.db, period.end, filter), caseloadsOn(c.db, period.end, ids)]);
    rows.push({ ...period, measures: workforceMeasures({ staff, absences, fundedByTeam: funded, caseloads }, period) });
  }
  const trend = rows.slice(0, TREND_YEARS);
  const chart = yearlyChart({
    id: 'workforce-rates',
    title: 'Turnover, agency, vacancy and stability rates by census year',
    description: `Rates for ${scopeLabel(scope)} in each year to 30 September, ${years[0]} to ${latest}. The table below gives every figure.`,
    years: trend.map((r) => r.short),
    unit: '%',
    series: [
      { name: 'Stability (local measure)', colour: COLOURS.green, values: trend.map((r) => r.measures.stability) },
      { name: 'Vacancy', colour: COLOURS.red, dashed: true, values: trend.map((r) => r.measures.vacancyRate) },
      { name: 'Agency', colour: COLOURS.orange, values: trend.map((r) => r.measures.agencyRate) },
      { name: 'Turnover', colour: COLOURS.blue, dashed: true, values: trend.map((r) => r.measures.turnoverRate) },
    ],
  });
  const leaverYear = Number(query.year) && years.includes(Number(query.year)) ? Number(query.year) : latest;
  const leavers = leaverSummary(
    staffRows.map((r) => ({ ...facts(r), leavingReason: r.leaving_reason, leavingDestination: r.leaving_destination })),
    censusYear(leaverYear),
  );
  const settings = await loadSupervisionSettings(c.db);
  const supervised = (await findSupervisees(c.db, filter, settings.supervisedRoles, c.today)).map(
    (r) => supervisionDue({ role: r.role, asyeStartedOn: r.asye_started_on, startedOn: r.start_in_role, lastHeldOn: r.last_held_on }, settings, c.today).status,
  );
  const supervision = { people: supervised.length, overdue: supervised.filter((s) => s === 'overdue').length, inTime: inTimePercent(supervised) };
  await recordAudit(c.db, c.audit, { action: 'workforce.view.dashboard', outcome: 'allowed', subjectType: scope.kind, subjectId: scope.kind === 'council' ? undefined : scope.id });
  return {
    scopeLabel: scopeLabel(scope),
    scope,
    current: rows.at(-1)!,
    rows,
    chart,
    leavers,
    leaverYear,
    supervision,
    years,
    teams,
    services,
    councilWide: seesCouncil(c.viewer),
    mayExportCensus: seesCouncil(c.viewer),
  };
}

function scopeLabel(scope: Scope): string {
  return scope.kind === 'council' ? 'the council' : scope.name;
}

// ------------------------------------------------------------- the census

function mayExportCensus(c: WorkforceContext): void {
  if (!seesCouncil(c.viewer)) throw new Forbidden('The workforce census return is for heads of service and performance analysts.');
}

export function readCensusYear(value: unknown, today: string): number {
  const latest = latestCensusYear(today);
  const year = Number(value);
  return Number.isInteger(year) && year >= latest - 10 && year <= latest ? year : latest;
}

async function buildReturn(db: Db, year: number) {
  const { start, end } = censusYear(year);
  const staffRows = await findCensusStaff(db);
  const ids = staffRows.map((r) => r.id);
  const [absences, funded, caseloads] = await Promise.all([findAbsences(db, ids, start), fundedByTeamOn(db, end, {}), caseloadsOn(db, end, ids)]);
  const casesOf = new Map((caseloads ?? []).map((c) => [c.worker_id, c.children]));
  const census = buildCensusReturn(
    year,
    staffRows.map((r) => ({
      ...facts(r),
      sweNumber: r.swe_number,
      startOrigin: r.start_origin,
      leavingReason: r.leaving_reason,
      leavingDestination: r.leaving_destination,
      qualificationInstitution: r.qualification_institution,
      casesAt30Sept: caseloads === null ? null : (casesOf.get(r.id) ?? 0),
    })),
    absenceFacts(absences),
    funded,
  );
  return { census, staffRows, caseloadsKnown: caseloads !== null };
}

export async function censusSummary(c: WorkforceContext, yearValue: unknown) {
  mayExportCensus(c);
  const latest = latestCensusYear(c.today);
  const year = readCensusYear(yearValue, c.today);
  const { census, staffRows, caseloadsKnown } = await buildReturn(c.db, year);
  const names = new Map(staffRows.map((r) => [r.id, r.name]));
  await recordAudit(c.db, c.audit, { action: 'workforce.view.census', outcome: 'allowed', subjectType: 'census', subjectId: String(year) });
  return {
    year,
    years: Array.from({ length: 5 }, (_, i) => latest - i),
    census,
    caseloadsKnown,
    problems: census.problems.map((p) => ({ ...p, name: p.userId ? (names.get(p.userId) ?? 'Unknown') : 'The council' })),
    orgRoles: ['1', '2', '3', '4', '5', '6'].map((code) => ({ code, count: census.workers.filter((w) => w.OrgRole === code).length })),
  };
}

export async function censusDownload(c: WorkforceContext, yearValue: unknown, laCode: string) {
  mayExportCensus(c);
  const year = readCensusYear(yearValue, c.today);
  const { census } = await buildReturn(c.db, year);
  await recordAudit(c.db, c.audit, { action: 'workforce.export.census', outcome: 'allowed', subjectType: 'census', subjectId: String(year), reason: `${census.workers.length} workers` });
  return { year, xml: censusXml(census, { laCode, softwareCode: 'Steadfast', at: c.now }) };
}

// ------------------------------------------------------------- staff records

export async function staffRecordPage(c: WorkforceContext, userId: string) {
  const { member, subject } = await visibleStaff({ db: c.db, viewer: c.viewer, audit: c.audit, today: c.today }, userId, 'workforce.view.staff');
  const record = (await findStaffRecord(c.db, member.id))!;
  const hr = seesHrFields(c.viewer, subject);
  const absences = await findAbsences(c.db, [member.id], addDays(c.today, -365 * 3));
  await recordAudit(c.db, c.audit, { action: 'workforce.view.staff', outcome: 'allowed', subjectType: 'user', subjectId: member.id, reason: hr ? 'with HR fields' : 'HR fields withheld' });
  return {
    record: {
      ...record,
      roleLabel: ROLE_LABELS[record.role],
      asye: isAsye(record.role, record.asye_started_on, c.today),
      employmentLabel: EMPLOYMENT_LABELS[record.employment_type ?? 'permanent'],
      startOriginLabel: record.start_origin ? START_ORIGIN_LABELS[record.start_origin] : null,
      leavingReasonLabel: hr && record.leaving_reason ? LEAVING_REASON_LABELS[record.leaving_reason] : null,
      leavingDestinationLabel: hr && record.leaving_destination ? DESTINATION_LABELS[record.leaving_destination] : null,
    },
    hr,
    absences: absences.map((a) => ({ ...a, reasonLabel: hr ? ABSENCE_REASON_LABELS[a.reason] : null })),
    mayEdit: mayEditStaff(c.viewer, subject),
    own: c.viewer.id === member.id,
  };
}

async function editable(c: WorkforceContext, userId: string, action: string) {
  const found = await visibleStaff({ db: c.db, viewer: c.viewer, audit: c.audit, today: c.today }, userId, action);
  if (!mayEditStaff(c.viewer, found.subject)) {
    await recordAudit(c.db, c.audit, { action, outcome: 'denied', subjectType: 'user', subjectId: userId, reason: 'only the person’s managers change their staff record' });
    throw new Forbidden('Only the person’s managers can change their staff record.');
  }
  return (await findStaffRecord(c.db, found.member.id))!;
}

export async function staffRecordForm(c: WorkforceContext, userId: string) {
  const record = await editable(c, userId, 'workforce.view.staff-form');
  // The form shows the HR fields: opening it is audited as viewing the record is.
  await recordAudit(c.db, c.audit, { action: 'workforce.view.staff-form', outcome: 'allowed', subjectType: 'user', subjectId: record.id, reason: 'with HR fields' });
  return record;
}

export async function updateStaffRecord(c: WorkforceContext, userId: string, body: Body) {
  const record = await editable(c, userId, 'workforce.staff.update');
  const { values, asyeStartedOn, errors } = readStaffRecord(body, c.today, { role: record.role, qualifiedOn: record.qualified_on });
  if (values?.swe_number && (await sweNumberTaken(c.db, values.swe_number, record.id))) {
    errors.sweNumber = 'Another member of staff already has this Social Work England registration number';
  }
  if (!values || Object.keys(errors).length) {
    await recordAudit(c.db, c.audit, { action: 'workforce.staff.update', outcome: 'failed', subjectType: 'user', subjectId: record.id, reason: `refused, nothing stored: ${Object.keys(errors).join(', ')}` });
    return { ok: false as const, errors: errors as FieldErrors, record };
  }
  await c.db.transaction().execute(async (trx) => {
    await saveStaffRecord(trx, record.id, values, c.viewer.id, c.now);
    await saveAsyeStart(trx, record.id, asyeStartedOn);
    await recordAudit(trx, c.audit, { action: 'workforce.staff.update', outcome: 'allowed', subjectType: 'user', subjectId: record.id });
    // A leaver loses access at once: every session of theirs ends now, in this transaction.
    if (hasLeft(values.left_on, c.now)) {
      const ended = await endAllSessionsOf(trx, record.id);
      if (ended > 0 || record.left_on !== values.left_on) await recordAudit(trx, c.audit, {
        action: 'user.access-ended',
        outcome: 'allowed',
        subjectType: 'user',
        subjectId: record.id,
        reason: `leaving date ${values.left_on} recorded: sign-in refused from that day; ${ended} ${ended === 1 ? 'session' : 'sessions'} ended`,
      });
    }
  });
  return { ok: true as const };
}

export async function addAbsence(c: WorkforceContext, userId: string, body: Body) {
  const record = await editable(c, userId, 'workforce.absence.create');
  const { values, errors } = readAbsence(body, c.today);
  if (!values) {
    await recordAudit(c.db, c.audit, { action: 'workforce.absence.create', outcome: 'failed', subjectType: 'user', subjectId: record.id, reason: `refused, nothing stored: ${Object.keys(errors).join(', ')}` });
    return { ok: false as const, errors };
  }
  await c.db.transaction().execute(async (trx) => {
    const id = await insertAbsence(trx, {
      user_id: record.id,
      reason: values.reason,
      start_date: values.startDate,
      end_date: values.endDate,
      working_days_lost: values.workingDaysLost,
      recorded_by: c.viewer.id,
      recorded_at: c.now,
    });
    await recordAudit(trx, c.audit, { action: 'workforce.absence.create', outcome: 'allowed', subjectType: 'staff_absence', subjectId: id, reason: `for user ${record.id}` });
  });
  return { ok: true as const };
}


// ------------------------------------------------------------- funded posts

/** Funded posts are set by the team's service manager and heads of service; analysts and the team's managers read them. */
async function establishmentAccess(c: WorkforceContext, teamId: string) {
  const team = await findTeam(c.db, teamId);
  if (!team) throw new NotFound();
  const sees =
    seesService(c.viewer, team.service_id) || ((c.viewer.role === 'team_manager' || c.viewer.role === 'practice_supervisor') && c.viewer.teamId === team.id);
  if (!sees) throw new NotFound();
  const mayChange = c.viewer.role === 'head_of_service' || (c.viewer.role === 'service_manager' && c.viewer.serviceId === team.service_id);
  return { team, mayChange };
}

export async function establishmentPage(c: WorkforceContext, teamId: string) {
  const { team, mayChange } = await establishmentAccess(c, teamId);
  const [history, staff] = await Promise.all([listEstablishment(c.db, team.id), findCensusStaff(c.db, { teamId: team.id })]);
  const inPost = staff.map(facts).filter((s) => s.employmentType !== 'agency' && s.startInRole !== null && s.startInRole <= c.today && (s.leftOn === null || s.leftOn >= c.today));
  const fte = Math.round(inPost.reduce((sum, s) => sum + s.fte, 0) * 100) / 100;
  const funded = history.find((h) => h.effective_from <= c.today)?.funded_fte ?? null;
  return { team, history, mayChange, fte, funded: funded === null ? null : Number(funded), vacancies: funded === null ? null : Math.max(0, Math.round((Number(funded) - fte) * 100) / 100) };
}

export async function recordEstablishment(c: WorkforceContext, teamId: string, body: Body) {
  const { team, mayChange } = await establishmentAccess(c, teamId);
  if (!mayChange) {
    await recordAudit(c.db, c.audit, { action: 'workforce.establishment.update', outcome: 'denied', subjectType: 'team', subjectId: team.id, reason: 'only the service manager or a head of service sets funded posts' });
    throw new Forbidden('Funded posts are set by the service manager or a head of service.');
  }
  const read = readEstablishment(body);
  if (!formComplete(read)) {
    await recordAudit(c.db, c.audit, { action: 'workforce.establishment.update', outcome: 'failed', subjectType: 'team', subjectId: team.id, reason: `refused, nothing stored: ${Object.keys(read.errors).join(', ')}` });
    return { ok: false as const, errors: read.errors };
  }
  const { fundedFte, effectiveFrom } = read.values;
  await c.db.transaction().execute(async (trx) => {
    await saveEstablishment(trx, { team_id: team.id, effective_from: effectiveFrom, funded_fte: Number(fundedFte), recorded_by: c.viewer.id, recorded_at: c.now });
    await recordAudit(trx, c.audit, { action: 'workforce.establishment.update', outcome: 'allowed', subjectType: 'team', subjectId: team.id, reason: `${fundedFte} FTE from ${effectiveFrom}` });
  });
  return { ok: true as const };
}
