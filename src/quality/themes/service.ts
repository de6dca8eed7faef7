// Themes across audits, observations and feedback, quarter by quarter, for a
// manager's team, service or the council: the figures, the charts drawn from
// them and the CSV behind each chart. Counts only: no child, no worker and
// no words of a feedback answer appear. Every view and download is audited.
import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { findServiceName, listTeamsWithServices } from '../../db/teams.ts';
import { managerScope } from '../../platform/access/manager-scope.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import type { CsvRecord } from '../../platform/csv/csv.ts';
import { NotFound } from '../../platform/http/errors.ts';
import { COLOURS } from '../../platform/views/chart.ts';
import type { Reader } from '../../platform/record-access/viewer.ts';
import { AREAS, GRADES } from '../audits/rules.ts';
import { isPositive, RESPONDENTS } from '../feedback/rules.ts';
import { quarterBars, stackedShares } from './chart.ts';
import { actionsDue, actionsWithCourses, complimentsAndComplaints, feedbackAnswers, observationGradesIn, submittedAudits, toolQuestions } from './queries.ts';
import { actionFigures, areaGrades, auditGrades, courseThemes, feedbackFigures, GRADE_ORDER, lastWholeQuarter, observationGrades, quarterStart, quartersTo, readQuarter, type Quarter } from './rules.ts';

/** Who reads the themes: managers their team or service; heads of service, directors and performance analysts the council. */
export const THEME_READERS: readonly Role[] = ['team_manager', 'practice_supervisor', 'service_manager', 'head_of_service', 'performance_analyst'];

const GRADE_COLOURS = { outstanding: COLOURS.green, good: COLOURS.blue, requires_improvement: COLOURS.orange, inadequate: COLOURS.red } as const;

interface Scope {
  /** 'council', 'service:<id>' or 'team:<id>', as the chooser sends it. */
  key: string;
  name: string;
  teamIds: string[] | null;
}

/** The scopes a viewer may choose: their own (team, service or council) and, within a service or the council, each service and team in it. */
async function scopesFor(db: Db, viewer: Viewer): Promise<Scope[]> {
  if (viewer.role === 'head_of_service' || viewer.role === 'performance_analyst') {
    const teams = await listTeamsWithServices(db);
    const services = new Map<string, string>();
    for (const t of teams) services.set(t.service_id, t.service_name);
    return [
      { key: 'council', name: 'The council', teamIds: null },
      ...[...services].map(([id, name]) => ({ key: `service:${id}`, name, teamIds: teams.filter((t) => t.service_id === id).map((t) => t.id) })),
      ...teams.map((t) => ({ key: `team:${t.id}`, name: `${t.name} (${t.service_name})`, teamIds: [t.id] })),
    ];
  }
  const own = await managerScope(db, viewer);
  if (!own) return [];
  if (viewer.role === 'service_manager' && viewer.serviceId) {
    const teams = await listTeamsWithServices(db, viewer.serviceId);
    return [{ key: `service:${viewer.serviceId}`, name: own.name ?? (await findServiceName(db, viewer.serviceId)) ?? 'Your service', teamIds: own.teamIds }, ...teams.map((t) => ({ key: `team:${t.id}`, name: t.name, teamIds: [t.id] }))];
  }
  return [{ key: `team:${viewer.teamId}`, name: own.name, teamIds: own.teamIds }];
}

export type ThemesQuery = { scope?: string; quarter?: string; chart?: string };

/** The scope asked for, if the viewer may see it; their own when none is asked. Another's answers 404, audited. */
async function chosenScope(r: Reader, asked: string | undefined, action: string): Promise<{ scope: Scope; scopes: Scope[] }> {
  const scopes = await scopesFor(r.db, r.viewer);
  const scope = asked ? scopes.find((s) => s.key === asked) : scopes[0];
  if (!scope) {
    await recordAudit(r.db, r.context, { action, outcome: 'denied', subjectType: 'scope', reason: scopes.length ? 'a team or service outside the viewer’s' : 'no team, service or council to show' });
    throw new NotFound();
  }
  return { scope, scopes };
}

const gradeText = (g: (typeof GRADE_ORDER)[number]) => GRADES[g];
const percentText = (v: number | null) => (v === null ? 'none graded' : `${v}%`);

