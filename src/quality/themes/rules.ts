// The themes of practice quality, pure: quarters, and the figures each
// chart and table shows (grades by audit area, the share graded good or
// better, learning actions done on time, what children, families and
// partners say). No database, no clock: `today` is passed in.
import type { AuditAnswers, AuditGrade, AuditQuestion, FeedbackRespondent, OfstedGrade, ThingsBetter } from '../../db/schema.ts';
import { addDays, addMonths } from '../../platform/calendar/dates.ts';

export const GRADE_ORDER: readonly AuditGrade[] = ['outstanding', 'good', 'requires_improvement', 'inadequate'];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A calendar quarter: its first and last day, and what to call it. */
export interface Quarter {
  start: string;
  end: string;
  label: string;
}

/** The first day of the quarter a date falls in. */
export function quarterStart(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const first = Math.floor((m - 1) / 3) * 3 + 1;
  return `${y}-${String(first).padStart(2, '0')}-01`;
}

export function quarterOf(start: string): Quarter {
  const end = addDays(addMonths(start, 3), -1);
  const m = Number(start.slice(5, 7));
  return { start, end, label: `${MONTHS[m - 1]} to ${MONTHS[m + 1]} ${start.slice(0, 4)}` };
}

/** `count` quarters ending with the one that holds `last`, oldest first. */
export function quartersTo(last: string, count: number): Quarter[] {
  const end = quarterStart(last);
  return Array.from({ length: count }, (_, i) => quarterOf(addMonths(end, -3 * (count - 1 - i))));
}

/** A quarter asked for in a link: the first day of a quarter, not after today's quarter; null otherwise. */
export function readQuarter(value: unknown, today: string): string | null {
  if (typeof value !== 'string' || !/^\d{4}-(01|04|07|10)-01$/.test(value)) return null;
  if (value > quarterStart(today) || value < '2000-01-01') return null;
  return value;
}

/** The last whole quarter before today's: what a quarterly report is about unless told. */
export function lastWholeQuarter(today: string): string {
  return addMonths(quarterStart(today), -3);
}

export function indexOfQuarter(quarters: readonly Quarter[], date: string): number {
  return quarters.findIndex((q) => date >= q.start && date <= q.end);
}

const percent = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 100));

export type GradeCounts = Record<AuditGrade, number>;
const noGrades = (): GradeCounts => ({ outstanding: 0, good: 0, requires_improvement: 0, inadequate: 0 });

export interface GradeFigure {
  counts: GradeCounts;
  graded: number;
  /** The share of those graded that were good or outstanding, in whole per cent; null when none was graded. */
  goodOrBetter: number | null;
}

export function gradeFigure(grades: readonly (AuditGrade | null)[]): GradeFigure {
  const counts = noGrades();
  for (const g of grades) if (g) counts[g] += 1;
  const graded = GRADE_ORDER.reduce((n, g) => n + counts[g], 0);
  return { counts, graded, goodOrBetter: percent(counts.outstanding + counts.good, graded) };
}

export interface AuditForThemes {
  month: string;
  tool_id: string;
  answers: AuditAnswers;
  overall_grade: AuditGrade | null;
  settled_grade: AuditGrade | null;
}

/** Each quarter's overall audit grades: a settled moderation's grade where there is one, else the auditor's. */
export function auditGrades(audits: readonly AuditForThemes[], quarters: readonly Quarter[]): GradeFigure[] {
  const byQuarter = quarters.map(() => [] as (AuditGrade | null)[]);
  for (const a of audits) {
    const i = indexOfQuarter(quarters, a.month);
    if (i >= 0) byQuarter[i]!.push(a.settled_grade ?? a.overall_grade);
  }
  return byQuarter.map(gradeFigure);
}

/**
 * The grades the auditors gave each area's questions, per quarter: every
 * question graded counts once, under the area the audit's own tool version
 * put it in. Areas in `areaOrder` come first; an area a later tool added
 * follows.
 */
export function areaGrades(audits: readonly AuditForThemes[], tools: ReadonlyMap<string, readonly AuditQuestion[]>, quarters: readonly Quarter[], areaOrder: readonly string[]): { area: string; quarters: GradeFigure[]; all: GradeFigure }[] {
  const grades = new Map<string, (AuditGrade | null)[][]>();
  const slot = (area: string) => {
    let s = grades.get(area);
    if (!s) grades.set(area, (s = quarters.map(() => [])));
    return s;
  };
  for (const area of areaOrder) slot(area);
  for (const a of audits) {
    const i = indexOfQuarter(quarters, a.month);
    if (i < 0) continue;
    for (const q of tools.get(a.tool_id) ?? []) {
      const grade = a.answers[q.key]?.grade ?? null;
      if (grade) slot(q.area)[i]!.push(grade);
    }
  }
  return [...grades.entries()].map(([area, perQuarter]) => ({ area, quarters: perQuarter.map(gradeFigure), all: gradeFigure(perQuarter.flat()) }));
}

