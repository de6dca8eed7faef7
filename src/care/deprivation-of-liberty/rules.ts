// Orders depriving a child of their liberty: the order of their dates
// against the child's birth, today and the child's other orders. Pure: the
// service passes the child's orders and today.
import { formatDate } from '../../platform/calendar/dates.ts';
import type { DolCourt } from '../../db/schema.ts';

export const COURT_LABELS: Record<DolCourt, string> = {
  high_court: 'High Court (inherent jurisdiction)',
  court_of_protection: 'Court of Protection',
};

export interface DolOrder {
  id: string;
  madeOn: string;
  startDate: string;
  endDate: string | null;
  reviewBy: string | null;
}

export type DolProblems = { madeOn?: string; startDate?: string; endDate?: string; reviewBy?: string };

const to = (o: Pick<DolOrder, 'endDate'>) => (o.endDate === null ? 'still in force' : `to ${formatDate(o.endDate)}`);

/**
 * Why an order's dates cannot be stored alongside the child's other orders,
 * by field, or an empty object. `others` excludes the order itself when it is
 * being ended or corrected.
 */
export function orderProblems(order: Omit<DolOrder, 'id'>, others: readonly DolOrder[], child: { dateOfBirth: string | null }, today: string): DolProblems {
  const problems: DolProblems = {};
  const born = child.dateOfBirth;
  if (order.madeOn > today) problems.madeOn = 'The date the order was made must be today or in the past';
  else if (born && order.madeOn < born) problems.madeOn = `The date the order was made must be on or after their date of birth, ${formatDate(born)}`;
  if (order.startDate > today) problems.startDate = 'The date the order started must be today or in the past';
  else if (born && order.startDate < born) problems.startDate = `The date the order started must be on or after their date of birth, ${formatDate(born)}`;
  else if (!problems.madeOn && order.startDate < order.madeOn) problems.startDate = `The order cannot start before it was made, ${formatDate(order.madeOn)}`;
  if (order.endDate !== null) {
    if (order.endDate > today) problems.endDate = 'The date the order ended must be today or in the past';
    else if (order.endDate < order.startDate) problems.endDate = `The order cannot end before it started, ${formatDate(order.startDate)}`;
  }
  if (order.reviewBy !== null && order.reviewBy < order.startDate) problems.reviewBy = `The review or expiry date must be on or after the order started, ${formatDate(order.startDate)}`;
  if (Object.keys(problems).length > 0) return problems;
  const end = order.endDate ?? '9999-12-31';
  const overlapping = others.find((o) => o.startDate <= end && order.startDate <= (o.endDate ?? '9999-12-31'));
  if (overlapping) {
    const field = order.endDate !== null && overlapping.startDate > order.startDate ? 'endDate' : 'startDate';
    problems[field] = `Another order covers these dates, from ${formatDate(overlapping.startDate)}, ${to(overlapping)}: end or correct that order first`;
  }
  return problems;
}

/** Whether the order is in force on `date`. */
export const inForceOn = (o: Pick<DolOrder, 'startDate' | 'endDate'>, date: string) => o.startDate <= date && (o.endDate === null || o.endDate >= date);
