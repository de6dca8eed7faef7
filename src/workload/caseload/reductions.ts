import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { isUuid } from '../../platform/access/policy.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { addDays } from '../../platform/calendar/dates.ts';
import { choice, dateInput, decimal, formComplete, readForm, text, textField } from '../../platform/http/forms.ts';
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

const reductionForm = z.object({
  reason: choice(REASONS, { label: 'Reason', choose: 'Select the reason for the reduction', invalid: 'Select the reason for the reduction' }),
  percent: decimal({ label: 'Percentage', min: 1, max: 100, places: 2, invalid: 'Percentage must be a number, like 20', outOfRange: 'Percentage must be between 1 and 100' }),
  hoursPerWeek: decimal({ label: 'Hours a week', min: 0.5, max: 60, places: 2, invalid: 'Hours a week must be a number, like 7.5', outOfRange: 'Hours a week must be between 0.5 and 60' }),
  startDate: dateInput({ label: 'Start date', required: true }),
  endDate: dateInput({ label: 'End date', required: true }),
  note: text({ label: 'Note', max: 500 }),
});

/** Every problem with a submitted reduction at once, or the reduction. */
export function readReductionForm(body: Record<string, unknown>): { ok: true; value: ReductionInput } | { ok: false; errors: FieldErrors } {
  const read = readForm(reductionForm, body);
  const { values, errors } = read;
  const givenPercent = textField(body, 'percent') !== '';
  const givenHours = textField(body, 'hoursPerWeek') !== '';
  if (givenPercent && givenHours) errors.percent = 'Enter a percentage or hours a week, not both';
  if (!givenPercent && !givenHours) errors.percent = 'Enter the percentage of working time or the hours a week';
  if (values.startDate && values.endDate && values.endDate < values.startDate) errors['endDate-day'] = 'End date must be the same as or after the start date';
  if (!formComplete(read) || Object.keys(errors).length) {
    // The summary follows the form, with "not both" against the percentage.
    const ordered: FieldErrors = {};
    for (const field of ['reason', 'percent', 'hoursPerWeek', 'startDate-day', 'endDate-day', 'note']) if (errors[field]) ordered[field] = errors[field];
    return { ok: false, errors: ordered };
  }
  return { ok: true, value: read.values };
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
