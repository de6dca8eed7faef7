// The forms for an order depriving a child of their liberty: recording or
// correcting one, and ending it. Read with the one form reader so one
// submission shows every problem; the checks against the child's other
// orders are the service's (see rules.ts).
import { z } from 'zod';
import type { DolCourt } from '../../db/schema.ts';
import { choice, dateInput, dateKey, readForm, text, type Body, type FormRead } from '../../platform/http/forms.ts';
import { COURT_LABELS } from './rules.ts';

export const NOTES_MAX = 2_000;

export interface OrderInput {
  court: DolCourt;
  madeOn: string;
  startDate: string;
  endDate: string | null;
  reviewBy: string | null;
  notes: string | null;
}
export const ORDER_FIELDS = ['court', dateKey('madeOn'), dateKey('startDate'), dateKey('endDate'), dateKey('reviewBy'), 'notes'];

const orderForm = z.object({
  court: choice(COURT_LABELS, { label: 'Which court made the order', choose: 'Select which court made the order' }),
  madeOn: dateInput({ label: 'Date the order was made', required: true }),
  startDate: dateInput({ label: 'Date the order started', required: true }),
  endDate: dateInput({ label: 'Date the order ended' }),
  reviewBy: dateInput({ label: 'Review or expiry date' }),
  notes: text({ label: 'Notes', max: NOTES_MAX }),
});

/** A new order, or the corrected details of one already recorded. */
export function readOrder(body: Body): FormRead<OrderInput> {
  return readForm(orderForm, body) as FormRead<OrderInput>;
}

export interface EndInput {
  endDate: string;
}
export const END_FIELDS = [dateKey('endDate')];

const endForm = z.object({ endDate: dateInput({ label: 'Date the order ended', required: true }) });

export function readEnd(body: Body): FormRead<EndInput> {
  return readForm(endForm, body);
}