/** Every figure of the themes for these quarters and teams. */
async function figures(db: Db, teamIds: string[] | null, quarters: readonly Quarter[], today: string) {
  const from = quarters[0]!.start;
  const to = quarters[quarters.length - 1]!.end;
  const [audits, tools, actions, observations, answers, logged] = await Promise.all([
    submittedAudits(db, teamIds, from, to),
    toolQuestions(db),
    actionsDue(db, teamIds, from, to),
    observationGradesIn(db, teamIds, from, to),
    feedbackAnswers(db, teamIds, from, to),
    complimentsAndComplaints(db, teamIds, from, to),
  ]);
  return {
    audits: auditGrades(audits, quarters),
    areas: areaGrades(audits, tools, quarters, Object.keys(AREAS)).map((a) => ({ ...a, name: AREAS[a.area] ?? a.area })),
    observations: observationGrades(observations, quarters),
    actions: actionFigures(actions, quarters, today),
    feedback: feedbackFigures(answers, logged, quarters, isPositive),
  };
}

type Figures = Awaited<ReturnType<typeof figures>>;

function charts(f: Figures, quarters: readonly Quarter[], prefix: string) {
  const labels = quarters.map((q) => q.label);
  const said = (values: readonly (number | null)[]) => labels.map((l, i) => `${l}: ${values[i] === null ? 'none' : `${values[i]}%`}`).join('; ');
  const auditShare = f.audits.map((a) => a.goodOrBetter);
  const observationShare = f.observations.map((o) => o.goodOrBetter);
  const onTime = f.actions.map((a) => a.onTimePercent);
  const positive = f.feedback.map((x) => x.positivePercent);
  const all = (area: Figures['areas'][number]) => area.all;
  return {
    grades: quarterBars({
      id: `${prefix}grades`,
      title: 'The share graded good or outstanding, each quarter',
      description: `Case audits: ${said(auditShare)}. Observations of practice: ${said(observationShare)}.`,
      quarters: labels,
      series: [
        { name: 'Case audits', colour: COLOURS.blue, values: auditShare },
        { name: 'Observations of practice', colour: COLOURS.purple, values: observationShare },
      ],
      max: 100,
    }),
    areas: stackedShares({
      id: `${prefix}areas`,
      title: `Grades by audit area, ${labels[0]} to ${labels[labels.length - 1]}`,
      description: f.areas.map((a) => `${a.name}: ${GRADE_ORDER.map((g) => `${all(a).counts[g]} ${gradeText(g).toLowerCase()}`).join(', ')}`).join('. '),
      parts: GRADE_ORDER.map((g) => ({ name: gradeText(g), colour: GRADE_COLOURS[g] })),
      rows: f.areas.map((a) => ({ name: a.name, counts: GRADE_ORDER.map((g) => all(a).counts[g]) })),
    }),
    actions: quarterBars({
      id: `${prefix}actions`,
      title: 'Learning actions done by their date, by the quarter they fell due',
      description: said(onTime),
      quarters: labels,
      series: [{ name: 'Done on time', colour: COLOURS.green, values: onTime }],
      max: 100,
    }),
    feedback: quarterBars({
      id: `${prefix}feedback`,
      title: 'Feedback from children, families and partners: the share positive, each quarter',
      description: said(positive),
      quarters: labels,
      series: [{ name: 'Positive answers', colour: COLOURS.blue, values: positive }],
      max: 100,
    }),
  };
}

function tables(f: Figures, quarters: readonly Quarter[]) {
  return {
    quarters: quarters.map((q) => q.label),
    audits: f.audits.map((a, i) => ({ quarter: quarters[i]!.label, graded: a.graded, counts: GRADE_ORDER.map((g) => a.counts[g]), share: percentText(a.goodOrBetter) })),
    observations: f.observations.map((o, i) => ({ quarter: quarters[i]!.label, total: o.total, graded: o.graded, share: percentText(o.goodOrBetter) })),
    areas: f.areas.map((a) => ({ name: a.name, counts: GRADE_ORDER.map((g) => a.all.counts[g]), share: percentText(a.all.goodOrBetter), quarters: a.quarters.map((q) => percentText(q.goodOrBetter)) })),
    actions: f.actions.map((a, i) => ({ quarter: quarters[i]!.label, ...a, share: a.onTimePercent === null ? 'none due yet' : `${a.onTimePercent}%` })),
    feedback: f.feedback.map((x, i) => ({
      quarter: quarters[i]!.label,
      ...x,
      share: x.positivePercent === null ? 'no answers' : `${x.positivePercent}%`,
      listenedText: x.averageListened === null ? 'no answers' : `${x.averageListened} of 5`,
      respondents: Object.entries(RESPONDENTS).map(([key, text]) => ({ text, count: x.byRespondent[key as keyof typeof x.byRespondent] })),
    })),
    gradeNames: GRADE_ORDER.map(gradeText),
  };
}

