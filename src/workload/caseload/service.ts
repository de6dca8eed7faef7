import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { groupBy } from '../../platform/collections/group-by.ts';
import { WORKER_FIGURES_LOCK } from '../../db/migrations/0009_worker_figures.ts';
import { inTransaction } from '../../db/transactions.ts';
import { upsertSnapshots } from '../trends/queries.ts';
import type { Role, WorkerFiguresTable } from '../../db/schema.ts';
import {
  availablePoints,
  capacityPercent,
  escalationStage,
  planDueOn,
  reconcileVariances,
  unsuitableForAsye,
  varianceConditions,
  weighCases,
  weightingWithDefaults,
  withDefaults,
  type AvailablePoints,
  type CaseloadSettings,
  type VarianceCondition,
  type WeightingRules,
  type WorkerForCapacity,
} from './rules.ts';
import { knownForecast, type ForecastWorker, type KnownForecast } from '../forecast/rules.ts';
import {
  findEscalationPeople,
  findOpenCases,
  findOpenVariances,
  findRecentlyClosedVariance,
  findReductions,
  findSettingsRow,
  findStoredFigures,
  findWeightingVersions,
  findWorkers,
  findWorkersOfChild,
  findWorkersWithFigures,
  storeFigures,
  type CaseRow,
  type NamedFor,
  type WorkerRow,
} from './queries.ts';
import { caseForWeighting, placementTravelMiles } from './weighting-input.ts';
import { addDays, formatDate } from '../../platform/calendar/dates.ts';
import { notify } from '../../platform/notifications/notifications.ts';
import { sharedCache } from '../../platform/db/shared-cache.ts';

/** Roles that can hold a caseload; managers hold cases only when allocated them. */
export const CASE_HOLDING_ROLES: Role[] = ['social_worker', 'practice_supervisor', 'team_manager', 'personal_adviser'];

export interface CaseloadContext {
  today: string;
  settings: CaseloadSettings;
  weighting: WeightingRules;
  /** The weighting model in force, or null for the built-in defaults. */
  weightingModelId: string | null;
}

/** The settings and every version of the weighting model: the same for everyone, held by each instance until they change. */
const caseloadShared = sharedCache(async (db) => {
  const [settingsRow, models] = await Promise.all([findSettingsRow(db), findWeightingVersions(db)]);
  return { settings: withDefaults(settingsRow?.settings as Partial<CaseloadSettings> | undefined), models };
});

/**
 * The settings and the weighting model in force today. A page passes the
 * settings' version it read beside its own rows, and gets them from memory
 * while the version stands; without one (a transaction, a job) they are read.
 */
export async function loadCaseloadContext(db: Db, today: string, settingsVersion?: number | null): Promise<CaseloadContext> {
  const { settings, models } = await caseloadShared.get(db, settingsVersion);
  const model = models.find((m) => m.effective_from <= today);
  return {
    today,
    settings,
    weighting: weightingWithDefaults(model?.rules as Partial<WeightingRules> | undefined),
    weightingModelId: model?.id ?? null,
  };
}

export interface WeighedCaseRow extends CaseRow {
  points: number;
  reasons: string[];
  travelMiles: number | null;
  /** An ASYE worker leading a CP or court case. */
  asyeFlag: boolean;
}

export interface WorkerCaseload {
  worker: WorkerRow;
  /** The worker's time, as the figures were worked out from it: role, FTE, ASYE and reductions in force or to come. */
  capacityInput: WorkerForCapacity;
  cases: WeighedCaseRow[];
  /** The DfE count: children the worker holds as allocated social worker or personal adviser. */
  children: number;
  points: number;
  available: AvailablePoints;
  capacityPercent: number | null;
  conditions: VarianceCondition[];
}

/** The columns of a reduction that the figures are worked out from. */
export type ReductionInput = Pick<Awaited<ReturnType<typeof findReductions>>[number], 'user_id' | 'reason' | 'percent' | 'hours_per_week' | 'start_date' | 'end_date'>;

/**
 * Every worker's caseload today. A caller that has already read the workers'
 * reductions (every one, or those ending today or later) passes them, so they
 * are not read twice; one that shows the cases to a viewer passes `namedFor`,
 * and each case says whether its child may be named to them.
 */
