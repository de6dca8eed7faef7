// The help and protection measures (/protection/measures): the figures month
// by month for the council, the front door, a service or a team, each thing
// counted in the team holding the child's case on its day. Who sees which:
// heads of service and performance analysts the council, its front door and
// every team; a service manager their service and its teams; a practice
// supervisor or team manager their own team. Another unit answers 404 and is
// audited as denied. The figures are pure (rules.ts); this reads, scopes and
// audits.
import { findTeamWithService, listTeamsWithServices } from '../../db/teams.ts';
import { isUuid } from '../../platform/access/policy.ts';
import { seesCouncil, seesTeam } from '../../platform/access/staff.ts';
import { groupBy } from '../../platform/collections/group-by.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { addDays, formatDate } from '../../platform/calendar/dates.ts';
import { NotFound } from '../../platform/http/errors.ts';
import type { Reader } from '../../platform/record-access/viewer.ts';
import { COLOURS, lineChart } from '../../platform/views/chart.ts';
import { describeCode } from '../../reference/codes.ts';
import { lastMonths } from '../../timescales/index.ts';
import { DECISIONS, describeDecision, EARLIER_OUTCOMES } from '../front-door/rules.ts';
import { findHistories } from './queries.ts';
import { AWAITING, CATEGORIES, countedOf, figuresOf, monthFigures, type Counted, type Figures, type MonthFigures, type Share } from './rules.ts';

const VIEW_ACTION = 'protection.measures.view';

/** Whose figures: the council's, the front door's (no team held the case on the day), a service's teams' or one team's. */
export type Unit = { kind: 'council' } | { kind: 'front-door' } | { kind: 'service'; serviceId: string; name: string; teamIds: string[] } | { kind: 'team'; teamId: string; name: string; serviceName: string };

/** The outcomes a contact's figures show, in order: the decisions, those recorded before the front door, then those awaiting one. */
export const OUTCOME_ORDER: readonly string[] = [...Object.keys(DECISIONS), ...Object.keys(EARLIER_OUTCOMES), AWAITING];

export function describeOutcome(outcome: string): string {
  return outcome === AWAITING ? 'Awaiting a decision' : describeDecision(outcome);
}

function keeps(unit: Unit): (c: Counted) => boolean {
  if (unit.kind === 'council') return () => true;
  if (unit.kind === 'front-door') return (c) => c.teamId === null;
  if (unit.kind === 'service') {
    const teams = new Set(unit.teamIds);
    return (c) => c.teamId !== null && teams.has(c.teamId);
  }
  return (c) => c.teamId === unit.teamId;
}

function unitName(unit: Unit): string {
  if (unit.kind === 'council') return 'The council';
  if (unit.kind === 'front-door') return 'The front door';
  return unit.name;
}

/** The unit asked for (`show`: 'council', 'front-door', 'service' or a team's id), or the viewer's own; another answers 404, audited. */
async function chosenUnit(r: Reader, show: string | undefined): Promise<Unit> {
  const refuse = async (): Promise<never> => {
    await recordAudit(r.db, r.context, { action: VIEW_ACTION, outcome: 'denied', subjectType: 'team', subjectId: show, reason: 'not a unit the viewer manages' });
    throw new NotFound();
  };
  const council = seesCouncil(r.viewer);
  const serviceOf = async (serviceId: string): Promise<Unit> => {
    const teams = await listTeamsWithServices(r.db, serviceId);
    return { kind: 'service', serviceId, name: teams[0]?.service_name ?? 'Your service', teamIds: teams.map((t) => t.id) };
  };
  if (show && show !== 'council' && show !== 'front-door' && show !== 'service') {
    const team = isUuid(show) ? await findTeamWithService(r.db, show) : undefined;
    if (!team || !seesTeam(r.viewer, { id: team.id, serviceId: team.service_id })) return refuse();
    return { kind: 'team', teamId: team.id, name: team.name, serviceName: team.service_name };
  }
  if (council) return show === 'front-door' ? { kind: 'front-door' } : { kind: 'council' };
  if (r.viewer.role === 'service_manager' && r.viewer.serviceId && (!show || show === 'service')) return serviceOf(r.viewer.serviceId);
  if ((r.viewer.role === 'team_manager' || r.viewer.role === 'practice_supervisor') && r.viewer.teamId && !show) {
    const team = await findTeamWithService(r.db, r.viewer.teamId);
    if (team) return { kind: 'team', teamId: team.id, name: team.name, serviceName: team.service_name };
  }
  return refuse();
}

