// The care leaver measures page: in touch, in education, employment or
// training, in higher education, in suitable accommodation and staying put,
// by age and by team, over each young person's latest birthday check.
import type { Db } from '../../db/database.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { seesCouncil } from '../../platform/access/staff.ts';
import { addDays, addMonths, formatDate } from '../../platform/calendar/dates.ts';
import { COLOURS, lineChart } from '../../platform/views/chart.ts';
import { ensureDueStored } from '../../timescales/index.ts';
import { findAdviserCaseloads, findChecksInScope, overdueAdviserItems } from './queries.ts';
import { findServiceName, findTeamName } from '../../db/teams.ts';
import type { CaseScope } from '../../platform/access/case-scope.ts';
import { ageOn } from '../../platform/calendar/dates.ts';
import { ADVISER_BAND_LABELS, ADVISER_BANDS, adviserCaseload, AGE_BAND_LABELS, AGE_BANDS, ageBand, measuresOf, percent, type AgeBand, type Measures } from './rules.ts';

const TEAM_WIDE = ['team_manager', 'practice_supervisor'];

/** Whose young people the viewer's measures cover: the council's, their service's, their team's, or those they hold themselves. */
export function measureScopeOf(viewer: Viewer): CaseScope & { kind: 'council' | 'service' | 'team' | 'own' } {
  if (seesCouncil(viewer)) return { kind: 'council' };
  if (viewer.role === 'service_manager' && viewer.serviceId) return { kind: 'service', serviceId: viewer.serviceId };
  if (TEAM_WIDE.includes(viewer.role) && viewer.teamId) return { kind: 'team', teamId: viewer.teamId };
  return { kind: 'own', workerId: viewer.id };
}

/** The DfE's collection years end on 31 March: the last `count` complete ones before `today`, oldest first, as their last days. */
export function collectionYearEnds(today: string, count: number): string[] {
  const year = Number(today.slice(0, 4));
  const lastEnd = today >= `${year}-03-31` ? `${year}-03-31` : `${year - 1}-03-31`;
  return Array.from({ length: count }, (_, i) => addMonths(lastEnd, -12 * (count - 1 - i)));
}

type CheckRow = Awaited<ReturnType<typeof findChecksInScope>>[number];
const facts = (r: CheckRow) => ({ birthdayAge: r.birthday_age, inTouch: r.in_touch, activity: r.activity, accommodation: r.accommodation });

function shares(m: Measures) {
  return {
    young: m.young,
    inTouch: percent(m.inTouch, m.young),
    inEet: percent(m.inEet, m.young),
    inHigherEducation: percent(m.inHigherEducation, m.young),
    suitablyHoused: percent(m.suitablyHoused, m.young),
    stayingPut: percent(m.stayingPut, m.stayingPutBase),
    measures: m,
  };
}

function byBand(rows: readonly CheckRow[]) {
  return AGE_BANDS.map((band) => ({ band, label: AGE_BAND_LABELS[band], ...shares(measuresOf(rows.filter((r) => ageBand(r.birthday_age) === band).map(facts))) }));
}