const QUARTERS_SHOWN = 5;

/** The themes page: the current quarter and the four before it, for the viewer's team, service or council (or one within it). */
export async function themesPage(r: Reader, query: ThemesQuery) {
  const { scope, scopes } = await chosenScope(r, query.scope, 'quality.themes.view');
  const quarters = quartersTo(r.today, QUARTERS_SHOWN);
  const f = await figures(r.db, scope.teamIds, quarters, r.today);
  await recordAudit(r.db, r.context, { action: 'quality.themes.view', outcome: 'allowed', subjectType: 'scope', subjectId: scope.key.slice(0, 100), reason: `${scope.name}; ${quarters[0]!.label} to ${quarters[quarters.length - 1]!.label}` });
  const report = lastWholeQuarter(r.today);
  return {
    scope: { key: scope.key, name: scope.name },
    scopeItems: scopes.map((s) => ({ value: s.key, text: s.name, selected: s.key === scope.key })),
    periodText: `${formatDate(quarters[0]!.start)} to ${formatDate(r.today)}`,
    reportQuarters: quartersTo(report, 4)
      .reverse()
      .map((q) => ({ value: q.start, text: q.label, selected: q.start === report })),
    charts: charts(f, quarters, ''),
    tables: tables(f, quarters),
  };
}

/** The quarter a report is about: as asked, if it is a quarter not after today's; otherwise the last whole quarter. */
function reportQuarter(asked: string | undefined, today: string): string {
  return readQuarter(asked, today) ?? lastWholeQuarter(today);
}

/** The quarterly practice report: the chosen quarter beside the three before it, for a board or an inspector. */
export async function reportPage(r: Reader, query: ThemesQuery) {
  const { scope } = await chosenScope(r, query.scope, 'quality.themes.report');
  const last = reportQuarter(query.quarter, r.today);
  const quarters = quartersTo(last, 4);
  const f = await figures(r.db, scope.teamIds, quarters, r.today);
  const q = quarters[quarters.length - 1]!;
  await recordAudit(r.db, r.context, { action: 'quality.themes.report', outcome: 'allowed', subjectType: 'scope', subjectId: scope.key.slice(0, 100), reason: `${scope.name}; report for ${q.label}` });
  const i = quarters.length - 1;
  const link = (chart: string) => `/quality/themes/report.csv?${new URLSearchParams({ chart, quarter: q.start, scope: scope.key }).toString()}`;
  return {
    scope: { key: scope.key, name: scope.name },
    quarter: { ...q, startText: formatDate(q.start), endText: formatDate(q.end), partial: q.start === quarterStart(r.today) },
    preparedText: formatDate(r.today),
    headline: {
      audits: f.audits[i]!.graded,
      auditShare: percentText(f.audits[i]!.goodOrBetter),
      observations: f.observations[i]!.total,
      observationShare: percentText(f.observations[i]!.goodOrBetter),
      actionsDue: f.actions[i]!.due,
      onTime: f.actions[i]!.onTimePercent === null ? 'none due yet' : `${f.actions[i]!.onTimePercent}%`,
      answers: f.feedback[i]!.answers,
      positive: f.feedback[i]!.positivePercent === null ? 'no answers' : `${f.feedback[i]!.positivePercent}%`,
      compliments: f.feedback[i]!.compliments,
      complaints: f.feedback[i]!.complaints,
    },
    csv: { grades: link('grades'), areas: link('areas'), actions: link('actions'), feedback: link('feedback') },
    charts: charts(f, quarters, 'report-'),
    tables: tables(f, quarters),
  };
}

export const CSV_CHARTS = ['grades', 'areas', 'actions', 'feedback'] as const;
export type CsvChart = (typeof CSV_CHARTS)[number];

