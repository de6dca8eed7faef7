import type { Db } from '../../db/database.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { isUuid } from '../../platform/access/policy.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { addDays } from '../../platform/calendar/dates.ts';
import { readDateField } from '../../platform/http/dates.ts';
import { Forbidden, NotFound, type FieldErrors } from '../../platform/http/errors.ts';
import { managesWorker, mayViewWorker } from '../../platform/access/staff.ts';
import { deleteReduction, findReduction, findWorkers, insertReduction, setReductionEnd } from './queries.ts';
import type { ReductionReason } from './rules.ts';
import { CASE_HOLDING_ROLES, reassessWorkers } from './service.ts';

/**
 * Reductions of a worker's available time, added and ended by their
 * managers. Each change is audited and the worker reassessed in the same
 * transaction, so a variance opens or closes in the commit that caused it.
 */

export const REDUCTION_REASON_LABELS: Record<ReductionReason, string> = {
  leave: 'Leave',
  phased_return: 'Phased return',
  secondment: 'Secondment',
  special_duties: 'Special duties',
  other: 'Other',
};
const REASONS = Object.keys(REDUCTION_REASON_LABELS) as ReductionReason[];

export function reductionAmount(percent: number | null, hours: number | null): string {
  return percent !== null ? `${Number(percent)}% of working time` : `${Number(hours)} hours a week`;
}

export interface ReductionInput {
  reason: ReductionReason;
  percent: number | null;
  hoursPerWeek: number | null;
  startDate: string;
  endDate: string;
  note: string | null;
}

/** Fields in form order: the error summary lists problems in this order. */
const FIELD_ORDER = ['reason', 'percent', 'hoursPerWeek', 'startDate-day', 'endDate-day', 'note'];

function readNumber(raw: unknown, limits: { min: number; max: number }, words: { name: string; example: string }) {
  const text = String(raw ?? '').trim();
  if (text === '') return { value: null };
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(text)) return { error: `${words.name} must be a number, like ${words.example}` };
  const value = Number(text);
  if (value < limits.min || value > limits.max) return { error: `${words.name} must be between ${limits.min} and ${limits.max}` };
  return { value };
}

/** Every problem with a submitted reduction at once, or the reduction. */
export function readReductionForm(body: Record<string, unknown>): { ok: true; value: ReductionInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const reason = REASONS.find((r) => r === body.reason);
  if (!reason) errors.reason = 'Select the reason for the reduction';
  const percent = readNumber(body.percent, { min: 1, max: 100 }, { name: 'Percentage', example: '20' });
  const hours = readNumber(body.hoursPerWeek, { min: 0.5, max: 60 }, { name: 'Hours a week', example: '7.5' });
  if (percent.error) errors.percent = percent.error;
  if (hours.error) errors.hoursPerWeek = hours.error;
  const givenPercent = String(body.percent ?? '').trim() !== '';
  const givenHours = String(body.hoursPerWeek ?? '').trim() !== '';
  if (givenPercent && givenHours) errors.percent = 'Enter a percentage or hours a week, not both';
  if (!givenPercent && !givenHours) errors.percent = 'Enter the percentage of working time or the hours a week';
  const start = readDateField(body, 'startDate', { label: 'Start date', required: true });
  const end = readDateField(body, 'endDate', { label: 'End date', required: true });
  if (start.error) errors['startDate-day'] = start.error;
  if (end.error) errors['endDate-day'] = end.error;
  if (start.value && end.value && end.value < start.value) errors['endDate-day'] = 'End date must be the same as or after the start date';
  const note = String(body.note ?? '').trim();
  if (note.length > 500) errors.note = 'Note must be 500 characters or fewer';
  if (Object.keys(errors).length) {
    const ordered: FieldErrors = {};
    for (const field of FIELD_ORDER) if (errors[field]) ordered[field] = errors[field];
    return { ok: false, errors: ordered };
  }
  return {
    ok: true,
    value: {
      reason: reason!,
      percent: percent.value ?? null,
      hoursPerWeek: hours.value ?? null,
      startDate: start.value!,
      endDate: end.value!,
      note: note || null,
    },
  };
}

interface ChangeContext {
  viewer: Viewer;
  audit: AuditContext;
  today: string;
  now: Date;
}

