import { scaleLinear, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';
import { COLOURS, escapeXml, type ChartSeries } from '../../platform/views/chart.ts';

/**
 * A line chart with one point per census year, drawn on the server as SVG
 * like the caseload trends (no script, colours as attributes). The page puts
 * the table of figures beside it.
 */
const WIDTH = 720;
const HEIGHT = 300;
const MARGIN = { top: 16, right: 130, bottom: 40, left: 52 };
const at = (n: number) => Math.round(n * 10) / 10;

export function yearlyChart(options: { id: string; title: string; description: string; years: string[]; series: ChartSeries[]; unit?: string }): string {
  const id = escapeXml(options.id);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="steadfast-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="arial, sans-serif" font-size="13">`,
    `<title id="${id}-title">${escapeXml(options.title)}</title><desc id="${id}-desc">${escapeXml(options.description)}</desc>`,
  ];
  const values = options.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  if (options.years.length === 0 || values.length === 0) {
    parts.push(`<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" fill="${COLOURS.grey}">No figures yet</text></svg>`);
    return parts.join('');
  }
  const x = scalePoint<string>().domain(options.years).range([MARGIN.left, WIDTH - MARGIN.right]).padding(0.3);
  const y = scaleLinear().domain([0, Math.max(1, ...values) * 1.05]).nice().range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const unit = options.unit ?? '';
  for (const t of y.ticks(5)) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${at(y(t))}" y2="${at(y(t))}" stroke="${COLOURS.lightGrey}" stroke-width="1"/>`,
      `<text x="${MARGIN.left - 6}" y="${at(y(t)) + 4}" text-anchor="end" fill="${COLOURS.black}">${escapeXml(`${t}${unit}`)}</text>`,
    );
  }
  parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${HEIGHT - MARGIN.bottom}" y2="${HEIGHT - MARGIN.bottom}" stroke="${COLOURS.black}" stroke-width="1"/>`);
  for (const year of options.years) {
    parts.push(`<text x="${at(x(year)!)}" y="${HEIGHT - MARGIN.bottom + 20}" text-anchor="middle" fill="${COLOURS.black}">${escapeXml(year)}</text>`);
  }
  const path = line<{ year: string; value: number | null }>()
    .defined((d) => d.value !== null)
    .x((d) => at(x(d.year)!))
    .y((d) => at(y(d.value ?? 0)));
  options.series.forEach((s, index) => {
    const points = s.values.map((value, i) => ({ year: options.years[i]!, value }));
    const d = path(points);
    if (d) parts.push(`<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="3"${s.dashed ? ' stroke-dasharray="8 4"' : ''} stroke-linejoin="round"/>`);
    for (const p of points) if (p.value !== null) parts.push(`<circle cx="${at(x(p.year)!)}" cy="${at(y(p.value))}" r="3.5" fill="${s.colour}"/>`);
    const last = [...points].reverse().find((p) => p.value !== null);
    if (last) parts.push(`<text x="${WIDTH - MARGIN.right + 8}" y="${at(y(last.value!)) + 4 + index * 14}" fill="${s.colour}" font-weight="bold">${escapeXml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
