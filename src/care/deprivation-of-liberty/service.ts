// Orders depriving a child of their liberty, on the child's record: recorded,
// ended and corrected by the child's workers and their managers, each change
// audited in its own transaction with the child locked, so two orders cannot
// be stored over the same days.
import { assertRecordsCareWork, CARE_RECORDERS } from '../recorders.ts';
import type { Db } from '../../db/database.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import { dateKey, orderErrors, type FormRead } from '../../platform/http/forms.ts';
import { RecordNotFound, type FieldErrors } from '../../platform/http/errors.ts';
import { lockChild } from '../../platform/record-access/child-dates.ts';
import { changeChildRecord, readChildRecord, refuse } from '../../platform/record-access/record-change.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import type { Actor } from '../../platform/record-access/viewer.ts';
import { END_FIELDS, ORDER_FIELDS, type EndInput, type OrderInput } from './forms.ts';
import { insertOrder, listOrders, updateOrder, type OrderRow } from './queries.ts';
import { COURT_LABELS, inForceOn, orderProblems, type DolOrder, type DolProblems } from './rules.ts';

const WHAT = 'Deprivation of liberty orders';
const hasErrors = (errors: FieldErrors) => Object.keys(errors).length > 0;
const asOrder = (o: OrderRow): DolOrder => ({ id: o.id, madeOn: o.made_on, startDate: o.start_date, endDate: o.end_date, reviewBy: o.review_by });
const courtItems = () => Object.entries(COURT_LABELS).map(([value, text]) => ({ value, text }));

function presentOrder(o: OrderRow, childId: string, today: string) {
  const base = `/children/${childId}/care/deprivation-of-liberty/${o.id}`;
  return {
    ...o,
    courtLabel: COURT_LABELS[o.court],
    title: `${COURT_LABELS[o.court]}, from ${formatDate(o.start_date)}`,
    inForce: inForceOn({ startDate: o.start_date, endDate: o.end_date }, today),
    endHref: o.end_date === null ? `${base}/end` : null,
    correctHref: `${base}/correct`,
  };
}

async function ordersData(trx: Db, a: Actor) {
  const [child, orders] = await Promise.all([childHeaderView(trx, a.childId, a.today), listOrders(trx, a.childId)]);
  return { child, orders, courtItems: courtItems() };
}

async function orderData(trx: Db, a: Actor, orderId: string) {
  const data = await ordersData(trx, a);
  const order = data.orders.find((o) => o.id === orderId);
  if (!order) throw new RecordNotFound('deprivation of liberty order', orderId);
  return { ...data, order: presentOrder(order, a.childId, a.today) };
}

const addProblems = (errors: FieldErrors, problems: DolProblems) => {
  for (const [field, message] of Object.entries(problems)) if (!errors[dateKey(field)]) errors[dateKey(field)] = message;
};

/** The child's orders, the one in force now, and whether the viewer may record them. */
export async function dolView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.deprivation-of-liberty', async (trx) => {
    const { child, orders } = await ordersData(trx, a);
    const presented = orders.map((o) => presentOrder(o, a.childId, a.today));
    return { child, orders: presented, inForce: presented.find((o) => o.inForce) ?? null, mayRecord: CARE_RECORDERS.includes(a.viewer.role) };
  });
}

export async function orderFormView(a: Actor) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.deprivation-of-liberty-form', async (trx) => {
    assertRecordsCareWork(a.viewer, WHAT);
    return ordersData(trx, a);
  });
}

export async function existingOrderView(a: Actor, orderId: string, action: string) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, action, async (trx, _access, name) => {
    name('deprivation of liberty order', orderId);
    const data = await orderData(trx, a, orderId);
    assertRecordsCareWork(a.viewer, WHAT);
    return data;
  });
}

/** Checks an order's dates against the child and their other orders; the errors by field. */
async function checkOrder(trx: Db, a: Actor, read: FormRead<OrderInput>, others: readonly OrderRow[]): Promise<FieldErrors> {
  const person = await lockChild(trx, a.childId);
  const errors = { ...read.errors };
  const v = read.values;
  if (v.madeOn && v.startDate && !errors[dateKey('endDate')] && !errors[dateKey('reviewBy')]) {
    addProblems(errors, orderProblems({ madeOn: v.madeOn, startDate: v.startDate, endDate: v.endDate ?? null, reviewBy: v.reviewBy ?? null }, others.map(asOrder), { dateOfBirth: person.date_of_birth }, a.today));
  }
  return orderErrors(errors, ORDER_FIELDS);
}

