// The themes' charts, drawn on the server as SVG (the content security
// policy allows no script): bars for each quarter, and each audit area's
// grades stacked in one bar. Each is an image whose title and description
// say its figures; the page puts the table of the same figures beside it.
import { scaleBand, scaleLinear } from 'd3-scale';
import { COLOURS, escapeXml } from '../../platform/views/chart.ts';

const at = (n: number) => Math.round(n * 10) / 10;

export interface BarSeries {
  name: string;
  colour: string;
  values: (number | null)[];
}

function frame(id: string, title: string, description: string, width: number, height: number): string[] {
  const safe = escapeXml(id);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="steadfast-chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${safe}-title ${safe}-desc" font-family="arial, sans-serif" font-size="13">`,
    `<title id="${safe}-title">${escapeXml(title)}</title><desc id="${safe}-desc">${escapeXml(description)}</desc>`,
  ];
}

function legend(parts: string[], series: readonly { name: string; colour: string }[], x: number, y: number): void {
  let left = x;
  for (const s of series) {
    parts.push(`<rect x="${left}" y="${y - 10}" width="12" height="12" fill="${s.colour}"/>`, `<text x="${left + 16}" y="${y}" fill="${COLOURS.black}">${escapeXml(s.name)}</text>`);
    left += 28 + s.name.length * 7;
  }
}

/**
 * Bars side by side for each quarter, one per series: shares in per cent
 * (0 to 100) unless `max` says otherwise. A quarter with no figure has no
 * bar and says "none" under the axis.
 */
export function quarterBars(options: { id: string; title: string; description: string; quarters: readonly string[]; series: readonly BarSeries[]; unit?: string; max?: number }): string {
  const width = 720;
  const height = 300;
  const margin = { top: 36, right: 16, bottom: 44, left: 52 };
  const unit = options.unit ?? '%';
  const parts = frame(options.id, options.title, options.description, width, height);
  const all = options.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const top = options.max ?? Math.max(1, ...all);
  const x = scaleBand<string>().domain(options.quarters).range([margin.left, width - margin.right]).paddingInner(0.25).paddingOuter(0.1);
  const inner = scaleBand<number>()
    .domain(options.series.map((_, i) => i))
    .range([0, x.bandwidth()])
    .padding(0.08);
  const y = scaleLinear().domain([0, top]).nice().range([height - margin.bottom, margin.top]);
  for (const t of y.ticks(5)) {
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${at(y(t))}" y2="${at(y(t))}" stroke="${COLOURS.lightGrey}" stroke-width="1"/>`,
      `<text x="${margin.left - 6}" y="${at(y(t)) + 4}" text-anchor="end" fill="${COLOURS.black}">${escapeXml(`${t}${unit}`)}</text>`,
    );
  }
  parts.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${height - margin.bottom}" y2="${height - margin.bottom}" stroke="${COLOURS.black}" stroke-width="1"/>`);
  options.quarters.forEach((q, qi) => {
    const left = x(q)!;
    parts.push(`<text x="${at(left + x.bandwidth() / 2)}" y="${height - margin.bottom + 18}" text-anchor="middle" fill="${COLOURS.black}">${escapeXml(q)}</text>`);
    const empty = options.series.every((s) => s.values[qi] === null || s.values[qi] === undefined);
    if (empty) parts.push(`<text x="${at(left + x.bandwidth() / 2)}" y="${height - margin.bottom + 34}" text-anchor="middle" fill="${COLOURS.grey}">none</text>`);
    options.series.forEach((s, si) => {
      const v = s.values[qi];
      if (v === null || v === undefined) return;
      const bx = left + inner(si)!;
      parts.push(`<rect x="${at(bx)}" y="${at(y(v))}" width="${at(inner.bandwidth())}" height="${at(y(0) - y(v))}" fill="${s.colour}"/>`);
      parts.push(`<text x="${at(bx + inner.bandwidth() / 2)}" y="${at(y(v)) - 4}" text-anchor="middle" fill="${COLOURS.black}" font-size="12">${escapeXml(`${v}${unit}`)}</text>`);
    });
  });
  legend(parts, options.series, margin.left, 18);
  parts.push('</svg>');
  return parts.join('');
}

export interface StackedRow {
  name: string;
  /** Counts in the order of the parts. */
  counts: readonly number[];
}

/** One horizontal bar for each row, its parts stacked as shares of the row's total. */
export function stackedShares(options: { id: string; title: string; description: string; parts: readonly { name: string; colour: string }[]; rows: readonly StackedRow[] }): string {
  const width = 720;
  const rowHeight = 30;
  const margin = { top: 36, right: 16, bottom: 28, left: 210 };
  const height = margin.top + margin.bottom + rowHeight * Math.max(1, options.rows.length);
  const parts = frame(options.id, options.title, options.description, width, height);
  const x = scaleLinear().domain([0, 100]).range([margin.left, width - margin.right]);
  const y = scaleBand<number>()
    .domain(options.rows.map((_, i) => i))
    .range([margin.top, height - margin.bottom])
    .padding(0.2);
  for (const t of [0, 25, 50, 75, 100]) {
    parts.push(
      `<line x1="${at(x(t))}" x2="${at(x(t))}" y1="${margin.top}" y2="${height - margin.bottom}" stroke="${COLOURS.lightGrey}" stroke-width="1"/>`,
      `<text x="${at(x(t))}" y="${height - margin.bottom + 18}" text-anchor="middle" fill="${COLOURS.black}">${t}%</text>`,
    );
  }
  options.rows.forEach((row, i) => {
    const top = y(i)!;
    parts.push(`<text x="${margin.left - 8}" y="${at(top + y.bandwidth() / 2 + 4)}" text-anchor="end" fill="${COLOURS.black}">${escapeXml(row.name)}</text>`);
    const total = row.counts.reduce((a, b) => a + b, 0);
    if (total === 0) {
      parts.push(`<text x="${margin.left + 6}" y="${at(top + y.bandwidth() / 2 + 4)}" fill="${COLOURS.grey}">not graded</text>`);
      return;
    }
    let from = 0;
    row.counts.forEach((count, pi) => {
      if (count === 0) return;
      const share = (count / total) * 100;
      parts.push(`<rect x="${at(x(from))}" y="${at(top)}" width="${at(x(from + share) - x(from))}" height="${at(y.bandwidth())}" fill="${options.parts[pi]!.colour}"/>`);
      from += share;
    });
  });
  legend(parts, options.parts, 16, 18);
  parts.push('</svg>');
  return parts.join('');
}
