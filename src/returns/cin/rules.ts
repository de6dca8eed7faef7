// The children in need census for a collection year (1 April to 31 March),
// built from what the record holds: each child in need at any time in the
// year with each CIN episode (a referral to its closure) open in the year,
// and under each episode its assessments, child in need plans, section 47
// enquiries, child protection plans with their reviews, and pre-proceedings.
// The shape and names are the DfE's (CIN census guide; the schema kept beside
// this file, CIN_schema_2025.xsd). Pure: records in, census children out, and
// the census written as XML with dates yyyy-mm-dd.
import { XMLBuilder } from 'fast-xml-parser';
import { collectionYear } from '../../care/index.ts';

/** What the census reads from one child's record. */
export interface CinRecordChild {
  /** The child's record, for the way from an error to the page where it is put right; never written in the census. */
  recordId: string;
  laChildId: string;
  dateOfBirth: string | null;
  expectedDateOfBirth: string | null;
  dateOfDeath: string | null;
  sex: 'M' | 'F' | 'U' | null;
  ethnicity: string | null;
  upn: string | null;
  upnUnknownReason: string | null;
  disabilities: readonly string[];
  referrals: readonly {
    id: string;
    referralDate: string;
    source: string | null;
    primaryNeed: string | null;
    noFurtherAction: boolean;
    closeDate: string | null;
    closureReason: string | null;
  }[];
  assessments: readonly { referralId: string; startDate: string; authorisedOn: string | null; factors: readonly string[] }[];
  enquiries: readonly { id: string; startDate: string; endedOn: string | null; icpcRequired: boolean | null }[];
  /** Initial child protection conferences, with the enquiry each followed (none when held without one). */
  conferences: readonly { date: string; enquiryId: string | null }[];
  cinPlans: readonly { startDate: string; endDate: string | null }[];
  cpPlans: readonly {
    referralId: string | null;
    startDate: string;
    endDate: string | null;
    initialCategory: string;
    latestCategory: string;
    reviews: readonly string[];
  }[];
  preProceedings: readonly {
    startDate: string;
    letterDate: string | null;
    fgdmOffered: boolean;
    fgdmHeld: boolean;
    initialMeetingDate: string | null;
    reviewMeetings: number;
    decisionDate: string | null;
  }[];
}

export interface CensusAssessment {
  AssessmentActualStartDate: string;
  AssessmentAuthorisationDate: string | null;
  AssessmentFactors: string[];
}

export interface CensusSection47 {
  S47ActualStartDate: string;
  DateOfInitialCPC: string | null;
  ICPCnotRequired: boolean;
}

export interface CensusCpPlan {
  CPPstartDate: string;
  CPPendDate: string | null;
  InitialCategoryOfAbuse: string;
  LatestCategoryOfAbuse: string;
  NumberOfPreviousCPP: number;
  Reviews: string[];
}

export interface CensusPreProceedings {
  PPStartDate: string;
  LBPSentDate: string | null;
  FGDMMeetingOffer: boolean;
  FGDMMeetingFac: boolean;
  InitialPPMeetingDate: string | null;
  ReviewMeetingsCount: number;
  StepDecisionDate: string | null;
}

/** One CIN episode: the CINdetails group. */
export interface CensusEpisode {
  CINreferralDate: string;
  ReferralSource: string | null;
  PrimaryNeedCode: string | null;
  CINclosureDate: string | null;
  ReasonForClosure: string | null;
  DateOfInitialCPC: string | null;
  Assessments: CensusAssessment[];
  CINPlanDates: { CINPlanStartDate: string; CINPlanEndDate: string | null }[];
  Section47: CensusSection47[];
  ReferralNFA: boolean;
  ChildProtectionPlans: CensusCpPlan[];
  PreProceedingsandFGDM: CensusPreProceedings[];
}

/** One child of the census, by the DfE's element names. */
export interface CensusChild {
  recordId: string;
  LAchildID: string;
  UPN: string | null;
  UPNunknown: string | null;
  PersonBirthDate: string | null;
  ExpectedPersonBirthDate: string | null;
  Sex: string | null;
  PersonDeathDate: string | null;
  Ethnicity: string | null;
  Disabilities: string[];
  CINdetails: CensusEpisode[];
}

export interface CinCensus {
  yearEnd: number;
  /** 31 March of the collection year. */
  referenceDate: string;
  children: CensusChild[];
}

type Year = { start: string; end: string };