export async function computeCaseloads(
  db: Db,
  workers: WorkerRow[],
  context: CaseloadContext,
  knownReductions?: readonly ReductionInput[],
  namedFor?: NamedFor,
): Promise<WorkerCaseload[]> {
  const ids = workers.map((w) => w.id);
  const [cases, reductions] = await Promise.all([
    findOpenCases(db, ids, namedFor),
    knownReductions
      ? knownReductions.filter((r) => r.end_date >= context.today).sort((a, b) => (a.start_date < b.start_date ? -1 : a.start_date > b.start_date ? 1 : 0))
      : findReductions(db, ids, context.today),
  ]);
  const casesByWorker = groupBy(cases, (c) => c.worker_id);
  const reductionsByWorker = groupBy(reductions, (r) => r.user_id);
  return workers.map((worker) => {
    const own = casesByWorker.get(worker.id) ?? [];
    const capacityInput: WorkerForCapacity = {
      role: worker.role,
      fte: worker.fte,
      asyeStartedOn: worker.asye_started_on,
      reductions: (reductionsByWorker.get(worker.id) ?? []).map((r) => ({
        reason: r.reason,
        percent: r.percent,
        hoursPerWeek: r.hours_per_week,
        startDate: r.start_date,
        endDate: r.end_date,
      })),
    };
    const available = availablePoints(capacityInput, context.settings, context.today);
    const travel = own.map((c) => placementTravelMiles(c, worker.team_base_postcode));
    const inputs = own.map((c, i) => caseForWeighting(c, travel[i] ?? null, context.today));
    const weighed = weighCases(inputs, context.weighting);
    const isAsye = available.asyePercent !== null;
    const rows: WeighedCaseRow[] = own.map((c, i) => ({
      ...c,
      points: weighed[i]!.points,
      reasons: weighed[i]!.reasons,
      travelMiles: travel[i] ?? null,
      asyeFlag: isAsye && unsuitableForAsye(inputs[i]!, context.settings),
    }));
    const points = Math.round(rows.reduce((sum, c) => sum + c.points, 0) * 100) / 100;
    const children = new Set(rows.filter((c) => c.role !== 'co_worker').map((c) => c.child_id)).size;
    const conditions = varianceConditions(
      { role: worker.role, children, points, available, asyeUnsuitableLeads: rows.filter((c) => c.asyeFlag).length },
      context.settings,
    );
    return { worker, capacityInput, cases: rows, children, points, available, capacityPercent: capacityPercent(points, available.available), conditions };
  });
}

/** A worker's caseload as the forecast reads it: today's cases with the dates that will change them. */
export function forecastInput(caseload: WorkerCaseload): ForecastWorker {
  return {
    ...caseload.capacityInput,
    cases: caseload.cases.map((c) => ({
      weighing: {
        childId: c.child_id,
        role: c.role,
        status: c.status,
        complexityTier: (c.complexity_tier ?? 1) as 1 | 2 | 3,
        familyId: c.family_id,
        placementPostcode: c.placement_postcode,
        placementOutOfArea: c.placement_out_of_area,
        travelMiles: c.travelMiles,
      },
      dateOfBirth: c.date_of_birth,
      supportUntil: c.support_until,
      courtProceedingsSince: c.court_proceedings_since,
    })),
  };
}

/** What the team, service and council pages show of a worker: their figures, not each case. */
export interface WorkerFigures {
  worker: WorkerRow;
  children: number;
  points: number;
  available: Pick<AvailablePoints, 'available' | 'childrenCeiling' | 'asyePercent'>;
  capacityPercent: number | null;
  /** Read only when asked for: what the record says of the worker's weeks ahead, before the team's rate is added. */
  knownForecast?: KnownForecast | undefined;
}

type Scope = { workerIds?: string[]; teamId?: string; serviceId?: string };

/**
 * Every case-holding worker's figures in the scope as at today, from the
 * store (migration 0009_worker_figures): a worker whose cases, time or team
 * changed, or whose figures are from another day, is worked out afresh and
 * stored first. Under the store's lock, which the triggers share, the check
 * is made again and the cases read, so no change can commit in between.
 */
