import type { Reader } from '../../platform/record-access/viewer.ts';
import { listTeamsWithServices } from '../../db/teams.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { seesCouncil } from '../../platform/access/staff.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { addMonths, describeDuration, formatDate } from '../../platform/calendar/dates.ts';
import { groupBy } from '../../platform/collections/group-by.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import type { Actor } from '../../platform/record-access/viewer.ts';
import { COLOURS, lineChart } from '../../platform/views/chart.ts';
import { describeCode } from '../../reference/codes.ts';
import { findChildrenWithEpisodes, findEpisodes, inScope, type ChildEpisodes, type StabilityScope } from './queries.ts';
import {
  carePeriods,
  isMove,
  latestYearEnd,
  longTermOf,
  longTermStability,
  measuredPeriods,
  measureOf,
  movesSince,
  placementDays,
  shortTermOf,
  shortTermStability,
  yearStart,
  type CarePeriod,
  type Measure,
} from './rules.ts';


/** Year ends shown in the trend, the latest last. */
const TREND_YEARS = 5;

const TEAM_MANAGERS: readonly Viewer['role'][] = ['practice_supervisor', 'team_manager'];

/** The children whose figures the viewer sees: the council's, their service's, their team's or the cases they lead. */
export function stabilityScope(viewer: Viewer): StabilityScope {
  if (seesCouncil(viewer)) return { kind: 'council' };
  if (viewer.role === 'service_manager' && viewer.serviceId) return { kind: 'service', serviceId: viewer.serviceId };
  if (TEAM_MANAGERS.includes(viewer.role) && viewer.teamId) return { kind: 'team', teamId: viewer.teamId };
  return { kind: 'worker', workerId: viewer.id };
}

type TeamsWithServices = Awaited<ReturnType<typeof listTeamsWithServices>>;

/** A measure's rows by team for a service or the council, each with its children; for the council, the children whose case is closed as a row of their own. */
export function teamGroups<T>(scope: StabilityScope, teams: TeamsWithServices, children: readonly T[], teamOf: (child: T) => string | null) {
  const groups: { name: string; caption: string; children: T[] }[] = [];
  const byTeam = groupBy(children, teamOf);
  if (scope.kind === 'council' || scope.kind === 'service') {
    for (const t of teams) groups.push({ name: t.name, caption: t.service_name, children: byTeam.get(t.id) ?? [] });
  }
  if (scope.kind === 'council') {
    const closed = byTeam.get(null) ?? [];
    if (closed.length) groups.push({ name: 'No lead now (case closed)', caption: '', children: closed });
  }
  return groups;
}

/** What the viewer's scope is called on a measures page. */
export function scopeNameOf(scope: StabilityScope, teams: TeamsWithServices): string {
  if (scope.kind === 'council') return 'The council';
  if (scope.kind === 'service') return teams[0]?.service_name ?? 'Your service';
  if (scope.kind === 'team') return teams.find((t) => t.id === scope.teamId)?.name ?? 'Your team';
  return 'Children you lead';
}

export interface StabilityFigures {
  shortTerm: Measure;
  longTerm: Measure;
}

const periodsOf = new WeakMap<ChildEpisodes, CarePeriod[]>();

/** The child's measured periods of care, worked out once however many days they are measured on. */
function measured(child: ChildEpisodes): CarePeriod[] {
  let periods = periodsOf.get(child);
  if (!periods) {
    periods = measuredPeriods(child.episodes);
    periodsOf.set(child, periods);
  }
  return periods;
}

/** Both measures on `date` over these children. */
export function figuresOn(children: readonly ChildEpisodes[], date: string): StabilityFigures {
  let shortIn = 0;
  let shortOf = 0;
  let longIn = 0;
  let longOf = 0;
  for (const child of children) {
    const short = shortTermOf(measured(child), date);
    if (short.counted) {
      shortOf += 1;
      if (short.threeOrMore) shortIn += 1;
    }
    const long = longTermOf(measured(child), child.dateOfBirth, date);
    if (long.counted) {
      longOf += 1;
      if (long.stable) longIn += 1;
    }
  }
  return { shortTerm: measureOf(shortIn, shortOf), longTerm: measureOf(longIn, longOf) };
}

const percentText = (m: Measure) => (m.percent === null ? 'no children counted' : `${m.percent}% (${m.numerator} of ${m.denominator})`);

