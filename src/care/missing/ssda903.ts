// The SSDA903 Missing table for a collection year, built from the missing
// episodes recorded on children's records: one row per episode (missing, M,
// or away from placement without authorisation, A) open at any time in the
// year to 31 March, with the schema's column names and formats (SSDA903
// schema 2024, table Missing: CHILD, DOB, MISSING, MIS_START, MIS_END; dates
// dd/mm/yyyy). MIS_END is left blank while the child was still missing on 31
// March: validation rule 570 refuses a start after the collection year, and
// rule 571 an end before its start or after its end. The children passed are
// those in the return (looked after in the year); missing episodes from home
// are not the 903's. Source: DfE, "Children looked after in England including
// adoptions: guide to the SSDA903 collection", the Missing table. Pure.
import { ssdaDate } from '../health/ssda903.ts';

export const MISSING_COLUMNS = ['CHILD', 'DOB', 'MISSING', 'MIS_START', 'MIS_END'] as const;
export type MissingRow = Record<(typeof MISSING_COLUMNS)[number], string>;

export interface MissingChild {
  laChildId: string;
  dateOfBirth: string;
  episodes: readonly { kind: 'M' | 'A'; startDate: string; endDate: string | null }[];
}

/** The Missing rows for the year to 31 March `yearEnd`: each child's episodes open at any time in the year, oldest first. */
export function missingRows(yearEnd: number, children: readonly MissingChild[]): MissingRow[] {
  const start = `${yearEnd - 1}-04-01`;
  const end = `${yearEnd}-03-31`;
  const rows: MissingRow[] = [];
  for (const c of children) {
    const inYear = c.episodes.filter((e) => e.startDate <= end && (e.endDate === null || e.endDate >= start)).sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0));
    for (const e of inYear) {
      rows.push({
        CHILD: c.laChildId,
        DOB: ssdaDate(c.dateOfBirth),
        MISSING: e.kind,
        MIS_START: ssdaDate(e.startDate),
        MIS_END: e.endDate !== null && e.endDate <= end ? ssdaDate(e.endDate) : '',
      });
    }
  }
  return rows;
}
