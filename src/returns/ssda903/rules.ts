// The SSDA903 return (children looked after) for a collection year, as the
// DfE's tables with their exact columns, codes and dd/mm/yyyy dates (SSDA903
// schema 2024, src/reference/data/ssda903_schema_2024.yml, and the DfE's
// "Children looked after in England including adoptions: guide to the SSDA903
// collection"). Built from what the record holds, never typed twice. The
// tables that the care area already fills (OC2, OC3, Missing, AD1,
// PlacedAdoption, PrevPerm, DoLo) come from its builders; this file adds Header,
// Episodes, Reviews, UASC and the social worker episodes, and puts the
// return together. Pure.
import { birthday } from '../../platform/calendar/dates.ts';
import { PLACEMENTS_WITHOUT_PROVIDER } from '../../reference/codes.ts';
import {
  adoptionAd1Rows,
  collectionYear,
  doloRows,
  missingRows,
  oc2Rows,
  oc3Rows,
  placedAdoptionRows,
  prevPermRows,
  returnDate,
  AD1_COLUMNS,
  DOLO_COLUMNS,
  MISSING_COLUMNS,
  OC2_COLUMNS,
  OC3_COLUMNS,
  PLACED_ADOPTION_COLUMNS,
  PREV_PERM_COLUMNS,
  type StabilityEpisode,
} from '../../care/index.ts';


export const HEADER_COLUMNS = ['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB'] as const;
export const EPISODES_COLUMNS = ['CHILD', 'DECOM', 'RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER', 'DEC', 'REC', 'REASON_PLACE_CHANGE', 'HOME_POST', 'PL_POST', 'URN'] as const;
export const REVIEWS_COLUMNS = ['CHILD', 'DOB', 'REVIEW', 'REVIEW_CODE'] as const;
export const UASC_COLUMNS = ['CHILD', 'DOB', 'SEX', 'DUC'] as const;
export const SOCIAL_WORKER_COLUMNS = ['CHILD', 'DOB', 'SW_ID', 'SW_DECOM', 'SW_DEC', 'SW_REASON'] as const;

/**
 * The tables in the order the DfE lists them, each with the file it is
 * written to. The social worker table is called SocialWorker in the 2024
 * schema and SWEpisodes in the collection; the file takes the collection's
 * name. DoLo (deprivation of liberty orders, the newest table) comes last.
 */
export const SSDA903_TABLES = [
  { name: 'Header', columns: HEADER_COLUMNS },
  { name: 'Episodes', columns: EPISODES_COLUMNS },
  { name: 'Reviews', columns: REVIEWS_COLUMNS },
  { name: 'UASC', columns: UASC_COLUMNS },
  { name: 'OC2', columns: OC2_COLUMNS },
  { name: 'OC3', columns: OC3_COLUMNS },
  { name: 'AD1', columns: AD1_COLUMNS },
  { name: 'PlacedAdoption', columns: PLACED_ADOPTION_COLUMNS },
  { name: 'PrevPerm', columns: PREV_PERM_COLUMNS },
  { name: 'Missing', columns: MISSING_COLUMNS },
  { name: 'SWEpisodes', columns: SOCIAL_WORKER_COLUMNS },
  { name: 'DoLo', columns: DOLO_COLUMNS },
] as const;

export type Ssda903TableName = (typeof SSDA903_TABLES)[number]['name'];
export type Ssda903Row = Record<string, string>;
export type Ssda903Return = Record<Ssda903TableName, Ssda903Row[]>;

export function isSsda903Table(name: string): name is Ssda903TableName {
  return SSDA903_TABLES.some((t) => t.name === name);
}

/** A child's episode as the return needs it: the stability episode and the fields only the return reads. */
export interface ReturnEpisode extends StabilityEpisode {
  primaryNeed: string;
  homePostcode: string | null;
  urn: string | null;
}