/** The measures page: the latest 31 March and the year to today, by team and for the council, the trend, and the children who have moved 3 or more times. */
export async function stabilityPage(r: Reader) {
  const scope = stabilityScope(r.viewer);
  return r.db.transaction().execute(async (trx) => {
    const [inCouncil, teams] = await Promise.all([
      findChildrenWithEpisodes(trx, r.viewer, r.now, scope),
      listTeamsWithServices(trx, scope.kind === 'service' ? scope.serviceId : null),
    ]);
    const children = inCouncil.filter((c) => inScope(c, scope));
    const council = scope.kind === 'council' ? null : inCouncil;
    const yearEnd = latestYearEnd(r.today);
    const dates = { yearEnd, today: r.today };
    const both = (of: readonly ChildEpisodes[]) => ({ yearEnd: figuresOn(of, yearEnd), today: figuresOn(of, r.today) });

    const teamRows = teamGroups(scope, teams, children, (c) => c.teamId).map((g) => ({ name: g.name, caption: g.caption, ...both(g.children) }));
    const scopeName = scopeNameOf(scope, teams);

    const yearEnds = Array.from({ length: TREND_YEARS }, (_, i) => addMonths(yearEnd, -12 * (TREND_YEARS - 1 - i)));
    const trend = yearEnds.map((date) => ({ date, scope: figuresOn(children, date), council: scope.kind === 'council' ? null : figuresOn(inCouncil, date) }));
    const shortSeries = trend.map((t) => t.scope.shortTerm.percent);
    const longSeries = trend.map((t) => t.scope.longTerm.percent);
    const chart = lineChart({
      id: 'chart-stability',
      title: `Placement stability at each 31 March: ${scopeName}${scope.kind === 'council' ? '' : ' and the council'}`,
      description: `${scopeName}: three or more placements in the year: ${trend.map((t) => `${formatDate(t.date)} ${percentText(t.scope.shortTerm)}`).join('; ')}. Same placement for 2 years: ${trend.map((t) => `${formatDate(t.date)} ${percentText(t.scope.longTerm)}`).join('; ')}.${scope.kind === 'council' ? '' : ' The council’s figures are drawn beside them and listed in the data below.'}`,
      dates: yearEnds,
      unit: '%',
      series: [
        { name: '3+ placements', colour: COLOURS.red, values: shortSeries },
        { name: 'Stable 2 years', colour: COLOURS.blue, dashed: true, values: longSeries },
        ...(scope.kind === 'council'
          ? []
          : [
              { name: 'Council 3+', colour: COLOURS.orange, values: trend.map((t) => t.council!.shortTerm.percent) },
              { name: 'Council stable', colour: COLOURS.purple, dashed: true, values: trend.map((t) => t.council!.longTerm.percent) },
            ]),
      ],
    });

    const moving = children
      .filter((c) => c.listed)
      .map((c) => ({ child: c, short: shortTermOf(measured(c), r.today) }))
      .filter((x) => x.short.threeOrMore)
      .map(({ child, short }) => {
        const periods = carePeriods(child.episodes);
        const current = periods[periods.length - 1]!.placements;
        const placement = current[current.length - 1]!;
        return {
          id: child.id,
          name: `${child.forename} ${child.surname}`,
          laChildId: child.laChildId,
          workerName: child.workerName ?? 'Not allocated',
          placements: short.placements,
          placedSince: placement.start,
          placementType: `${placement.placementType}: ${describeCode('placementType', placement.placementType)}`,
          href: `/children/${child.id}/care/placements`,
        };
      })
      .sort((a, b) => b.placements - a.placements || a.name.localeCompare(b.name));

    await recordAudit(trx, r.context, {
      action: 'care.stability.view',
      outcome: 'allowed',
      subjectType: scope.kind === 'team' ? 'team' : scope.kind === 'service' ? 'service' : scope.kind === 'worker' ? 'user' : undefined,
      subjectId: scope.kind === 'team' ? scope.teamId : scope.kind === 'service' ? scope.serviceId : scope.kind === 'worker' ? scope.workerId : undefined,
      reason: `counts, and ${moving.length} children listed`,
    });
    return {
      scopeName,
      dates,
      figures: both(children),
      council: council ? both(council) : null,
      teamRows,
      trend,
      chart,
      moving,
    };
  });
}

/** One placement as the record shows it. */
function presentPlacement(period: CarePeriod, index: number, today: string) {
  const p = period.placements[index]!;
  let ended: string;
  if (p.ended === null) ended = 'Continuing';
  else if (p.ended.kind === 'care-ended') ended = `Care ended: ${describeCode('reasonEpisodeCeased', p.ended.reasonCeased)}`;
  else ended = p.ended.reasonPlaceChange ? describeCode('reasonPlaceChange', p.ended.reasonPlaceChange) : 'No reason recorded';
  return {
    start: p.start,
    end: p.end,
    type: `${p.placementType}: ${describeCode('placementType', p.placementType)}`,
    provider: p.provider ? describeCode('placementProvider', p.provider) : 'Not recorded',
    postcode: p.postcode,
    distance: p.distanceMiles === null ? 'Not recorded' : `${p.distanceMiles} miles`,
    area: p.outOfArea === null ? 'Not recorded' : p.outOfArea ? 'Out of area' : 'In area',
    lasted: describeDuration(placementDays(p, today)),
    legalStatuses: p.legalStatuses.join(', '),
    ended,
    move: isMove(period, index),
    note: p.temporary ? 'Temporary: not counted as a move' : p.sameCarers && index > 0 ? 'Same carers: not counted as a move' : p.resumed ? 'Back with the same carers: not counted as a move' : null,
  };
}

/** A child's placements in each period of care, newest first, with their moves and where they stand on the two measures today. */
export async function placementsView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.placements', async (trx) => {
    const [child, episodes] = await Promise.all([childHeaderView(trx, a.childId, a.today), findEpisodes(trx, a.childId)]);
    const periods = carePeriods(episodes);
    const current = periods.find((p) => p.end === null) ?? null;
    const short = shortTermStability(episodes, a.today);
    const long = longTermStability(episodes, child.date_of_birth, a.today);
    return {
      child,
      periods: periods
        .map((period, i) => ({
          number: i + 1,
          start: period.start,
          end: period.end,
          shortBreaks: period.shortBreaksOnly,
          placements: period.placements.map((_, index) => presentPlacement(period, index, a.today)).reverse(),
        }))
        .reverse(),
      movesLastYear: movesSince(periods, yearStart(a.today)),
      movesThisPeriod: current ? movesSince([current], current.start) : null,
      shortTerm: short,
      longTerm: long,
      twoYearsOn: long.placedSince ? addMonths(long.placedSince, 24) : null,
    };
  });
}
