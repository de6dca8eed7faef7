// Permanence across the council (/care/permanence): for a year to 31 March,
// by the team that leads each case now and for the viewer's whole scope,
// (a) of the children who came into care in the year and reached their second
// looked-after review, how many had a plan for permanence by it (volume 2
// guidance, chapter 2); (b) the children in care at the year end by the plan
// in force; (c) the children who left care in the year to permanence, by the
// SSDA903 reason care ended; (d) of those who went home, how many had a
// support plan recorded. Counting follows the other care measures: restricted
// children count only for those named on them, and only records the viewer
// may open are named. The figures are pure (permanenceFacts, permanenceFigures);
// the page reads, scopes and audits.
import type { Db } from '../../db/database.ts';
import type { PermanencePlanKind } from '../../db/schema.ts';
import { listTeamsWithServices } from '../../db/teams.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { daysBetween } from '../../platform/calendar/dates.ts';
import { COLOURS, lineChart } from '../../platform/views/chart.ts';
import type { Reader } from '../../platform/record-access/viewer.ts';
import { secondReviewOf } from '../../timescales/index.ts';
import { chosenYear } from '../health/measures.ts';
import { yearBounds, yearLabel } from '../health/rules.ts';
import { findChildrenWithEpisodes, inScope, type ChildEpisodes } from '../stability/queries.ts';
import { scopeNameOf, stabilityScope, teamGroups } from '../stability/service.ts';
import { carePeriods, measureOf, type CarePeriod, type Measure } from '../stability/rules.ts';
import { permanenceOfChildren } from './queries.ts';
import { OUTCOME_LABELS, outcomeOfPeriod, PLAN_LABELS, plannedBy, type PermanenceOutcome } from './rules.ts';

// --- The figures (pure) -----------------------------------------------------------------------------------

export interface PermanenceEntry {
  /** The child's periods of care (carePeriods); short breaks are left out here. */
  periods: readonly CarePeriod[];
  plans: readonly { decidedOn: string; plan: PermanencePlanKind; parallelPlan: PermanencePlanKind | null }[];
  /** The days of the child's looked-after reviews. */
  reviews: readonly string[];
  /** The days each item of support for a return home began. */
  supportFrom: readonly string[];
}

/** What one child adds to the year's figures. */
export interface PermanenceFacts {
  /** Came into care in the year and reached the second review by its end (or today): the plan by then, or how late. */
  secondReview: { start: string; due: string; held: boolean; planned: boolean; planOn: string | null; daysLate: number } | null;
  /** In care at the year end: the plan in force for this period of care then (null when none). */
  atYearEnd: { plan: PermanencePlanKind | null; parallelPlan: PermanencePlanKind | null } | null;
  /** Left care in the year: to permanence by which route, or null for any other reason. */
  left: { outcome: PermanenceOutcome | null; supported: boolean } | null;
}

export const PLAN_ORDER: readonly PermanencePlanKind[] = ['return_home', 'special_guardianship', 'child_arrangements', 'long_term_fostering', 'adoption', 'other_long_term'];
export const OUTCOME_ORDER: readonly PermanenceOutcome[] = ['adoption', 'special_guardianship', 'child_arrangements', 'return_home'];

/**
 * One child's part in the year to 31 March `year`, seen on `today`: only
 * periods of care other than short breaks count, and only plans decided in
 * the period they belong to (a plan from an earlier time in care is history).
 * Where a child has two periods that qualify in the year, the latest counts.
 */
