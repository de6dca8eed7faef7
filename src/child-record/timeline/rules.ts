// The rules a child's timeline must keep, as pure functions: the caller
// passes the child's dates, the stored periods and `today` ('YYYY-MM-DD').
//
// Periods are half-open: a period covers the days from `start` up to but not
// including `end`, and `end: null` is still open. So a new referral, plan or
// care episode may start on the day the previous one ended, and a period that
// starts and ends on the same day (a referral closed with no further action on
// the day it came in) covers no day and overlaps nothing.
import { birthday, formatDate } from '../../platform/calendar/dates.ts';
import { describeCode } from '../../reference/codes.ts';

export interface Period {
  start: string;
  end: string | null;
}

/** Later than any date a person could enter: stands for "still open". */
const OPEN_END = '9999-12-31';

function endOf(period: Period): string {
  return period.end ?? OPEN_END;
}

/** True when the two periods share at least one day. */
export function periodsOverlap(a: Period, b: Period): boolean {
  if (a.start >= endOf(a) || b.start >= endOf(b)) return false;
  return a.start < endOf(b) && b.start < endOf(a);
}

/** The first of `existing` that shares a day with `candidate`, if any. */
export function findOverlap<P extends Period>(candidate: Period, existing: readonly P[]): P | undefined {
  return existing.find((period) => periodsOverlap(candidate, period));
}

/**
 * Why a new open-ended period starting on `start` cannot be added to
 * `existing`, or null. `what` names the kind of period ('child protection
 * plan'), `label` the date field.
 */
export function newPeriodProblem(start: string, existing: readonly Period[], label: string, what: string): string | null {
  const clash = findOverlap({ start, end: null }, existing);
  if (!clash) return null;
  if (clash.end === null) {
    return `${label} cannot be used: a ${what} has been open since ${formatDate(clash.start)}. End it before starting another`;
  }
  return `${label} overlaps the ${what} from ${formatDate(clash.start)} to ${formatDate(clash.end)}: a new one may start on or after ${formatDate(clash.end)}`;
}

/** Why `period` (an existing one being ended) would overlap one of `others`, or null. */
export function endedPeriodProblem(period: Period, others: readonly Period[], label: string, what: string): string | null {
  const clash = findOverlap(period, others);
  if (!clash) return null;
  return `${label} would make this ${what} overlap the one from ${formatDate(clash.start)}: end it before ${formatDate(clash.start)}`;
}

// --- Care episodes (SSDA903) -------------------------------------------------

/** What makes a care episode: its legal status and its placement. */
export interface EpisodeFacts {
  legalStatus: string;
  placementType: string;
  placementProvider: string | null;
  placementPostcode: string | null;
  placementUrn: string | null;
}

/** What changed between one episode and the next, as the SSDA903 checks compare them. */
export function episodeChanges(previous: EpisodeFacts, next: EpisodeFacts): { legalStatus: boolean; placement: boolean } {
  return {
    legalStatus: previous.legalStatus !== next.legalStatus,
    placement:
      previous.placementType !== next.placementType ||
      (previous.placementProvider ?? '') !== (next.placementProvider ?? '') ||
      (previous.placementPostcode ?? '') !== (next.placementPostcode ?? '') ||
      (previous.placementUrn ?? '') !== (next.placementUrn ?? ''),
  };
}

/** RNE codes that mean the legal status changed. */
const LEGAL_STATUS_CHANGES = ['L', 'B', 'U'];
/** RNE codes that mean the placement changed. */
const PLACEMENT_CHANGES = ['P', 'T', 'B', 'U'];
/** Temporary placements: no reason for a placement change is given when moving into or out of one. */
const TEMPORARY_PLACEMENTS = ['T0', 'T1', 'T2', 'T3', 'T4'];

/** The SSDA903 episode-ceased code for an episode followed by another on the same day. */
export const SAME_DAY_NEW_EPISODE = 'X1';

/**
 * Why `reasonNewEpisode` does not fit, or null. With no open episode the child
 * starts to be looked after (S); with one, the reason must say what changed:
 * L legal status only; P or T placement only; B or U both.
 */
