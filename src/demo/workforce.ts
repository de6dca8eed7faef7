import type { EmploymentType, Role, SupervisionKind, Wellbeing } from '../db/schema.ts';
import { isAsye } from '../platform/access/roles.ts';
import { addDays, addMonths, daysBetween } from '../platform/calendar/dates.ts';
import { DEFAULT_SUPERVISION_SETTINGS, frequencyOn } from '../workforce/index.ts';
import { TRAINING_CATALOGUE } from '../workforce/index.ts';
import type { DemoContext } from './context.ts';
import { insertRows, type RowOf } from './insert.ts';
import { demoRand, type Rand } from './rand.ts';

/**
 * The demo council's workforce, after the children, allocations and caseload
 * exist: a staff record for everyone (grade, contract, start in role, Social
 * Work England number, some agency workers and secondees), five census years
 * of leavers with their reasons and destinations at about the national
 * turnover, absence, funded posts per team with real vacancies, six months of
 * supervision history with a few people overdue, management oversight on
 * open cases, and the training catalogue with attendance. Every random choice
 * comes from the demo's seed.
 */

export interface WorkforceDemoSummary {
  staffRecords: number;
  leavers: number;
  agency: number;
  supervisions: number;
  caseSupervisions: number;
  attendance: number;
}

const SOCIAL_WORK_ROLES: readonly Role[] = ['social_worker', 'practice_supervisor', 'team_manager', 'service_manager', 'head_of_service', 'iro'];

const GRADES: Partial<Record<Role, string>> = {
  social_worker: 'Social worker (Band 3)',
  practice_supervisor: 'Senior practitioner (Band 4)',
  team_manager: 'Team manager (Band 5)',
  service_manager: 'Service manager (Band 6)',
  head_of_service: 'Head of service (Band 7)',
  iro: 'Independent reviewing officer (Band 5)',
  personal_adviser: 'Personal adviser (Band 2)',
  performance_analyst: 'Performance analyst (Band 3)',
  system_admin: 'Systems officer (Band 2)',
};

const UNIVERSITIES = ['University of Sussex', 'University of Brighton', 'Canterbury Christ Church University', 'Royal Holloway, University of London', 'The Open University', 'University of Kent'];

const LEAVING_REASONS = [
  ['1', 62],
  ['7', 8],
  ['5', 8],
  ['4', 2],
  ['2', 2],
  ['8', 8],
  ['9', 10],
] as const;

const DESTINATIONS = [
  ['1', 30],
  ['3', 20],
  ['4', 10],
  ['5', 8],
  ['6', 12],
  ['7', 5],
  ['8', 15],
] as const;

const START_ORIGINS = [
  ['2', 35],
  ['1', 20],
  ['4', 15],
  ['5', 8],
  ['6', 7],
  ['3', 5],
  ['9', 10],
] as const;

const ABSENCE_REASONS = [
  ['SIC', 60],
  ['TRN', 15],
  ['OTH', 12],
  ['UNP', 5],
  ['PUB', 3],
  ['MAT', 5],
] as const;

const SUMMARIES = [
  'Reviewed the week’s visits and the plans due this month. Talked through one difficult conversation with a parent and what to try next time.',
  'Reflected on a case that has stuck: what the child would say about our plan, and what is getting in the way of change.',
  'Caseload review: agreed which visits come first while court work is heavy, and what the practice supervisor will pick up.',
  'Wellbeing check-in after a hard week. Agreed a day working from home to write up assessments, and to use the team’s peer session.',
  'Learning and development: the direct-work toolkit session, and how to use it with the younger children on the caseload.',
];

const ACTIONS = [
  'Book the neglect toolkit session',
  'Write up the two outstanding assessments',
  'Arrange a joint visit with the practice supervisor',
  'Take the case to the team’s group supervision',
  'Update the chronology before the review',
  'Agree protected writing time in the diary',
];

const DECISIONS = [
  'Plan remains appropriate; continue at the current level.',
  'Escalate to a legal planning meeting if there is no progress by the review.',
  'Step down to child in need at the review if the home conditions hold.',
  'Increase visits while the new partner’s checks are completed.',
];

const DIRECTIONS = [
  'Visit within five working days and see the child alone.',
  'Update the plan and share it with the family and the school.',
  'Complete the direct work with the child before the review.',
  'Chase the health assessment and record the outcome.',
];

const at = (date: string, hour: number, minute = 0) => new Date(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);
const londonDay = (instant: Date) => instant.toISOString().slice(0, 10);

