import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { addDays } from '../platform/calendar/dates.ts';
import { addWorkingDays } from '../platform/calendar/working-days.ts';
import { findWorkers } from '../workload/index.ts';
import { DEFAULT_SETTINGS, DEFAULT_WEIGHTING, planDueOn, type ReductionReason } from '../workload/index.ts';
import { CASE_HOLDING_ROLES, caseloadsFor, escalateVariances, reassessWorkers, takeSnapshot } from '../workload/index.ts';
import { backfillSnapshots } from '../workload/index.ts';
import type { DemoContext } from './context.ts';

/**
 * Caseload monitoring for the demo council, after the children and their
 * allocations exist: a weighting model with a history, complexity tiers and
 * care proceedings, a few reductions of time, a year of trend back-filled
 * from the allocation history, today's check, and variances at every stage
 * (a plan made in time, a plan made late, escalated to the service manager,
 * escalated to the head of service, just opened, and closed), so a newcomer
 * sees the whole story. Every random choice comes from the demo's seed.
 */

export interface CaseloadDemoSummary {
  caseFactors: number;
  reductions: number;
  snapshots: number;
  openVariances: number;
  closedVariances: number;
}

type Stage = 'escalated_head' | 'in_time' | 'late_plan' | 'escalated_service' | 'new';
const STAGE_CYCLE: readonly Stage[] = ['in_time', 'late_plan', 'escalated_service', 'new', 'in_time'];

const at = (date: string, hour = 10) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);

export async function generateCaseload(ctx: DemoContext): Promise<CaseloadDemoSummary> {
  const { db, random, today } = ctx;
  const admin = await db.selectFrom('users').select('id').where('role', '=', 'system_admin').orderBy('email').executeTakeFirst();

  // A weighting model with a past: the first one agreed with practitioners, then this year's review.
  await db
    .insertInto('weighting_models')
    .values([
      {
        effective_from: addDays(today, -420),
        rules: JSON.stringify({ ...DEFAULT_WEIGHTING, points: { ...DEFAULT_WEIGHTING.points, child_protection: 6 }, courtPoints: 2 }),
        note: 'First model, agreed with practitioners and the union',
        created_by: admin?.id ?? null,
      },
      {
        effective_from: addDays(today, -120),
        rules: JSON.stringify(DEFAULT_WEIGHTING),
        note: 'Annual review: child protection plans and care proceedings take more time than the first model allowed',
        created_by: admin?.id ?? null,
      },
    ])
    .execute();

  const caseFactors = await addCaseFactors(ctx);
  const reductions = await addReductions(ctx);
  await pushSomeWorkersOver(ctx);

  const backfill = await backfillSnapshots(db, { today, weeks: 52 });
  const now = at(today, 7);
  const workers = await findWorkers(db, { roles: CASE_HOLDING_ROLES });
  for (let i = 0; i < workers.length; i += 100) {
    await reassessWorkers(db, workers.slice(i, i + 100).map((w) => w.id), { today, now, trigger: 'daily check', actorId: null });
  }
  await escalateVariances(db, { today, now });
  const snapshots = backfill.rows + (await takeSnapshot(db, today));

  const open = await stageOpenVariances(ctx);
  const closed = await addClosedVariances(ctx, random.int(3, 5) + Math.round(workers.length / 25));
  return { caseFactors, reductions, snapshots, openVariances: open, closedVariances: closed };
}

/** Children in a stable order, so the same seed picks the same ones. */
async function childrenWithCases(db: Db) {
  return db
    .selectFrom('people')
    .innerJoin('child_status', 'child_status.child_id', 'people.id')
    .select(['people.id', 'child_status.status', 'child_status.cp_plan_start_date', 'child_status.care_episode_id'])
    .where('people.is_child', '=', true)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('allocations')
          .select(sql`1`.as('one'))
          .whereRef('allocations.child_id', '=', 'people.id')
          .where('allocations.end_date', 'is', null)
          .where('allocations.worker_id', 'is not', null),
      ),
    )
    .orderBy('people.la_child_id')
    .orderBy('people.surname')
    .orderBy('people.forename')
    .orderBy('people.date_of_birth')
    .execute();
}

async function addCaseFactors(ctx: DemoContext): Promise<number> {
  const { db, random, today } = ctx;
  let count = 0;
  for (const child of await childrenWithCases(db)) {
    const tier = random.chance(0.04) ? 3 : random.chance(0.12) ? 2 : 1;
    const inCourt = (child.status === 'looked_after' || child.status === 'child_protection') && random.chance(0.15);
    if (tier === 1 && !inCourt) continue;
    await db
      .insertInto('case_factors')
      .values({
        child_id: child.id,
        complexity_tier: tier,
        court_proceedings_since: inCourt ? addDays(today, -random.int(14, 300)) : null,
      })
      .execute();
    count += 1;
  }
  return count;
}