/** Everything the return takes from one child's record. */
export interface ReturnChild {
  /** The child's record, for the way from an error to the page where it is put right; never written in the return. */
  recordId: string;
  laChildId: string;
  dateOfBirth: string;
  sex: 'M' | 'F' | 'U' | null;
  ethnicity: string | null;
  upn: string | null;
  /** UN1 to UN10: why there is no UPN. */
  upnUnknownReason: string | null;
  uasc: boolean;
  /** Dates of birth of the child's own children, when the child is recorded as their mother. */
  ownChildrenBorn: readonly string[];
  episodes: readonly ReturnEpisode[];
  reviews: readonly { date: string; participation: string | null }[];
  socialWorkers: readonly { swId: string | null; start: string; end: string | null; reason: string | null }[];
  healthYear: Parameters<typeof oc2Rows>[1][number]['year'];
  missing: Parameters<typeof missingRows>[1][number]['episodes'];
  /** Deprivation of liberty orders in force at any time in the year. */
  dolOrders: Parameters<typeof doloRows>[1][number]['orders'];
  leavingCareChecks: Parameters<typeof oc3Rows>[1][number]['checks'];
  adoptionDecisions: Parameters<typeof adoptionAd1Rows>[0][number]['decisions'];
  previousPermanence: Parameters<typeof prevPermRows>[0][number]['previous'];
}

/** "2025 to 2026" for the year ending 31 March 2026. */
export function collectionYearLabel(yearEnd: number): string {
  return `${yearEnd - 1} to ${yearEnd}`;
}

const SEX_CODE: Record<string, string> = { M: '1', F: '2' };
const byDate = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
const openInYear = (start: string, end: string | null, year: { start: string; end: string }) => start <= year.end && (end === null || end >= year.start);

/** Whether the child was looked after at any time in the year: the 903's population. */
export function lookedAfterInYear(child: Pick<ReturnChild, 'episodes'>, yearEnd: number): boolean {
  const year = collectionYear(yearEnd);
  return child.episodes.some((e) => openInYear(e.startDate, e.endDate, year));
}

/**
 * Header: one row per child in the return. SEX is 1 (male) or 2 (female);
 * UPN is the unique pupil number or, without one, the reason code (UN1 to
 * UN10). MOTHER is asked of girls only: 1 when she is recorded as the mother
 * of a child, with MC_DOB the youngest child's date of birth, else 0.
 */
export function headerRow(child: ReturnChild): Ssda903Row {
  const female = child.sex === 'F';
  const youngest = [...child.ownChildrenBorn].sort().at(-1);
  return {
    CHILD: child.laChildId,
    SEX: child.sex ? (SEX_CODE[child.sex] ?? '') : '',
    DOB: returnDate(child.dateOfBirth),
    ETHNIC: child.ethnicity ?? '',
    UPN: child.upn ?? child.upnUnknownReason ?? '',
    MOTHER: female ? (youngest ? '1' : '0') : '',
    MC_DOB: female && youngest ? returnDate(youngest) : '',
  };
}

/**
 * Episodes: every episode open at any time in the year, oldest first. An
 * episode still open on 31 March goes out open (DEC and REC blank), even if
 * it has ended since: the return describes the year.
 */
export function episodeRows(child: ReturnChild, yearEnd: number): Ssda903Row[] {
  const year = collectionYear(yearEnd);
  return child.episodes
    .filter((e) => openInYear(e.startDate, e.endDate, year))
    .sort(byDate((e) => e.startDate))
    .map((e) => {
      const endedInYear = e.endDate !== null && e.endDate <= year.end;
      return {
        CHILD: child.laChildId,
        DECOM: returnDate(e.startDate),
        RNE: e.reasonNewEpisode,
        LS: e.legalStatus,
        CIN: e.primaryNeed,
        PLACE: e.placementType,
        PLACE_PROVIDER: PLACEMENTS_WITHOUT_PROVIDER.includes(e.placementType) ? '' : (e.placementProvider ?? ''),
        DEC: endedInYear ? returnDate(e.endDate) : '',
        REC: endedInYear ? (e.reasonCeased ?? '') : '',
        REASON_PLACE_CHANGE: endedInYear ? (e.reasonPlaceChange ?? '') : '',
        HOME_POST: e.homePostcode ?? '',
        PL_POST: e.placementPostcode ?? '',
        URN: e.urn ?? '',
      };
    });
}

/** Reviews: each looked-after review held in the year, with how the child took part (PN0 to PN7). */
export function reviewRows(child: ReturnChild, yearEnd: number): Ssda903Row[] {
  const year = collectionYear(yearEnd);
  return child.reviews
    .filter((r) => r.date >= year.start && r.date <= year.end)
    .sort(byDate((r) => r.date))
    .map((r) => ({ CHILD: child.laChildId, DOB: returnDate(child.dateOfBirth), REVIEW: returnDate(r.date), REVIEW_CODE: r.participation ?? '' }));
}