/** The order's columns from a checked form, the same whether it is recorded or corrected. */
function orderColumns(v: OrderInput) {
  return { court: v.court, made_on: v.madeOn, start_date: v.startDate, end_date: v.endDate ?? null, review_by: v.reviewBy ?? null, notes: v.notes ?? null };
}

/** Records an order, refusing impossible dates and an order over another's days. */
export async function recordOrder(a: Actor, read: FormRead<OrderInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.deprivation-of-liberty.create', async (trx, _access, name) => {
    assertRecordsCareWork(a.viewer, WHAT);
    const data = await ordersData(trx, a);
    const errors = await checkOrder(trx, a, read, data.orders);
    const v = read.values;
    if (hasErrors(errors) || !v.court || !v.madeOn || !v.startDate) return refuse(errors, data);
    const created = await insertOrder(trx, { child_id: a.childId, ...orderColumns(v as OrderInput), recorded_by: a.viewer.id, recorded_at: a.context.at });
    name('deprivation of liberty order', created.id);
    return created;
  });
}

/** Corrects an order's details: the same checks, against the child's other orders. */
export async function correctOrder(a: Actor, orderId: string, read: FormRead<OrderInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.deprivation-of-liberty.correct', async (trx, _access, name) => {
    assertRecordsCareWork(a.viewer, WHAT);
    name('deprivation of liberty order', orderId);
    const data = await orderData(trx, a, orderId);
    const errors = await checkOrder(trx, a, read, data.orders.filter((o) => o.id !== orderId));
    const v = read.values;
    if (hasErrors(errors) || !v.court || !v.madeOn || !v.startDate) return refuse(errors, data);
    await updateOrder(trx, a.childId, orderId, { ...orderColumns(v as OrderInput), updated_by: a.viewer.id, updated_at: a.context.at });
    return { id: orderId };
  });
}

/** Ends an order in force: once, on or after its start, not in the future, and not over a later order. */
export async function endOrder(a: Actor, orderId: string, read: FormRead<EndInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.deprivation-of-liberty.end', async (trx, _access, name) => {
    assertRecordsCareWork(a.viewer, WHAT);
    name('deprivation of liberty order', orderId);
    const person = await lockChild(trx, a.childId);
    const data = await orderData(trx, a, orderId);
    const { order } = data;
    const errors = { ...read.errors };
    const endDate = read.values.endDate;
    if (order.end_date !== null) errors[dateKey('endDate')] = `The order already ended, on ${formatDate(order.end_date)}`;
    else if (endDate) {
      const others = data.orders.filter((o) => o.id !== orderId).map(asOrder);
      const problems = orderProblems({ ...asOrder(order), endDate }, others, { dateOfBirth: person.date_of_birth }, a.today);
      const message = problems.endDate ?? problems.startDate;
      if (message) errors[dateKey('endDate')] = message;
    }
    if (hasErrors(errors) || !endDate) return refuse(orderErrors(errors, END_FIELDS), data);
    await updateOrder(trx, a.childId, orderId, { end_date: endDate, updated_by: a.viewer.id, updated_at: a.context.at });
    return { id: orderId };
  });
}

/** Each order as chronology entries: made, and ended. */
export async function dolChronology(trx: Db, childId: string) {
  const orders = await listOrders(trx, childId);
  return orders.flatMap((o) => {
    const entries: { date: string; what: string; detail: string | null }[] = [
      { date: o.start_date, what: 'Deprivation of liberty order started', detail: `${COURT_LABELS[o.court]}; made ${formatDate(o.made_on)}${o.review_by ? `; review or expiry by ${formatDate(o.review_by)}` : ''}` },
    ];
    if (o.end_date) entries.push({ date: o.end_date, what: 'Deprivation of liberty order ended', detail: COURT_LABELS[o.court] });
    return entries;
  });
}
