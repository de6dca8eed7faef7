// The inverse of the SSDA903 return: each child's rows in the files of an
// earlier year turned into the parts of a record the return is made from
// (see ../ssda903/queries.ts for where each column comes from), with every
// field checked first. A bad field is one error naming the file, the line
// and the field; a child with any error is refused whole, so no record is
// left half-imported. Pure: no database, no clock.
import { birthday } from '../../platform/calendar/dates.ts';
import { isCode } from '../../reference/codes.ts';
import type { Ssda903TableName } from '../ssda903/rules.ts';
import { isoOf, schemaCodes } from '../ssda903/validation.ts';
import type { SourceFile, SourceRow } from './parse.ts';

export interface ImportError {
  file: string;
  line: number;
  field: string;
  message: string;
}

/** The tables an import writes into the record, in the order they are read. */
export const IMPORTED_TABLES = ['Header', 'Episodes', 'Reviews', 'UASC', 'Missing', 'OC2', 'OC3', 'PrevPerm', 'AD1', 'PlacedAdoption', 'SWEpisodes', 'DoLo'] as const satisfies readonly Ssda903TableName[];
export type ImportedTable = (typeof IMPORTED_TABLES)[number];

export interface ImportedHeader {
  laChildId: string;
  dateOfBirth: string;
  sex: 'M' | 'F' | null;
  ethnicity: string | null;
  upn: string | null;
  upnUnknownReason: string | null;
}

export interface ImportedEpisode {
  startDate: string;
  endDate: string | null;
  reasonNewEpisode: string;
  legalStatus: string;
  primaryNeed: string;
  placementType: string;
  placementProvider: string | null;
  reasonCeased: string | null;
  reasonPlaceChange: string | null;
  homePostcode: string | null;
  placementPostcode: string | null;
  urn: string | null;
}

export interface ImportedHealthYear {
  yearEnding: string;
  sdqScore: number | null;
  sdqReason: string | null;
  convicted: boolean;
  healthCheck: boolean | null;
  immunisations: boolean;
  teethCheck: boolean;
  healthAssessment: boolean;
  substanceMisuse: boolean;
  interventionReceived: boolean | null;
  interventionOffered: boolean | null;
}

/**
 * A decision that the child should be placed for adoption, from PlacedAdoption
 * and, for a child adopted in the year, AD1. What the return does not carry
 * is filled in plainly: the placement with the adopters is the first adoptive
 * placement (A3 to A6) of the year's episodes from the match on, else the
 * match; the authority to place is a placement order from the first episode
 * under one (LS E1), else consent on the day of the decision.
 */
export interface ImportedAdoptionDecision {
  decidedOn: string;
  /** Listed in PlacedAdoption (a decision adopted on may be in AD1 alone). */
  inPlacedAdoption: boolean;
  ceasedOn: string | null;
  ceasedReason: string | null;
  adoption: {
    matchedOn: string;
    fosterCarers: boolean;
    adoptersCount: number;
    adoptersSex: string;
    adoptersLegalStatus: string;
    authority: 'placement_order' | 'consent';
    authorityOn: string;
    placedOn: string;
    adoptedOn: string;
  } | null;
}

/** A lead social worker's episode (SWEpisodes), the worker named by their Social Work England number. */
export interface ImportedSocialWorker {
  source: { file: string; line: number };
  swId: string;
  start: string;
  end: string | null;
  reason: string | null;
}