function weekdaysBetween(from: string, to: string): number {
  let days = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const day = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (day !== 0 && day !== 6) days += 1;
  }
  return days;
}

export async function generateWorkforce(ctx: DemoContext): Promise<WorkforceDemoSummary> {
  const { db, today } = ctx;
  const r = demoRand(ctx);
  const users = (await db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select(['users.id', 'users.email', 'users.role', 'users.team_id', 'users.line_manager_id', 'users.qualified_on', 'users.asye_started_on', 'users.fte', 'users.disabled_at', 'users.created_at', 'teams.name as team_name'])
    .orderBy('users.email')
    .execute()) as unknown as (DemoUser & { email: string; fte: number; team_name: string | null })[];
  const firstAllocation = new Map(
    (
      await db
        .selectFrom('allocations')
        .select((eb) => ['worker_id', eb.fn.min('start_date').as('first')])
        .where('worker_id', 'is not', null)
        .groupBy('worker_id')
        .execute()
    ).map((row) => [row.worker_id!, row.first as string]),
  );

  // Staff records for everyone already in the council.
  const records: RowOf<'staff_records'>[] = [];
  let sweSerial = 0;
  const nextSwe = () => `SW${String(104_217 + (sweSerial++ * 7_919) % 880_000)}`;
  let agency = 0;
  for (const user of users) {
    const left = user.disabled_at ? londonDay(user.disabled_at) : null;
    const demoAccount = user.email.endsWith('@steadfast.example');
    const employment: EmploymentType =
      user.role === 'social_worker' && !demoAccount && r.chance(0.2) ? 'agency' : user.role === 'social_worker' && !demoAccount && r.chance(0.03) ? 'secondee' : 'permanent';
    if (employment === 'agency') agency += 1;
    const start = startInRole(r, user, left, firstAllocation.get(user.id) ?? null, today);
    records.push({
      user_id: user.id,
      grade: GRADES[user.role] ?? null,
      employment_type: employment,
      contracted_hours: Math.round(37 * Number(user.fte) * 10) / 10,
      start_in_role: start,
      start_origin: user.role === 'social_worker' && isAsye('social_worker', user.asye_started_on, start) ? '1' : r.weighted(START_ORIGINS),
      // A few registered social workers have no number recorded yet, so the census summary has something to show.
      swe_number: SOCIAL_WORK_ROLES.includes(user.role) && !r.chance(0.02) ? nextSwe() : null,
      qualification_institution: SOCIAL_WORK_ROLES.includes(user.role) && !r.chance(0.04) ? r.pick(UNIVERSITIES) : null,
      left_on: left,
      leaving_reason: left ? r.weighted(LEAVING_REASONS) : null,
      leaving_destination: left ? r.weighted(DESTINATIONS) : null,
    });
  }

  // Leavers from earlier years who held no case still open in the demo, so
  // each census year has about the national turnover (14-16%).
  const caseTeams = await db.selectFrom('teams').select(['id', 'name', 'service_id']).where('name', 'not like', 'Independent Reviewing%').where('name', 'not like', 'Leaving Care%').orderBy('name').execute();
  const managerOf = new Map(users.filter((u) => u.role === 'team_manager' && u.team_id).map((u) => [u.team_id!, u.id]));
  const inPost = users.filter((u) => u.role === 'social_worker' && !u.disabled_at).length;
  const extraLeavers: RowOf<'users'>[] = [];
  for (let yearsBack = 0; yearsBack < 5; yearsBack++) {
    const yearEnd = censusYearEnd(today, yearsBack);
    const yearStart = addDays(addMonths(yearEnd, -12), 1);
    const already = records.filter((rec) => rec.left_on && rec.left_on >= yearStart && rec.left_on <= yearEnd).length;
    const target = Math.round(inPost * (0.13 + r.float() * 0.05));
    for (let i = already; i < target && caseTeams.length; i++) {
      const team = r.pick(caseTeams);
      const leftOn = addDays(yearStart, r.int(0, Math.max(0, Math.min(364, daysBetween(yearStart, today) - 1))));
      if (leftOn > today) continue;
      const startedOn = addDays(leftOn, -r.int(120, 365 * 6));
      const qualifiedOn = addDays(startedOn, -r.int(0, 365 * 8));
      const first = ctx.faker.person.firstName();
      const last = ctx.faker.person.lastName();
      const id = ctx.faker.string.uuid();
      extraLeavers.push({
        id,
        email: `${first}.${last}.former${extraLeavers.length + 1}@staff.steadfast.example`.toLowerCase().replace(/[^a-z0-9.@-]/g, ''),
        name: `${first} ${last}`,
        role: 'social_worker',
        team_id: team.id,
        service_id: null,
        line_manager_id: managerOf.get(team.id) ?? null,
        qualified_on: qualifiedOn,
        asye_started_on: qualifiedOn,
        fte: r.chance(0.2) ? 0.8 : 1,
        password_hash: ctx.passwordHash,
        disabled_at: at(leftOn, 17),
        created_at: at(startedOn, 9),
        updated_at: at(leftOn, 17),
      });
      const isAgency = r.chance(0.2);
      records.push({
        user_id: id,
        grade: GRADES.social_worker!,
        employment_type: isAgency ? 'agency' : 'permanent',
        contracted_hours: 37,
        start_in_role: startedOn,
        start_origin: r.weighted(START_ORIGINS),
        swe_number: nextSwe(),
        qualification_institution: r.pick(UNIVERSITIES),
        left_on: leftOn,
        leaving_reason: isAgency ? '8' : r.weighted(LEAVING_REASONS),
        leaving_destination: isAgency ? '3' : r.weighted(DESTINATIONS),
      });
    }
  }
  await insertRows(db, 'users', extraLeavers);
  await insertRows(db, 'staff_records', records);

  // Absence: about two in five people have had some in the last three years.
  const absences: RowOf<'staff_absences'>[] = [];
  for (const rec of records) {
    if (!r.chance(0.4)) continue;
    for (let n = r.int(1, 3); n > 0; n--) {
      const reason = r.weighted(ABSENCE_REASONS);
      const from = rec.start_in_role && rec.start_in_role > addDays(today, -1000) ? rec.start_in_role : addDays(today, -1000);
      const until = rec.left_on ?? today;
      if (from >= until) continue;
      const start = addDays(from, r.int(0, daysBetween(from, until)));
      const length = reason === 'MAT' ? r.int(120, 270) : reason === 'SIC' ? (r.chance(0.1) ? r.int(20, 60) : r.int(0, 4)) : r.int(0, 2);
      const end = addDays(start, length) > until ? until : addDays(start, length);
      absences.push({ user_id: rec.user_id as string, reason, start_date: start, end_date: end, working_days_lost: weekdaysBetween(start, end) });
    }
  }
  await insertRows(db, 'staff_absences', absences);

  // Funded posts: each social work team's employed FTE in post plus its vacancies (about 17-19% nationally).
  const establishment: RowOf<'team_establishment'>[] = [];
  const byId = new Map(users.map((u) => [u.id, u]));
  const socialWorkTeams = await db.selectFrom('teams').select(['id']).where('name', 'not like', 'Leaving Care%').orderBy('name').execute();
  for (const team of socialWorkTeams) {
    const employedFte = records
      .filter((rec) => !rec.left_on && rec.employment_type !== 'agency')
      .map((rec) => byId.get(rec.user_id as string))
      .filter((u) => u && u.team_id === team.id && SOCIAL_WORK_ROLES.includes(u.role))
      .reduce((sum, u) => sum + Number(u!.fte), 0);
    if (employedFte === 0) continue;
    const funded = Math.round((employedFte / (1 - (0.1 + r.float() * 0.14))) * 2) / 2;
    establishment.push({ team_id: team.id, effective_from: addDays(today, -365 * 6), funded_fte: Math.max(1, funded - 0.5) });
    establishment.push({ team_id: team.id, effective_from: addDays(today, -400), funded_fte: funded });
  }
  await insertRows(db, 'team_establishment', establishment);

  const supervisions = await addSupervision(ctx, r, users, records);
  const caseSupervisions = await addCaseOversight(ctx, r);
  const attendance = await addTraining(ctx, r, users, records);
  return { staffRecords: records.length, leavers: records.filter((rec) => rec.left_on).length, agency, supervisions, caseSupervisions, attendance };
}