/** The units the viewer may choose between. */
async function unitChoices(r: Reader) {
  if (seesCouncil(r.viewer)) {
    const teams = await listTeamsWithServices(r.db);
    return [
      { value: 'council', text: 'The council' },
      { value: 'front-door', text: 'The front door (no team held the case)' },
      ...teams.map((t) => ({ value: t.id, text: `${t.name} (${t.service_name})` })),
    ];
  }
  if (r.viewer.role === 'service_manager' && r.viewer.serviceId) {
    const teams = await listTeamsWithServices(r.db, r.viewer.serviceId);
    return [{ value: 'service', text: teams[0]?.service_name ?? 'Your service' }, ...teams.map((t) => ({ value: t.id, text: t.name }))];
  }
  return [];
}

const unitValue = (unit: Unit) => (unit.kind === 'team' ? unit.teamId : unit.kind);

/** The first day of a 'YYYY-MM' month. */
const firstOf = (month: string) => `${month}-01`;

function monthLabel(month: string, today: string): string {
  const label = new Date(`${month}-01T12:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return month === today.slice(0, 7) ? `${label} (to date)` : label;
}

/** Everything counted for the viewer in `unit` over the months shown. */
async function countedIn(r: Reader, unit: Unit, months: readonly string[]) {
  const teamIds = unit.kind === 'team' ? [unit.teamId] : unit.kind === 'service' ? unit.teamIds : null;
  const histories = await findHistories(r.db, r.viewer, r.now, firstOf(months[0]!), teamIds);
  const first = firstOf(months[0]!);
  const keep = keeps(unit);
  return histories.flatMap(countedOf).filter((c) => c.date >= first && c.date <= r.today && keep(c));
}

const percentText = (s: Share) => (s.percent === null ? 'none' : `${s.percent}% (${s.count} of ${s.of})`);

function charts(name: string, rows: readonly (MonthFigures & { label: string })[]) {
  const dates = rows.map((m) => firstOf(m.month));
  const timeliness = lineChart({
    id: 'chart-protection-timeliness',
    title: `Timeliness and repeat involvement by month: ${name}`,
    description: rows
      .map((m) => `${m.label}: re-referrals ${percentText(m.reReferrals)}; assessments within 45 working days ${percentText(m.assessmentsInTime)}; initial conferences within 15 working days ${percentText(m.icpcsInTime)}; second or subsequent plans ${percentText(m.subsequentPlans)}`)
      .join('. '),
    dates,
    unit: '%',
    series: [
      { name: 'Re-referrals', colour: COLOURS.red, values: rows.map((m) => m.reReferrals.percent) },
      { name: 'Assessed in 45', colour: COLOURS.blue, dashed: true, values: rows.map((m) => m.assessmentsInTime.percent) },
      { name: 'ICPC in 15', colour: COLOURS.green, values: rows.map((m) => m.icpcsInTime.percent) },
      { name: '2nd+ plans', colour: COLOURS.purple, dashed: true, values: rows.map((m) => m.subsequentPlans.percent) },
    ],
  });
  const volumes = lineChart({
    id: 'chart-protection-volumes',
    title: `Contacts, referrals, enquiries and plans by month: ${name}`,
    description: rows.map((m) => `${m.label}: ${m.contacts} contacts, ${m.referrals} referrals, ${m.enquiries} section 47 enquiries, ${m.plansStarted} plans begun`).join('. '),
    dates,
    integer: true,
    series: [
      { name: 'Contacts', colour: COLOURS.blue, values: rows.map((m) => m.contacts) },
      { name: 'Referrals', colour: COLOURS.orange, dashed: true, values: rows.map((m) => m.referrals) },
      { name: 'Enquiries', colour: COLOURS.red, values: rows.map((m) => m.enquiries) },
      { name: 'Plans begun', colour: COLOURS.purple, dashed: true, values: rows.map((m) => m.plansStarted) },
    ],
  });
  return { timeliness, volumes };
}

/** The outcome columns: the recorded decisions, those awaiting one, and any other outcome the records hold. */
function outcomesShown(figures: readonly Figures[]): string[] {
  const found = new Set(figures.flatMap((f) => Object.keys(f.contactOutcomes)));
  return [...OUTCOME_ORDER, ...[...found].filter((o) => !OUTCOME_ORDER.includes(o)).sort()];
}

/** The page: the chosen unit's figures month by month, with charts, and for the council or a service each team's over the 12 full months. */
export async function measuresPage(r: Reader, show: string | undefined) {
  const unit = await chosenUnit(r, show);
  const months = lastMonths(r.today, 13);
  return r.db.transaction().execute(async (trx) => {
    const tr = { ...r, db: trx };
    const [mine, choices] = await Promise.all([countedIn(tr, unit, months), unitChoices(tr)]);
    const rows = monthFigures(mine, months).map((m) => ({ ...m, label: monthLabel(m.month, r.today) }));
    const name = unitName(unit);
    const outcomes = outcomesShown(rows);
    const fullYear = months.slice(0, 12);
    // The 12 full months: from the first of the earliest to the day before this month began.
    const inFullYear = mine.filter((c) => c.date < firstOf(months[12]!));
    let teamRows: { name: string; caption: string; figures: Figures }[] = [];
    if (unit.kind === 'council' || unit.kind === 'service') {
      const teams = await listTeamsWithServices(trx, unit.kind === 'service' ? unit.serviceId : null);
      // Grouped once: a large council has hundreds of teams and hundreds of thousands of things counted.
      const byTeam = groupBy(inFullYear, (c) => c.teamId);
      teamRows = teams.map((t) => ({ name: t.name, caption: t.service_name, figures: figuresOf(byTeam.get(t.id) ?? []) }));
      if (unit.kind === 'council') teamRows.unshift({ name: 'The front door', caption: 'No team held the case', figures: figuresOf(byTeam.get(null) ?? []) });
    }
    await recordAudit(trx, r.context, {
      action: VIEW_ACTION,
      outcome: 'allowed',
      subjectType: unit.kind === 'team' ? 'team' : unit.kind === 'service' ? 'service' : undefined,
      subjectId: unit.kind === 'team' ? unit.teamId : unit.kind === 'service' ? unit.serviceId : undefined,
      reason: `${name}: counts, ${months[0]} to ${months[12]}`,
    });
    return {
      name,
      unit: unitValue(unit),
      choices: choices.map((c) => ({ ...c, selected: c.value === unitValue(unit) })),
      rows,
      outcomes: outcomes.map((o) => ({ key: o, label: describeOutcome(o) })),
      categories: CATEGORIES.map((k) => ({ key: k, label: describeCode('cpCategory', k) })),
      fullYearLabel: `${formatDate(firstOf(fullYear[0]!))} to ${formatDate(addDays(firstOf(months[12]!), -1))}`,
      year: figuresOf(inFullYear),
      teamRows,
      ...charts(name, rows),
    };
  });
}

export const MEASURES_CSV_COLUMNS = [
  'unit',
  'month',
  'contacts',
  ...OUTCOME_ORDER.map((o) => `contacts_${o}`),
  'referrals',
  're_referrals_within_12_months',
  'assessments_completed',
  'assessments_within_45_working_days',
  's47_enquiries_started',
  's47_enquiries_led_to_icpc',
  's47_enquiries_ended_without_icpc',
  's47_enquiries_under_way',
  'icpcs',
  'icpcs_within_15_working_days',
  'cp_plans_started',
  ...CATEGORIES.map((k) => `cp_plans_started_${k}`),
  'cp_plans_second_or_subsequent',
  'cp_plans_ended',
  'cp_plans_ended_lasting_two_years_or_more',
] as const;

/** The page's figures as rows, one a month: counts, never names. */
export async function measuresCsv(r: Reader, show: string | undefined) {
  const unit = await chosenUnit(r, show);
  const months = lastMonths(r.today, 13);
  return r.db.transaction().execute(async (trx) => {
    const counted = await countedIn({ ...r, db: trx }, unit, months);
    const name = unitName(unit);
    const rows = monthFigures(counted, months).map((m) => ({
      unit: name,
      month: m.month,
      contacts: m.contacts,
      ...Object.fromEntries(OUTCOME_ORDER.map((o) => [`contacts_${o}`, m.contactOutcomes[o] ?? 0])),
      referrals: m.referrals,
      re_referrals_within_12_months: m.reReferrals.count,
      assessments_completed: m.assessmentsInTime.of,
      assessments_within_45_working_days: m.assessmentsInTime.count,
      s47_enquiries_started: m.enquiries,
      s47_enquiries_led_to_icpc: m.enquiriesToIcpc.count,
      s47_enquiries_ended_without_icpc: m.enquiriesToIcpc.of - m.enquiriesToIcpc.count,
      s47_enquiries_under_way: m.enquiriesOpen,
      icpcs: m.icpcsInTime.of,
      icpcs_within_15_working_days: m.icpcsInTime.count,
      cp_plans_started: m.plansStarted,
      ...Object.fromEntries(CATEGORIES.map((k) => [`cp_plans_started_${k}`, m.byCategory[k]])),
      cp_plans_second_or_subsequent: m.subsequentPlans.count,
      cp_plans_ended: m.longPlansEnded.of,
      cp_plans_ended_lasting_two_years_or_more: m.longPlansEnded.count,
    })) as Record<(typeof MEASURES_CSV_COLUMNS)[number], string | number>[];
    await recordAudit(trx, r.context, {
      action: 'protection.measures.export',
      outcome: 'allowed',
      subjectType: unit.kind === 'team' ? 'team' : unit.kind === 'service' ? 'service' : undefined,
      subjectId: unit.kind === 'team' ? unit.teamId : unit.kind === 'service' ? unit.serviceId : undefined,
      reason: `${name}: counts, ${months[0]} to ${months[12]}`,
    });
    return { filename: `help-and-protection-measures-${unitValue(unit)}-${r.today}.csv`, rows };
  });
}
