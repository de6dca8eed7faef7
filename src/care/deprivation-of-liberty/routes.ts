import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { dateItems, type Body } from '../../platform/http/forms.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { childRecordSection, type RecordParams, type RecordView } from '../../platform/record-access/record-section.ts';
import { NOTES_MAX, readEnd, readOrder } from './forms.ts';
import type { OrderRow } from './queries.ts';
import { correctOrder, dolView, endOrder, existingOrderView, orderFormView, recordOrder } from './service.ts';

const VIEWS = 'care/deprivation-of-liberty/views';
const SECTION = 'care/deprivation-of-liberty';

const DONE: Record<string, string> = {
  order: 'Order recorded.',
  ended: 'The end of the order was recorded.',
  corrected: 'Order corrected.',
};

/** The order's stored details, for the correction form when it first opens. */
function storedOrder(view: RecordView): Body {
  const o = (view as unknown as { order: OrderRow }).order;
  const date = (name: string, value: string | null) => {
    const [year, month, day] = value ? value.split('-') : ['', '', ''];
    return { [`${name}-day`]: day ? String(Number(day)) : '', [`${name}-month`]: month ? String(Number(month)) : '', [`${name}-year`]: year ?? '' };
  };
  return { court: o.court, ...date('madeOn', o.made_on), ...date('startDate', o.start_date), ...date('endDate', o.end_date), ...date('reviewBy', o.review_by), notes: o.notes ?? '' };
}

/** Orders depriving a child of their liberty, on their record: mounted by the child's record, which owns /children/:childId/... */
export async function dolRecordRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { reader, actor, formPage } = childRecordSection(app, deps, { name: SECTION, views: VIEWS });
  const onCareTab = { activeTab: 'care' };
  const orderModel = (values: Body, errors: FieldErrors) => ({
    ...onCareTab,
    madeOnItems: dateItems(values, 'madeOn', errors),
    startDateItems: dateItems(values, 'startDate', errors),
    endDateItems: dateItems(values, 'endDate', errors),
    reviewByItems: dateItems(values, 'reviewBy', errors),
    notesMax: NOTES_MAX,
  });

  app.get<{ Params: RecordParams; Querystring: { done?: string } }>(`/children/:childId/${SECTION}`, reader, async (request, reply) => {
    const view = await dolView(actor(request));
    return reply.render(`${VIEWS}/orders.njk`, {
      title: `${view.child.name}: deprivation of liberty`,
      ...onCareTab,
      done: request.query.done ? DONE[request.query.done] : undefined,
      ...view,
    });
  });

  formPage({
    path: 'new',
    template: 'order-form.njk',
    title: 'Record a deprivation of liberty order',
    view: (a) => orderFormView(a),
    model: orderModel,
    save: (a, _params, body) => recordOrder(a, readOrder(body)),
    done: 'order',
  });

  formPage({
    path: ':orderId/correct',
    template: 'order-form.njk',
    title: 'Correct a deprivation of liberty order',
    view: (a, params) => existingOrderView(a, params.orderId!, 'child.view.deprivation-of-liberty-correct-form'),
    defaults: storedOrder,
    model: orderModel,
    save: (a, params, body) => correctOrder(a, params.orderId!, readOrder(body)),
    done: 'corrected',
  });

  formPage({
    path: ':orderId/end',
    template: 'end-form.njk',
    title: 'Record the end of a deprivation of liberty order',
    view: (a, params) => existingOrderView(a, params.orderId!, 'child.view.deprivation-of-liberty-end-form'),
    model: (values, errors) => ({ ...onCareTab, endDateItems: dateItems(values, 'endDate', errors) }),
    save: (a, params, body) => endOrder(a, params.orderId!, readEnd(body)),
    done: 'ended',
  });
}