/** 30 September of the census year `yearsBack` years before the one that contains or last ended before today. */
function censusYearEnd(today: string, yearsBack: number): string {
  const year = Number(today.slice(0, 4));
  const latest = today >= `${year}-09-30` ? year : year - 1;
  return `${latest - yearsBack}-09-30`;
}

type DemoUser = {
  id: string;
  role: Role;
  qualified_on: string | null;
  asye_started_on: string | null;
  disabled_at: Date | null;
  created_at: Date;
  team_id: string | null;
  line_manager_id: string | null;
};

/**
 * When someone started in their role: never after their first allocation or
 * before they qualified; about a third of social workers in post under two
 * years, as nationally.
 */
function startInRole(r: Rand, user: DemoUser, left: string | null, firstAllocation: string | null, today: string): string {
  if (left) return londonDay(user.created_at);
  let start: string;
  if (user.role === 'social_worker' && user.asye_started_on && isAsye('social_worker', user.asye_started_on, today)) start = addDays(user.asye_started_on, r.int(-14, 10));
  else if (user.role === 'social_worker' && r.chance(0.3)) start = addDays(today, -r.int(60, 700));
  else start = addDays(today, -r.int(730, 365 * 12));
  if (firstAllocation && firstAllocation < start) start = firstAllocation;
  if (user.qualified_on && start < user.qualified_on && SOCIAL_WORK_ROLES.includes(user.role)) start = user.qualified_on;
  return start > today ? today : start;
}