async function addReductions(ctx: DemoContext): Promise<number> {
  const { db, random, today } = ctx;
  const staff = await db
    .selectFrom('users')
    .select(['id', 'line_manager_id'])
    .where('role', 'in', ['social_worker', 'personal_adviser'])
    .where('disabled_at', 'is', null)
    .orderBy('email')
    .execute();
  const plans: { reason: ReductionReason; percent: number; start: number; end: number; note: string }[] = [
    { reason: 'leave', percent: 50, start: -4, end: 10, note: 'Annual leave, half of each week' },
    { reason: 'phased_return', percent: 40, start: -15, end: 27, note: 'Phased return after an operation, agreed with occupational health' },
    { reason: 'special_duties', percent: 20, start: -60, end: 90, note: 'Practice educator for a student social worker' },
    { reason: 'secondment', percent: 50, start: -200, end: -110, note: 'Seconded to the multi-agency safeguarding hub, two and a half days a week' },
    { reason: 'leave', percent: 100, start: -40, end: -26, note: 'Compassionate leave' },
  ];
  let count = 0;
  for (const person of staff) {
    if (!random.chance(0.08)) continue;
    const plan = random.pick(plans);
    await db
      .insertInto('workload_reductions')
      .values({
        user_id: person.id,
        reason: plan.reason,
        percent: plan.percent,
        start_date: addDays(today, plan.start),
        end_date: addDays(today, plan.end),
        note: plan.note,
        created_by: person.line_manager_id,
      })
      .execute();
    count += 1;
  }
  return count;
}

/**
 * Some teams run hot: when fewer than one worker in 12 is over the amber
 * level, the busiest are given more complex cases (a higher tier on the
 * cases they lead) until they are.
 */
async function pushSomeWorkersOver(ctx: DemoContext): Promise<void> {
  const { db, today } = ctx;
  const { caseloads } = await caseloadsFor(db, {}, today);
  const measured = caseloads.filter((c) => c.worker.role === 'social_worker' && c.capacityPercent !== null && c.cases.length > 0);
  const target = Math.max(2, Math.round(measured.length / 12));
  const over = measured.filter((c) => (c.capacityPercent ?? 0) > DEFAULT_SETTINGS.amberPercent).length;
  const busiest = measured
    .filter((c) => (c.capacityPercent ?? 0) <= DEFAULT_SETTINGS.amberPercent)
    .sort((a, b) => (b.capacityPercent ?? 0) - (a.capacityPercent ?? 0) || a.worker.name.localeCompare(b.worker.name))
    .slice(0, Math.max(0, target - over));
  for (const worker of busiest) {
    let points = worker.points;
    const needed = (worker.available.available * (DEFAULT_SETTINGS.amberPercent + 4)) / 100;
    for (const c of [...worker.cases].filter((c) => c.role === 'lead').sort((a, b) => b.points - a.points)) {
      if (points > needed) break;
      await db
        .insertInto('case_factors')
        .values({ child_id: c.child_id, complexity_tier: 3 })
        .onConflict((oc) => oc.column('child_id').doUpdateSet({ complexity_tier: 3 }))
        .execute();
      points += c.points * (DEFAULT_WEIGHTING.complexity[3] - 1);
    }
  }
}

interface VarianceRow {
  id: string;
  worker_id: string;
  team_id: string | null;
  kind: string;
  manager_id: string | null;
}

async function ownerFor(db: Db, variance: VarianceRow): Promise<string | null> {
  if (variance.manager_id) return variance.manager_id;
  const manager = await db
    .selectFrom('users')
    .select('id')
    .where('team_id', '=', variance.team_id)
    .where('role', '=', 'team_manager')
    .orderBy('email')
    .executeTakeFirst();
  return manager?.id ?? null;
}

/**
 * Today's check opened each variance today; here each is given a past: when
 * it opened, its plan due date, and what happened since, by stage.
 */
