// Placement stability: a child's periods of care and placements, built from
// their SSDA903 episodes, and the two measures the DfE publishes in "Children
// looked after in England including adoptions" (formerly national indicators
// NI 62 and NI 63). Pure: no database, no clock. The counting rules, and why
// where the guidance leaves a choice, are written out in docs/care.md
// ("Placement stability").
import { addDays, addMonths, ageOn, daysBetween } from '../../platform/calendar/dates.ts';

export interface StabilityEpisode {
  startDate: string;
  endDate: string | null;
  reasonNewEpisode: string;
  legalStatus: string;
  placementType: string;
  placementProvider: string | null;
  placementPostcode: string | null;
  distanceMiles: number | null;
  outOfArea: boolean | null;
  reasonCeased: string | null;
  reasonPlaceChange: string | null;
}

/** SSDA903 RNE codes that begin a new placement: P and B with new carers, T and U with the same carers. */
const NEW_PLACEMENT = ['P', 'T', 'B', 'U'];
/** RNE codes where the placement changes but the carers stay the same. */
const SAME_CARERS = ['T', 'U'];
/** Temporary placements (SSDA903 PLACE T0 to T4). */
const TEMPORARY = ['T0', 'T1', 'T2', 'T3', 'T4'];
/** Legal statuses of an agreed series of short breaks (SSDA903 LS V3, V4). */
const SHORT_BREAKS = ['V3', 'V4'];
/** REC X1: the episode ends and another begins the same day, so the period of care goes on. */
const CONTINUES = 'X1';

export interface Placement {
  start: string;
  /** The day the child left it (the next placement's start, or the day care ended); null while it lasts. */
  end: string | null;
  placementType: string;
  provider: string | null;
  postcode: string | null;
  distanceMiles: number | null;
  outOfArea: boolean | null;
  legalStatuses: string[];
  /** Why it ended: SSDA903 REASON_PLACE_CHANGE for a move, REC when care ended. */
  ended: { kind: 'moved'; reasonPlaceChange: string | null } | { kind: 'care-ended'; reasonCeased: string } | null;
  /** The placement changed with the same carers (RNE T or U): not a move for the child. */
  sameCarers: boolean;
  temporary: boolean;
  /** Back with the carers of the placement before a temporary one: that placement resumed, not a move. */
  resumed: boolean;
}

export interface CarePeriod {
  start: string;
  end: string | null;
  placements: Placement[];
  /** Every episode was under a series of short breaks (V3, V4). */
  shortBreaksOnly: boolean;
}

/**
 * A child's periods of care, oldest first: each begins when the child starts
 * to be looked after and runs through episodes joined end to start with REC
 * X1; within it, a placement is a run of episodes until an RNE of P, T, B or
 * U. A change of legal status only (RNE L) is not a new placement.
 */
export function carePeriods(episodes: readonly StabilityEpisode[]): CarePeriod[] {
  const sorted = [...episodes].sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0));
  const periods: CarePeriod[] = [];
  let period: CarePeriod | null = null;
  let previous: StabilityEpisode | null = null;
  for (const e of sorted) {
    const continues = period !== null && previous !== null && previous.reasonCeased === CONTINUES && previous.endDate === e.startDate && e.reasonNewEpisode !== 'S';
    if (!continues) {
      period = { start: e.startDate, end: null, placements: [], shortBreaksOnly: true };
      periods.push(period);
    }
    const current: CarePeriod = period!;
    const last = current.placements[current.placements.length - 1];
    if (!last || NEW_PLACEMENT.includes(e.reasonNewEpisode)) {
      if (last) last.ended = { kind: 'moved', reasonPlaceChange: previous?.reasonPlaceChange ?? null };
      const beforeTemporary = last?.temporary ? current.placements[current.placements.length - 2] : undefined;
      current.placements.push({
        start: e.startDate,
        end: null,
        placementType: e.placementType,
        provider: e.placementProvider,
        postcode: e.placementPostcode,
        distanceMiles: e.distanceMiles,
        outOfArea: e.outOfArea,
        legalStatuses: [e.legalStatus],
        ended: null,
        sameCarers: Boolean(last) && SAME_CARERS.includes(e.reasonNewEpisode),
        temporary: TEMPORARY.includes(e.placementType),
        resumed:
          beforeTemporary !== undefined &&
          !TEMPORARY.includes(e.placementType) &&
          beforeTemporary.placementType === e.placementType &&
          beforeTemporary.postcode === e.placementPostcode &&
          beforeTemporary.provider === e.placementProvider,
      });
    } else if (!last.legalStatuses.includes(e.legalStatus)) {
      last.legalStatuses.push(e.legalStatus);
    }
    const placement = current.placements[current.placements.length - 1]!;
    placement.end = e.endDate;
    if (!SHORT_BREAKS.includes(e.legalStatus)) current.shortBreaksOnly = false;
    if (e.endDate !== null && e.reasonCeased !== null && e.reasonCeased !== CONTINUES) {
      placement.ended = { kind: 'care-ended', reasonCeased: e.reasonCeased };
      current.end = e.endDate;
    }
    previous = e;
  }
  return periods;
}

/** Whether a placement is a move for the child: a new placement, not the first of its period, with new carers, not temporary and not a return after a temporary one. */
export function isMove(period: CarePeriod, index: number): boolean {
  const p = period.placements[index]!;
  return index > 0 && countsAsPlacement(p);
}

function countsAsPlacement(p: Placement): boolean {
  return !p.sameCarers && !p.temporary && !p.resumed;
}

/**
 * The placements the measures count, each from the day it began to the day
 * the child left those carers: temporary placements are left out, and a
 * change with the same carers, or a return to them after a temporary
 * placement, continues the placement before it.
 */