export interface ImportedChild {
  /** Where the child's Header row is, for a refusal that concerns the whole child. */
  source: { file: string; line: number };
  header: ImportedHeader;
  /** In the UASC table: the child has been an unaccompanied asylum-seeking child. */
  uasc: boolean;
  episodes: ImportedEpisode[];
  reviews: { date: string; participation: string | null }[];
  missing: { kind: 'M' | 'A'; startDate: string; endDate: string | null }[];
  leavingCareChecks: { birthdayAge: number; birthdayOn: string; inTouch: string; activity: string; accommodation: string }[];
  /** The year's health and wellbeing (OC2), or null. */
  healthYear: ImportedHealthYear | null;
  /** What the child had before the care that started in the year (PrevPerm), keyed to that start. */
  previousPermanence: { careStartedOn: string; option: string; laCode: string | null; orderOn: string | null }[];
  adoptionDecisions: ImportedAdoptionDecision[];
  socialWorkers: ImportedSocialWorker[];
  /** Orders depriving the child of their liberty (DoLo). */
  libertyOrders: { start: string; end: string | null }[];
  /** Rows read for this child, per table, for the summary. */
  rows: Partial<Record<ImportedTable, number>>;
}

export interface ImportPlan {
  children: ImportedChild[];
  errors: ImportError[];
  /** Rows of refused children, per table. */
  refused: Partial<Record<ImportedTable, number>>;
}

type Kind = { date: true } | { codes: Set<string> } | { text: true };
type Spec = Record<string, { kind: Kind; required: boolean }>;

const codes = (table: Ssda903TableName, column: string): Kind => ({ codes: new Set(schemaCodes(table, column)) });
const date: Kind = { date: true };
const text: Kind = { text: true };
const flag: Kind = { codes: new Set(['0', '1']) };
const req = (kind: Kind) => ({ kind, required: true });
const opt = (kind: Kind) => ({ kind, required: false });

/** Each imported table's columns and what they must hold (the 2024 schema's codes; dates dd/mm/yyyy). */
const SPECS: Record<ImportedTable, Spec> = {
  Header: { CHILD: req(text), SEX: opt(codes('Header', 'SEX')), DOB: req(date), ETHNIC: opt(codes('Header', 'ETHNIC')), UPN: opt(text), MOTHER: opt(text), MC_DOB: opt(date) },
  Episodes: {
    CHILD: req(text),
    DECOM: req(date),
    RNE: req(codes('Episodes', 'RNE')),
    LS: req(codes('Episodes', 'LS')),
    CIN: req(codes('Episodes', 'CIN')),
    PLACE: req(codes('Episodes', 'PLACE')),
    PLACE_PROVIDER: opt(codes('Episodes', 'PLACE_PROVIDER')),
    DEC: opt(date),
    REC: opt(codes('Episodes', 'REC')),
    REASON_PLACE_CHANGE: opt(codes('Episodes', 'REASON_PLACE_CHANGE')),
    HOME_POST: opt(text),
    PL_POST: opt(text),
    URN: opt(text),
  },
  Reviews: { CHILD: req(text), DOB: opt(date), REVIEW: req(date), REVIEW_CODE: opt(codes('Reviews', 'REVIEW_CODE')) },
  UASC: { CHILD: req(text), DOB: opt(date), SEX: opt(text), DUC: opt(date) },
  Missing: { CHILD: req(text), DOB: opt(date), MISSING: req(codes('Missing', 'MISSING')), MIS_START: req(date), MIS_END: opt(date) },
  OC2: {
    CHILD: req(text),
    DOB: opt(date),
    SDQ_SCORE: opt({ codes: new Set(Array.from({ length: 41 }, (_, i) => String(i))) }),
    SDQ_REASON: opt(codes('OC2', 'SDQ_REASON')),
    CONVICTED: opt(flag),
    HEALTH_CHECK: opt(flag),
    IMMUNISATIONS: req(flag),
    TEETH_CHECK: req(flag),
    HEALTH_ASSESSMENT: req(flag),
    SUBSTANCE_MISUSE: req(flag),
    INTERVENTION_RECEIVED: opt(flag),
    INTERVENTION_OFFERED: opt(flag),
  },
  PrevPerm: { CHILD: req(text), DOB: opt(date), PREV_PERM: req(codes('PrevPerm', 'PREV_PERM')), LA_PERM: opt(text), DATE_PERM: opt(date) },
  OC3: { CHILD: req(text), DOB: opt(date), IN_TOUCH: req(codes('OC3', 'IN_TOUCH')), ACTIV: req(codes('OC3', 'ACTIV')), ACCOM: req(codes('OC3', 'ACCOM')) },
  // A child adopted in the year: the match and the adopters are all needed, as the record keeps them together.
  AD1: {
    CHILD: req(text),
    DOB: opt(date),
    DATE_INT: req(date),
    DATE_MATCH: req(date),
    FOSTER_CARE: req(flag),
    NB_ADOPTR: req({ codes: new Set(['1', '2']) }),
    SEX_ADOPTR: req(codes('AD1', 'SEX_ADOPTR')),
    LS_ADOPTR: req(codes('AD1', 'LS_ADOPTR')),
  },
  PlacedAdoption: { CHILD: req(text), DOB: opt(date), DATE_PLACED: req(date), DATE_PLACED_CEASED: opt(date), REASON_PLACED_CEASED: opt(codes('PlacedAdoption', 'REASON_PLACED_CEASED')) },
  SWEpisodes: { CHILD: req(text), DOB: opt(date), SW_ID: req(text), SW_DECOM: req(date), SW_DEC: opt(date), SW_REASON: opt(codes('SWEpisodes', 'SW_REASON')) },
  DoLo: { CHILD: req(text), DOB: opt(date), DOLO_START: req(date), DOLO_END: opt(date) },
};