export async function figuresFor(
  db: Db,
  scope: Scope,
  today: string,
  options: { withForecast?: boolean } = {},
): Promise<{ settings: CaseloadSettings; context: CaseloadContext; figures: WorkerFigures[]; /** Read with the workers, for the supervision figures beside them. */ supervisionVersion: number | null | undefined }> {
  const withForecast = options.withForecast ?? false;
  const rows = await findWorkersWithFigures(db, { ...scope, roles: CASE_HOLDING_ROLES }, today, withForecast);
  // The settings' version comes with the workers: while it stands, the settings are not read again.
  const context = await loadCaseloadContext(db, today, rows[0]?.settings_version);
  const workers: WorkerRow[] = [];
  const stored = new Map<string, StoredFigures>();
  for (const { figures_of, children, points, available, children_ceiling, asye_percent, capacity_percent, settings_version: _version, supervision_version: _supervision, forecast, ...worker } of rows) {
    workers.push(worker);
    if (figures_of !== null) {
      stored.set(worker.id, { children: children!, points: points!, available: available!, children_ceiling: children_ceiling!, asye_percent, capacity_percent, forecast: forecast as KnownForecast | undefined });
    }
  }
  const missing = workers.filter((w) => !stored.has(w.id));
  if (missing.length > 0) {
    const worked = await inTransaction(db, async (trx) => {
      await lockWorkerFigures(trx);
      const current = await findStoredFigures(trx, missing.map((w) => w.id), today);
      const have = new Set(current.map((row) => row.worker_id));
      const currentContext = await loadCaseloadContext(trx, today);
      const rows = figureRows(await computeCaseloads(trx, missing.filter((w) => !have.has(w.id)), currentContext), currentContext);
      await storeFigures(trx, rows);
      return [...current.map((row) => ({ ...row, forecast: row.forecast as unknown as KnownForecast })), ...rows.map((row) => ({ ...row, forecast: JSON.parse(row.forecast) as KnownForecast }))];
    });
    for (const row of worked) stored.set(row.worker_id, row);
  }
  return {
    settings: context.settings,
    context,
    supervisionVersion: rows[0]?.supervision_version,
    figures: workers.map((worker) => {
      const row = stored.get(worker.id)!;
      return {
        worker,
        children: row.children,
        points: row.points,
        available: { available: row.available, childrenCeiling: row.children_ceiling, asyePercent: row.asye_percent ?? null },
        capacityPercent: row.capacity_percent ?? null,
        ...(withForecast ? { knownForecast: row.forecast } : {}),
      };
    }),
  };
}

type StoredFigures = Pick<WorkerFiguresTable, 'children' | 'points' | 'available' | 'children_ceiling' | 'asye_percent' | 'capacity_percent'> & { forecast: KnownForecast | undefined };

