// The SSDA903 DoLo table for a collection year, built from the deprivation of
// liberty orders recorded on children's records: one row per order in force
// at any time in the year to 31 March (columns CHILD, DOB, DOLO_START,
// DOLO_END; dates dd/mm/yyyy). DOLO_END is left blank when the order
// continued past 31 March. The children passed are those in the return
// (looked after in the year). Source: DfE, "Children looked after in England
// including adoptions: guide to the SSDA903 collection", the deprivation of
// liberty table added from 2023 to 2024. Pure.
import { ssdaDate } from '../health/ssda903.ts';

export const DOLO_COLUMNS = ['CHILD', 'DOB', 'DOLO_START', 'DOLO_END'] as const;
export type DoloRow = Record<(typeof DOLO_COLUMNS)[number], string>;

export interface DoloChild {
  laChildId: string;
  dateOfBirth: string;
  orders: readonly { startDate: string; endDate: string | null }[];
}

/** The DoLo rows for the year to 31 March `yearEnd`: each child's orders in force at any time in the year, oldest first. */
export function doloRows(yearEnd: number, children: readonly DoloChild[]): DoloRow[] {
  const start = `${yearEnd - 1}-04-01`;
  const end = `${yearEnd}-03-31`;
  const rows: DoloRow[] = [];
  for (const c of children) {
    const inYear = c.orders.filter((o) => o.startDate <= end && (o.endDate === null || o.endDate >= start)).sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0));
    for (const o of inYear) {
      rows.push({ CHILD: c.laChildId, DOB: ssdaDate(c.dateOfBirth), DOLO_START: ssdaDate(o.startDate), DOLO_END: o.endDate !== null && o.endDate <= end ? ssdaDate(o.endDate) : '' });
    }
  }
  return rows;
}
