import { formatDate } from '../../platform/calendar/dates.ts';
import { COLOURS, lineChart } from '../../platform/views/chart.ts';
import { formatPercent } from '../caseload/figures.ts';
import type { CaseloadSettings } from '../caseload/rules.ts';
import { describeChanges, FORECAST_WEEKS, WARN_WITHIN_WEEKS, type WorkerForecast } from './rules.ts';

/**
 * What the team and worker caseload pages show of the forecast: a chart with
 * the amber and red levels, the figures behind it, and each week's changes in
 * words. Changes are counts and reasons, never a child's name or id, so the
 * team page says the same to everyone who may see it.
 */

type Levels = Pick<CaseloadSettings, 'amberPercent' | 'redPercent'>;

const OVER_TAGS = {
  amber: { text: 'Over amber', classes: 'govuk-tag--orange' },
  red: { text: 'Over red', classes: 'govuk-tag--red' },
} as const;

const finite = (n: number | null) => (n !== null && Number.isFinite(n) ? n : null);
const weekLabel = (week: number, date: string) => (week === 0 ? `Today (${formatDate(date)})` : `Week ${week}: ${formatDate(date)}`);

function references(settings: Levels) {
  return [
    { value: settings.amberPercent, label: `Amber ${settings.amberPercent}%`, colour: COLOURS.orange },
    { value: settings.redPercent, label: `Red ${settings.redPercent}%`, colour: COLOURS.red },
  ];
}

export function workerForecastView(forecast: WorkerForecast, settings: Levels, workerName: string) {
  const weeks = forecast.weeks;
  return {
    chart: lineChart({
      id: 'forecast-chart',
      title: `${workerName}: forecast capacity for the next ${FORECAST_WEEKS} weeks`,
      description: `Weighted capacity today and on each of the next ${FORECAST_WEEKS} Mondays, against the amber level of ${settings.amberPercent}% and the red level of ${settings.redPercent}%. The figures are in the table below.`,
      dates: weeks.map((w) => w.date),
      series: [{ name: 'Capacity', colour: COLOURS.blue, values: weeks.map((w) => finite(w.capacityPercent)) }],
      references: references(settings),
      unit: '%',
    }),
    redCrossing: forecast.redCrossing ? { date: forecast.redCrossing.date, week: forecast.redCrossing.week, capacity: formatPercent(forecast.redCrossing.capacityPercent) } : null,
    warnWithinWeeks: WARN_WITHIN_WEEKS,
    rows: weeks.map((w) => ({
      label: weekLabel(w.week, w.date),
      points: w.points,
      available: w.available,
      capacity: formatPercent(w.capacityPercent),
      tag: w.over ? OVER_TAGS[w.over] : null,
      knownCases: w.knownCases,
      expectedNew: w.expectedNew,
      changes: describeChanges(w.changes),
    })),
  };
}

export interface TeamForecastWorker {
  id: string;
  name: string;
  forecast: WorkerForecast;
}

export function teamForecastView(workers: readonly TeamForecastWorker[], settings: Levels, teamName: string, perWorkerPerWeek: number) {
  const dates = workers[0]?.forecast.weeks.map((w) => w.date) ?? [];
  const weekly = dates.map((date, i) => {
    const weeks = workers.map((w) => w.forecast.weeks[i]!);
    const measured = weeks.filter((w) => w.available > 0);
    const points = measured.reduce((sum, w) => sum + w.points, 0);
    const available = measured.reduce((sum, w) => sum + w.available, 0);
    const highest = weeks.map((w) => w.capacityPercent).filter((c): c is number => c !== null).reduce<number | null>((max, c) => (max === null || c > max ? c : max), null);
    return {
      week: i,
      date,
      team: available > 0 ? Math.round((points / available) * 1000) / 10 : null,
      highest,
      overAmber: weeks.filter((w) => w.over !== null).length,
      overRed: weeks.filter((w) => w.over === 'red').length,
      changes: describeChanges(weeks.flatMap((w) => w.changes)),
    };
  });
  const flagged = workers
    .filter((w) => w.forecast.redCrossing)
    .map((w) => ({ id: w.id, name: w.name, date: w.forecast.redCrossing!.date, week: w.forecast.redCrossing!.week, capacity: formatPercent(w.forecast.redCrossing!.capacityPercent) }))
    .sort((a, b) => a.week - b.week || a.name.localeCompare(b.name));
  return {
    chart: lineChart({
      id: 'team-forecast-chart',
      title: `${teamName}: forecast capacity for the next ${FORECAST_WEEKS} weeks`,
      description: `The team's capacity (its case points over its available points) and the highest worker's, today and on each of the next ${FORECAST_WEEKS} Mondays, against the amber level of ${settings.amberPercent}% and the red level of ${settings.redPercent}%. The figures are in the tables below.`,
      dates,
      series: [
        { name: 'Team', colour: COLOURS.blue, values: weekly.map((w) => finite(w.team)) },
        { name: 'Highest', colour: COLOURS.black, dashed: true, values: weekly.map((w) => finite(w.highest)) },
      ],
      references: references(settings),
      unit: '%',
    }),
    flagged,
    warnWithinWeeks: WARN_WITHIN_WEEKS,
    perWorkerPerWeek,
    weekHeadings: dates.map((date, i) => (i === 0 ? 'Today' : formatDate(date).replace(/ \d{4}$/, ''))),
    rows: weekly.map((w) => ({
      label: weekLabel(w.week, w.date),
      team: formatPercent(w.team),
      highest: formatPercent(w.highest),
      overAmber: w.overAmber,
      overRed: w.overRed,
      changes: w.changes,
    })),
    workers: workers.map((w) => ({
      id: w.id,
      name: w.name,
      flagged: w.forecast.redCrossing !== null,
      weeks: w.forecast.weeks.map((week) => ({ capacity: formatPercent(week.capacityPercent), over: week.over })),
    })),
  };
}
