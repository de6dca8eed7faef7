// Workforce measures on the DfE children's social work workforce census
// definitions (year to 30 September), and the pieces of a census return.
// Pure: the caller passes the staff, their absences, funded posts and
// caseload figures, and the dates. Definitions and sources: docs/workforce.md.
import type { EmploymentType, Role } from '../../db/schema.ts';
import { isAsye } from '../../platform/access/roles.ts';
import { addDays, daysBetween } from '../../platform/calendar/dates.ts';
import { workingDaysBetween } from '../../platform/calendar/working-days.ts';

export interface StaffFacts {
  id: string;
  role: Role;
  teamId: string | null;
  serviceId: string | null;
  fte: number;
  employmentType: EmploymentType;
  startInRole: string | null;
  leftOn: string | null;
  asyeStartedOn: string | null;
}

export interface AbsenceFacts {
  userId: string;
  reason: string;
  startDate: string;
  endDate: string | null;
  workingDaysLost: number | null;
}

/** The roles the census counts: registered social workers in children's services (personal advisers are not). */
export const CENSUS_ROLES: readonly Role[] = ['social_worker', 'practice_supervisor', 'team_manager', 'service_manager', 'head_of_service', 'iro'];

function yearsBetween(from: string, to: string): number {
  return daysBetween(from, to) / 365.25;
}

/** The census year ending 30 September `year`: 1 October the year before to 30 September. */
export function censusYear(year: number): { start: string; end: string } {
  return { start: `${year - 1}-10-01`, end: `${year}-09-30` };
}

/** The latest census year that has ended on or before `today`. */
export function latestCensusYear(today: string): number {
  const year = Number(today.slice(0, 4));
  return today >= `${year}-09-30` ? year : year - 1;
}

/** In post on a day: started on or before it and not left by it (someone leaving on the day is still in post that day). */
export function inPostOn(s: Pick<StaffFacts, 'startInRole' | 'leftOn'>, on: string): boolean {
  return s.startInRole !== null && s.startInRole <= on && (s.leftOn === null || s.leftOn >= on);
}

/**
 * In post at the end of a census year, as the census counts: someone whose
 * last day is 30 September is one of the year's leavers, not also one of
 * those in post, so they count once.
 */
