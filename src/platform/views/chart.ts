import { scaleLinear, scaleUtc } from 'd3-scale';
import { line } from 'd3-shape';

/**
 * Line charts drawn on the server as SVG (the content security policy allows
 * no inline script, and a chart should not need one). Scales and paths come
 * from d3-scale and d3-shape; everything else is markup. Colours are set as
 * presentation attributes, never inline styles, for the same policy. Each
 * chart is an image with a title and a description; the page puts the table
 * of figures beside it.
 */

export interface ChartSeries {
  name: string;
  /** A GOV.UK colour. */
  colour: string;
  /** Dashed, for a second series that must be told apart without colour. */
  dashed?: boolean;
  values: (number | null)[];
}

export interface ChartOptions {
  /** A unique id on the page, for the title and description. */
  id: string;
  title: string;
  description: string;
  /** 'YYYY-MM-DD', one for each value of every series. */
  dates: string[];
  series: ChartSeries[];
  /** Horizontal reference lines, e.g. the amber and red levels. */
  references?: { value: number; label: string; colour: string }[];
  unit?: string;
  /** The y axis starts at 0 unless told otherwise. */
  yMin?: number;
  /** Whole numbers only on the y axis (counts of workers). */
  integer?: boolean;
}

export const COLOURS = {
  blue: '#1d70b8',
  black: '#0b0c0c',
  orange: '#f47738',
  red: '#d4351c',
  green: '#00703c',
  purple: '#4c2c92',
  grey: '#505a5f',
  lightGrey: '#b1b4b6',
} as const;

const WIDTH = 720;
const HEIGHT = 300;
const MARGIN = { top: 16, right: 110, bottom: 40, left: 52 };

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const at = (n: number) => Math.round(n * 10) / 10;

function tickLabel(date: Date, showYear: boolean): string {
  return `${MONTHS[date.getUTCMonth()]}${showYear ? ` ${date.getUTCFullYear()}` : ''}`;
}

/** The first day of each month in the range (every other month over a long range, each January over years); the start itself when none is. */
export function monthTicks([start, end]: [Date, Date]): Date[] {
  const months: Date[] = [];
  const y = start.getUTCFullYear();
  let m = start.getUTCMonth() + (start.getUTCDate() === 1 ? 0 : 1);
  for (;;) {
    const tick = new Date(Date.UTC(y + Math.floor(m / 12), m % 12, 1));
    if (tick > end) break;
    months.push(tick);
    m += 1;
  }
  if (months.length === 0) return [start];
  if (months.length > 24) return months.filter((m) => m.getUTCMonth() === 0);
  return months.length > 8 ? months.filter((_, i) => i % 2 === 0) : months;
}

/** An SVG line chart, as markup to place in the page. */
export function lineChart(options: ChartOptions): string {
  const dates = options.dates.map((d) => new Date(`${d}T12:00:00Z`));
  const id = escapeXml(options.id);
  const head = `<svg xmlns="http://www.w3.org/2000/svg" class="steadfast-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="arial, sans-serif" font-size="13">`;
  const titles = `<title id="${id}-title">${escapeXml(options.title)}</title><desc id="${id}-desc">${escapeXml(options.description)}</desc>`;
  if (dates.length === 0) {
    return `${head}${titles}<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" fill="${COLOURS.grey}">No figures yet</text></svg>`;
  }
  const all = [...options.series.flatMap((s) => s.values), ...(options.references ?? []).map((r) => r.value)].filter((v): v is number => v !== null);
  const top = Math.max(1, ...all);
  const x = scaleUtc()
    .domain([dates[0]!, dates[dates.length - 1]!])
    .range([MARGIN.left, WIDTH - MARGIN.right]);
  if (dates.length === 1) x.domain([new Date(dates[0]!.getTime() - 3.5 * 86_400_000), new Date(dates[0]!.getTime() + 3.5 * 86_400_000)]);
  const y = scaleLinear()
    .domain([options.yMin ?? 0, top * 1.05])
    .nice()
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const unit = options.unit ?? '';
  const parts: string[] = [head, titles];

  // Grid and y axis.
  const yTicks = y.ticks(5).filter((t) => !options.integer || Number.isInteger(t));
  for (const t of yTicks) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${at(y(t))}" y2="${at(y(t))}" stroke="${COLOURS.lightGrey}" stroke-width="1"/>`,
      `<text x="${MARGIN.left - 6}" y="${at(y(t)) + 4}" text-anchor="end" fill="${COLOURS.black}">${escapeXml(`${t}${unit}`)}</text>`,
    );
  }
  // x axis: months.
  const xTicks = monthTicks(x.domain() as [Date, Date]);
  parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${HEIGHT - MARGIN.bottom}" y2="${HEIGHT - MARGIN.bottom}" stroke="${COLOURS.black}" stroke-width="1"/>`);
  xTicks.forEach((t, i) => {
    const showYear = i === 0 || t.getUTCFullYear() !== xTicks[i - 1]!.getUTCFullYear();
    parts.push(
      `<line x1="${at(x(t))}" x2="${at(x(t))}" y1="${HEIGHT - MARGIN.bottom}" y2="${HEIGHT - MARGIN.bottom + 5}" stroke="${COLOURS.black}" stroke-width="1"/>`,
      `<text x="${at(x(t))}" y="${HEIGHT - MARGIN.bottom + 20}" text-anchor="middle" fill="${COLOURS.black}">${escapeXml(tickLabel(t, showYear))}</text>`,
    );
  });
  // Reference levels.
  for (const ref of options.references ?? []) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${at(y(ref.value))}" y2="${at(y(ref.value))}" stroke="${ref.colour}" stroke-width="2" stroke-dasharray="6 4"/>`,
      `<text x="${WIDTH - MARGIN.right + 6}" y="${at(y(ref.value)) + 4}" fill="${COLOURS.black}">${escapeXml(ref.label)}</text>`,
    );
  }
  // Series, with a label at the end of each line.
  const path = line<{ date: Date; value: number | null }>()
    .defined((d) => d.value !== null)
    .x((d) => at(x(d.date)))
    .y((d) => at(y(d.value ?? 0)));
  options.series.forEach((s, index) => {
    const points = s.values.map((value, i) => ({ date: dates[i]!, value }));
    const d = path(points);
    if (d) {
      parts.push(`<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="3"${s.dashed ? ' stroke-dasharray="8 4"' : ''} stroke-linejoin="round"/>`);
    }
    for (const p of points) {
      if (p.value !== null && points.length <= 60) parts.push(`<circle cx="${at(x(p.date))}" cy="${at(y(p.value))}" r="2.5" fill="${s.colour}"/>`);
    }
    const last = [...points].reverse().find((p) => p.value !== null);
    if (last) {
      parts.push(
        `<text x="${WIDTH - MARGIN.right + 6}" y="${at(y(last.value!)) + 4 + index * 14}" fill="${s.colour}" font-weight="bold">${escapeXml(s.name)}</text>`,
      );
    }
  });
  parts.push('</svg>');
  return parts.join('');
}