export function observationGrades(rows: readonly { observed_on: string; grade: OfstedGrade | null }[], quarters: readonly Quarter[]): (GradeFigure & { total: number })[] {
  const byQuarter = quarters.map(() => [] as (OfstedGrade | null)[]);
  for (const o of rows) {
    const i = indexOfQuarter(quarters, o.observed_on);
    if (i >= 0) byQuarter[i]!.push(o.grade);
  }
  return byQuarter.map((g) => ({ ...gradeFigure(g), total: g.length }));
}

export interface ActionFigure {
  due: number;
  onTime: number;
  late: number;
  overdue: number;
  notYetDue: number;
  /** Of those whose date has come (done, or open past it), the share done by their date. */
  onTimePercent: number | null;
}

/** Learning actions by the quarter they fell due in: done on or before the date, done after it, still open past it, or not yet due. */
export function actionFigures(rows: readonly { due_date: string; done_on: string | null }[], quarters: readonly Quarter[], today: string): ActionFigure[] {
  const out = quarters.map(() => ({ due: 0, onTime: 0, late: 0, overdue: 0, notYetDue: 0 }));
  for (const a of rows) {
    const i = indexOfQuarter(quarters, a.due_date);
    if (i < 0) continue;
    const f = out[i]!;
    f.due += 1;
    if (a.done_on) {
      if (a.done_on <= a.due_date) f.onTime += 1;
      else f.late += 1;
    } else if (a.due_date < today) f.overdue += 1;
    else f.notYetDue += 1;
  }
  return out.map((f) => ({ ...f, onTimePercent: percent(f.onTime, f.onTime + f.late + f.overdue) }));
}

export interface FeedbackFigure {
  answers: number;
  /** Listened to well (4 or 5 of 5) and things better or too early to say, as the feedback page counts it. */
  positive: number;
  positivePercent: number | null;
  averageListened: number | null;
  byRespondent: Record<FeedbackRespondent, number>;
  compliments: number;
  complaints: number;
}

export function feedbackFigures(
  answers: readonly { received_on: string; listened: number; things_better: ThingsBetter; respondent: FeedbackRespondent }[],
  logged: readonly { received_on: string; kind: 'compliment' | 'complaint' }[],
  quarters: readonly Quarter[],
  isPositive: (a: { listened: number; things_better: ThingsBetter }) => boolean,
): FeedbackFigure[] {
  const out = quarters.map(() => ({ answers: 0, positive: 0, listenedTotal: 0, byRespondent: { child: 0, parent_carer: 0, family: 0, partner_agency: 0 } as Record<FeedbackRespondent, number>, compliments: 0, complaints: 0 }));
  for (const a of answers) {
    const i = indexOfQuarter(quarters, a.received_on);
    if (i < 0) continue;
    const f = out[i]!;
    f.answers += 1;
    f.listenedTotal += a.listened;
    if (isPositive(a)) f.positive += 1;
    f.byRespondent[a.respondent] += 1;
  }
  for (const c of logged) {
    const i = indexOfQuarter(quarters, c.received_on);
    if (i < 0) continue;
    if (c.kind === 'compliment') out[i]!.compliments += 1;
    else out[i]!.complaints += 1;
  }
  return out.map(({ listenedTotal, ...f }) => ({ ...f, positivePercent: percent(f.positive, f.answers), averageListened: f.answers ? Math.round((listenedTotal / f.answers) * 10) / 10 : null }));
}

/**
 * The themes (audit areas) each course answers: a learning action pointing
 * at a course answers the areas its audit graded requires improvement or
 * inadequate. Each area with how many actions point there, most first.
 */
export function courseThemes(
  actions: readonly { course_id: string | null; tool_id: string; answers: AuditAnswers }[],
  tools: ReadonlyMap<string, readonly AuditQuestion[]>,
): Map<string, { area: string; actions: number }[]> {
  const counts = new Map<string, Map<string, number>>();
  for (const a of actions) {
    if (!a.course_id) continue;
    const weak = new Set<string>();
    for (const q of tools.get(a.tool_id) ?? []) {
      const grade = a.answers[q.key]?.grade;
      if (grade === 'requires_improvement' || grade === 'inadequate') weak.add(q.area);
    }
    let byArea = counts.get(a.course_id);
    if (!byArea) counts.set(a.course_id, (byArea = new Map()));
    for (const area of weak) byArea.set(area, (byArea.get(area) ?? 0) + 1);
  }
  return new Map([...counts].map(([course, byArea]) => [course, [...byArea].map(([area, n]) => ({ area, actions: n })).sort((x, y) => y.actions - x.actions || x.area.localeCompare(y.area))]));
}