export function countedPlacements(period: CarePeriod): { start: string; end: string | null; adoptive: boolean }[] {
  const counted: { start: string; end: string | null; adoptive: boolean }[] = [];
  for (const p of period.placements) {
    const last = counted[counted.length - 1];
    if (p.temporary) {
      if (last) last.end = p.end;
      continue;
    }
    if (last && !countsAsPlacement(p)) {
      last.end = p.end;
      last.adoptive = isAdoptive(p.placementType);
      continue;
    }
    counted.push({ start: p.start, end: p.end, adoptive: isAdoptive(p.placementType) });
  }
  return counted;
}

/** Placed for adoption: SSDA903 PLACE A3 to A6. */
function isAdoptive(placementType: string): boolean {
  return /^A[3-6]$/.test(placementType);
}

/** Covers `day`: begun by then and not yet ended (an episode ending on a day does not cover it). */
const covers = (start: string, end: string | null, day: string) => start <= day && (end === null || end > day);

/** Periods of care that count for the measures: not those made only of short breaks. Work them out once to measure a child on many days. */
export function measuredPeriods(episodes: readonly StabilityEpisode[]): CarePeriod[] {
  return carePeriods(episodes.filter((e) => !SHORT_BREAKS.includes(e.legalStatus))).filter((p) => !p.shortBreaksOnly);
}

/** The first day of the year that ends on `date`: 1 April for a year ending 31 March. */
export function yearStart(date: string): string {
  return addDays(addMonths(date, -12), 1);
}

export interface ShortTermResult {
  /** Looked after on the date, other than under a series of short breaks: in the denominator. */
  counted: boolean;
  /** Placements during the year ending on the date. */
  placements: number;
  /** 3 or more: in the numerator. */
  threeOrMore: boolean;
}

/**
 * DfE placement stability, short term (formerly NI 62): of children looked
 * after on `date` (31 March for the published figure), those who had 3 or
 * more placements during the year ending on `date`. Every placement that
 * covered a day of the year counts, in every period of care that year, so a
 * period that began during the year counts its first placement.
 */
export function shortTermStability(episodes: readonly StabilityEpisode[], date: string): ShortTermResult {
  return shortTermOf(measuredPeriods(episodes), date);
}

/** shortTermStability, from the child's measured periods (see measuredPeriods). */
export function shortTermOf(periods: readonly CarePeriod[], date: string): ShortTermResult {
  const counted = periods.some((p) => covers(p.start, p.end, date));
  if (!counted) return { counted: false, placements: 0, threeOrMore: false };
  const from = yearStart(date);
  const placements = periods
    .flatMap(countedPlacements)
    .filter((p) => p.start <= date && (p.end === null || p.end > from)).length;
  return { counted: true, placements, threeOrMore: placements >= 3 };
}

export interface LongTermResult {
  /** Under 16 on the date and looked after continuously for at least 2.5 years: in the denominator. */
  counted: boolean;
  /** In the same placement for at least 2 years, or placed for adoption with that and the placement before lasting 2 years: in the numerator. */
  stable: boolean;
  /** When the placement (or, for an adoptive one, the placement before it) began. */
  placedSince: string | null;
}

/**
 * DfE placement stability, long term (formerly NI 63): of children aged
 * under 16 on `date` who have been looked after continuously for at least
 * 2.5 years, those living in the same placement for at least 2 years, or
 * placed for adoption where the adoptive placement together with the
 * previous placement lasts at least 2 years.
 */
export function longTermStability(episodes: readonly StabilityEpisode[], dateOfBirth: string | null, date: string): LongTermResult {
  return longTermOf(measuredPeriods(episodes), dateOfBirth, date);
}

/** longTermStability, from the child's measured periods (see measuredPeriods). */
export function longTermOf(periods: readonly CarePeriod[], dateOfBirth: string | null, date: string): LongTermResult {
  const none: LongTermResult = { counted: false, stable: false, placedSince: null };
  if (dateOfBirth === null || ageOn(dateOfBirth, date) >= 16) return none;
  const period = periods.find((p) => covers(p.start, p.end, date));
  if (!period || addMonths(period.start, 30) > date) return none;
  const placements = countedPlacements(period).filter((p) => p.start <= date);
  const current = placements[placements.length - 1];
  if (!current) return { counted: true, stable: false, placedSince: null };
  const before = placements[placements.length - 2];
  const placedSince = current.adoptive && before ? before.start : current.start;
  return { counted: true, stable: addMonths(placedSince, 24) <= date, placedSince };
}

export interface Measure {
  numerator: number;
  denominator: number;
  /** Whole percent, or null with no one to count. */
  percent: number | null;
}

export function measureOf(numerator: number, denominator: number): Measure {
  return { numerator, denominator, percent: denominator === 0 ? null : Math.round((numerator / denominator) * 1000) / 10 };
}

/** The latest 31 March on or before `today`. */
export function latestYearEnd(today: string): string {
  const year = Number(today.slice(0, 4));
  const thisYear = `${year}-03-31`;
  return thisYear <= today ? thisYear : `${year - 1}-03-31`;
}

/** Moves (see isMove) on or after `since` across the periods, and how long each placement lasted to `today`. */
export function movesSince(periods: readonly CarePeriod[], since: string): number {
  let moves = 0;
  for (const period of periods) {
    period.placements.forEach((p, i) => {
      if (p.start >= since && isMove(period, i)) moves += 1;
    });
  }
  return moves;
}

/** Days a placement lasted, or has lasted so far. */
export function placementDays(p: { start: string; end: string | null }, today: string): number {
  return daysBetween(p.start, p.end ?? today);
}