async function stageOpenVariances(ctx: DemoContext): Promise<number> {
  const { db, random } = ctx;
  const open = await db
    .selectFrom('variances')
    .innerJoin('users', 'users.id', 'variances.worker_id')
    .select(['variances.id', 'variances.worker_id', 'variances.team_id', 'variances.kind', 'variances.manager_id'])
    .where('variances.closed_at', 'is', null)
    // The serious ones first, so the head of service's escalation goes to a worker over capacity.
    .orderBy(sql`CASE variances.kind WHEN 'over_capacity' THEN 0 WHEN 'over_children_ceiling' THEN 1 WHEN 'asye_protection' THEN 2 ELSE 3 END`)
    .orderBy('users.email')
    .execute();
  let index = 0;
  for (const variance of open) {
    const stage: Stage = index === 0 ? 'escalated_head' : STAGE_CYCLE[(index - 1) % STAGE_CYCLE.length]!;
    index += 1;
    await giveHistory(ctx, variance, stage, random.int(0, 4));
  }
  return open.length;
}

async function giveHistory(ctx: DemoContext, variance: VarianceRow, stage: Stage, jitter: number): Promise<void> {
  const { db, today } = ctx;
  const ageDays = { escalated_head: 33 + jitter, in_time: 9 + jitter, late_plan: 14 + jitter, escalated_service: 9 + jitter, new: Math.min(jitter, 2) }[stage];
  const openedOn = addDays(today, -ageDays);
  const due = planDueOn(openedOn, DEFAULT_SETTINGS);
  const owner = await ownerFor(db, variance);
  // Keep what the check found, as if an allocation had tipped the worker over on the day it opened.
  const found = await db.selectFrom('variance_events').select('detail').where('variance_id', '=', variance.id).where('kind', '=', 'opened').executeTakeFirst();
  const openedDetail = found ? found.detail.replace('(after daily check)', '(after allocation)') : `${describeKind(variance.kind)} (after allocation)`;
  const events: { occurred_at: Date; kind: string; detail: string; actor_id: string | null }[] = [
    { occurred_at: at(openedOn), kind: 'opened', detail: openedDetail, actor_id: null },
  ];
  const update: Record<string, unknown> = { opened_at: at(openedOn), opened_on: openedOn, opened_trigger: 'allocation', plan_due_on: due };
  const escalatedToService = at(addDays(due, 1), 7);
  if (stage === 'escalated_head' || stage === 'late_plan' || stage === 'escalated_service') {
    if (due < today) {
      update.escalated_to_service_at = escalatedToService;
      events.push({ occurred_at: escalatedToService, kind: 'escalated', detail: `No action plan by ${due}: escalated to the service manager`, actor_id: null });
    }
  }
  if (stage === 'escalated_head') {
    const toHead = at(addDays(openedOn, DEFAULT_SETTINGS.headEscalationDays), 7);
    update.escalated_to_head_at = toHead;
    events.push({ occurred_at: toHead, kind: 'escalated', detail: `Unresolved after ${DEFAULT_SETTINGS.headEscalationDays} days: escalated to the head of service`, actor_id: null });
  }
  const planOn = stage === 'in_time' ? addWorkingDays(openedOn, 2) : stage === 'late_plan' ? addDays(due, 3) : stage === 'escalated_head' ? addDays(due, 6) : null;
  if (planOn && owner && planOn <= today) {
    const planAt = at(planOn, 14);
    update.plan_recorded_at = planAt;
    update.first_action_at = planAt;
    const actions = planFor(variance.kind, planOn, stage === 'in_time');
    events.push({ occurred_at: planAt, kind: 'plan_recorded', detail: 'Action plan recorded with its first action', actor_id: owner });
    for (const action of actions) {
      const completed = action.done && action.due <= today ? at(action.due, 16) : null;
      await db
        .insertInto('variance_actions')
        .values({
          variance_id: variance.id,
          action_type: action.type,
          description: action.text,
          owner_id: owner,
          due_on: action.due,
          status: completed ? 'done' : 'open',
          created_by: owner,
          created_at: planAt,
          completed_at: completed,
        })
        .execute();
      events.push({ occurred_at: planAt, kind: 'action_added', detail: `${action.text}, due ${action.due}`, actor_id: owner });
      if (completed) events.push({ occurred_at: completed, kind: 'action_status', detail: `${action.text}: open → done`, actor_id: owner });
    }
  }
  await db.updateTable('variances').set(update).where('id', '=', variance.id).execute();
  await db.deleteFrom('variance_events').where('variance_id', '=', variance.id).execute();
  await db
    .insertInto('variance_events')
    .values(events.map((e) => ({ ...e, variance_id: variance.id })))
    .execute();
}