function inPostAtYearEnd(s: Pick<StaffFacts, 'startInRole' | 'leftOn'>, end: string): boolean {
  return inPostOn(s, end) && s.leftOn !== end;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;
const percent = (part: number, whole: number) => (whole > 0 ? round1((part / whole) * 100) : null);

/**
 * Working days lost to sickness absence within [from, to]: the recorded
 * figure for an absence wholly inside the period, otherwise the working days
 * (weekdays less England and Wales bank holidays) of the part inside it. An
 * open absence runs to the end of the period.
 */
export function sicknessDaysLost(absences: readonly AbsenceFacts[], from: string, to: string): number {
  let days = 0;
  for (const a of absences) {
    if (a.reason !== 'SIC') continue;
    const end = a.endDate ?? to;
    if (end < from || a.startDate > to) continue;
    const inside = a.startDate >= from && end <= to;
    days += inside && a.workingDaysLost !== null ? a.workingDaysLost : workingDaysBetween(addDays(a.startDate > from ? a.startDate : from, -1), end < to ? end : to);
  }
  return round2(days);
}

/**
 * Vacancies: for each team with funded posts, the funded FTE its employed
 * social workers in post do not fill, summed. A team with more in post than
 * funded does not cancel another team's vacancies; people outside those
 * teams (service managers, heads of service) neither fill nor open one.
 */
export function vacanciesByTeam(funded: ReadonlyMap<string, number>, employedInPost: readonly StaffFacts[]): number {
  let vacancies = 0;
  for (const [teamId, posts] of funded) {
    const filled = employedInPost.filter((s) => s.teamId === teamId).reduce((sum, s) => sum + s.fte, 0);
    vacancies += Math.max(0, posts - filled);
  }
  return round2(vacancies);
}

export interface WorkforceMeasures {
  /** Social workers employed (not agency) in post on the day. */
  headcount: number;
  fte: number;
  agencyHeadcount: number;
  agencyFte: number;
  /** Funded FTE not filled by employed social workers (agency cover fills vacancies, it does not remove them). */
  vacancies: number | null;
  /** DfE: agency FTE ÷ (agency FTE + employed FTE). */
  agencyRate: number | null;
  /** DfE: vacancies ÷ (vacancies + employed FTE). */
  vacancyRate: number | null;
  /** Employed FTE who left in the year. */
  leaversFte: number;
  leavers: number;
  /** DfE: FTE leavers in the year ÷ employed FTE in post at its end (30 September). */
  turnoverRate: number | null;
  /** DfE's headcount rate: leavers in the year ÷ employed headcount in post at its end. */
  headcountTurnoverRate: number | null;
  /** A local measure, not the census's: the share of employed social workers in post in their current role two years or more (a new role starts it again). */
  stability: number | null;
  /** Mean years in post of employed social workers. */
  averageYearsInPost: number | null;
  /** DfE: children held ÷ FTE of case holders on the day; null without caseload figures. */
  caseloadPerFte: number | null;
  /** Sickness absence in the year, per employed FTE at its end. */
  daysLost: number;
  daysLostPerFte: number | null;
}

export interface MeasureInput {
  staff: readonly StaffFacts[];
  absences: readonly AbsenceFacts[];
  /** Funded FTE on the day of each team in scope that has funded posts recorded; null when none has. */
  fundedByTeam: ReadonlyMap<string, number> | null;
  /** Each case-holding worker's FTE and children held on the day (from the caseload figures). */
  caseloads: readonly { fte: number; children: number }[] | null;
}

/**
 * The measures for a year [start, end] as at its last day, for the staff
 * given (already limited to the scope: a team, a service or the council).
 */
export function workforceMeasures(input: MeasureInput, period: { start: string; end: string }): WorkforceMeasures {
  const census = input.staff.filter((s) => CENSUS_ROLES.includes(s.role));
  const employed = census.filter((s) => s.employmentType !== 'agency');
  const agency = census.filter((s) => s.employmentType === 'agency');
  const atEnd = employed.filter((s) => inPostAtYearEnd(s, period.end));
  const agencyAtEnd = agency.filter((s) => inPostAtYearEnd(s, period.end));
  const fte = round2(atEnd.reduce((sum, s) => sum + s.fte, 0));
  const agencyFte = round2(agencyAtEnd.reduce((sum, s) => sum + s.fte, 0));
  const vacancies = input.fundedByTeam === null ? null : vacanciesByTeam(input.fundedByTeam, atEnd);
  const left = employed.filter((s) => s.leftOn !== null && s.leftOn >= period.start && s.leftOn <= period.end);
  const leaversFte = round2(left.reduce((sum, s) => sum + s.fte, 0));
  const years = atEnd.map((s) => yearsBetween(s.startInRole!, period.end));
  const holders = (input.caseloads ?? []).filter((c) => c.children > 0);
  const holderFte = holders.reduce((sum, c) => sum + c.fte, 0);
  const ids = new Set(employed.map((s) => s.id));
  const daysLost = sicknessDaysLost(input.absences.filter((a) => ids.has(a.userId)), period.start, period.end);
  return {
    headcount: atEnd.length,
    fte,
    agencyHeadcount: agencyAtEnd.length,
    agencyFte,
    vacancies,
    agencyRate: percent(agencyFte, agencyFte + fte),
    vacancyRate: vacancies === null ? null : percent(vacancies, vacancies + fte),
    leaversFte,
    leavers: left.length,
    turnoverRate: percent(leaversFte, fte),
    headcountTurnoverRate: percent(left.length, atEnd.length),
    stability: percent(years.filter((y) => y >= 2).length, years.length),
    averageYearsInPost: years.length ? round1(years.reduce((a, b) => a + b, 0) / years.length) : null,
    caseloadPerFte: input.caseloads === null ? null : holderFte > 0 ? round1(holders.reduce((sum, c) => sum + c.children, 0) / holderFte) : null,
    daysLost,
    daysLostPerFte: fte > 0 ? round1(daysLost / fte) : null,
  };
}

// ------------------------------------------------------------- leavers

export const LEAVING_REASON_LABELS: Record<string, string> = {
  '1': 'Resignation',
  '2': 'Voluntary redundancy',
  '3': 'Compulsory redundancy',
  '4': 'Dismissed',
  '5': 'Retired',
  '6': 'Deceased',
  '7': 'Moved to a non-children and families social work role within the council',
  '8': 'Other',
  '9': 'Not known',
  '10': 'Not yet collected',
};

export const DESTINATION_LABELS: Record<string, string> = {
  '1': 'Social work role in a different local authority in England',
  '2': 'Social work role outside England',
  '3': 'Agency or consultancy in social work (in England)',
  '4': 'Other social work role, not a local authority (in England)',
  '5': 'Other social care role in or outside a local authority (in England)',
  '6': 'Role outside social care, outside England, no employment or career break',
  '7': 'Other',
  '8': 'Not known',
  '9': 'Not yet collected',
};

export const START_ORIGIN_LABELS: Record<string, string> = {
  '1': 'Newly qualified social worker',
  '2': 'Social worker role in a different local authority in England',
  '3': 'Social worker role outside England',
  '4': 'Agency or consultancy in social work (in England)',
  '5': 'Other social work role, not a local authority (in England)',
  '6': 'Other social care role (in England)',
  '7': 'Role outside social care, outside England, no employment or career break',
  '8': 'Other',
  '9': 'Not known',
  '10': 'Not yet collected',
};

export const ABSENCE_REASON_LABELS: Record<string, string> = {
  SIC: 'Sickness',
  MAT: 'Maternity, paternity or adoption leave',
  TRN: 'Training',
  OTH: 'Other paid authorised absence',
  PUB: 'Public duties, such as jury service',
  UNP: 'Unpaid authorised absence',
  UNA: 'Unauthorised absence',
};

export const EMPLOYMENT_LABELS: Record<EmploymentType, string> = { permanent: 'Employed', agency: 'Agency', secondee: 'Seconded in' };

export const TIME_IN_POST_BANDS = ['Under 1 year', '1 to 2 years', '2 to 5 years', '5 years or more'] as const;

export function timeInPostBand(years: number): (typeof TIME_IN_POST_BANDS)[number] {
  if (years < 1) return 'Under 1 year';
  if (years < 2) return '1 to 2 years';
  if (years < 5) return '2 to 5 years';
  return '5 years or more';
}

export interface LeaverSummary {
  total: number;
  reasons: { code: string; label: string; count: number }[];
  destinations: { code: string; label: string; count: number }[];
  timeInPost: { band: string; count: number }[];
  averageYearsInPost: number | null;
}

/** Employed social workers who left in the period: why, where to, and after how long in post. */
export function leaverSummary(staff: readonly (StaffFacts & { leavingReason: string | null; leavingDestination: string | null })[], period: { start: string; end: string }): LeaverSummary {
  const left = staff.filter((s) => CENSUS_ROLES.includes(s.role) && s.employmentType !== 'agency' && s.leftOn !== null && s.leftOn >= period.start && s.leftOn <= period.end);
  const tally = (codes: (string | null)[], labels: Record<string, string>) => {
    const counts = new Map<string, number>();
    for (const code of codes) counts.set(code ?? '10', (counts.get(code ?? '10') ?? 0) + 1);
    return [...counts].map(([code, count]) => ({ code, label: labels[code] ?? 'Not recorded', count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code, 'en', { numeric: true }));
  };
  const years = left.filter((s) => s.startInRole).map((s) => yearsBetween(s.startInRole!, s.leftOn!));
  return {
    total: left.length,
    reasons: tally(left.map((s) => s.leavingReason), LEAVING_REASON_LABELS),
    destinations: tally(left.map((s) => s.leavingDestination ?? '9'), DESTINATION_LABELS),
    timeInPost: TIME_IN_POST_BANDS.map((band) => ({ band, count: years.filter((y) => timeInPostBand(y) === band).length })),
    averageYearsInPost: years.length ? round1(years.reduce((a, b) => a + b, 0) / years.length) : null,
  };
}

// ------------------------------------------------------------- staff records

/** A Social Work England registration number: SW and digits, e.g. SW123456. Returns the canonical form or null. */
export function normaliseSweNumber(value: string): string | null {
  const compact = value.replace(/\s+/g, '').toUpperCase();
  return /^SW\d{1,10}$/.test(compact) ? compact : null;
}

// ------------------------------------------------------------- census

/** The census OrgRole: 1 senior manager … 5 case holder, 6 qualified without cases. */
export function censusOrgRole(role: Role, holdsCases: boolean): string {
  switch (role) {
    case 'head_of_service':
      return '1';
    case 'service_manager':
      return '2';
    case 'team_manager':
      return '3';
    case 'practice_supervisor':
      return '4';
    default:
      return holdsCases ? '5' : '6';
  }
}

/** The census wants two letters and ten digits: SW123456 is sent as SW0000123456. */
export function censusSweNumber(swe: string): string {
  return `${swe.slice(0, 2)}${swe.slice(2).padStart(10, '0')}`;
}

export interface CensusWorkerInput extends StaffFacts {
  sweNumber: string | null;
  startOrigin: string | null;
  leavingReason: string | null;
  leavingDestination: string | null;
  qualificationInstitution: string | null;
  /** Children held on 30 September (case holders), from the caseload figures. */
  casesAt30Sept: number | null;
}

export interface CensusWorker {
  AgencyWorker: '0' | '1';
  SWENo: string;
  FTE: string;
  QualInst: string;
  OrgRole: string;
  RoleStartDate?: string;
  StartOrigin?: string;
  RoleEndDate?: string;
  LeaverDestination?: string;
  ReasonLeave?: string;
  FTE30?: string;
  Cases30?: string;
  WorkingDaysLost?: string;
  Absat30Sept?: '0' | '1';
  ReasonAbsence?: string;
  CFKSSstatus?: string;
}

export interface CensusProblem {
  userId: string;
  field: string;
  message: string;
}

export interface CensusReturn {
  year: number;
  referenceDate: string;
  workers: CensusWorker[];
  vacancies: { NumberOfVacancies: string; NoAgencyFTE: string; NoAgencyHeadcount: string };
  /** People left out, and gaps in what is sent: for the summary page. */
  problems: CensusProblem[];
  counts: { workers: number; employedInPost: number; agencyInPost: number; leavers: number; starters: number };
}

const fte6 = (n: number) => Math.min(1, Math.max(0, n)).toFixed(6);

/**
 * The census return for the year to 30 September `year`: everyone in a
 * census role in post at any time in the year, agency workers included; the
 * council's vacancies and agency figures on 30 September; and a list of what
 * is missing (a worker without a registration number cannot be sent).
 */
export function buildCensusReturn(
  year: number,
  staff: readonly CensusWorkerInput[],
  absences: readonly AbsenceFacts[],
  fundedByTeam: ReadonlyMap<string, number> | null,
): CensusReturn {
  const { start, end } = censusYear(year);
  const problems: CensusProblem[] = [];
  const workers: CensusWorker[] = [];
  const inYear = staff.filter(
    (s) => CENSUS_ROLES.includes(s.role) && s.startInRole !== null && s.startInRole <= end && (s.leftOn === null || s.leftOn >= start),
  );
  for (const s of staff.filter((s) => CENSUS_ROLES.includes(s.role) && s.startInRole === null && (s.leftOn === null || s.leftOn >= start))) {
    problems.push({ userId: s.id, field: 'RoleStartDate', message: 'No start date in role: left out of the return' });
  }
  for (const s of inYear) {
    if (!s.sweNumber) {
      problems.push({ userId: s.id, field: 'SWENo', message: 'No Social Work England registration number: left out of the return' });
      continue;
    }
    const own = absences.filter((a) => a.userId === s.id);
    const inPost = inPostOn(s, end);
    const leftInYear = s.leftOn !== null && s.leftOn <= end;
    const absentAtEnd = inPost ? own.find((a) => a.startDate <= end && (a.endDate === null || a.endDate >= end)) : undefined;
    const worker: CensusWorker = {
      AgencyWorker: s.employmentType === 'agency' ? '1' : '0',
      SWENo: censusSweNumber(s.sweNumber),
      FTE: fte6(s.fte),
      QualInst: s.qualificationInstitution ?? 'Not recorded',
      OrgRole: censusOrgRole(s.role, (s.casesAt30Sept ?? 0) > 0),
      RoleStartDate: s.startInRole!,
    };
    if (!s.qualificationInstitution) problems.push({ userId: s.id, field: 'QualInst', message: 'No qualifying institution recorded: sent as “Not recorded”' });
    if (s.employmentType !== 'agency') {
      worker.StartOrigin = s.startOrigin ?? '10';
      if (!s.startOrigin && s.startInRole! >= start) problems.push({ userId: s.id, field: 'StartOrigin', message: 'Starter without a recorded origin: sent as not yet collected' });
    }
    if (leftInYear) {
      worker.RoleEndDate = s.leftOn!;
      if (s.employmentType !== 'agency') {
        worker.LeaverDestination = s.leavingDestination ?? '9';
        worker.ReasonLeave = s.leavingReason ?? '10';
        if (!s.leavingReason) problems.push({ userId: s.id, field: 'ReasonLeave', message: 'Leaver without a reason: sent as not yet collected' });
      }
    }
    if (inPost) {
      worker.FTE30 = fte6(s.fte);
      if (s.casesAt30Sept !== null) worker.Cases30 = String(s.casesAt30Sept);
    }
    if (s.employmentType !== 'agency') {
      worker.WorkingDaysLost = sicknessDaysLost(own, start, end).toFixed(2);
      if (inPost) {
        worker.Absat30Sept = absentAtEnd ? '1' : '0';
        if (absentAtEnd) worker.ReasonAbsence = absentAtEnd.reason;
      }
    }
    if (s.role === 'social_worker' && s.asyeStartedOn && isAsye(s.role, s.asyeStartedOn, end)) worker.CFKSSstatus = '1';
    workers.push(worker);
  }
  const employedAtEnd = inYear.filter((s) => s.employmentType !== 'agency' && inPostOn(s, end));
  const agencyAtEnd = inYear.filter((s) => s.employmentType === 'agency' && inPostOn(s, end));
  const vacancies = fundedByTeam === null ? 0 : vacanciesByTeam(fundedByTeam, employedAtEnd);
  if (fundedByTeam === null) problems.push({ userId: '', field: 'NumberOfVacancies', message: 'No funded posts recorded for any team: vacancies sent as 0' });
  return {
    year,
    referenceDate: end,
    workers,
    vacancies: {
      NumberOfVacancies: vacancies.toFixed(2),
      NoAgencyFTE: agencyAtEnd.reduce((sum, s) => sum + s.fte, 0).toFixed(2),
      NoAgencyHeadcount: String(agencyAtEnd.length),
    },
    problems,
    counts: {
      workers: workers.length,
      employedInPost: employedAtEnd.length,
      agencyInPost: agencyAtEnd.length,
      leavers: inYear.filter((s) => s.leftOn !== null && s.leftOn <= end).length,
      starters: inYear.filter((s) => s.startInRole! >= start).length,
    },
  };
}