const openInYear = (start: string, end: string | null, year: Year) => start <= year.end && (end === null || end >= year.start);
/** A date kept only when it falls by the end of the year: later events are not yet known to the census. */
const byYearEnd = (date: string | null, year: Year) => (date !== null && date <= year.end ? date : null);
const sorted = <T>(items: readonly T[], key: (t: T) => string) => [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/** Whether a date falls in an episode: on or after its referral, and on or before its closure when it has closed. */
function inEpisode(date: string, referral: CinRecordChild['referrals'][number]): boolean {
  return date >= referral.referralDate && (referral.closeDate === null || date <= referral.closeDate);
}

/**
 * One CIN episode as the census records it. Its assessments are those made on
 * its referral; its plans, enquiries and pre-proceedings are those that
 * started within it (a child protection plan may also name its referral);
 * each is in the census when open at any time in the year, and a date after
 * 31 March is left out (the census describes the year).
 */
export function censusEpisode(child: CinRecordChild, referral: CinRecordChild['referrals'][number], year: Year): CensusEpisode {
  const closed = byYearEnd(referral.closeDate, year);
  const assessments = sorted(
    child.assessments.filter((a) => a.referralId === referral.id && openInYear(a.startDate, a.authorisedOn, year)),
    (a) => a.startDate,
  ).map((a): CensusAssessment => {
    const authorised = byYearEnd(a.authorisedOn, year);
    return { AssessmentActualStartDate: a.startDate, AssessmentAuthorisationDate: authorised, AssessmentFactors: authorised ? [...a.factors].sort() : [] };
  });
  const plans = sorted(
    child.cinPlans.filter((p) => inEpisode(p.startDate, referral) && openInYear(p.startDate, p.endDate, year)),
    (p) => p.startDate,
  ).map((p) => ({ CINPlanStartDate: p.startDate, CINPlanEndDate: byYearEnd(p.endDate, year) }));
  // The census holds an enquiry open until its initial conference (rule 8740): one that ended on 31 March with its conference on 1 April is in the new year.
  const conferenceOf = (e: CinRecordChild['enquiries'][number]) => child.conferences.find((c) => c.enquiryId === e.id);
  const openUntil = (e: CinRecordChild['enquiries'][number]) => {
    const conference = conferenceOf(e)?.date;
    return e.endedOn !== null && conference !== undefined && conference > e.endedOn ? conference : e.endedOn;
  };
  const enquiries = sorted(
    child.enquiries.filter((e) => inEpisode(e.startDate, referral) && openInYear(e.startDate, openUntil(e), year)),
    (e) => e.startDate,
  ).map((e): CensusSection47 => {
    const conference = conferenceOf(e);
    return {
      S47ActualStartDate: e.startDate,
      DateOfInitialCPC: byYearEnd(conference?.date ?? null, year),
      ICPCnotRequired: e.icpcRequired === false && byYearEnd(e.endedOn, year) !== null,
    };
  });
  const withoutEnquiry = sorted(
    child.conferences.filter((c) => c.enquiryId === null && inEpisode(c.date, referral) && c.date >= year.start && c.date <= year.end),
    (c) => c.date,
  )[0];
  const cpPlans = sorted(
    child.cpPlans.filter((p) => (p.referralId === referral.id || (p.referralId === null && inEpisode(p.startDate, referral))) && openInYear(p.startDate, p.endDate, year)),
    (p) => p.startDate,
  ).map(
    (p): CensusCpPlan => ({
      CPPstartDate: p.startDate,
      CPPendDate: byYearEnd(p.endDate, year),
      InitialCategoryOfAbuse: p.initialCategory,
      LatestCategoryOfAbuse: p.latestCategory,
      NumberOfPreviousCPP: child.cpPlans.filter((other) => other.startDate < p.startDate).length,
      Reviews: [...p.reviews].filter((r) => r >= year.start && r <= year.end).sort(),
    }),
  );
  const preProceedings = sorted(
    child.preProceedings.filter((p) => inEpisode(p.startDate, referral) && openInYear(p.startDate, p.decisionDate, year)),
    (p) => p.startDate,
  ).map(
    (p): CensusPreProceedings => ({
      PPStartDate: p.startDate,
      LBPSentDate: byYearEnd(p.letterDate, year),
      FGDMMeetingOffer: p.fgdmOffered,
      FGDMMeetingFac: p.fgdmHeld,
      InitialPPMeetingDate: byYearEnd(p.initialMeetingDate, year),
      ReviewMeetingsCount: p.reviewMeetings,
      StepDecisionDate: byYearEnd(p.decisionDate, year),
    }),
  );
  return {
    CINreferralDate: referral.referralDate,
    ReferralSource: referral.source,
    PrimaryNeedCode: referral.primaryNeed,
    CINclosureDate: closed,
    ReasonForClosure: closed ? referral.closureReason : null,
    DateOfInitialCPC: withoutEnquiry?.date ?? null,
    Assessments: assessments,
    CINPlanDates: plans,
    Section47: enquiries,
    ReferralNFA: referral.noFurtherAction,
    ChildProtectionPlans: cpPlans,
    PreProceedingsandFGDM: preProceedings,
  };
}

/** A child in the census: one with a CIN episode open at any time in the year; null for a child without one. */
export function censusChild(child: CinRecordChild, yearEnd: number): CensusChild | null {
  const year = collectionYear(yearEnd);
  const episodes = sorted(
    child.referrals.filter((r) => openInYear(r.referralDate, r.closeDate, year)),
    (r) => r.referralDate,
  ).map((r) => censusEpisode(child, r, year));
  if (episodes.length === 0) return null;
  return {
    recordId: child.recordId,
    LAchildID: child.laChildId,
    UPN: child.upn,
    UPNunknown: child.upn ? null : child.upnUnknownReason,
    PersonBirthDate: child.dateOfBirth,
    ExpectedPersonBirthDate: child.dateOfBirth ? null : child.expectedDateOfBirth,
    Sex: child.sex,
    PersonDeathDate: byYearEnd(child.dateOfDeath, year),
    Ethnicity: child.ethnicity,
    Disabilities: [...child.disabilities].sort(),
    CINdetails: episodes,
  };
}

/** The census for the year ending 31 March `yearEnd`: every child in need in the year, by the council's identifier. */
export function cinCensus(yearEnd: number, children: readonly CinRecordChild[]): CinCensus {
  const inCensus = children.map((c) => censusChild(c, yearEnd)).filter((c): c is CensusChild => c !== null);
  return { yearEnd, referenceDate: `${yearEnd}-03-31`, children: inCensus.sort((a, b) => a.LAchildID.localeCompare(b.LAchildID)) };
}

/** "Children 412, CIN episodes 455, assessments 390, ..." for the audit trail and the CLI: what a census contained. */
export function censusCounts(census: CinCensus): { name: string; count: number }[] {
  const episodes = census.children.flatMap((c) => c.CINdetails);
  return [
    { name: 'Children', count: census.children.length },
    { name: 'CIN episodes', count: episodes.length },
    { name: 'Assessments', count: episodes.reduce((n, e) => n + e.Assessments.length, 0) },
    { name: 'CIN plans', count: episodes.reduce((n, e) => n + e.CINPlanDates.length, 0) },
    { name: 'Section 47 enquiries', count: episodes.reduce((n, e) => n + e.Section47.length, 0) },
    { name: 'Child protection plans', count: episodes.reduce((n, e) => n + e.ChildProtectionPlans.length, 0) },
    { name: 'Pre-proceedings', count: episodes.reduce((n, e) => n + e.PreProceedingsandFGDM.length, 0) },
  ];
}

export function countsText(census: CinCensus): string {
  return censusCounts(census)
    .map((c) => `${c.name} ${c.count}`)
    .join(', ');
}

/** A UPN the schema accepts: a letter, 11 digits, then a digit or a letter. */
export const UPN_FORMAT = /^[A-Za-z]\d{11}[A-Za-z0-9]$/;
const PRIMARY_NEEDS = new Set(['N0', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9']);
const CLOSURE_REASONS = new Set(['RC1', 'RC2', 'RC3', 'RC4', 'RC5', 'RC6', 'RC7', 'RC8', 'RC9']);
export { PRIMARY_NEEDS, CLOSURE_REASONS };

/** "2026-11-23T09:15:00" in UTC, as the header's DateTime. */
function dateTime(at: Date): string {
  return at.toISOString().slice(0, 19);
}

type Node = { [name: string]: string | Node | Node[] | string[] };

/** The element only when it has a value: an optional element is left out when empty. */
function present<T>(name: string, value: T | null | undefined | ''): Record<string, T> {
  return value === null || value === undefined || value === '' ? {} : { [name]: value };
}
/** A repeated element only when it has members. */
function many<T>(name: string, items: readonly T[]): Record<string, T[]> {
  return items.length > 0 ? { [name]: [...items] } : {};
}

/**
 * The census as the DfE's XML, every element in the schema's order (written
 * by fast-xml-parser's builder, which keeps a county's census well inside the
 * time allowed).
 * An optional element whose value the schema would refuse (a UPN not in the
 * UPN format, a primary need or closure reason that is not a code) is left
 * out of the file: the validation rules name each such child, so it is put
 * right in the record rather than sent wrong.
 */
export function cinCensusXml(census: CinCensus, source: { laCode: string; softwareCode: string; release: string; at: Date }): string {
  const children: Node[] = census.children.map((child) => ({
    ChildIdentifiers: {
      LAchildID: child.LAchildID,
      ...present('UPN', child.UPN && UPN_FORMAT.test(child.UPN) ? child.UPN : null),
      ...present('UPNunknown', child.UPNunknown),
      ...present('PersonBirthDate', child.PersonBirthDate),
      ...present('ExpectedPersonBirthDate', child.ExpectedPersonBirthDate),
      Sex: child.Sex ?? '',
      ...present('PersonDeathDate', child.PersonDeathDate),
    },
    ChildCharacteristics: {
      Ethnicity: child.Ethnicity ?? '',
      ...(child.Disabilities.length > 0 ? { Disabilities: { Disability: [...child.Disabilities] } } : {}),
    },
    CINdetails: child.CINdetails.map(
      (e): Node => ({
        CINreferralDate: e.CINreferralDate,
        ReferralSource: e.ReferralSource ?? '',
        ...present('PrimaryNeedCode', e.PrimaryNeedCode && PRIMARY_NEEDS.has(e.PrimaryNeedCode) ? e.PrimaryNeedCode : null),
        ...present('CINclosureDate', e.CINclosureDate),
        ...present('ReasonForClosure', e.ReasonForClosure && CLOSURE_REASONS.has(e.ReasonForClosure) ? e.ReasonForClosure : null),
        ...present('DateOfInitialCPC', e.DateOfInitialCPC),
        ...many(
          'Assessments',
          e.Assessments.map((a): Node => ({
            AssessmentActualStartDate: a.AssessmentActualStartDate,
            ...present('AssessmentAuthorisationDate', a.AssessmentAuthorisationDate),
            ...(a.AssessmentFactors.length > 0 ? { FactorsIdentifiedAtAssessment: { AssessmentFactors: [...a.AssessmentFactors] } } : {}),
          })),
        ),
        ...many('CINPlanDates', e.CINPlanDates.map((p): Node => ({ CINPlanStartDate: p.CINPlanStartDate, ...present('CINPlanEndDate', p.CINPlanEndDate) }))),
        ...many(
          'Section47',
          e.Section47.map((s47): Node => ({ S47ActualStartDate: s47.S47ActualStartDate, ...present('DateOfInitialCPC', s47.DateOfInitialCPC), ICPCnotRequired: s47.ICPCnotRequired ? 'true' : 'false' })),
        ),
        ReferralNFA: e.ReferralNFA ? 'true' : 'false',
        ...many(
          'ChildProtectionPlans',
          e.ChildProtectionPlans.map((p): Node => ({
            CPPstartDate: p.CPPstartDate,
            ...present('CPPendDate', p.CPPendDate),
            InitialCategoryOfAbuse: p.InitialCategoryOfAbuse,
            LatestCategoryOfAbuse: p.LatestCategoryOfAbuse,
            NumberOfPreviousCPP: String(p.NumberOfPreviousCPP),
            ...(p.Reviews.length > 0 ? { Reviews: { CPPreviewDate: [...p.Reviews] } } : {}),
          })),
        ),
        ...many(
          'PreProceedingsandFGDM',
          e.PreProceedingsandFGDM.map((p): Node => ({
            PPStartDate: p.PPStartDate,
            ...present('LBPSentDate', p.LBPSentDate),
            FGDMMeetingOffer: p.FGDMMeetingOffer ? '1' : '0',
            FGDMMeetingFac: p.FGDMMeetingFac ? '1' : '0',
            ...present('InitialPPMeetingDate', p.InitialPPMeetingDate),
            ReviewMeetingsCount: String(p.ReviewMeetingsCount),
            ...present('StepDecisionDate', p.StepDecisionDate),
          })),
        ),
      }),
    ),
  }));
  const message: Node = {
    Message: {
      Header: {
        CollectionDetails: { Collection: 'CIN', Year: String(census.yearEnd), ReferenceDate: census.referenceDate },
        Source: { SourceLevel: 'L', LEA: source.laCode, SoftwareCode: source.softwareCode, Release: source.release, SerialNo: '001', DateTime: dateTime(source.at) },
      },
      Children: { Child: children },
    },
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLBuilder({ format: true, ignoreAttributes: true, suppressEmptyNode: false }).build(message) as string}`;
}
