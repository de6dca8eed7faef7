import { findTeamWithService } from '../../db/teams.ts';
import { z } from 'zod';
import { isUuid } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { Forbidden, NotFound } from '../../platform/http/errors.ts';
import { field, readForm } from '../../platform/http/forms.ts';
import { seesCouncil, seesMeasures, seesService, seesTeam } from '../../platform/access/staff.ts';
import { COLOURS, lineChart } from '../../platform/views/chart.ts';
import { lastMonths, MEASURE_GROUPS, timelinessByMonth, type MonthFigure, type Occurrence } from '../../timescales/index.ts';
import { occurrencesForChildren } from '../../timescales/index.ts';
import { findService } from '../teams/queries.ts';
import { findLeadHistory, findSeenVisits, findServicesAndTeams } from './queries.ts';
import type { Reader } from '../../platform/record-access/viewer.ts';

export type Target = { kind: 'landing' } | { kind: 'council' } | { kind: 'service'; id: string } | { kind: 'team'; id: string };

const monthsForm = z.object({
  // A list (the name sent twice) is not a choice, so it shows the default too.
  months: field((sent) => (typeof sent === 'string' && /^\d{1,2}$/.test(sent) && Number(sent) >= 3 && Number(sent) <= 24 ? Number(sent) : 12)),
});

export function readMonths(query: Record<string, unknown>): number {
  return readForm(monthsForm, query).values.months ?? 12;
}

type Group = keyof typeof MEASURE_GROUPS;

interface Unit {
  teamId: string;
  serviceId: string;
}

interface Attributed extends Unit {
  occurrence: Occurrence;
}

/**
 * The team (and its service) that led a child's case on a day, from the
 * history: the lead allocation's, or the personal adviser's while there was
 * no lead (as the case_leads view says of today); null when neither did.
 */
function leadUnits(history: Awaited<ReturnType<typeof findLeadHistory>>): (childId: string, date: string) => Unit | null {
  const byChild = new Map<string, typeof history>();
  for (const h of history) byChild.set(h.child_id, [...(byChild.get(h.child_id) ?? []), h]);
  return (childId, date) => {
    const held = (byChild.get(childId) ?? []).filter((l) => l.start_date <= date && (l.end_date === null || l.end_date > date));
    const lead = held.find((l) => l.role === 'lead') ?? held.find((l) => l.role === 'personal_adviser');
    return lead ? { teamId: lead.team_id, serviceId: lead.service_id } : null;
  };
}

/** Each occurrence with the team that led the case on its due date (one due while no team in scope led it is not counted). */
function attribute(unitOn: ReturnType<typeof leadUnits>, occurrences: Map<string, Occurrence[]>): Attributed[] {
  const out: Attributed[] = [];
  for (const [childId, list] of occurrences) {
    for (const o of list) {
      const unit = unitOn(childId, o.dueDate);
      if (unit) out.push({ occurrence: o, ...unit });
    }
  }
  return out;
}

export interface SeenAloneFigure {
  month: string;
  seen: number;
  alone: number;
  percent: number | null;
}

/**
 * Of the visits at which a child looked after or on a plan was seen, the share
 * at which they were seen alone, month by month (the private conversation
 * reg 29 asks for; Working Together 2023 asks the same of a child on a plan).
 * A visit whose answer was not recorded counts as not alone.
 */
export function seenAloneByMonth(visits: readonly { visitDate: string; seenAlone: boolean | null }[], months: readonly string[]): SeenAloneFigure[] {
  return months.map((month) => {
    const inMonth = visits.filter((v) => v.visitDate.slice(0, 7) === month);
    const alone = inMonth.filter((v) => v.seenAlone === true).length;
    return { month, seen: inMonth.length, alone, percent: inMonth.length ? Math.round((alone / inMonth.length) * 1000) / 10 : null };
  });
}

function overallSeenAlone(figures: readonly SeenAloneFigure[]): string {
  const seen = figures.reduce((n, f) => n + f.seen, 0);
  const alone = figures.reduce((n, f) => n + f.alone, 0);
  return seen ? `${Math.round((alone / seen) * 1000) / 10}%` : '–';
}

function measures(items: readonly Attributed[], months: readonly string[], today: string): Record<Group, MonthFigure[]> {
  const of = (group: Group) => items.filter((a) => (MEASURE_GROUPS[group] as readonly string[]).includes(a.occurrence.kind)).map((a) => a.occurrence);
  return {
    visits: timelinessByMonth(of('visits'), months, today),
    reviews: timelinessByMonth(of('reviews'), months, today),
    assessments: timelinessByMonth(of('assessments'), months, today),
  };
}

function overall(figures: readonly MonthFigure[]): string {
  const due = figures.reduce((n, f) => n + f.due, 0);
  const inTime = figures.reduce((n, f) => n + f.inTime, 0);
  return due ? `${Math.round((inTime / due) * 1000) / 10}%` : '–';
}

/**
 * Of the visits, reviews and assessments that fell due each month, the share
 * done in time, for a team, a service or the council, with a chart and the
 * table behind it, and the units below it side by side.
 */
