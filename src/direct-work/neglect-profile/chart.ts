// Each domain's grades across a child's completions, drawn on the server as a
// small SVG chart per domain (no script: the content security policy allows
// none). Grade 1 (needs met well) is at the top, so a line rising is care
// improving. The child's plan and review dates are dashed upright lines. The
// page puts the table of the same figures beside the charts.
import { scaleLinear, scaleUtc } from 'd3-scale';
import { COLOURS, escapeXml, monthTicks } from '../../platform/views/chart.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import { GRADE_NAMES, type DomainSeries, type Grade, type PlanDate } from './rules.ts';

const WIDTH = 640;
const HEIGHT = 150;
const MARGIN = { top: 12, right: 16, bottom: 28, left: 40 };
const DAY_MS = 86_400_000;

const at = (n: number) => Math.round(n * 10) / 10;
const when = (date: string) => new Date(`${date}T12:00:00Z`);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The span the charts share: every completion, and the plan dates from a little before the first. */
export function chartSpan(dates: readonly string[], planDates: readonly PlanDate[]): { from: string; to: string; marks: PlanDate[] } | null {
  if (dates.length === 0) return null;
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;
  const lead = new Date(when(first).getTime() - 92 * DAY_MS).toISOString().slice(0, 10);
  const marks = planDates.filter((p) => p.date >= lead && p.date <= last);
  const all = [...dates, ...marks.map((m) => m.date)].sort();
  return { from: all[0]!, to: all[all.length - 1]!, marks };
}

/** One domain's chart: an image whose title and description say every grade and each plan date. */
export function domainChart(domain: DomainSeries, dates: readonly string[], span: { from: string; to: string; marks: readonly PlanDate[] }, id: string): string {
  let start = when(span.from);
  let end = when(span.to);
  if (end.getTime() - start.getTime() < 30 * DAY_MS) {
    start = new Date(start.getTime() - 15 * DAY_MS);
    end = new Date(end.getTime() + 15 * DAY_MS);
  }
  const x = scaleUtc().domain([start, end]).range([MARGIN.left, WIDTH - MARGIN.right]);
  const y = scaleLinear().domain([1, 5]).range([MARGIN.top, HEIGHT - MARGIN.bottom]);
  const graded = dates.map((d, i) => ({ date: d, grade: domain.grades[i] ?? null })).filter((p): p is { date: string; grade: number } => p.grade !== null);
  const description = [
    graded.map((p) => `${p.grade} (${GRADE_NAMES[p.grade as Grade].toLowerCase()}) on ${formatDate(p.date)}`).join('; '),
    span.marks.length ? `Plan and review dates: ${span.marks.map((m) => `${m.what}, ${formatDate(m.date)}`).join('; ')}` : '',
  ]
    .filter(Boolean)
    .join('. ');
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="steadfast-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="arial, sans-serif" font-size="12">`,
    `<title id="${id}-title">${escapeXml(`${domain.name}: grade at each profile, 1 (needs met well) to 5 (severe neglect)`)}</title>`,
    `<desc id="${id}-desc">${escapeXml(description)}</desc>`,
  ];
  for (const g of [1, 2, 3, 4, 5]) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${at(y(g))}" y2="${at(y(g))}" stroke="${COLOURS.lightGrey}" stroke-width="1"/>`,
      `<text x="${MARGIN.left - 8}" y="${at(y(g)) + 4}" text-anchor="end" fill="${COLOURS.black}">${g}</text>`,
    );
  }
  const ticks = monthTicks([start, end]);
  ticks.forEach((t, i) => {
    const showYear = i === 0 || t.getUTCFullYear() !== ticks[i - 1]!.getUTCFullYear();
    parts.push(`<text x="${at(x(t))}" y="${HEIGHT - 8}" text-anchor="middle" fill="${COLOURS.black}">${MONTHS[t.getUTCMonth()]}${showYear ? ` ${t.getUTCFullYear()}` : ''}</text>`);
  });
  for (const m of span.marks) {
    parts.push(`<line x1="${at(x(when(m.date)))}" x2="${at(x(when(m.date)))}" y1="${MARGIN.top - 6}" y2="${HEIGHT - MARGIN.bottom + 4}" stroke="${COLOURS.purple}" stroke-width="1.5" stroke-dasharray="4 3"/>`);
  }
  const points = graded.map((p) => `${at(x(when(p.date)))},${at(y(p.grade))}`);
  if (points.length > 1) parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${COLOURS.blue}" stroke-width="3" stroke-linejoin="round"/>`);
  for (const p of graded) parts.push(`<circle cx="${at(x(when(p.date)))}" cy="${at(y(p.grade))}" r="4" fill="${COLOURS.blue}"/>`);
  parts.push('</svg>');
  return parts.join('');
}