/** The figures behind one chart of a report, as CSV rows: numbers as numbers. */
export async function reportCsv(r: Reader, query: ThemesQuery): Promise<{ filename: string; columns: readonly string[]; rows: CsvRecord<string>[] }> {
  const chart = CSV_CHARTS.find((c) => c === query.chart);
  const { scope } = await chosenScope(r, query.scope, 'quality.themes.csv');
  if (!chart) {
    await recordAudit(r.db, r.context, { action: 'quality.themes.csv', outcome: 'denied', subjectType: 'scope', subjectId: scope.key.slice(0, 100), reason: 'no such chart' });
    throw new NotFound();
  }
  const quarters = quartersTo(reportQuarter(query.quarter, r.today), 4);
  const f = await figures(r.db, scope.teamIds, quarters, r.today);
  const q = quarters[quarters.length - 1]!;
  await recordAudit(r.db, r.context, { action: 'quality.themes.csv', outcome: 'allowed', subjectType: 'scope', subjectId: scope.key.slice(0, 100), reason: `${scope.name}; ${chart} for the four quarters to ${q.label}` });
  const filename = `practice-${chart}-${q.start.slice(0, 7)}.csv`;
  if (chart === 'grades') {
    const columns = ['quarter_start', 'quarter', 'audits_graded', 'audits_outstanding', 'audits_good', 'audits_requires_improvement', 'audits_inadequate', 'audits_good_or_better_percent', 'observations', 'observations_graded', 'observations_good_or_better_percent'] as const;
    const rows = quarters.map((qq, n) => ({
      quarter_start: qq.start,
      quarter: qq.label,
      audits_graded: f.audits[n]!.graded,
      audits_outstanding: f.audits[n]!.counts.outstanding,
      audits_good: f.audits[n]!.counts.good,
      audits_requires_improvement: f.audits[n]!.counts.requires_improvement,
      audits_inadequate: f.audits[n]!.counts.inadequate,
      audits_good_or_better_percent: f.audits[n]!.goodOrBetter,
      observations: f.observations[n]!.total,
      observations_graded: f.observations[n]!.graded,
      observations_good_or_better_percent: f.observations[n]!.goodOrBetter,
    }));
    return { filename, columns, rows };
  }
  if (chart === 'areas') {
    const columns = ['quarter_start', 'quarter', 'area', 'outstanding', 'good', 'requires_improvement', 'inadequate', 'good_or_better_percent'] as const;
    const rows = f.areas.flatMap((a) =>
      quarters.map((qq, n) => ({ quarter_start: qq.start, quarter: qq.label, area: a.name, outstanding: a.quarters[n]!.counts.outstanding, good: a.quarters[n]!.counts.good, requires_improvement: a.quarters[n]!.counts.requires_improvement, inadequate: a.quarters[n]!.counts.inadequate, good_or_better_percent: a.quarters[n]!.goodOrBetter })),
    );
    return { filename, columns, rows };
  }
  if (chart === 'actions') {
    const columns = ['quarter_start', 'quarter', 'due', 'done_on_time', 'done_late', 'open_overdue', 'not_yet_due', 'on_time_percent'] as const;
    const rows = quarters.map((qq, n) => ({ quarter_start: qq.start, quarter: qq.label, due: f.actions[n]!.due, done_on_time: f.actions[n]!.onTime, done_late: f.actions[n]!.late, open_overdue: f.actions[n]!.overdue, not_yet_due: f.actions[n]!.notYetDue, on_time_percent: f.actions[n]!.onTimePercent }));
    return { filename, columns, rows };
  }
  const columns = ['quarter_start', 'quarter', 'answers', 'positive', 'positive_percent', 'average_listened_of_5', 'from_children', 'from_parents_carers', 'from_family', 'from_partner_agencies', 'compliments', 'complaints'] as const;
  const rows = quarters.map((qq, n) => {
    const x = f.feedback[n]!;
    return { quarter_start: qq.start, quarter: qq.label, answers: x.answers, positive: x.positive, positive_percent: x.positivePercent, average_listened_of_5: x.averageListened, from_children: x.byRespondent.child, from_parents_carers: x.byRespondent.parent_carer, from_family: x.byRespondent.family, from_partner_agencies: x.byRespondent.partner_agency, compliments: x.compliments, complaints: x.complaints };
  });
  return { filename, columns, rows };
}

/** For the learning catalogue: by course, the audit areas its learning actions answer, named, with how many actions. */
export async function themesOfCourses(db: Db): Promise<Map<string, { text: string; actions: number }[]>> {
  const [actions, tools] = await Promise.all([actionsWithCourses(db), toolQuestions(db)]);
  const themes = courseThemes(actions, tools);
  return new Map([...themes].map(([course, areas]) => [course, areas.map((a) => ({ text: AREAS[a.area] ?? a.area, actions: a.actions }))]));
}