export async function timelinessPage(r: Reader, requested: Target, monthCount: number) {
  let target = requested;
  if (target.kind === 'landing') {
    if (seesCouncil(r.viewer)) target = { kind: 'council' };
    else if (r.viewer.role === 'service_manager' && r.viewer.serviceId) target = { kind: 'service', id: r.viewer.serviceId };
    else if (r.viewer.teamId && seesMeasures(r.viewer)) target = { kind: 'team', id: r.viewer.teamId };
    else {
      await recordAudit(r.db, r.context, { action: 'work-due.view.timeliness', outcome: 'denied', reason: 'timeliness measures are for managers and analysts' });
      throw new Forbidden('Timeliness measures are for managers and performance analysts.');
    }
  }
  const units = await findServicesAndTeams(r.db);
  let where: string;
  let scope: { teamId?: string; serviceId?: string } = {};
  let breakdown: { id: string; name: string; href: string | null }[] = [];
  let breakdownBy: 'service' | 'team' | null = null;
  if (target.kind === 'council') {
    if (!seesCouncil(r.viewer)) throw new NotFound();
    where = 'the council';
    breakdownBy = 'service';
    breakdown = [...new Map(units.map((u) => [u.service_id, u.service_name]))].map(([id, name]) => ({ id, name, href: `/work/timeliness/services/${id}` }));
  } else if (target.kind === 'service') {
    const service = isUuid(target.id) ? await findService(r.db, target.id) : undefined;
    if (!service || !seesService(r.viewer, service.id)) throw new NotFound();
    where = service.name;
    scope = { serviceId: service.id };
    breakdownBy = 'team';
    breakdown = units.filter((u) => u.service_id === service.id).map((u) => ({ id: u.team_id, name: u.team_name, href: `/work/timeliness/teams/${u.team_id}` }));
  } else {
    const team = isUuid(target.id) ? await findTeamWithService(r.db, target.id) : undefined;
    if (!team || !seesTeam(r.viewer, { id: team.id, serviceId: team.service_id })) throw new NotFound();
    where = team.name;
    scope = { teamId: team.id };
  }

  const months = lastMonths(r.today, monthCount);
  const since = `${months[0]}-01`;
  const history = await findLeadHistory(r.db, scope, since);
  const childIds = [...new Set(history.map((h) => h.child_id))];
  const [occurrences, seenVisits] = await Promise.all([occurrencesForChildren(r.db, childIds, r.today), findSeenVisits(r.db, childIds, since)]);
  const unitOn = leadUnits(history);
  const inUnit = (u: Unit) => (!scope.teamId || u.teamId === scope.teamId) && (!scope.serviceId || u.serviceId === scope.serviceId);
  const inScope = attribute(unitOn, occurrences).filter(inUnit);
  const seen = seenVisits.flatMap((v) => {
    const unit = unitOn(v.child_id, v.visit_date);
    return unit && inUnit(unit) && v.visit_date <= r.today ? [{ visitDate: v.visit_date, seenAlone: v.seen_alone, ...unit }] : [];
  });
  const figures = measures(inScope, months, r.today);
  const alone = seenAloneByMonth(seen, months);
  const dates = months.map((m) => `${m}-01`);
  const percentText = (f: MonthFigure) => (f.percent === null ? '–' : `${f.percent}%`);
  // One chart a measure: three lines ending near the same value would hide each other's labels.
  const chartOf = (group: Group, name: string, colour: string) =>
    lineChart({
      id: `chart-timeliness-${group}`,
      title: `${name} done in time in ${where}, month by month`,
      description: `${name} in time: ${figures[group].map((f) => `${f.month} ${percentText(f)}`).join(', ')}.`,
      dates,
      unit: '%',
      series: [{ name, colour, values: figures[group].map((f) => f.percent) }],
    });
  const charts = {
    visits: chartOf('visits', 'Visits', COLOURS.blue),
    reviews: chartOf('reviews', 'Reviews', COLOURS.purple),
    assessments: chartOf('assessments', 'Assessments', COLOURS.orange),
  };
  await recordAudit(r.db, r.context, { action: 'work-due.view.timeliness', outcome: 'allowed', subjectType: target.kind, subjectId: 'id' in target ? target.id : undefined });
  return {
    title: `Timeliness: ${where}`,
    heading: `Timeliness: ${where}`,
    where,
    months: months.map((month, i) => ({
      month,
      date: dates[i],
      visits: figures.visits[i]!,
      reviews: figures.reviews[i]!,
      assessments: figures.assessments[i]!,
      alone: alone[i]!,
    })),
    totals: { visits: overall(figures.visits), reviews: overall(figures.reviews), assessments: overall(figures.assessments), alone: overallSeenAlone(alone) },
    charts,
    breakdownBy,
    breakdown: breakdown.map((unit) => {
      const mine = inScope.filter((a) => (breakdownBy === 'service' ? a.serviceId === unit.id : a.teamId === unit.id));
      const f = measures(mine, months, r.today);
      const mySeen = seen.filter((v) => (breakdownBy === 'service' ? v.serviceId === unit.id : v.teamId === unit.id));
      return { ...unit, visits: overall(f.visits), reviews: overall(f.reviews), assessments: overall(f.assessments), alone: overallSeenAlone(seenAloneByMonth(mySeen, months)) };
    }),
    monthCount,
  };
}