/** The checks grouped by the team leading each case now, by team name; those no one leads together. */
function byTeam(rows: readonly CheckRow[]): { name: string; rows: CheckRow[] }[] {
  const teams = new Map<string, { name: string; rows: CheckRow[] }>();
  for (const r of rows) {
    const key = r.team_id ?? '';
    const team = teams.get(key) ?? { name: r.team_name ?? 'No one leads the case now', rows: [] };
    team.rows.push(r);
    teams.set(key, team);
  }
  return [...teams.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Birthdays in the 12 months to today: one check per young person, their latest. */
async function currentChecks(db: Db, viewer: Viewer, now: Date, today: string) {
  const scope = measureScopeOf(viewer);
  const from = addDays(addMonths(today, -12), 1);
  const rows = (await findChecksInScope(db, viewer, now, scope, from, today)).filter((r) => ageBand(r.birthday_age) !== null);
  return { scope, from, rows };
}

async function scopeName(db: Db, viewer: Viewer, scope: ReturnType<typeof measureScopeOf>): Promise<string> {
  if (scope.kind === 'council') return 'the council';
  if (scope.kind === 'service') return (await findServiceName(db, scope.serviceId!)) ?? 'your service';
  if (scope.kind === 'team') return (await findTeamName(db, scope.teamId!)) ?? 'your team';
  return 'the young people you hold';
}

/**
 * Each personal adviser in the viewer's scope with the young people they hold
 * today: by age band, how many are in touch (their latest birthday check),
 * and their overdue contacts and pathway plan reviews (the store of due
 * items, brought up to date for today first). Weighted caseloads and
 * variances are workload's: each adviser links to their caseload page there.
 */
export async function adviserCaseloads(db: Db, viewer: Viewer, now: Date, today: string) {
  const scope = measureScopeOf(viewer);
  const { held, latestInTouch, childIds } = await findAdviserCaseloads(db, viewer, now, { ...scope, workerId: scope.kind === 'own' ? viewer.id : undefined }, today);
  await ensureDueStored(db, childIds, today);
  const overdue = await overdueAdviserItems(db, childIds, today);
  const overdueOf = (kind: string) => new Set(overdue.filter((o) => o.kind === kind).map((o) => o.child_id));
  const contacts = overdueOf('pa_contact');
  const plans = overdueOf('pathway_plan_review');
  const advisers = new Map<string, { id: string; name: string; team: string | null; rows: typeof held }>();
  for (const h of held) {
    const a = advisers.get(h.adviser_id) ?? { id: h.adviser_id, name: h.adviser_name, team: h.team_name, rows: [] };
    a.rows.push(h);
    advisers.set(h.adviser_id, a);
  }
  return [...advisers.values()].map((a) => ({
    id: a.id,
    name: a.name,
    team: a.team,
    href: `/caseload/workers/${a.id}`,
    ...adviserCaseload(
      a.rows.map((r) => ({
        age: r.date_of_birth ? ageOn(r.date_of_birth, today) : null,
        latestInTouch: latestInTouch.get(r.child_id) ?? null,
        overdueContact: contacts.has(r.child_id),
        overduePathwayPlan: plans.has(r.child_id),
      })),
    ),
  }));
}

export const ADVISER_COLUMNS = ADVISER_BANDS.map((b) => ({ band: b, label: ADVISER_BAND_LABELS[b] }));

/** The page: the measures by age and by team for birthdays in the last 12 months, and a chart of the last five collection years. */
export async function leaverMeasuresView(db: Db, viewer: Viewer, now: Date, today: string) {
  const { scope, from, rows } = await currentChecks(db, viewer, now, today);
  const yearEnds = collectionYearEnds(today, 5);
  const history = await findChecksInScope(db, viewer, now, scope, addDays(addMonths(yearEnds[0]!, -12), 1), yearEnds.at(-1)!);
  const years = yearEnds.map((end) => {
    const start = addDays(addMonths(end, -12), 1);
    const inYear = history.filter((r) => r.birthday_on >= start && r.birthday_on <= end && ageBand(r.birthday_age) === '19-21');
    return { end, label: `Year to ${formatDate(end)}`, ...shares(measuresOf(inYear.map(facts))) };
  });
  const where = await scopeName(db, viewer, scope);
  const advisers = await adviserCaseloads(db, viewer, now, today);
  const series = (name: string, colour: string, pick: (y: (typeof years)[number]) => number | null, dashed = false) => ({ name, colour, dashed, values: years.map(pick) });
  return {
    where,
    scopeKind: scope.kind,
    periodText: `birthdays from ${formatDate(from)} to ${formatDate(today)}`,
    advisers,
    adviserBands: ADVISER_COLUMNS,
    bands: byBand(rows),
    teams: byTeam(rows).map((t) => ({ name: t.name, ...shares(measuresOf(t.rows.map(facts))) })),
    total: shares(measuresOf(rows.map(facts))),
    years,
    chart: lineChart({
      id: 'chart-care-leavers',
      title: `Care leavers aged 19 to 21 in ${where}, year by year`,
      description: `For each year to 31 March, of the young people whose 19th, 20th or 21st birthday fell in it: ${years
        .map((y) => `${y.label}: ${y.young} young people, in touch ${y.inTouch ?? 'none'}%, in education, employment or training ${y.inEet ?? 'none'}%, in suitable accommodation ${y.suitablyHoused ?? 'none'}%`)
        .join('; ')}.`,
      dates: yearEnds,
      unit: '%',
      yMin: 0,
      series: [
        series('In touch', COLOURS.blue, (y) => y.inTouch),
        series('Education, work', COLOURS.green, (y) => y.inEet, true),
        series('Suitable home', COLOURS.purple, (y) => y.suitablyHoused),
        series('Higher education', COLOURS.orange, (y) => y.inHigherEducation, true),
      ],
    }),
  };
}

export const CSV_COLUMNS = ['team', 'age_band', 'young_people', 'in_touch', 'in_eet', 'in_higher_education', 'suitable_accommodation', 'staying_put', 'aged_18_to_20'] as const;

/** The figures behind the page as rows: each team and age band, then the whole scope. Counts, never names. */
export async function leaverMeasuresCsv(db: Db, viewer: Viewer, now: Date, today: string) {
  const { rows } = await currentChecks(db, viewer, now, today);
  const line = (team: string, band: AgeBand | 'all', m: Measures) => ({
    team,
    age_band: band === 'all' ? '17-21' : band,
    young_people: m.young,
    in_touch: m.inTouch,
    in_eet: m.inEet,
    in_higher_education: m.inHigherEducation,
    suitable_accommodation: m.suitablyHoused,
    staying_put: m.stayingPut,
    aged_18_to_20: m.stayingPutBase,
  });
  const out = [];
  for (const team of byTeam(rows)) {
    for (const band of AGE_BANDS) out.push(line(team.name, band, measuresOf(team.rows.filter((r) => ageBand(r.birthday_age) === band).map(facts))));
  }
  for (const band of AGE_BANDS) out.push(line('All', band, measuresOf(rows.filter((r) => ageBand(r.birthday_age) === band).map(facts))));
  return out;
}
