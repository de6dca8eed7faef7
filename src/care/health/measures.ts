// Health and wellbeing across the council (/care/health): for a year to 31
// March, the DfE's OC2 measures over the children in the cohort (looked after
// continuously for 12 months at 31 March), by the team that leads each case
// now and for the viewer's whole scope, with the children of the cohort whose
// year is not recorded yet. Counting follows the placement stability page:
// restricted children count only for those named on them, and only records
// the viewer may open are named.
import type { Db } from '../../db/database.ts';
import { listTeamsWithServices } from '../../db/teams.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { ageOn } from '../../platform/calendar/dates.ts';
import type { Reader } from '../../platform/record-access/viewer.ts';
import { findChildrenWithEpisodes, inScope, type ChildEpisodes } from '../stability/queries.ts';
import { stabilityScope } from '../stability/service.ts';
import { healthYearsOf, type CohortYearRow } from './queries.ts';
import { cohortFigures, latestYear, oc2Cohort, yearBounds, yearLabel, type CohortEntry, type CohortFigures } from './rules.ts';

/** How many years to 31 March the page offers, the latest ended one first. */
export const YEARS_OFFERED = 5;

/** The years the page offers, newest first, and the one asked for (the latest ended one when none, or one not offered, is asked for). */
export function chosenYear(today: string, asked: string | undefined): { year: number; years: number[] } {
  const latest = latestYear(today);
  const years = Array.from({ length: YEARS_OFFERED }, (_, i) => latest - i);
  const n = Number(asked);
  return { year: years.includes(n) ? n : latest, years };
}

interface CohortChild {
  child: ChildEpisodes;
  row: CohortYearRow | null;
}

function entryOf(c: CohortChild, end: string): CohortEntry {
  const r = c.row;
  return {
    age: c.child.dateOfBirth ? ageOn(c.child.dateOfBirth, end) : null,
    year: r && {
      sdqScore: r.sdq_score,
      convicted: r.convicted,
      healthCheck: r.health_check,
      immunisations: r.immunisations,
      teethCheck: r.teeth_check,
      healthAssessment: r.health_assessment,
      substanceMisuse: r.substance_misuse,
      interventionReceived: r.intervention_received,
      interventionOffered: r.intervention_offered,
    },
  };
}

/** Every child of the cohort the viewer may count (see findChildrenWithEpisodes), with their recorded year. */
async function cohortOf(db: Db, r: Reader, year: number) {
  const scope = stabilityScope(r.viewer);
  const [all, teams] = await Promise.all([findChildrenWithEpisodes(db, r.viewer, r.now, scope), listTeamsWithServices(db, scope.kind === 'service' ? scope.serviceId : null)]);
  const inCohort = all.filter((c) => oc2Cohort(c.episodes, year).inCohort);
  const { end } = yearBounds(year);
  const rows = new Map((await healthYearsOf(db, inCohort.map((c) => c.id), end)).map((row) => [row.child_id, row]));
  const cohort: CohortChild[] = inCohort.map((child) => ({ child, row: rows.get(child.id) ?? null }));
  return { scope, teams, cohort, end };
}

type Scope = ReturnType<typeof stabilityScope>;

/** The viewer's children by the team leading each case now: every team of a service or the council, and for the council the closed cases together. Shared by the care area's measures pages. */
export function teamGroups<T extends { child: { teamId: string | null } }>(scope: Scope, teams: Awaited<ReturnType<typeof listTeamsWithServices>>, inScopeCohort: readonly T[]) {
  const groups: { name: string; caption: string; children: T[] }[] = [];
  if (scope.kind === 'council' || scope.kind === 'service') {
    for (const t of teams) groups.push({ name: t.name, caption: t.service_name, children: inScopeCohort.filter((c) => c.child.teamId === t.id) });
  }
  if (scope.kind === 'council') {
    const closed = inScopeCohort.filter((c) => c.child.teamId === null);
    if (closed.length) groups.push({ name: 'No lead now (case closed)', caption: '', children: closed });
  }
  return groups;
}

export function scopeNameOf(scope: Scope, teams: Awaited<ReturnType<typeof listTeamsWithServices>>): string {
  if (scope.kind === 'council') return 'The council';
  if (scope.kind === 'service') return teams[0]?.service_name ?? 'Your service';
  if (scope.kind === 'team') return teams.find((t) => t.id === scope.teamId)?.name ?? 'Your team';
  return 'Children you lead';
}

