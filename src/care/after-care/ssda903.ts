// The SSDA903 OC3 table for a collection year, built from care leavers'
// birthday checks: one row per young person whose 17th, 18th, 19th, 20th or
// 21st birthday fell in the year to 31 March and whose check of it is
// recorded, with the schema's column names and formats (SSDA903 schema 2024,
// table OC3: CHILD, DOB, IN_TOUCH, ACTIV, ACCOM; dates dd/mm/yyyy). The codes
// are stored as the DfE's own (see rules.ts), so they go out unchanged.
// Source: DfE, "Children looked after in England including adoptions: guide to
// the SSDA903 collection", care leavers (OC3). Pure.
import { ssdaDate } from '../health/ssda903.ts';

export const OC3_COLUMNS = ['CHILD', 'DOB', 'IN_TOUCH', 'ACTIV', 'ACCOM'] as const;
export type Oc3Row = Record<(typeof OC3_COLUMNS)[number], string>;

/** The birthdays the OC3 table asks about. */
export const OC3_AGES = { from: 17, to: 21 } as const;

export interface Oc3YoungPerson {
  laChildId: string;
  dateOfBirth: string;
  checks: readonly { birthdayAge: number; birthdayOn: string; inTouch: string; activity: string; accommodation: string }[];
}

/** The OC3 rows for the year to 31 March `yearEnd`, in the order given; a young person with no check of a birthday in the year is left out. */
export function oc3Rows(yearEnd: number, youngPeople: readonly Oc3YoungPerson[]): Oc3Row[] {
  const start = `${yearEnd - 1}-04-01`;
  const end = `${yearEnd}-03-31`;
  const rows: Oc3Row[] = [];
  for (const p of youngPeople) {
    const check = p.checks.find((c) => c.birthdayOn >= start && c.birthdayOn <= end && c.birthdayAge >= OC3_AGES.from && c.birthdayAge <= OC3_AGES.to);
    if (!check) continue;
    rows.push({ CHILD: p.laChildId, DOB: ssdaDate(p.dateOfBirth), IN_TOUCH: check.inTouch, ACTIV: check.activity, ACCOM: check.accommodation });
  }
  return rows;
}