export function permanenceFacts(entry: PermanenceEntry, year: number, today: string): PermanenceFacts {
  const { start, end } = yearBounds(year);
  const cutoff = end < today ? end : today;
  const periods = entry.periods.filter((p) => !p.shortBreaksOnly);
  const plansIn = (p: CarePeriod, by: string) => entry.plans.filter((x) => x.decidedOn >= p.start && (p.end === null || x.decidedOn <= p.end) && x.decidedOn <= by);

  let secondReview: PermanenceFacts['secondReview'] = null;
  for (const p of periods.filter((x) => x.start >= start && x.start <= end)) {
    const second = secondReviewOf(p, entry.reviews);
    // Care that ended before the second review was due needed no plan by it.
    if (second.date > cutoff || (p.end !== null && p.end < second.date)) continue;
    const planned = plannedBy(entry.plans, p, second.date);
    const first = plansIn(p, today)[0] ?? null;
    const lateUntil = first ? first.decidedOn : p.end !== null && p.end < today ? p.end : today;
    secondReview = { start: p.start, due: second.date, held: second.held, planned, planOn: first?.decidedOn ?? null, daysLate: planned ? 0 : Math.max(0, daysBetween(second.date, lateUntil)) };
  }

  // In care at 31 March: begun by then and not ended by it (SSDA903 counts an episode ending on 31 March as not open at it).
  const open = periods.find((p) => p.start <= cutoff && (p.end === null || p.end > cutoff)) ?? null;
  const inForce = open ? plansIn(open, cutoff).at(-1) ?? null : null;
  const atYearEnd = open ? { plan: inForce?.plan ?? null, parallelPlan: inForce?.parallelPlan ?? null } : null;

  let left: PermanenceFacts['left'] = null;
  for (const p of periods.filter((x) => x.end !== null && x.end >= start && x.end <= cutoff)) {
    const outcome = outcomeOfPeriod(p)?.outcome ?? null;
    // The support plan for a return home is in place by the day the child went home.
    const supported = outcome === 'return_home' && entry.supportFrom.some((d) => d >= p.start && d <= p.end!);
    left = { outcome, supported };
  }
  return { secondReview, atYearEnd, left };
}

export interface PermanenceFigures {
  /** (a) Of the children who reached their second review, those with a plan by it. */
  plannedBySecondReview: Measure;
  /** (b) Children in care at the year end, by the main plan in force, and by the parallel plan, counted separately. */
  inCare: number;
  byPlan: Record<PermanencePlanKind, number>;
  byParallelPlan: Record<PermanencePlanKind, number>;
  noPlan: number;
  /** (c) Children who left care in the year, to permanence, and by route. */
  leftCare: number;
  toPermanence: Measure;
  byRoute: Record<PermanenceOutcome, number>;
  /** (d) Of the children who went home (E4A, E4B, E13), those with a support plan recorded by then. */
  homeWithSupport: Measure;
}

const zeroes = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function permanenceFigures(facts: readonly PermanenceFacts[]): PermanenceFigures {
  const reached = facts.filter((f) => f.secondReview);
  const inCare = facts.filter((f) => f.atYearEnd);
  const left = facts.filter((f) => f.left);
  const home = left.filter((f) => f.left!.outcome === 'return_home');
  const byPlan = zeroes(PLAN_ORDER);
  const byParallelPlan = zeroes(PLAN_ORDER);
  const byRoute = zeroes(OUTCOME_ORDER);
  for (const f of inCare) {
    if (f.atYearEnd!.plan) byPlan[f.atYearEnd!.plan] += 1;
    if (f.atYearEnd!.parallelPlan) byParallelPlan[f.atYearEnd!.parallelPlan] += 1;
  }
  for (const f of left) if (f.left!.outcome) byRoute[f.left!.outcome] += 1;
  return {
    plannedBySecondReview: measureOf(reached.filter((f) => f.secondReview!.planned).length, reached.length),
    inCare: inCare.length,
    byPlan,
    byParallelPlan,
    noPlan: inCare.filter((f) => !f.atYearEnd!.plan).length,
    leftCare: left.length,
    toPermanence: measureOf(left.filter((f) => f.left!.outcome).length, left.length),
    byRoute,
    homeWithSupport: measureOf(home.filter((f) => f.left!.supported).length, home.length),
  };
}

// --- The page ----------------------------------------------------------------------------------------------

interface Counted {
  child: ChildEpisodes;
  entry: PermanenceEntry;
}

