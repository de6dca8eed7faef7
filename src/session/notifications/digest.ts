// The managers' weekly digest (docs/notifications.md): for each team a manager
// oversees, its workers' capacity, open variances, overdue visits and other
// work, and overdue supervision, in figures with links to the pages behind
// them. Counts only: nothing here names a child or carries a child's id, so
// the page is safe for a head of service and the email safe to send.
import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { managerScope } from '../../platform/access/manager-scope.ts';
import { listTeamsWithServices } from '../../db/teams.ts';
import { addDays } from '../../platform/calendar/dates.ts';
import { londonDate } from '../../platform/clock/clock.ts';
import { notify } from '../../platform/notifications/notifications.ts';
import { runOnceFor } from '../../platform/scheduler/once.ts';
import { caseloadsFor, overdueWorkload } from '../../workload/index.ts';
import { supervisionDueOf } from '../../workforce/index.ts';
import { countOpenVariancesByTeam, findDigestManagers } from './queries.ts';

/** Who gets the digest: the managers of teams, of services and of the council. */
export const DIGEST_ROLES: readonly Role[] = ['team_manager', 'service_manager', 'head_of_service'];

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface TeamFigures {
  teamId: string;
  team: string;
  service: string;
  workers: number;
  overRed: number;
  overAmber: number;
  openVariances: number;
  overdueVisits: number;
  overdueOther: number;
  supervisionOverdue: number;
}

export interface DigestTotals {
  workers: number;
  overRed: number;
  overAmber: number;
  openVariances: number;
  overdueVisits: number;
  overdueOther: number;
  supervisionOverdue: number;
}

/** Every team's figures today (or those of the teams named): worked out once, whoever reads them. */
export async function teamFigures(db: Db, teamIds: readonly string[] | null, today: string, now: Date): Promise<TeamFigures[]> {
  const teams = (await listTeamsWithServices(db)).filter((t) => teamIds === null || teamIds.includes(t.id));
  if (teams.length === 0) return [];
  const single = teamIds?.length === 1 ? teamIds[0] : undefined;
  // Workload figures count every child, restricted ones too, and name none (docs/decisions/0006): the viewer does not change them.
  const anyone: Viewer = { id: '00000000-0000-0000-0000-000000000000', role: 'head_of_service', teamId: null, serviceId: null };
  const [{ caseloads }, variances, overdue, supervision] = await Promise.all([
    caseloadsFor(db, single ? { teamId: single } : {}, today),
    countOpenVariancesByTeam(db),
    overdueWorkload(db, anyone, now, single ? { teamId: single } : {}, today),
    supervisionDueOf(db, undefined, today),
  ]);
  const overdueSupervision = [...supervision.values()].filter((s) => s.due.status === 'overdue');
  return teams.map((t) => {
    const mine = caseloads.filter((c) => c.worker.team_id === t.id);
    const red = mine.filter((c) => c.conditions.some((x) => x.level === 'red')).length;
    const amber = mine.filter((c) => !c.conditions.some((x) => x.level === 'red') && c.conditions.some((x) => x.level === 'amber')).length;
    const late = overdue.byTeam.get(t.id) ?? { visits: 0, other: 0 };
    return {
      teamId: t.id,
      team: t.name,
      service: t.service_name,
      workers: mine.length,
      overRed: red,
      overAmber: amber,
      openVariances: variances.get(t.id) ?? 0,
      overdueVisits: late.visits,
      overdueOther: late.other,
      supervisionOverdue: overdueSupervision.filter((s) => s.team_id === t.id).length,
    };
  });
}

