// Continuity of social worker: how long children keep their lead social
// worker, how many they have had, and why workers changed. Ofsted looks at how
// many social workers a child has had and for how long; the SSDA903 return has
// had a social worker episodes table (with a reason for each change) since
// 2023/24. Pure: the caller passes the history and `today` ('YYYY-MM-DD').
//
// Definitions used throughout
// - An allocation covers the days from `start` up to but not including `end`:
//   `end` is the date it ceased (as the SSDA903's SW_DEC, and as the
//   allocations table, where an ended row is no longer current), so a worker
//   whose allocation ends today no longer holds the case today, and a next
//   worker starting the same day follows on with no gap. `end: null` is open.
//   Allocations starting after today are ignored.
// - Where allocations overlap (a handover recorded with both open for a few
//   days), the one that started later is the lead from its start.
// - `workerId: null` is a case held by a team without a named worker: the
//   child is unallocated for that time.
// - "12 months" is the 365 days ending today, today included.
// - A change of worker happens on the day a child's lead worker becomes
//   someone other than their previous lead worker (after a gap too). Taking the
//   same worker back after a gap is not a change. The first worker is not a change.
// - `reason` is why that allocation ended: the SW_REASON of the change that
//   followed it (in the SSDA903 it is reported on the next worker's episode).
import { SW_REASONS, type SwReason } from '../../reference/codes.ts';

export interface AllocationSpell {
  workerId: string | null;
  /** First day, 'YYYY-MM-DD'. */
  start: string;
  /** Date the allocation ceased, 'YYYY-MM-DD', or null while it is open. */
  end: string | null;
  /** Why this allocation ended (SSDA903 SW_REASON), if it has and it was recorded. */
  reason: SwReason | null;
}

export type ReasonCounts = Partial<Record<SwReason, number>>;

export interface ChildContinuity {
  /** The lead social worker today, or null when unallocated. */
  currentWorkerId: string | null;
  /** Since when the current worker has held the case without a break (merging back-to-back allocations of the same worker). */
  currentSince: string | null;
  /** Days from currentSince to today (0 if allocated today). */
  currentRelationshipDays: number | null;
  /** The first day the child had a named lead worker, in the history given. */
  firstAllocated: string | null;
  /** Days from firstAllocated to today. */
  daysSinceFirstAllocated: number | null;
  /** Distinct workers who were the child's lead on any of the 365 days ending today. */
  workersLast12Months: number;
  /** Distinct workers who were ever the child's lead (for at least a day). */
  workersEver: number;
  /** Changes of worker on one of the 365 days ending today. */
  changesLast12Months: number;
  /** Those changes by SW_REASON (the reason the previous allocation ended). */
  changeReasons: ReasonCounts;
  /** Those changes with no reason recorded, or one that is not an SW_REASON code. */
  changesWithoutReason: number;
  /** When the child became unallocated, if they are unallocated today and had a worker before; otherwise null. */
  unallocatedSince: string | null;
}

const DAY_MS = 86_400_000;
const YEAR_DAYS = 365;

function toDay(date: string, what: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`${what} must be a date as 'YYYY-MM-DD', not ${JSON.stringify(date)}`);
  }
  return ms / DAY_MS;
}

function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

interface Spell {
  workerId: string | null;
  start: number;
  end: number | null;
  reason: SwReason | null;
}

/** A stretch of days with one lead (or none): [start, end). */
interface Segment {
  workerId: string | null;
  start: number;
  end: number;
  /** The reason recorded on the allocation that was lead at the segment's end. */
  reason: SwReason | null;
}

function isSwReason(value: unknown): value is SwReason {
  return (SW_REASONS as readonly unknown[]).includes(value);
}

/**
 * The child's lead worker day by day up to today, as segments where the lead
 * is the same, merged when one worker's allocations follow on from each other.
 */
function leadTimeline(spells: Spell[], today: number): Segment[] {
  const tomorrow = today + 1;
  const cuts = new Set<number>([tomorrow]);
  for (const s of spells) {
    cuts.add(s.start);
    if (s.end !== null && s.end < tomorrow) cuts.add(s.end);
  }
  const boundaries = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < boundaries.length; i++) {
    const start = boundaries[i]!;
    const end = boundaries[i + 1]!;
    let lead: Spell | undefined;
    for (const s of spells) {
      if (s.start <= start && (s.end === null || s.end > start)) lead = s; // spells are sorted: the last one started latest
    }
    const workerId = lead?.workerId ?? null;
    const reason = lead?.reason ?? null;
    const previous = segments.at(-1);
    if (previous && previous.workerId === workerId && previous.end === start) {
      previous.end = end;
      previous.reason = reason;
    } else {
      segments.push({ workerId, start, end, reason });
    }
  }
  return segments;
}

/**
 * One child's continuity of lead social worker on `today`, from their lead
 * allocations in any order (see the definitions at the top of this file).
 * Throws a RangeError for a date that is not 'YYYY-MM-DD' or an allocation
 * that ends before it starts.
 */
