// A looked-after child's adoption: the steps in the order the law sets them,
// the adopters as the DfE's SSDA903 return (table AD1) codes them, the
// decision that the child should no longer be placed for adoption
// (PlacedAdoption), a previous permanence order (PrevPerm), and the adoption
// scorecard's timescales. Pure: no database, no clock (today is passed in).
import { addDays, daysBetween, formatDate } from '../../platform/calendar/dates.ts';
import type { CarePeriod } from '../stability/rules.ts';

// --- Codes ----------------------------------------------------------------------
// Codes exactly as the SSDA903 2024 schema lists them (reference
// dfe-returns/ssda903/SSDA903_schema_2024.yml: AD1 SEX_ADOPTR, LS_ADOPTR;
// PlacedAdoption REASON_PLACED_CEASED; PrevPerm PREV_PERM); meanings from the
// Standard Safeguarding Dataset (ssd-data-model objects/ssd_permanence.yml,
// objects/ssd_cla_previous_permanence.yml, categories/placement_ceased_reason.yml),
// which follow the DfE's SSDA903 guide.

/** SSDA903 AD1 SEX_ADOPTR. */
export const ADOPTER_SEX = {
  F1: 'A single woman',
  M1: 'A single man',
  FF: 'A female couple',
  MM: 'A male couple',
  MF: 'A male and female couple',
} as const;
export type AdopterSex = keyof typeof ADOPTER_SEX;

/** SSDA903 AD1 LS_ADOPTR. */
export const ADOPTER_LEGAL_STATUS = {
  L0: 'Single adopter',
  L11: 'Different gender married couple',
  L12: 'Same gender married couple',
  L2: 'Civil partnership couple',
  L3: 'Different gender unmarried couple',
  L4: 'Same gender couple, not married or in a civil partnership',
} as const;
export type AdopterLegalStatus = keyof typeof ADOPTER_LEGAL_STATUS;

/** SSDA903 PlacedAdoption REASON_PLACED_CEASED. */
export const CEASED_REASONS = {
  RD1: 'The child’s needs changed after the decision',
  RD2: 'The court did not make a placement order',
  RD3: 'Prospective adopters could not be found',
  RD4: 'Any other reason',
} as const;
export type CeasedReason = keyof typeof CEASED_REASONS;

/** SSDA903 PrevPerm PREV_PERM. */
export const PREVIOUS_PERMANENCE = {
  P1: 'Adoption',
  P2: 'Special guardianship order',
  P3: 'Residence order or child arrangements order setting out with whom the child is to live',
  P4: 'Not known whether the child had a previous permanence option',
  Z1: 'The child has not had a previous permanence option',
} as const;
export type PreviousPermanence = keyof typeof PREVIOUS_PERMANENCE;
/** The options that were an order, made on a day in a council: only these have a date and council (SSDA903 rule 635). */
export const PERMANENCE_ORDERS: readonly PreviousPermanence[] = ['P1', 'P2', 'P3'];

// --- The steps ------------------------------------------------------------------

/**
 * The steps, in order: the agency decision maker's decision that the child
 * should be placed for adoption (Adoption Agencies Regulations 2005 reg 19);
 * authority to place, by a placement order (Adoption and Children Act 2002
 * s21) or the parents' consent (s19); the match with particular prospective
 * adopters (regs 32 and 33); the day the child moved in with them; the
 * adoption order (s46).
 */
export const STEPS = {
  decision: 'Decision that the child should be placed for adoption',
  placement_order: 'Placement order made',
  consent: 'Consent to placement for adoption given',
  matched: 'Matched with prospective adopters',
  placed: 'Placed for adoption (moved in with the adopters)',
  adopted: 'Adoption order made',
} as const;
export type AdoptionStep = keyof typeof STEPS;

/** What is recorded of one decision so far. */
export interface DecisionSoFar {
  decidedOn: string;
  authority: 'placement_order' | 'consent' | null;
  authorityOn: string | null;
  matchedOn: string | null;
  placedOn: string | null;
  adoptedOn: string | null;
  ceasedOn: string | null;
}

export const isOpen = (d: DecisionSoFar) => d.ceasedOn === null && d.adoptedOn === null;

/** The period of care the child was in on `date` (from its start to its end, or still going on), if any. */
export function periodOn(periods: readonly Pick<CarePeriod, 'start' | 'end'>[], date: string) {
  return periods.find((p) => p.start <= date && (p.end === null || date <= p.end)) ?? null;
}