/**
 * UASC: a child looked after in the year who has been an unaccompanied
 * asylum-seeking child. DUC, the date UASC status ceased, is the 18th
 * birthday when it falls by 31 March; blank while they are still a child.
 */
export function uascRow(child: ReturnChild, yearEnd: number): Ssda903Row | null {
  if (!child.uasc) return null;
  const eighteenth = birthday(child.dateOfBirth, 18);
  return {
    CHILD: child.laChildId,
    DOB: returnDate(child.dateOfBirth),
    SEX: child.sex ? (SEX_CODE[child.sex] ?? '') : '',
    DUC: eighteenth <= collectionYear(yearEnd).end ? returnDate(eighteenth) : '',
  };
}

/**
 * The social worker episodes (SWEpisodes): each allocation of a lead social
 * worker open at any time in the year, from the allocation history, with the
 * worker's Social Work England number and, for one that ended in the year,
 * why (MANAGE, FCONTA, LEFTRL, ORGRST, TSPROC, ABSENC, CHCHAN, PCCHAN,
 * SWDIED, OTHERS).
 */
export function socialWorkerRows(child: ReturnChild, yearEnd: number): Ssda903Row[] {
  const year = collectionYear(yearEnd);
  return child.socialWorkers
    .filter((s) => openInYear(s.start, s.end, year))
    .sort(byDate((s) => s.start))
    .map((s) => {
      const endedInYear = s.end !== null && s.end <= year.end;
      return {
        CHILD: child.laChildId,
        DOB: returnDate(child.dateOfBirth),
        SW_ID: s.swId ?? '',
        SW_DECOM: returnDate(s.start),
        SW_DEC: endedInYear ? returnDate(s.end) : '',
        SW_REASON: endedInYear ? (s.reason ?? '') : '',
      };
    });
}

/**
 * The whole return for the year ending 31 March `yearEnd`, ordered by child.
 * The looked-after tables take the children looked after in the year; OC3
 * takes the care leavers whose 17th to 21st birthday fell in the year, and
 * they are in the Header too.
 */
export function ssda903Return(yearEnd: number, children: readonly ReturnChild[]): Ssda903Return {
  const sorted = [...children].sort((a, b) => a.laChildId.localeCompare(b.laChildId));
  const lookedAfter = sorted.filter((c) => lookedAfterInYear(c, yearEnd));
  const ids = (c: ReturnChild) => ({ laChildId: c.laChildId, dateOfBirth: c.dateOfBirth });
  const oc3 = oc3Rows(yearEnd, sorted.map((c) => ({ ...ids(c), checks: c.leavingCareChecks })));
  const inOc3 = new Set(oc3.map((r) => r.CHILD));
  return {
    Header: sorted.filter((c) => lookedAfterInYear(c, yearEnd) || inOc3.has(c.laChildId)).map(headerRow),
    Episodes: lookedAfter.flatMap((c) => episodeRows(c, yearEnd)),
    Reviews: lookedAfter.flatMap((c) => reviewRows(c, yearEnd)),
    UASC: lookedAfter.map((c) => uascRow(c, yearEnd)).filter((r): r is Ssda903Row => r !== null),
    OC2: oc2Rows(yearEnd, lookedAfter.map((c) => ({ ...ids(c), episodes: c.episodes, year: c.healthYear }))),
    OC3: oc3,
    AD1: adoptionAd1Rows(lookedAfter.map((c) => ({ child: ids(c), decisions: c.adoptionDecisions })), yearEnd),
    PlacedAdoption: placedAdoptionRows(lookedAfter.map((c) => ({ child: ids(c), decisions: c.adoptionDecisions })), yearEnd),
    PrevPerm: prevPermRows(lookedAfter.map((c) => ({ child: ids(c), previous: c.previousPermanence })), yearEnd),
    Missing: missingRows(yearEnd, lookedAfter.map((c) => ({ ...ids(c), episodes: c.missing }))),
    SWEpisodes: lookedAfter.flatMap((c) => socialWorkerRows(c, yearEnd)),
    DoLo: doloRows(yearEnd, lookedAfter.map((c) => ({ ...ids(c), orders: c.dolOrders }))),
  };
}