export function childContinuity(history: readonly AllocationSpell[], today: string): ChildContinuity {
  const day = toDay(today, 'today');
  const windowStart = day - (YEAR_DAYS - 1);
  const spells: Spell[] = history
    .map((h) => {
      const start = toDay(h.start, 'An allocation start');
      const end = h.end === null ? null : toDay(h.end, 'An allocation end');
      if (end !== null && end < start) throw new RangeError(`An allocation ends (${h.end}) before it starts (${h.start})`);
      return { workerId: h.workerId, start, end, reason: h.reason };
    })
    .filter((s) => s.start <= day)
    // A total order, so that the result never depends on the order of the history given.
    .sort(
      (a, b) =>
        a.start - b.start ||
        (a.end ?? Infinity) - (b.end ?? Infinity) ||
        String(a.workerId).localeCompare(String(b.workerId)) ||
        String(a.reason).localeCompare(String(b.reason)),
    );

  const segments = leadTimeline(spells, day);
  const named = segments.filter((s) => s.workerId !== null);
  const last = segments.at(-1);
  const current = last && last.workerId !== null ? last : undefined;

  const changeReasons: ReasonCounts = {};
  let changesLast12Months = 0;
  let changesWithoutReason = 0;
  for (let i = 1; i < named.length; i++) {
    const before = named[i - 1]!;
    const after = named[i]!;
    if (before.workerId === after.workerId || after.start < windowStart) continue;
    changesLast12Months += 1;
    if (isSwReason(before.reason)) changeReasons[before.reason] = (changeReasons[before.reason] ?? 0) + 1;
    else changesWithoutReason += 1;
  }

  const first = named[0];
  return {
    currentWorkerId: current?.workerId ?? null,
    currentSince: current ? fromDay(current.start) : null,
    currentRelationshipDays: current ? day - current.start : null,
    firstAllocated: first ? fromDay(first.start) : null,
    daysSinceFirstAllocated: first ? day - first.start : null,
    workersLast12Months: new Set(named.filter((s) => s.end > windowStart).map((s) => s.workerId)).size,
    workersEver: new Set(named.map((s) => s.workerId)).size,
    changesLast12Months,
    changeReasons,
    changesWithoutReason,
    unallocatedSince: !current && last && first ? fromDay(last.start) : null,
  };
}

export interface ContinuitySummary {
  /** Children summarised. */
  children: number;
  /** Of them, with a lead worker today. */
  allocated: number;
  /** Denominator of keptWorker12MonthsShare: allocated today, and first allocated at least 365 days ago. */
  allocatedAYearOrMore: number;
  /** Numerator: of those, the children whose current worker has held the case for at least 365 days without a break. */
  keptWorker12Months: number;
  /**
   * keptWorker12Months ÷ allocatedAYearOrMore, from 0 to 1; null when no child
   * has been allocated for a year. The denominator counts a child from the
   * first allocation in the history passed in, so a gap in allocation within
   * the year leaves the child in the denominator (and, with a new worker or a
   * break, out of the numerator). Pass only the allocations of a child's
   * current involvement if an earlier, closed one should not count.
   */
  keptWorker12MonthsShare: number | null;
  /** Mean workersLast12Months over the children who had a lead worker in the last 12 months; null if none did. */
  averageWorkersLast12Months: number | null;
  /** Children with three or more lead workers in the last 12 months. */
  childrenWith3PlusWorkersLast12Months: number;
  /** All changes of worker in the last 12 months. */
  changesLast12Months: number;
  /** Those changes by SW_REASON. */
  reasons: ReasonCounts;
  /** Those changes with no recognised reason. */
  changesWithoutReason: number;
}

/** Continuity across children (a team's, a service's, the council's), from each child's childContinuity on the same day. */
export function summariseContinuity(children: readonly ChildContinuity[]): ContinuitySummary {
  const allocated = children.filter((c) => c.currentWorkerId !== null);
  const eligible = allocated.filter((c) => (c.daysSinceFirstAllocated ?? 0) >= YEAR_DAYS);
  const kept = eligible.filter((c) => (c.currentRelationshipDays ?? 0) >= YEAR_DAYS);
  const withWorkers = children.filter((c) => c.workersLast12Months > 0);
  const reasons: ReasonCounts = {};
  for (const child of children) {
    for (const code of SW_REASONS) {
      const count = child.changeReasons[code];
      if (count) reasons[code] = (reasons[code] ?? 0) + count;
    }
  }
  return {
    children: children.length,
    allocated: allocated.length,
    allocatedAYearOrMore: eligible.length,
    keptWorker12Months: kept.length,
    keptWorker12MonthsShare: eligible.length ? kept.length / eligible.length : null,
    averageWorkersLast12Months: withWorkers.length
      ? withWorkers.reduce((sum, c) => sum + c.workersLast12Months, 0) / withWorkers.length
      : null,
    childrenWith3PlusWorkersLast12Months: children.filter((c) => c.workersLast12Months >= 3).length,
    changesLast12Months: children.reduce((sum, c) => sum + c.changesLast12Months, 0),
    reasons,
    changesWithoutReason: children.reduce((sum, c) => sum + c.changesWithoutReason, 0),
  };
}