/** Six months of one-to-one supervision; most on time, about one in seven overdue today, workload figures from the weekly snapshots. */
async function addSupervision(ctx: DemoContext, r: Rand, users: readonly DemoUser[], records: readonly RowOf<'staff_records'>[]): Promise<number> {
  const { db, today } = ctx;
  const settings = DEFAULT_SUPERVISION_SETTINGS;
  const startOf = new Map(records.map((rec) => [rec.user_id as string, rec.start_in_role as string]));
  const snapshots = await db.selectFrom('workload_snapshots').select(['worker_id', 'snapshot_date', 'children', 'points', 'capacity_percent']).orderBy('snapshot_date').execute();
  const snapshotsOf = new Map<string, typeof snapshots>();
  for (const s of snapshots) {
    const list = snapshotsOf.get(s.worker_id);
    if (list) list.push(s);
    else snapshotsOf.set(s.worker_id, [s]);
  }
  const rows: (RowOf<'supervisions'> & { id: string })[] = [];
  const actions: RowOf<'supervision_actions'>[] = [];
  for (const user of users) {
    if (user.disabled_at || !user.line_manager_id || !settings.supervisedRoles.includes(user.role)) continue;
    const overdue = r.chance(0.14);
    let held = [addDays(today, -183), startOf.get(user.id) ?? today].sort().at(-1)!;
    held = addDays(held, r.int(0, 10));
    const list: string[] = [];
    while (held <= today) {
      list.push(held);
      const frequency = frequencyOn({ role: user.role, asyeStartedOn: user.asye_started_on }, held, settings);
      const next = frequency === 'weekly' ? addDays(held, 7) : frequency === 'fortnightly' ? addDays(held, 14) : addMonths(held, 1);
      held = addDays(next, r.int(-4, 2));
    }
    // An overdue worker missed the last one or two.
    if (overdue && list.length > 1) list.splice(list.length - r.int(1, Math.min(2, list.length - 1)));
    for (const day of list) {
      const snapshot = (snapshotsOf.get(user.id) ?? []).filter((s) => s.snapshot_date <= day).at(-1);
      const discussed = r.chance(0.85);
      const asye = user.role === 'social_worker' && isAsye(user.role, user.asye_started_on, day);
      const id = ctx.faker.string.uuid();
      rows.push({
        id,
        worker_id: user.id,
        supervisor_id: user.line_manager_id,
        held_on: day,
        kind: (asye ? 'asye' : r.weighted([['reflective', 6], ['case', 3], ['group', 1]] as const)) as SupervisionKind,
        wellbeing: r.weighted([['well', 6], ['some_pressure', 3], ['struggling', 1]] as const) as Wellbeing,
        workload_discussed: discussed,
        workload_as_at: discussed && snapshot ? snapshot.snapshot_date : null,
        workload_children: discussed && snapshot ? snapshot.children : null,
        workload_points: discussed && snapshot ? snapshot.points : null,
        workload_capacity_percent: discussed && snapshot && snapshot.capacity_percent !== null ? Math.round(Number(snapshot.capacity_percent) * 10) / 10 : null,
        summary: r.pick(SUMMARIES),
        private_reflection: r.chance(0.3) ? 'Talked about the emotional weight of the work and what helps.' : null,
        recorded_by: user.line_manager_id,
        recorded_at: at(day, 16, r.int(0, 59)),
      });
      for (let n = r.int(0, 2); n > 0; n--) {
        const due = addDays(day, r.int(7, 28));
        actions.push({
          supervision_id: id,
          description: r.pick(ACTIONS),
          owner_id: r.chance(0.7) ? user.id : user.line_manager_id,
          due_on: due,
          done_on: due < today && r.chance(0.85) ? addDays(due, -r.int(0, 5)) : null,
        });
      }
    }
  }
  await insertRows(db, 'supervisions', rows);
  await insertRows(db, 'supervision_actions', actions);
  return rows.length;
}