/** Taken by whoever stores figures; the triggers on what they are worked out from share it. */
async function lockWorkerFigures(trx: Db) {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${WORKER_FIGURES_LOCK}))`.execute(trx);
}

function figureRows(caseloads: readonly WorkerCaseload[], context: CaseloadContext) {
  return caseloads.map((c) => ({
    worker_id: c.worker.id,
    as_at: context.today,
    children: c.children,
    points: c.points,
    available: c.available.available,
    children_ceiling: c.available.childrenCeiling,
    asye_percent: c.available.asyePercent,
    capacity_percent: c.capacityPercent,
    forecast: JSON.stringify(knownForecast(forecastInput(c), context.settings, context.weighting, context.today)),
  }));
}

export async function caseloadsFor(db: Db, scope: Scope, today: string) {
  const context = await loadCaseloadContext(db, today);
  const workers = await findWorkers(db, { ...scope, roles: CASE_HOLDING_ROLES });
  return { context, caseloads: await computeCaseloads(db, workers, context) };
}

/** A worker's caseload today, as a supervision record keeps it; null for a role that holds no caseload. */
export async function workloadOnDay(db: Db, workerId: string, today: string) {
  const { caseloads } = await caseloadsFor(db, { workerIds: [workerId] }, today);
  const caseload = caseloads[0];
  if (!caseload) return null;
  const capacity = caseload.capacityPercent !== null && Number.isFinite(caseload.capacityPercent) ? Math.round(caseload.capacityPercent * 10) / 10 : null;
  return { asAt: today, children: caseload.children, points: caseload.points, capacityPercent: capacity };
}

export interface ReassessOptions {
  today: string;
  now: Date;
  /** What prompted it, in words: 'allocation', 'legal status change', 'reduction', 'weighting change', 'daily check'. */
  trigger: string;
  actorId: string | null;
}

/**
 * Recomputes the workers' figures and opens, updates or closes their
 * variances, in the caller's transaction, so a variance opens in the same
 * commit as the allocation (or other change) that caused it.
 */
export async function reassessWorkers(db: Db, workerIds: string[], options: ReassessOptions): Promise<void> {
  const unique = [...new Set(workerIds)];
  if (unique.length === 0) return;
  const context = await loadCaseloadContext(db, options.today);
  const workers = await findWorkers(db, { workerIds: unique, roles: CASE_HOLDING_ROLES });
  const [caseloads, open] = await Promise.all([computeCaseloads(db, workers, context), findOpenVariances(db, unique)]);
  for (const caseload of caseloads) {
    const mine = open.filter((v) => v.worker_id === caseload.worker.id);
    const changes = reconcileVariances(
      mine.map((v) => ({ id: v.id, kind: v.kind, level: v.level })),
      caseload.conditions,
    );
    for (const condition of changes.open) {
      const days = context.settings.reopenWithinDays;
      const continued = days > 0 ? await findRecentlyClosedVariance(db, caseload.worker.id, condition.kind, addDays(options.today, -days)) : undefined;
      if (continued) {
        await db
          .updateTable('variances')
          .set({
            closed_at: null,
            closed_on: null,
            closed_trigger: null,
            level: condition.level,
            peak_level: continued.peak_level === 'red' || condition.level === 'red' ? 'red' : (condition.level ?? continued.peak_level),
            current_value: condition.value,
            threshold: condition.threshold,
          })
          .where('id', '=', continued.id)
          .execute();
        await addVarianceEvent(
          db,
          continued.id,
          options,
          'reopened',
          `${condition.description} (after ${options.trigger}): back over within ${days} days of closing on ${formatDate(continued.closed_on!)}, so this variance continues, with its plan deadline and escalation`,
        );
        continue;
      }
      const variance = await db
        .insertInto('variances')
        .values({
          worker_id: caseload.worker.id,
          team_id: caseload.worker.team_id,
          kind: condition.kind,
          level: condition.level,
          peak_level: condition.level,
          opened_at: options.now,
          opened_on: options.today,
          opened_trigger: options.trigger,
          opened_value: condition.value,
          threshold: condition.threshold,
          current_value: condition.value,
          manager_id: caseload.worker.line_manager_id,
          plan_due_on: planDueOn(options.today, context.settings),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await addVarianceEvent(db, variance.id, options, 'opened', `${condition.description} (after ${options.trigger})`);
      await notify(db, { kind: 'variance-opened', eventKey: variance.id, userIds: [caseload.worker.line_manager_id], link: `/variances/${variance.id}`, now: options.now });
    }
    for (const { variance, condition } of changes.update) {
      const row = mine.find((v) => v.id === variance.id)!;
      const levelChanged = row.level !== condition.level;
      const peak = row.peak_level === 'red' || condition.level === 'red' ? 'red' : (condition.level ?? row.peak_level);
      await db
        .updateTable('variances')
        .set({ level: condition.level, peak_level: peak, current_value: condition.value, threshold: condition.threshold })
        .where('id', '=', variance.id)
        .execute();
      if (levelChanged) await addVarianceEvent(db, variance.id, options, 'level', `${condition.description} (after ${options.trigger})`);
    }
    for (const variance of changes.close) {
      await db
        .updateTable('variances')
        .set({ closed_at: options.now, closed_on: options.today, closed_trigger: options.trigger })
        .where('id', '=', variance.id)
        .execute();
      await addVarianceEvent(db, variance.id, options, 'closed', `Back within the recommended level (after ${options.trigger})`);
    }
  }
}

/** After a change to one child's case, reassess everyone who holds the child. */
export async function reassessChildWorkers(db: Db, childId: string, options: ReassessOptions): Promise<void> {
  await reassessWorkers(db, await findWorkersOfChild(db, childId), options);
}

function notifyEscalation(db: Db, varianceId: string, stage: string, userIds: string[], now: Date) {
  return notify(db, { kind: 'variance-escalated', eventKey: `${varianceId}:${stage}`, userIds, link: `/variances/${varianceId}`, now });
}

async function addVarianceEvent(db: Db, varianceId: string, options: Pick<ReassessOptions, 'now' | 'actorId'>, kind: string, detail: string) {
  await db.insertInto('variance_events').values({ variance_id: varianceId, occurred_at: options.now, kind, detail, actor_id: options.actorId }).execute();
}

/**
 * Escalates open variances whose plan is late (to the service manager) or that
 * have stayed open too long (to the head of service), once each.
 */
export async function escalateVariances(db: Db, options: Pick<ReassessOptions, 'today' | 'now'>): Promise<number> {
  const context = await loadCaseloadContext(db, options.today);
  const open = await db.selectFrom('variances').selectAll().where('closed_at', 'is', null).execute();
  let escalated = 0;
  for (const variance of open) {
    const stage = escalationStage(
      { openedOn: variance.opened_on, planDueOn: variance.plan_due_on, planRecorded: variance.plan_recorded_at !== null },
      context.settings,
      options.today,
    );
    const people = stage === 'none' ? null : await findEscalationPeople(db, variance.team_id);
    if (stage !== 'none' && !variance.escalated_to_service_at && !variance.plan_recorded_at) {
      await db.updateTable('variances').set({ escalated_to_service_at: options.now }).where('id', '=', variance.id).execute();
      await addVarianceEvent(db, variance.id, { now: options.now, actorId: null }, 'escalated', `No action plan by ${variance.plan_due_on}: escalated to the service manager (${people!.serviceManagerIds.length} named)`);
      await notifyEscalation(db, variance.id, 'service', people!.serviceManagerIds, options.now);
      escalated += 1;
    }
    if ((stage === 'head_of_service' || stage === 'director') && !variance.escalated_to_head_at) {
      await db.updateTable('variances').set({ escalated_to_head_at: options.now }).where('id', '=', variance.id).execute();
      await addVarianceEvent(db, variance.id, { now: options.now, actorId: null }, 'escalated', `Unresolved after ${context.settings.headEscalationDays} days: escalated to the head of service`);
      await notifyEscalation(db, variance.id, 'head', people!.headIds, options.now);
      escalated += 1;
    }
    if (stage === 'director' && !variance.escalated_to_director_at) {
      await db.updateTable('variances').set({ escalated_to_director_at: options.now }).where('id', '=', variance.id).execute();
      const named = people!.directorNames.length ? ` (${people!.directorNames.join(', ')})` : '';
      await addVarianceEvent(db, variance.id, { now: options.now, actorId: null }, 'escalated', `Unresolved after ${context.settings.directorEscalationDays} days: escalated to the director${named}`);
      await notifyEscalation(db, variance.id, 'director', people!.directorIds, options.now);
      escalated += 1;
    }
  }
  return escalated;
}

/** Today's figures for every case-holding worker: one row each, replaced if taken again. */
export async function takeSnapshot(db: Db, today: string): Promise<number> {
  return inTransaction(db, async (trx) => {
    // The figures worked out for the snapshot are today's stored figures too, so the pages' first readers find them.
    await lockWorkerFigures(trx);
    const { context, caseloads } = await caseloadsFor(trx, {}, today);
    await storeFigures(trx, figureRows(caseloads, context));
    await upsertSnapshots(
      trx,
      caseloads.map((c) => ({
        snapshot_date: today,
        worker_id: c.worker.id,
        team_id: c.worker.team_id,
        service_id: c.worker.service_id,
        fte: c.worker.fte,
        children: c.children,
        points: c.points,
        available_points: c.available.available,
        capacity_percent: c.capacityPercent !== null && Number.isFinite(c.capacityPercent) ? c.capacityPercent : null,
        children_ceiling: c.available.childrenCeiling,
      })),
    );
    return caseloads.length;
  });
}

export interface DailyRunResult {
  ran: boolean;
  workers: number;
  escalated: number;
}

/**
 * The daily check: reassess everyone (reductions and ASYE schedules move with
 * the calendar), escalate late plans, and take the day's snapshot. A row in
 * scheduled_runs and an advisory lock make sure exactly one app instance
 * runs it for a given day.
 */
export async function runDailyCaseloadCheck(db: Db, options: { today: string; now: Date; force?: boolean }): Promise<DailyRunResult> {
  return db.transaction().execute(async (trx) => {
    const locked = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(hashtext('steadfast:caseload-daily')) AS locked`.execute(trx);
    if (!locked.rows[0]?.locked) return { ran: false, workers: 0, escalated: 0 };
    const claimed = await trx
      .insertInto('scheduled_runs')
      .values({ job: 'caseload-daily', run_date: options.today, started_at: options.now })
      .onConflict((oc) => (options.force ? oc.columns(['job', 'run_date']).doUpdateSet({ started_at: options.now }) : oc.doNothing()))
      .returning('job')
      .executeTakeFirst();
    if (!claimed) return { ran: false, workers: 0, escalated: 0 };
    // Before any variance is touched: a save holding the lock shared and waiting for a variance this check had changed would deadlock with it.
    await lockWorkerFigures(trx);
    const workers = await findWorkers(trx, { roles: CASE_HOLDING_ROLES });
    const reassess = { today: options.today, now: options.now, trigger: 'daily check', actorId: null };
    for (const batch of chunks(workers, 100)) await reassessWorkers(trx, batch.map((w) => w.id), reassess);
    const escalated = await escalateVariances(trx, options);
    const count = await takeSnapshot(trx, options.today);
    await trx.updateTable('scheduled_runs').set({ finished_at: new Date() }).where('job', '=', 'caseload-daily').where('run_date', '=', options.today).execute();
    return { ran: true, workers: count, escalated };
  });
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