export function reasonNewEpisodeProblem(reasonNewEpisode: string, open: EpisodeFacts | null, next: EpisodeFacts): string | null {
  const label = (code: string) => `"${code}: ${describeCode('reasonNewEpisode', code)}"`;
  if (!open) {
    return reasonNewEpisode === 'S'
      ? null
      : `Reason for new episode must be ${label('S')}: the child is not looked after now, so this episode starts a period of care`;
  }
  if (reasonNewEpisode === 'S') {
    return `Reason for new episode cannot be ${label('S')}: the child is already looked after. Choose what changed`;
  }
  const changed = episodeChanges(open, next);
  if (!changed.legalStatus && !changed.placement) {
    return 'Reason for new episode cannot be given: the legal status and the placement are the same as in the current episode. Change one of them, or go back';
  }
  const saysLegal = LEGAL_STATUS_CHANGES.includes(reasonNewEpisode);
  const saysPlacement = PLACEMENT_CHANGES.includes(reasonNewEpisode);
  if (saysLegal === changed.legalStatus && saysPlacement === changed.placement) return null;
  const expected = changed.legalStatus && changed.placement ? 'B or U' : changed.legalStatus ? 'L' : 'P or T';
  const what = changed.legalStatus && changed.placement ? 'both the legal status and the placement' : changed.legalStatus ? 'only the legal status' : 'only the placement';
  return `Reason for new episode ${label(reasonNewEpisode)} does not match what changed: ${what} changed, so choose ${expected}`;
}

/**
 * Whether the episode that ends needs a reason for the placement change
 * (SSDA903 REASON_PLACE_CHANGE): when the next episode changes the placement
 * and neither placement is a temporary one.
 */
export function placeChangeReasonRequired(reasonNewEpisode: string, previousPlacementType: string, nextPlacementType: string): boolean {
  return (
    PLACEMENT_CHANGES.includes(reasonNewEpisode) &&
    !TEMPORARY_PLACEMENTS.includes(previousPlacementType) &&
    !TEMPORARY_PLACEMENTS.includes(nextPlacementType)
  );
}

/**
 * Why a new care episode cannot start on `start`, or null: after the open
 * episode began (so the open one keeps at least a day), and not inside an
 * earlier, ended episode.
 */
export function newEpisodeStartProblem(start: string, open: Period | null, ended: readonly Period[], label: string): string | null {
  if (open && start <= open.start) {
    return `${label} must be after ${formatDate(open.start)}, when the current care episode started`;
  }
  return newPeriodProblem(start, ended, label, 'care episode');
}

/** Categories of need for a looked-after child: the SSDA903 accepts N1 to N8. */
export const CARE_PRIMARY_NEEDS = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'] as const;

// --- Care leavers ----------------------------------------------

export const CARE_LEAVER_CATEGORIES = {
  eligible: 'Eligible',
  relevant: 'Relevant',
  former_relevant: 'Former relevant',
  qualifying: 'Qualifying',
} as const;
export type CareLeaverCategory = keyof typeof CARE_LEAVER_CATEGORIES;

export const CARE_LEAVER_HINTS: Record<CareLeaverCategory, string> = {
  eligible: 'Aged 16 or 17, looked after for at least 13 weeks since the age of 14, and still looked after',
  relevant: 'Aged 16 or 17, was eligible, and is no longer looked after',
  former_relevant: 'Aged 18 to 25, was eligible or relevant',
  qualifying: 'Aged 16 to 25, looked after at some time after 16 but not eligible',
};

/** Care-leaver support starts at 16: why the category cannot be set on `today`, or null. */
export function careLeaverAgeProblem(dateOfBirth: string | null, today: string): string | null {
  if (!dateOfBirth) return 'Care leaver category cannot be set: the child has no date of birth';
  const sixteenth = birthday(dateOfBirth, 16);
  return today < sixteenth ? `Care leaver category applies from the age of 16: the child turns 16 on ${formatDate(sixteenth)}` : null;
}

/** Something dated on the timeline. */
export interface Dated {
  /** The date it is ordered by: when it happened or began. */
  date: string;
  /** Breaks ties on the same day, lower first: the order things usually happen in. */
  rank: number;
}

/** Newest first; on the same day, the later step of the usual order first. Stable otherwise. */
export function newestFirst<T extends Dated>(items: readonly T[]): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => (a.item.date === b.item.date ? b.item.rank - a.item.rank || a.index - b.index : a.item.date < b.item.date ? 1 : -1))
    .map(({ item }) => item);
}