/** The worker, if the viewer manages them: 404 if they may not even see the worker, 403 (audited) if they may see but not manage. */
async function managedWorker(db: Db, ctx: ChangeContext, userId: string, action: string) {
  if (!isUuid(userId)) throw new NotFound();
  const [worker] = await findWorkers(db, { workerIds: [userId], roles: CASE_HOLDING_ROLES });
  const place = worker && { id: worker.id, teamId: worker.team_id, serviceId: worker.service_id, lineManagerId: worker.line_manager_id };
  if (!worker || !place || !mayViewWorker(ctx.viewer, place)) throw new NotFound();
  if (!managesWorker(ctx.viewer, place)) {
    await recordAudit(db, ctx.audit, {
      action,
      outcome: 'denied',
      subjectType: 'user',
      subjectId: worker.id,
      reason: 'only the worker’s line manager, team manager, practice supervisor or service manager may change reductions',
    });
    throw new Forbidden('Only the worker’s line manager, team manager, practice supervisor or service manager can change their reductions.');
  }
  return worker;
}

/** Checks that the viewer may add a reduction for this worker (for the form page). */
export async function assertMayManageReductions(db: Db, ctx: ChangeContext, userId: string) {
  return managedWorker(db, ctx, userId, 'caseload.reduction.add');
}

export async function addReduction(db: Db, ctx: ChangeContext, userId: string, body: Record<string, unknown>) {
  const worker = await managedWorker(db, ctx, userId, 'caseload.reduction.add');
  const form = readReductionForm(body);
  if (!form.ok) return { ok: false as const, errors: form.errors, worker };
  const r = form.value;
  await db.transaction().execute(async (trx) => {
    const row = await insertReduction(trx, {
      user_id: worker.id,
      reason: r.reason,
      percent: r.percent,
      hours_per_week: r.hoursPerWeek,
      start_date: r.startDate,
      end_date: r.endDate,
      note: r.note,
      created_by: ctx.viewer.id,
    });
    await recordAudit(trx, ctx.audit, {
      action: 'caseload.reduction.add',
      outcome: 'allowed',
      subjectType: 'user',
      subjectId: worker.id,
      reason: `reduction ${row.id}: ${REDUCTION_REASON_LABELS[r.reason]}, ${reductionAmount(r.percent, r.hoursPerWeek)}, ${r.startDate} to ${r.endDate}`,
    });
    await reassessWorkers(trx, [worker.id], { today: ctx.today, now: ctx.now, trigger: 'reduction', actorId: ctx.viewer.id });
  });
  return { ok: true as const, value: undefined };
}

/**
 * Ends a reduction from today: one in force stops yesterday; one that has
 * not begun yet (or begins today) is withdrawn. An ended one is left alone.
 */
export async function endReduction(db: Db, ctx: ChangeContext, userId: string, reductionId: string): Promise<'ended' | 'withdrawn' | 'unchanged'> {
  const worker = await managedWorker(db, ctx, userId, 'caseload.reduction.end');
  const reduction = isUuid(reductionId) ? await findReduction(db, reductionId) : undefined;
  if (!reduction || reduction.user_id !== worker.id) throw new NotFound();
  if (reduction.end_date < ctx.today) return 'unchanged';
  const withdraw = reduction.start_date >= ctx.today;
  await db.transaction().execute(async (trx) => {
    if (withdraw) await deleteReduction(trx, reduction.id);
    else await setReductionEnd(trx, reduction.id, addDays(ctx.today, -1));
    await recordAudit(trx, ctx.audit, {
      action: 'caseload.reduction.end',
      outcome: 'allowed',
      subjectType: 'user',
      subjectId: worker.id,
      reason: `reduction ${reduction.id} (${REDUCTION_REASON_LABELS[reduction.reason]}, ${reductionAmount(reduction.percent, reduction.hours_per_week)}, ${reduction.start_date} to ${reduction.end_date}) ${withdraw ? 'withdrawn before it began' : `ended early, last day ${addDays(ctx.today, -1)}`}`,
    });
    await reassessWorkers(trx, [worker.id], { today: ctx.today, now: ctx.now, trigger: 'reduction', actorId: ctx.viewer.id });
  });
  return withdraw ? 'withdrawn' : 'ended';
}