/** The page: the measures for the chosen year by team, for the viewer's scope and the council, and the children whose year is not recorded. */
export async function healthMeasuresView(r: Reader, askedYear: string | undefined) {
  const { year, years } = chosenYear(r.today, askedYear);
  return r.db.transaction().execute(async (trx) => {
    const { scope, teams, cohort, end } = await cohortOf(trx, r, year);
    const mine = cohort.filter((c) => inScope(c.child, scope));
    const figures = (of: readonly CohortChild[]): CohortFigures => cohortFigures(of.map((c) => entryOf(c, end)));
    const teamRows = teamGroups(scope, teams, mine).map((g) => ({ name: g.name, caption: g.caption, figures: figures(g.children) }));
    const notRecorded = mine.filter((c) => c.row === null);
    const named = notRecorded
      .filter((c) => c.child.listed)
      .map((c) => ({
        id: c.child.id,
        name: `${c.child.forename} ${c.child.surname}`,
        laChildId: c.child.laChildId,
        workerName: c.child.workerName ?? 'Not allocated',
        href: `/children/${c.child.id}/care/health`,
      }));
    await recordAudit(trx, r.context, {
      action: 'care.health.view',
      outcome: 'allowed',
      subjectType: scope.kind === 'team' ? 'team' : scope.kind === 'service' ? 'service' : scope.kind === 'worker' ? 'user' : undefined,
      subjectId: scope.kind === 'team' ? scope.teamId : scope.kind === 'service' ? scope.serviceId : scope.kind === 'worker' ? scope.workerId : undefined,
      reason: `year to 31 March ${year}: counts, and ${named.length} children listed`,
    });
    return {
      year,
      yearLabel: yearLabel(year),
      yearItems: years.map((y) => ({ value: String(y), text: yearLabel(y), selected: y === year })),
      scopeName: scopeNameOf(scope, teams),
      teamRows,
      figures: figures(mine),
      council: scope.kind === 'council' ? null : figures(cohort),
      notRecorded: { named, unnamed: notRecorded.length - named.length },
    };
  });
}

export const HEALTH_CSV_COLUMNS = [
  'year_ending',
  'team',
  'children_in_cohort',
  'year_recorded',
  'health_assessment',
  'immunisations',
  'teeth_checked',
  'aged_under_5',
  'health_checks_up_to_date',
  'aged_5_to_16',
  'sdq_score_recorded',
  'sdq_average',
  'sdq_14_to_16',
  'sdq_17_or_more',
  'substance_misuse',
  'intervention_received',
  'intervention_refused',
  'aged_10_or_over',
  'convicted_or_cautioned',
] as const;

/** The figures behind the page as rows: each team, then the viewer's whole scope. Counts, never names. */
export async function healthMeasuresCsv(r: Reader, askedYear: string | undefined) {
  const { year } = chosenYear(r.today, askedYear);
  return r.db.transaction().execute(async (trx) => {
    const { scope, teams, cohort, end } = await cohortOf(trx, r, year);
    const mine = cohort.filter((c) => inScope(c.child, scope));
    const line = (team: string, of: readonly CohortChild[]) => {
      const f = cohortFigures(of.map((c) => entryOf(c, end)));
      return {
        year_ending: end,
        team,
        children_in_cohort: f.cohort,
        year_recorded: f.recorded,
        health_assessment: f.healthAssessment.numerator,
        immunisations: f.immunisations.numerator,
        teeth_checked: f.teethCheck.numerator,
        aged_under_5: f.healthCheckUnderFive.denominator,
        health_checks_up_to_date: f.healthCheckUnderFive.numerator,
        aged_5_to_16: f.sdqCompleted.denominator,
        sdq_score_recorded: f.sdqCompleted.numerator,
        sdq_average: f.sdqAverage,
        sdq_14_to_16: f.sdqBorderline.numerator,
        sdq_17_or_more: f.sdqConcern.numerator,
        substance_misuse: f.substanceMisuse.numerator,
        intervention_received: f.interventionReceived.numerator,
        intervention_refused: f.interventionRefused.numerator,
        aged_10_or_over: f.convicted.denominator,
        convicted_or_cautioned: f.convicted.numerator,
      };
    };
    await recordAudit(trx, r.context, { action: 'care.health.csv', outcome: 'allowed', reason: `year to 31 March ${year}: counts only` });
    return { year, rows: [...teamGroups(scope, teams, mine).map((g) => line(g.name, g.children)), line(scopeNameOf(scope, teams), mine)] };
  });
}