/**
 * Why `step` cannot be recorded on `date` for the open decision `open` (null
 * when there is none), or null when it can. Each step follows the one the law
 * puts before it; the date of the decision must fall in a period of care
 * (SSDA903 rule 1003: not before the child started to be looked after).
 * Whether the date is in the future or before birth is the caller's
 * (eventDateProblem), as for every date on a child's record.
 */
export function stepProblem(step: AdoptionStep, date: string, open: DecisionSoFar | null, periods: readonly Pick<CarePeriod, 'start' | 'end'>[]): string | null {
  if (step === 'decision') {
    if (open) return `A decision that the child should be placed for adoption is already open (made ${formatDate(open.decidedOn)}): record the adoption order, or that the child should no longer be placed for adoption, first`;
    if (!periodOn(periods, date)) return `The decision must be made while the child is looked after: the care timeline shows no period of care on ${formatDate(date)}`;
    return null;
  }
  if (!open) return 'Record the decision that the child should be placed for adoption first';
  if (date < open.decidedOn) return `Date must be on or after the decision that the child should be placed for adoption, ${formatDate(open.decidedOn)}`;
  if (step === 'placement_order' || step === 'consent') {
    if (open.authority) return `Authority to place is already recorded: ${STEPS[open.authority].toLowerCase()} on ${formatDate(open.authorityOn!)}`;
    return null;
  }
  if (step === 'matched') {
    if (open.matchedOn) return `The match is already recorded, on ${formatDate(open.matchedOn)}`;
    return null;
  }
  if (step === 'placed') {
    if (open.placedOn) return `The placement is already recorded, on ${formatDate(open.placedOn)}`;
    if (!open.authorityOn) return 'A child can be placed for adoption only with a placement order or the parents’ consent (Adoption and Children Act 2002 s18): record it first';
    if (!open.matchedOn) return 'Record the match with the prospective adopters before the placement';
    if (date < open.authorityOn) return `Date must be on or after the ${open.authority === 'consent' ? 'consent was given' : 'placement order was made'}, ${formatDate(open.authorityOn)}`;
    if (date < open.matchedOn) return `Date must be on or after the match, ${formatDate(open.matchedOn)}`;
    return null;
  }
  // adopted
  if (!open.placedOn) return 'An adoption order can be recorded only once the child has been placed with the adopters';
  if (date < open.placedOn) return `Date must be on or after the child was placed for adoption, ${formatDate(open.placedOn)}`;
  return null;
}

/** Why the decision cannot be ended on `date` as one that should no longer be followed, or null. */
export function ceasedProblem(date: string, open: DecisionSoFar | null): string | null {
  if (!open) return 'There is no open decision that the child should be placed for adoption';
  if (date < open.decidedOn) return `Date must be on or after the decision that the child should be placed for adoption, ${formatDate(open.decidedOn)}`;
  return null;
}

// --- The adopters (SSDA903 AD1) ---------------------------------------------------

export interface Adopters {
  count: 1 | 2;
  sex: AdopterSex;
  legalStatus: AdopterLegalStatus;
}

const SINGLE_SEX: readonly AdopterSex[] = ['F1', 'M1'];
const SAME_SEX: readonly AdopterSex[] = ['FF', 'MM'];

/**
 * Where the adopters' number, sex and legal status disagree, by field, as the
 * SSDA903 validation rules 511, 514, 517, 518, 519, 520 and 524 say: two
 * adopters are MM, FF or MF; a single adopter is L0; L3 and L11 are a male and
 * female couple; L4 and L12 are a couple of the same sex.
 */
export function adopterProblems(a: Partial<Adopters>): Record<string, string> {
  const errors: Record<string, string> = {};
  if (a.count && a.sex) {
    const single = SINGLE_SEX.includes(a.sex);
    if (a.count === 1 && !single) errors.adoptersSex = 'A single adopter is a single woman or a single man';
    if (a.count === 2 && single) errors.adoptersSex = 'Two adopters are a female couple, a male couple or a male and female couple';
  }
  if (a.count && a.legalStatus && !errors.adoptersSex) {
    if (a.count === 1 && a.legalStatus !== 'L0') errors.adoptersLegalStatus = 'A single adopter’s legal status is single adopter';
    if (a.count === 2 && a.legalStatus === 'L0') errors.adoptersLegalStatus = 'Two adopters are a couple: select which kind';
  }
  if (a.sex && a.legalStatus && !errors.adoptersSex && !errors.adoptersLegalStatus) {
    if ((a.legalStatus === 'L3' || a.legalStatus === 'L11') && a.sex !== 'MF') errors.adoptersLegalStatus = `${ADOPTER_LEGAL_STATUS[a.legalStatus]} must be a male and female couple`;
    if ((a.legalStatus === 'L4' || a.legalStatus === 'L12') && !SAME_SEX.includes(a.sex)) errors.adoptersLegalStatus = `${ADOPTER_LEGAL_STATUS[a.legalStatus]} must be a female couple or a male couple`;
  }
  return errors;
}