const UPN = /^[A-Z]\d{11}[0-9A-Z]$/;
const SEX_OF: Record<string, 'M' | 'F'> = { '1': 'M', '2': 'F' };

/** The field errors of one row, from its table's spec; a missing column is an error on the file's first line. */
function fieldErrors(table: ImportedTable, row: SourceRow): ImportError[] {
  const errors: ImportError[] = [];
  for (const [field, { kind, required }] of Object.entries(SPECS[table])) {
    const value = row.values[field];
    const at = { file: row.file, line: row.line, field };
    if (value === undefined) {
      errors.push({ ...at, message: `the ${table} table has no ${field} column` });
      continue;
    }
    if (value === '') {
      if (required) errors.push({ ...at, message: `${field} is blank; the ${table} table needs it` });
      continue;
    }
    if ('date' in kind && isoOf(value) === null) errors.push({ ...at, message: `"${value}" is not a date written dd/mm/yyyy` });
    if ('codes' in kind && !kind.codes.has(value)) errors.push({ ...at, message: `"${value}" is not one of the DfE's codes for ${field}` });
  }
  if (table === 'Header' && row.values.UPN && !UPN.test(row.values.UPN) && !isCode('upnUnknown', row.values.UPN)) {
    errors.push({ file: row.file, line: row.line, field: 'UPN', message: `"${row.values.UPN}" is neither a unique pupil number nor a reason there is none (UN1 to UN10)` });
  }
  return errors;
}

const iso = (value: string | undefined): string | null => (value ? isoOf(value) : null);
const blankToNull = (value: string | undefined): string | null => (value ? value : null);

const flagOf = (value: string | undefined): boolean | null => (value === '1' ? true : value === '0' ? false : null);

/**
 * The year's health and wellbeing from an OC2 row. A blank asked-by-age item
 * (CONVICTED under 10) is recorded as no; a row with neither a score nor a
 * reason (a child outside the ages the SDQ is asked at) records SDQ1, the
 * DfE's reason for a child under 4 or over 17, which the return leaves blank
 * for such a child.
 */
function healthYearOf(v: Record<string, string>, yearEnding: string): ImportedHealthYear {
  const score = v.SDQ_SCORE ? Number(v.SDQ_SCORE) : null;
  return {
    yearEnding,
    sdqScore: score,
    sdqReason: v.SDQ_REASON ? v.SDQ_REASON : score === null ? 'SDQ1' : null,
    convicted: flagOf(v.CONVICTED) ?? false,
    healthCheck: flagOf(v.HEALTH_CHECK),
    immunisations: flagOf(v.IMMUNISATIONS)!,
    teethCheck: flagOf(v.TEETH_CHECK)!,
    healthAssessment: flagOf(v.HEALTH_ASSESSMENT)!,
    substanceMisuse: flagOf(v.SUBSTANCE_MISUSE)!,
    interventionReceived: flagOf(v.INTERVENTION_RECEIVED),
    interventionOffered: flagOf(v.INTERVENTION_OFFERED),
  };
}