/** Every child the viewer may count (see findChildrenWithEpisodes) with their plans, reviews and support. */
async function countedChildren(db: Db, r: Reader) {
  const scope = stabilityScope(r.viewer);
  const [all, teams] = await Promise.all([findChildrenWithEpisodes(db, r.viewer, r.now, scope), listTeamsWithServices(db, scope.kind === 'service' ? scope.serviceId : null)]);
  const { plans, reviews, support } = await permanenceOfChildren(db, all.map((c) => c.id));
  const group = <T extends { child_id: string }>(rows: readonly T[]) => {
    const m = new Map<string, T[]>();
    for (const row of rows) m.set(row.child_id, [...(m.get(row.child_id) ?? []), row]);
    return m;
  };
  const [plansOf, reviewsOf, supportOf] = [group(plans), group(reviews), group(support)];
  const children: Counted[] = all.map((child) => ({
    child,
    entry: {
      periods: carePeriods(child.episodes),
      plans: (plansOf.get(child.id) ?? []).map((p) => ({ decidedOn: p.decided_on, plan: p.plan, parallelPlan: p.parallel_plan })),
      reviews: (reviewsOf.get(child.id) ?? []).map((x) => x.event_date),
      supportFrom: (supportOf.get(child.id) ?? []).map((x) => x.from_date),
    },
  }));
  return { scope, teams, children };
}

const figuresOf = (of: readonly Counted[], year: number, today: string) => permanenceFigures(of.map((c) => permanenceFacts(c.entry, year, today)));

function planRows(f: PermanenceFigures) {
  return PLAN_ORDER.map((kind) => ({ kind, label: PLAN_LABELS[kind], plan: f.byPlan[kind], parallel: f.byParallelPlan[kind] }));
}

function routeRows(f: PermanenceFigures) {
  return OUTCOME_ORDER.map((kind) => ({ kind, label: OUTCOME_LABELS[kind], count: f.byRoute[kind] }));
}

function auditSubject(scope: ReturnType<typeof stabilityScope>) {
  return {
    subjectType: scope.kind === 'team' ? 'team' : scope.kind === 'service' ? 'service' : scope.kind === 'worker' ? 'user' : undefined,
    subjectId: scope.kind === 'team' ? scope.teamId : scope.kind === 'service' ? scope.serviceId : scope.kind === 'worker' ? scope.workerId : undefined,
  } as const;
}