export function totalsOf(rows: readonly TeamFigures[]): DigestTotals {
  const sum = (key: keyof DigestTotals) => rows.reduce((n, r) => n + r[key], 0);
  return {
    workers: sum('workers'),
    overRed: sum('overRed'),
    overAmber: sum('overAmber'),
    openVariances: sum('openVariances'),
    overdueVisits: sum('overdueVisits'),
    overdueOther: sum('overdueOther'),
    supervisionOverdue: sum('supervisionOverdue'),
  };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The email's neutral line: counts only. */
export function describeTotals(scope: string, t: DigestTotals): string {
  return [
    `${scope}: ${plural(t.workers, 'case-holding worker', 'case-holding workers')}, ${t.overRed} over the red level and ${t.overAmber} over amber;`,
    `${plural(t.openVariances, 'open caseload variance', 'open caseload variances')};`,
    `${plural(t.overdueVisits, 'overdue visit', 'overdue visits')} and ${plural(t.overdueOther, 'other overdue item', 'other overdue items')} of work;`,
    `${plural(t.supervisionOverdue, 'person', 'people')} with supervision overdue.`,
  ].join('\n');
}

/** A manager's digest now: their scope's name, each team's figures and the totals; null for anyone who gets none. */
export async function digestFor(db: Db, viewer: Viewer, today: string, now: Date) {
  if (!DIGEST_ROLES.includes(viewer.role)) return null;
  const scope = await managerScope(db, viewer);
  if (!scope) return null;
  const rows = await teamFigures(db, scope.teamIds, today, now);
  return { scope: scope.name, rows, totals: totalsOf(rows) };
}

/** The Monday of the week `date` falls in. */
export function weekStartOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 Sunday
  return addDays(date, -((day + 6) % 7));
}

/** The day of the week and the hour in England at `at`. */
export function londonWeekdayAndHour(at: Date): { weekday: Weekday; hour: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', hour: 'numeric', hourCycle: 'h23' }).formatToParts(at);
  const weekday = parts.find((p) => p.type === 'weekday')!.value.toLowerCase() as Weekday;
  return { weekday, hour: Number(parts.find((p) => p.type === 'hour')!.value) };
}

/** Whether this week's digest is due at `at`: from the set day and hour (London time) to the end of the week. */
export function digestDue(at: Date, when: { day: Weekday; hour: number }): boolean {
  const { weekday, hour } = londonWeekdayAndHour(at);
  const today = WEEKDAYS.indexOf(weekday);
  const set = WEEKDAYS.indexOf(when.day);
  return today > set || (today === set && hour >= when.hour);
}

/**
 * Sends this week's digest once its day and hour have come: once a week
 * across instances, one notification per manager under a key naming the week
 * (so never two in a week), emailed through the outbox like any other.
 * The council-wide figures are worked out once and shared. Returns how many
 * managers were told, or null when it was not due or already done.
 */
export async function runWeeklyDigest(db: Db, now: Date, when: { day: Weekday; hour: number }): Promise<number | null> {
  if (!digestDue(now, when)) return null;
  const today = londonDate(now);
  const week = weekStartOf(today);
  const result = await runOnceFor(db, 'weekly-digest', week, now, (trx) => sendWeeklyDigests(trx, today, now));
  return result.ran ? result.result : null;
}

/** One notification per manager for the week `today` falls in, with their scope's totals; the council's figures worked out once. Returns how many were told. */
export async function sendWeeklyDigests(db: Db, today: string, now: Date): Promise<number> {
  const week = weekStartOf(today);
  const managers = await findDigestManagers(db, DIGEST_ROLES);
  if (managers.length === 0) return 0;
  const all = await teamFigures(db, null, today, now);
  let told = 0;
  for (const m of managers) {
    const scope = await managerScope(db, { id: m.id, role: m.role, teamId: m.team_id, serviceId: m.service_id });
    if (!scope) continue;
    const rows = all.filter((r) => scope.teamIds === null || scope.teamIds.includes(r.teamId));
    told += await notify(db, { kind: 'weekly-digest', eventKey: week, userIds: [m.id], link: '/notifications/digest', now, detail: describeTotals(scope.name, totalsOf(rows)) });
  }
  return told;
}
