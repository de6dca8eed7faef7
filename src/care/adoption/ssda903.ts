// The SSDA903 tables that adoption fills, built from what is stored: AD1
// (children adopted in the year), PlacedAdoption (decisions that the child
// should be placed for adoption, and their reversal) and PrevPerm (previous
// permanence of children who started to be looked after in the year). Column
// names, codes and date format (dd/mm/yyyy) are the SSDA903 2024 schema's
// (reference dfe-returns/ssda903/SSDA903_schema_2024.yml). Pure: the returns
// work passes in the children and their records.

export interface ReturnChild {
  /** CHILD: the council's identifier for the child in the return. */
  laChildId: string;
  dateOfBirth: string;
}

export interface StoredDecision {
  decidedOn: string;
  matchedOn: string | null;
  fosterCarers: boolean | null;
  adoptersCount: number | null;
  adoptersSex: string | null;
  adoptersLegalStatus: string | null;
  adoptedOn: string | null;
  ceasedOn: string | null;
  ceasedReason: string | null;
}

export interface StoredPreviousPermanence {
  careStartedOn: string;
  option: string;
  laCode: string | null;
  orderOn: string | null;
}

export const AD1_COLUMNS = ['CHILD', 'DOB', 'DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'] as const;
export const PLACED_ADOPTION_COLUMNS = ['CHILD', 'DOB', 'DATE_PLACED', 'DATE_PLACED_CEASED', 'REASON_PLACED_CEASED'] as const;
export const PREV_PERM_COLUMNS = ['CHILD', 'DOB', 'PREV_PERM', 'LA_PERM', 'DATE_PERM'] as const;

export type Row<C extends readonly string[]> = Record<C[number], string>;

/** The collection year ending 31 March of `yearEnding`: 1 April the year before to 31 March. */
export function collectionYear(yearEnding: number): { start: string; end: string } {
  return { start: `${yearEnding - 1}-04-01`, end: `${yearEnding}-03-31` };
}

/** dd/mm/yyyy, as the schema's "%d/%m/%Y". */
export function returnDate(date: string | null): string {
  if (!date) return '';
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

const within = (date: string | null, year: { start: string; end: string }) => date !== null && date >= year.start && date <= year.end;
const byChild = <T extends { CHILD: string }>(rows: T[]) => rows.sort((a, b) => a.CHILD.localeCompare(b.CHILD));

/**
 * AD1: one row for each child adopted in the year (an adoption order, care
 * ending with REC E11 or E12), from the decision that ended in the order:
 * the date they should be placed for adoption (DATE_INT), the match
 * (DATE_MATCH), whether the adopters were their foster carers, and the
 * adopters' number, sex and legal status.
 */
export function adoptionAd1Rows(children: readonly { child: ReturnChild; decisions: readonly StoredDecision[] }[], yearEnding: number): Row<typeof AD1_COLUMNS>[] {
  const year = collectionYear(yearEnding);
  const rows: Row<typeof AD1_COLUMNS>[] = [];
  for (const { child, decisions } of children) {
    const adopted = decisions.filter((d) => within(d.adoptedOn, year)).sort((a, b) => (a.adoptedOn! < b.adoptedOn! ? 1 : -1))[0];
    if (!adopted) continue;
    rows.push({
      CHILD: child.laChildId,
      DOB: returnDate(child.dateOfBirth),
      DATE_INT: returnDate(adopted.decidedOn),
      DATE_MATCH: returnDate(adopted.matchedOn),
      FOSTER_CARE: adopted.fosterCarers === null ? '' : adopted.fosterCarers ? '1' : '0',
      NB_ADOPTR: adopted.adoptersCount === null ? '' : String(adopted.adoptersCount),
      SEX_ADOPTR: adopted.adoptersSex ?? '',
      LS_ADOPTR: adopted.adoptersLegalStatus ?? '',
    });
  }
  return byChild(rows);
}

/**
 * PlacedAdoption: one row for each decision that a child should be placed
 * for adoption that stood at some time in the year: made on or before its
 * end, and neither reversed nor ended in an adoption order before it began.
 * A decision reversed by the year's end carries the date and reason
 * (DATE_PLACED_CEASED, REASON_PLACED_CEASED); one reversed after it is
 * reported as it stood on 31 March.
 */
export function placedAdoptionRows(children: readonly { child: ReturnChild; decisions: readonly StoredDecision[] }[], yearEnding: number): Row<typeof PLACED_ADOPTION_COLUMNS>[] {
  const year = collectionYear(yearEnding);
  const rows: Row<typeof PLACED_ADOPTION_COLUMNS>[] = [];
  for (const { child, decisions } of children) {
    for (const d of [...decisions].sort((a, b) => (a.decidedOn < b.decidedOn ? -1 : 1))) {
      if (d.decidedOn > year.end) continue;
      if (d.ceasedOn !== null && d.ceasedOn < year.start) continue;
      if (d.adoptedOn !== null && d.adoptedOn < year.start) continue;
      const ceased = d.ceasedOn !== null && d.ceasedOn <= year.end;
      rows.push({
        CHILD: child.laChildId,
        DOB: returnDate(child.dateOfBirth),
        DATE_PLACED: returnDate(d.decidedOn),
        DATE_PLACED_CEASED: ceased ? returnDate(d.ceasedOn) : '',
        REASON_PLACED_CEASED: ceased ? (d.ceasedReason ?? '') : '',
      });
    }
  }
  return byChild(rows);
}

/**
 * PrevPerm: one row for each child who started to be looked after in the
 * year and whose previous permanence is recorded for that start (the latest
 * start in the year when there were two). LA_PERM and DATE_PERM are only for
 * an order (P1 to P3), blank when not known.
 */
export function prevPermRows(children: readonly { child: ReturnChild; previous: readonly StoredPreviousPermanence[] }[], yearEnding: number): Row<typeof PREV_PERM_COLUMNS>[] {
  const year = collectionYear(yearEnding);
  const rows: Row<typeof PREV_PERM_COLUMNS>[] = [];
  for (const { child, previous } of children) {
    const latest = previous.filter((p) => within(p.careStartedOn, year)).sort((a, b) => (a.careStartedOn < b.careStartedOn ? 1 : -1))[0];
    if (!latest) continue;
    rows.push({
      CHILD: child.laChildId,
      DOB: returnDate(child.dateOfBirth),
      PREV_PERM: latest.option,
      LA_PERM: latest.laCode ?? '',
      DATE_PERM: returnDate(latest.orderOn),
    });
  }
  return byChild(rows);
}