/** The birthday (17th to 21st) that fell in the collection year, as OC3 asks about it. */
function oc3Birthday(dateOfBirth: string, year: { start: string; end: string }): { age: number; on: string } | null {
  for (let age = 17; age <= 21; age += 1) {
    const on = birthday(dateOfBirth, age);
    if (on >= year.start && on <= year.end) return { age, on };
  }
  return null;
}

const ADOPTIVE_PLACEMENTS = ['A3', 'A4', 'A5', 'A6'];

/** The decisions of PlacedAdoption, with the adoption in AD1 joined to its decision (the same DATE_INT) or standing alone. */
function adoptionDecisionsOf(placed: Record<string, string>[], ad1: Record<string, string> | undefined, episodes: Record<string, string>[], adoptedOn: string | null): ImportedAdoptionDecision[] {
  const decisions = new Map<string, ImportedAdoptionDecision>();
  for (const p of placed) decisions.set(iso(p.DATE_PLACED)!, { decidedOn: iso(p.DATE_PLACED)!, inPlacedAdoption: true, ceasedOn: iso(p.DATE_PLACED_CEASED), ceasedReason: blankToNull(p.REASON_PLACED_CEASED), adoption: null });
  if (ad1 && adoptedOn) {
    const decidedOn = iso(ad1.DATE_INT)!;
    const matchedOn = iso(ad1.DATE_MATCH)!;
    const starts = (e: Record<string, string>) => iso(e.DECOM)!;
    const placedOn = episodes.filter((e) => ADOPTIVE_PLACEMENTS.includes(e.PLACE!) && starts(e) >= matchedOn && starts(e) <= adoptedOn).map(starts).sort()[0] ?? matchedOn;
    const order = episodes.filter((e) => e.LS === 'E1' && starts(e) >= decidedOn && starts(e) <= placedOn).map(starts).sort()[0];
    decisions.set(decidedOn, {
      decidedOn,
      inPlacedAdoption: decisions.has(decidedOn),
      ceasedOn: null,
      ceasedReason: null,
      adoption: {
        matchedOn,
        fosterCarers: ad1.FOSTER_CARE === '1',
        adoptersCount: Number(ad1.NB_ADOPTR),
        adoptersSex: ad1.SEX_ADOPTR!,
        adoptersLegalStatus: ad1.LS_ADOPTR!,
        authority: order ? 'placement_order' : 'consent',
        authorityOn: order ?? decidedOn,
        placedOn,
        adoptedOn,
      },
    });
  }
  return [...decisions.values()].sort((a, b) => a.decidedOn.localeCompare(b.decidedOn));
}

/**
 * Every child in the files, each checked whole: the Header row gives the
 * child, the other tables' rows are theirs by CHILD. Dates are checked
 * against the child's birth and each other (an episode before birth, an
 * end before its start); the year (ending 31 March `yearEnd`) places the
 * OC3 birthday.
 */