// --- Previous permanence (SSDA903 PrevPerm) ----------------------------------------

/** Why a previous permanence answer cannot stand for care that began on `careStart`, by field. */
export function previousPermanenceProblems(v: { option?: PreviousPermanence; laCode?: string | null; orderOn?: string | null }, careStart: string, dateOfBirth: string | null): Record<string, string> {
  const errors: Record<string, string> = {};
  const isOrder = v.option !== undefined && PERMANENCE_ORDERS.includes(v.option);
  if (v.option && !isOrder && v.laCode) errors.laCode = 'Leave the council empty when there was no previous order';
  if (v.option && !isOrder && v.orderOn) errors['orderOn-day'] = 'Leave the date of the order empty when there was no previous order';
  if (isOrder && v.orderOn) {
    if (v.orderOn > careStart) errors['orderOn-day'] = `Date of the order must be before ${formatDate(careStart)}, when the child started to be looked after`;
    else if (dateOfBirth && v.orderOn < dateOfBirth) errors['orderOn-day'] = `Date of the order must be on or after the child’s date of birth, ${formatDate(dateOfBirth)}`;
  }
  return errors;
}

// --- The adoption scorecard -------------------------------------------------------

/**
 * The DfE adoption scorecard's performance thresholds for its two timeliness
 * indicators, as published for the three years 2013 to 2016 and kept since:
 * A1, the average time between a child entering care and moving in with
 * their adoptive family, 14 months (426 days); A2, the average time between
 * the council receiving court authority to place a child (a placement order)
 * and deciding on a match to an adoptive family, 4 months (121 days)
 * (DfE, "Adoption scorecards and thresholds published", 14 January 2014;
 * Adoption scorecards methodology and guidance). National performance
 * thresholds, not statutory duties.
 */
export const SCORECARD_THRESHOLDS = { A1: 426, A2: 121 } as const;

export interface Timing {
  days: number;
  threshold: number;
  /** Still counting: the step that ends it has not happened yet. */
  running: boolean;
  over: boolean;
}

const timing = (days: number, threshold: number, running: boolean): Timing => ({ days, threshold, running, over: days > threshold });

/** A1 for one child: from the day the period of care began to the day they moved in with the adopters, or to today while they wait. */
export function a1Timing(careStart: string, placedOn: string | null, today: string): Timing {
  return timing(daysBetween(careStart, placedOn ?? today), SCORECARD_THRESHOLDS.A1, placedOn === null);
}

/**
 * A2 for one child: from the placement order to the match, or to today while
 * they wait; 0 when the match came first, as the scorecard counts it. Only a
 * placement order is court authority: a child placed with consent has no A2.
 */
export function a2Timing(d: Pick<DecisionSoFar, 'authority' | 'authorityOn' | 'matchedOn'>, today: string): Timing | null {
  if (d.authority !== 'placement_order' || !d.authorityOn) return null;
  if (d.matchedOn) return timing(Math.max(0, daysBetween(d.authorityOn, d.matchedOn)), SCORECARD_THRESHOLDS.A2, false);
  return timing(daysBetween(d.authorityOn, today), SCORECARD_THRESHOLDS.A2, true);
}

/** A child with a placement order and no match is waiting; the scorecard's threshold puts the match by this day. */
export function matchDueBy(d: Pick<DecisionSoFar, 'authority' | 'authorityOn' | 'matchedOn' | 'ceasedOn' | 'adoptedOn'>): string | null {
  if (d.authority !== 'placement_order' || !d.authorityOn || d.matchedOn || d.ceasedOn || d.adoptedOn) return null;
  return addDays(d.authorityOn, SCORECARD_THRESHOLDS.A2);
}

/** The mean of whole days, rounded to the nearest day as the scorecard publishes it; null for none. */
export function averageDays(days: readonly number[]): number | null {
  return days.length ? Math.round(days.reduce((a, b) => a + b, 0) / days.length) : null;
}