/** The actions a manager records for a variance: each answers the variance it is for (a worker under the floor is given children, not refused them). */
function planFor(kind: string, planOn: string, inTime: boolean) {
  const first = addWorkingDays(planOn, 5);
  if (kind === 'under_floor') {
    return [
      { type: 'other' as const, text: 'Offer the worker the next suitable children at the allocation meeting', due: first, done: inTime },
      { type: 'other' as const, text: 'Check at supervision that the caseload is back above the floor', due: addDays(planOn, 28), done: false },
    ];
  }
  if (kind === 'asye_protection') {
    return [
      { type: 'reallocate_children' as const, text: 'Move the child protection or court case to an experienced colleague', due: first, done: inTime },
      { type: 'temporary_support' as const, text: 'A senior practitioner co-works the case until it moves', due: addDays(planOn, 14), done: false },
    ];
  }
  return [
    { type: 'reallocate_children' as const, text: 'Move two children to colleagues with room, at the next allocation meeting', due: first, done: inTime },
    { type: 'stop_new_allocations' as const, text: 'No new allocations until capacity is back within the level', due: addDays(planOn, 28), done: false },
  ];
}

function describeKind(kind: string): string {
  return (
    {
      over_capacity: 'Capacity over the recommended level',
      over_children_ceiling: 'More children than the recommended ceiling',
      asye_protection: 'ASYE worker leading a child protection or court case',
      under_floor: 'Capacity under the floor',
    }[kind] ?? kind
  );
}

/** Variances from earlier in the year that were planned for and closed. */
async function addClosedVariances(ctx: DemoContext, howMany: number): Promise<number> {
  const { db, random, today } = ctx;
  const workers = await db
    .selectFrom('users')
    .select(['id', 'team_id', 'line_manager_id'])
    .where('role', '=', 'social_worker')
    .where('disabled_at', 'is', null)
    .orderBy('email')
    .execute();
  let count = 0;
  for (let i = 0; i < howMany && workers.length > 0; i++) {
    const worker = workers[random.int(0, workers.length - 1)]!;
    const owner = worker.line_manager_id ?? (await ownerFor(db, { id: '', worker_id: worker.id, team_id: worker.team_id, kind: '', manager_id: null }));
    if (!owner) continue;
    const openedOn = addDays(today, -random.int(70, 300));
    const due = planDueOn(openedOn, DEFAULT_SETTINGS);
    const planOn = addWorkingDays(openedOn, random.int(1, 6));
    const closedOn = addDays(openedOn, random.int(18, 50));
    const late = planOn > due;
    const peak = random.chance(0.3) ? ('red' as const) : ('amber' as const);
    const value = peak === 'red' ? random.int(111, 125) : random.int(101, 110);
    const variance = await db
      .insertInto('variances')
      .values({
        worker_id: worker.id,
        team_id: worker.team_id,
        kind: 'over_capacity',
        level: peak,
        peak_level: peak,
        opened_at: at(openedOn),
        opened_on: openedOn,
        opened_trigger: 'allocation',
        opened_value: value,
        threshold: peak === 'red' ? DEFAULT_SETTINGS.redPercent : DEFAULT_SETTINGS.amberPercent,
        current_value: value,
        manager_id: owner,
        plan_due_on: due,
        plan_recorded_at: at(planOn, 14),
        first_action_at: at(planOn, 14),
        escalated_to_service_at: late ? at(addDays(due, 1), 7) : null,
        closed_at: at(closedOn, 15),
        closed_on: closedOn,
        closed_trigger: 'allocation',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const actionDue = addWorkingDays(planOn, 5);
    await db
      .insertInto('variance_actions')
      .values({
        variance_id: variance.id,
        action_type: 'reallocate_children',
        description: 'Reallocate two children to a colleague with capacity',
        owner_id: owner,
        due_on: actionDue,
        status: 'done',
        created_by: owner,
        created_at: at(planOn, 14),
        completed_at: at(actionDue < closedOn ? actionDue : closedOn, 12),
      })
      .execute();
    await db
      .insertInto('variance_events')
      .values([
        { variance_id: variance.id, occurred_at: at(openedOn), kind: 'opened', detail: `Capacity ${value}%, over the ${peak} level (after allocation)`, actor_id: owner },
        ...(late ? [{ variance_id: variance.id, occurred_at: at(addDays(due, 1), 7), kind: 'escalated', detail: `No action plan by ${due}: escalated to the service manager`, actor_id: null }] : []),
        { variance_id: variance.id, occurred_at: at(planOn, 14), kind: 'plan_recorded', detail: 'Action plan recorded with its first action', actor_id: owner },
        { variance_id: variance.id, occurred_at: at(planOn, 14), kind: 'action_added', detail: `Reallocate two children to a colleague with capacity, due ${actionDue}`, actor_id: owner },
        { variance_id: variance.id, occurred_at: at(closedOn, 15), kind: 'closed', detail: 'Back within the recommended level (after allocation)', actor_id: owner },
      ])
      .execute();
    count += 1;
  }
  return count;
}