export function planImport(files: readonly SourceFile[], yearEnd: number): ImportPlan {
  const year = { start: `${yearEnd - 1}-04-01`, end: `${yearEnd}-03-31` };
  const errors: ImportError[] = [];
  const byChild = new Map<string, { table: ImportedTable; row: SourceRow }[]>();
  for (const f of files) {
    for (const row of f.rows) {
      const child = row.values.CHILD ?? '';
      byChild.set(child, [...(byChild.get(child) ?? []), { table: f.table, row }]);
    }
  }

  const children: ImportedChild[] = [];
  const refused: ImportPlan['refused'] = {};
  for (const [childId, rows] of [...byChild].sort(([a], [b]) => a.localeCompare(b))) {
    const own: ImportError[] = rows.flatMap(({ table, row }) => fieldErrors(table, row));
    const headers = rows.filter((r) => r.table === 'Header');
    if (childId !== '' && headers.length === 0) {
      const first = rows[0]!.row;
      own.push({ file: first.file, line: first.line, field: 'CHILD', message: `child ${childId} has no row in the Header table` });
    }
    if (headers.length > 1) {
      own.push({ file: headers[1]!.row.file, line: headers[1]!.row.line, field: 'CHILD', message: `child ${childId} has a second row in the Header table` });
    }
    const h = headers[0]?.row.values ?? {};
    const dob = iso(h.DOB);
    const before = (table: ImportedTable, field: string, what: string) => {
      if (!dob) return;
      for (const { row } of rows.filter((r) => r.table === table)) {
        const d = iso(row.values[field]);
        if (d && d < dob) own.push({ file: row.file, line: row.line, field, message: `${what} ${row.values[field]} is before the child's date of birth ${h.DOB}` });
      }
    };
    before('Episodes', 'DECOM', 'the episode starts on');
    before('Reviews', 'REVIEW', 'the review on');
    before('Missing', 'MIS_START', 'the missing episode starts on');
    const endBeforeStart = (table: ImportedTable, startField: string, endField: string) => {
      for (const { row } of rows.filter((r) => r.table === table)) {
        const s = iso(row.values[startField]);
        const e = iso(row.values[endField]);
        if (s && e && e < s) own.push({ file: row.file, line: row.line, field: endField, message: `${row.values[endField]} is before ${startField} ${row.values[startField]}` });
      }
    };
    endBeforeStart('Episodes', 'DECOM', 'DEC');
    endBeforeStart('Missing', 'MIS_START', 'MIS_END');
    for (const { row } of rows.filter((r) => r.table === 'Episodes')) {
      if ((row.values.DEC === '') !== (row.values.REC === '')) own.push({ file: row.file, line: row.line, field: 'REC', message: 'DEC and REC go together: an episode that ended has a reason, an open one has neither' });
    }
    const oc3Rows = rows.filter((r) => r.table === 'OC3');
    const checkBirthday = dob ? oc3Birthday(dob, year) : null;
    if (oc3Rows.length > 0 && dob && !checkBirthday) {
      const r = oc3Rows[0]!.row;
      own.push({ file: r.file, line: r.line, field: 'DOB', message: `no 17th to 21st birthday of a child born ${h.DOB} falls in the year to 31 March ${yearEnd}` });
    }

    const oc2 = rows.filter((r) => r.table === 'OC2');
    if (oc2.length > 1) own.push({ file: oc2[1]!.row.file, line: oc2[1]!.row.line, field: 'CHILD', message: `child ${childId} has a second row in the OC2 table` });
    for (const { row } of oc2) {
      const v = row.values;
      if (v.SDQ_SCORE && v.SDQ_REASON) own.push({ file: row.file, line: row.line, field: 'SDQ_REASON', message: 'a child with a strengths and difficulties score has no reason for not having one' });
      if (v.SUBSTANCE_MISUSE === '0' && (v.INTERVENTION_RECEIVED || v.INTERVENTION_OFFERED)) own.push({ file: row.file, line: row.line, field: 'INTERVENTION_RECEIVED', message: 'an intervention is only asked about for a child with a substance misuse problem' });
      if (v.INTERVENTION_RECEIVED === '1' && v.INTERVENTION_OFFERED === '1') own.push({ file: row.file, line: row.line, field: 'INTERVENTION_OFFERED', message: 'INTERVENTION_OFFERED is for a child who did not receive one' });
    }
    const careStarts = rows
      .filter((r) => r.table === 'Episodes' && r.row.values.RNE === 'S')
      .map((r) => iso(r.row.values.DECOM))
      .filter((d): d is string => d !== null && d >= year.start && d <= year.end)
      .sort();
    const careStartedOn = careStarts.at(-1) ?? null;
    for (const { row } of rows.filter((r) => r.table === 'PrevPerm')) {
      if (!careStartedOn) own.push({ file: row.file, line: row.line, field: 'CHILD', message: `child ${childId} has no episode starting care (RNE S) in the year for this row to belong to` });
      if (!['P1', 'P2', 'P3'].includes(row.values.PREV_PERM ?? '') && (row.values.LA_PERM || row.values.DATE_PERM)) own.push({ file: row.file, line: row.line, field: 'LA_PERM', message: 'LA_PERM and DATE_PERM are only for an order (P1 to P3)' });
      const orderOn = iso(row.values.DATE_PERM);
      if (orderOn && careStartedOn && orderOn > careStartedOn) own.push({ file: row.file, line: row.line, field: 'DATE_PERM', message: `the order of ${row.values.DATE_PERM} is after care started` });
    }

    before('PlacedAdoption', 'DATE_PLACED', 'the decision on');
    before('AD1', 'DATE_INT', 'the decision on');
    before('SWEpisodes', 'SW_DECOM', 'the social worker episode starts on');
    before('DoLo', 'DOLO_START', 'the order starts on');
    endBeforeStart('PlacedAdoption', 'DATE_PLACED', 'DATE_PLACED_CEASED');
    endBeforeStart('AD1', 'DATE_INT', 'DATE_MATCH');
    endBeforeStart('SWEpisodes', 'SW_DECOM', 'SW_DEC');
    endBeforeStart('DoLo', 'DOLO_START', 'DOLO_END');
    for (const { row } of rows.filter((r) => r.table === 'PlacedAdoption')) {
      if ((row.values.DATE_PLACED_CEASED === '') !== (row.values.REASON_PLACED_CEASED === '')) {
        own.push({ file: row.file, line: row.line, field: 'REASON_PLACED_CEASED', message: 'DATE_PLACED_CEASED and REASON_PLACED_CEASED go together: a decision that no longer stands has a reason' });
      }
    }
    const episodeRows = rows.filter((r) => r.table === 'Episodes').map((r) => r.row.values);
    const adoptedOn = episodeRows
      .filter((e) => (e.REC === 'E11' || e.REC === 'E12') && iso(e.DEC) !== null && iso(e.DEC)! >= year.start && iso(e.DEC)! <= year.end)
      .map((e) => iso(e.DEC)!)
      .sort()
      .at(-1);
    const ad1 = rows.filter((r) => r.table === 'AD1');
    if (ad1.length > 1) own.push({ file: ad1[1]!.row.file, line: ad1[1]!.row.line, field: 'CHILD', message: `child ${childId} has a second row in the AD1 table` });
    if (ad1.length > 0 && !adoptedOn) own.push({ file: ad1[0]!.row.file, line: ad1[0]!.row.line, field: 'CHILD', message: `AD1 is for a child adopted in the year: child ${childId} has no episode ending in an adoption order (REC E11 or E12) in it` });
    const ceasedAdopted = rows.find((r) => r.table === 'PlacedAdoption' && r.row.values.DATE_PLACED_CEASED !== '' && ad1.some((a) => a.row.values.DATE_INT === r.row.values.DATE_PLACED));
    if (ceasedAdopted) own.push({ file: ceasedAdopted.row.file, line: ceasedAdopted.row.line, field: 'DATE_PLACED_CEASED', message: 'this decision ended in the adoption in AD1, so it did not cease' });
    const workers = rows.filter((r) => r.table === 'SWEpisodes').sort((a, b) => (iso(a.row.values.SW_DECOM) ?? '').localeCompare(iso(b.row.values.SW_DECOM) ?? ''));
    for (let i = 1; i < workers.length; i++) {
      const previousEnd = iso(workers[i - 1]!.row.values.SW_DEC);
      const { row } = workers[i]!;
      const start = iso(row.values.SW_DECOM);
      if (start && (previousEnd === null || start < previousEnd)) own.push({ file: row.file, line: row.line, field: 'SW_DECOM', message: `the episode starts before the social worker episode before it ended: a child has one social worker at a time` });
    }
    const orders = rows.filter((r) => r.table === 'DoLo').sort((a, b) => (iso(a.row.values.DOLO_START) ?? '').localeCompare(iso(b.row.values.DOLO_START) ?? ''));
    for (let i = 1; i < orders.length; i++) {
      const previousEnd = iso(orders[i - 1]!.row.values.DOLO_END);
      const { row } = orders[i]!;
      const start = iso(row.values.DOLO_START);
      if (start && (previousEnd === null || start < previousEnd)) own.push({ file: row.file, line: row.line, field: 'DOLO_START', message: 'the order starts before the order before it ended: a child is under one order at a time' });
    }

    const counts: Partial<Record<ImportedTable, number>> = {};
    for (const { table } of rows) counts[table] = (counts[table] ?? 0) + 1;
    if (own.length > 0) {
      errors.push(...own);
      for (const [table, n] of Object.entries(counts) as [ImportedTable, number][]) refused[table] = (refused[table] ?? 0) + n;
      continue;
    }

    const of = (table: ImportedTable) => rows.filter((r) => r.table === table).map((r) => r.row.values);
    const upn = h.UPN ?? '';
    children.push({
      source: { file: headers[0]!.row.file, line: headers[0]!.row.line },
      header: {
        laChildId: childId,
        dateOfBirth: dob!,
        sex: SEX_OF[h.SEX ?? ''] ?? null,
        ethnicity: blankToNull(h.ETHNIC),
        upn: UPN.test(upn) ? upn : null,
        upnUnknownReason: upn !== '' && !UPN.test(upn) ? upn : null,
      },
      uasc: of('UASC').length > 0,
      episodes: of('Episodes').map((e) => ({
        startDate: iso(e.DECOM)!,
        endDate: iso(e.DEC),
        reasonNewEpisode: e.RNE!,
        legalStatus: e.LS!,
        primaryNeed: e.CIN!,
        placementType: e.PLACE!,
        placementProvider: blankToNull(e.PLACE_PROVIDER),
        reasonCeased: blankToNull(e.REC),
        reasonPlaceChange: blankToNull(e.REASON_PLACE_CHANGE),
        homePostcode: blankToNull(e.HOME_POST),
        placementPostcode: blankToNull(e.PL_POST),
        urn: blankToNull(e.URN),
      })),
      reviews: of('Reviews').map((r) => ({ date: iso(r.REVIEW)!, participation: blankToNull(r.REVIEW_CODE) })),
      missing: of('Missing').map((m) => ({ kind: m.MISSING as 'M' | 'A', startDate: iso(m.MIS_START)!, endDate: iso(m.MIS_END) })),
      leavingCareChecks: of('OC3').map((c) => ({ birthdayAge: checkBirthday!.age, birthdayOn: checkBirthday!.on, inTouch: c.IN_TOUCH!, activity: c.ACTIV!, accommodation: c.ACCOM! })),
      healthYear: oc2.length === 0 ? null : healthYearOf(oc2[0]!.row.values, year.end),
      previousPermanence: of('PrevPerm').map((p) => ({ careStartedOn: careStartedOn!, option: p.PREV_PERM!, laCode: blankToNull(p.LA_PERM), orderOn: iso(p.DATE_PERM) })),
      adoptionDecisions: adoptionDecisionsOf(of('PlacedAdoption'), of('AD1')[0], episodeRows, adoptedOn ?? null),
      socialWorkers: workers.map(({ row }) => ({ source: { file: row.file, line: row.line }, swId: row.values.SW_ID!, start: iso(row.values.SW_DECOM)!, end: iso(row.values.SW_DEC), reason: blankToNull(row.values.SW_REASON) })),
      libertyOrders: orders.map(({ row }) => ({ start: iso(row.values.DOLO_START)!, end: iso(row.values.DOLO_END) })),
      rows: counts,
    });
  }
  return { children, errors, refused };
}