/** Management oversight on open cases: regular, with about one case in ten overdue. */
async function addCaseOversight(ctx: DemoContext, r: Rand): Promise<number> {
  const { db, today } = ctx;
  const open = await db
    .selectFrom('allocations')
    .innerJoin('child_status', 'child_status.child_id', 'allocations.child_id')
    .select(['allocations.child_id', 'allocations.team_id', 'allocations.worker_id', 'allocations.start_date', 'child_status.status'])
    .where('allocations.role', '=', 'lead')
    .where('allocations.end_date', 'is', null)
    .where('child_status.status', '!=', 'closed')
    .orderBy('allocations.child_id')
    .execute();
  const managers = await db.selectFrom('users').select(['id', 'team_id']).where('role', 'in', ['team_manager', 'practice_supervisor']).where('disabled_at', 'is', null).orderBy('email').execute();
  const managersOf = new Map<string, string[]>();
  for (const m of managers) if (m.team_id) managersOf.set(m.team_id, [...(managersOf.get(m.team_id) ?? []), m.id]);
  const rows: RowOf<'case_supervisions'>[] = [];
  for (const c of open) {
    const who = managersOf.get(c.team_id);
    if (!who) continue;
    const weeks = c.status === 'child_protection' ? DEFAULT_SUPERVISION_SETTINGS.oversightWeeksCp : DEFAULT_SUPERVISION_SETTINGS.oversightWeeksOther;
    const late = r.chance(0.1);
    let day = addDays(today, -(late ? r.int(weeks * 7 + 3, weeks * 7 + 30) : r.int(1, weeks * 7 - 3)));
    for (let n = 0; n < 3 && day >= c.start_date; n++) {
      const supervisor = r.pick(who);
      rows.push({
        child_id: c.child_id,
        held_on: day,
        supervisor_id: supervisor,
        worker_id: c.worker_id,
        decision: r.pick(DECISIONS),
        direction: r.pick(DIRECTIONS),
        recorded_by: supervisor,
        recorded_at: at(day, 15, r.int(0, 59)),
      });
      day = addDays(day, -r.int(weeks * 7 - 10, weeks * 7));
    }
  }
  await insertRows(db, 'case_supervisions', rows);
  return rows.length;
}

/** The catalogue, what each role must do, and attendance: most up to date, some expired, some never done. */
async function addTraining(ctx: DemoContext, r: Rand, users: readonly DemoUser[], records: readonly RowOf<'staff_records'>[]): Promise<number> {
  const { db, today } = ctx;
  const courses = await db
    .insertInto('training_courses')
    .values(TRAINING_CATALOGUE.map((c) => ({ name: c.name, category: c.category, description: c.description, renewal_months: c.renewalMonths })))
    .returning(['id', 'name'])
    .execute();
  const idOf = new Map(courses.map((c) => [c.name, c.id]));
  const requirements = TRAINING_CATALOGUE.flatMap((c) => c.requiredFor.map((role) => ({ course_id: idOf.get(c.name)!, role })));
  if (requirements.length) await db.insertInto('training_requirements').values(requirements).execute();
  const startOf = new Map(records.map((rec) => [rec.user_id as string, rec.start_in_role as string]));
  const rows: RowOf<'training_attendance'>[] = [];
  for (const user of users) {
    if (user.disabled_at) continue;
    for (const course of TRAINING_CATALOGUE) {
      const required = course.requiredFor.includes(user.role);
      if (!(required ? r.chance(0.9) : r.chance(0.15))) continue;
      const from = startOf.get(user.id) ?? addDays(today, -1000);
      const earliest = from > addDays(today, -1100) ? from : addDays(today, -1100);
      if (earliest >= today) continue;
      const attended = addDays(earliest, r.int(0, daysBetween(earliest, today)));
      rows.push({ user_id: user.id, course_id: idOf.get(course.name)!, attended_on: attended });
    }
  }
  await insertRows(db, 'training_attendance', rows);
  return rows.length;
}