/** The page: the four measures for the chosen year by team, for the viewer's scope and the council, the children with no plan by the second review, and five years' trend. */
export async function permanenceMeasuresView(r: Reader, askedYear: string | undefined) {
  const { year, years } = chosenYear(r.today, askedYear);
  return r.db.transaction().execute(async (trx) => {
    const { scope, teams, children } = await countedChildren(trx, r);
    const mine = children.filter((c) => inScope(c.child, scope));
    const figures = figuresOf(mine, year, r.today);
    const scopeName = scopeNameOf(scope, teams);
    const teamRows = teamGroups(scope, teams, mine, (c) => c.child.teamId).map((g) => ({ name: g.name, caption: g.caption, figures: figuresOf(g.children, year, r.today) }));
    const late = mine.flatMap((c) => {
      const s = permanenceFacts(c.entry, year, r.today).secondReview;
      return s && !s.planned ? [{ c, s }] : [];
    });
    const named = late
      .filter(({ c }) => c.child.listed)
      .map(({ c, s }) => ({
        id: c.child.id,
        name: `${c.child.forename} ${c.child.surname}`,
        laChildId: c.child.laChildId,
        workerName: c.child.workerName ?? 'Not allocated',
        start: s.start,
        due: s.due,
        held: s.held,
        planOn: s.planOn,
        daysLate: s.daysLate,
        href: `/children/${c.child.id}/care/permanence`,
      }))
      .sort((a, b) => b.daysLate - a.daysLate || a.name.localeCompare(b.name));
    const trendYears = [...years].reverse();
    const trend = trendYears.map((y) => {
      const f = figuresOf(mine, y, r.today);
      return { year: y, label: yearLabel(y), reached: f.plannedBySecondReview, toPermanence: f.toPermanence, homeWithSupport: f.homeWithSupport };
    });
    await recordAudit(trx, r.context, { action: 'care.permanence.view', outcome: 'allowed', ...auditSubject(scope), reason: `year to 31 March ${year}: counts, and ${named.length} children listed` });
    const council = scope.kind === 'council' ? null : figuresOf(children, year, r.today);
    return {
      year,
      yearLabel: yearLabel(year),
      yearItems: years.map((y) => ({ value: String(y), text: yearLabel(y), selected: y === year })),
      scopeName,
      figures,
      council,
      planRows: planRows(figures),
      councilPlanRows: council ? planRows(council) : null,
      routeRows: routeRows(figures),
      councilRouteRows: council ? routeRows(council) : null,
      teamRows,
      late: { named, unnamed: late.length - named.length },
      trend,
      chart: lineChart({
        id: 'chart-permanence',
        title: `Permanence in ${scopeName}, year by year`,
        description: `For each year to 31 March: ${trend
          .map((t) => `${t.label}: a plan by the second review for ${t.reached.percent ?? 'none'}% of ${t.reached.denominator} children; ${t.toPermanence.percent ?? 'none'}% of ${t.toPermanence.denominator} leaving care left to permanence`)
          .join('; ')}.`,
        dates: trendYears.map((y) => yearBounds(y).end),
        unit: '%',
        yMin: 0,
        series: [
          { name: 'By 2nd review', colour: COLOURS.blue, dashed: false, values: trend.map((t) => t.reached.percent) },
          { name: 'Permanence', colour: COLOURS.green, dashed: true, values: trend.map((t) => t.toPermanence.percent) },
        ],
      }),
    };
  });
}

export const PERMANENCE_CSV_COLUMNS = [
  'year_ending',
  'team',
  'reached_second_review',
  'plan_by_second_review',
  'in_care_at_year_end',
  ...PLAN_ORDER.map((k) => `plan_${k}`),
  ...PLAN_ORDER.map((k) => `parallel_${k}`),
  'no_plan',
  'left_care',
  'left_to_permanence',
  ...OUTCOME_ORDER.map((k) => `left_${k}`),
  'home_with_support_plan',
] as const;

/** The figures behind the page as rows: each team, then the viewer's whole scope. Counts, never names. */
export async function permanenceMeasuresCsv(r: Reader, askedYear: string | undefined) {
  const { year } = chosenYear(r.today, askedYear);
  return r.db.transaction().execute(async (trx) => {
    const { scope, teams, children } = await countedChildren(trx, r);
    const mine = children.filter((c) => inScope(c.child, scope));
    const line = (team: string, of: readonly Counted[]) => {
      const f = figuresOf(of, year, r.today);
      return {
        year_ending: yearBounds(year).end,
        team,
        reached_second_review: f.plannedBySecondReview.denominator,
        plan_by_second_review: f.plannedBySecondReview.numerator,
        in_care_at_year_end: f.inCare,
        ...Object.fromEntries(PLAN_ORDER.map((k) => [`plan_${k}`, f.byPlan[k]])),
        ...Object.fromEntries(PLAN_ORDER.map((k) => [`parallel_${k}`, f.byParallelPlan[k]])),
        no_plan: f.noPlan,
        left_care: f.leftCare,
        left_to_permanence: f.toPermanence.numerator,
        ...Object.fromEntries(OUTCOME_ORDER.map((k) => [`left_${k}`, f.byRoute[k]])),
        home_with_support_plan: f.homeWithSupport.numerator,
      };
    };
    await recordAudit(trx, r.context, { action: 'care.permanence.csv', outcome: 'allowed', ...auditSubject(scope), reason: `year to 31 March ${year}: counts only` });
    return { year, rows: [...teamGroups(scope, teams, mine, (c) => c.child.teamId).map((g) => line(g.name, g.children)), line(scopeNameOf(scope, teams), mine)] };
  });
}
