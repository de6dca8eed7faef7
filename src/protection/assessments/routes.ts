import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { dateItems, sentText, type Body } from '../../platform/http/forms.ts';
import type { ChangeResult } from '../../platform/record-access/record-change.ts';
import { childRecordSection, type RecordParams } from '../../platform/record-access/record-section.ts';
import { DOMAIN_MAX, readAssessment, readAuthorisation, readStart, REASON_MAX, VIEWS_MAX } from './forms.ts';
import {
  assessmentsView,
  assessmentView,
  authoriseFormView,
  decideAssessment,
  editFormView,
  saveAssessment,
  startAssessment,
  startFormView,
  submitAssessment,
  submitFormView,
  type PresentedAssessment,
} from './service.ts';

const VIEWS = 'protection/assessments/views';
const SECTION = 'protection/assessments';

const DONE: Record<string, string> = {
  started: 'Assessment started.',
  saved: 'Assessment saved.',
  submitted: 'Assessment submitted for authorisation.',
  authorised: 'Assessment authorised.',
  returned: 'Assessment returned for more work.',
};

type Params = RecordParams & { assessmentId: string };
type View = { child: { name: string } } & Record<string, unknown>;

const checked = (items: readonly { value: string; text: string }[], value: unknown) => items.map((i) => ({ ...i, checked: sentText(value) === i.value }));
const yesNoItems = (value: unknown) => checked([{ value: 'yes', text: 'Yes' }, { value: 'no', text: 'No' }], value);
const yesNo = (value: boolean | null) => (value === null ? '' : value ? 'yes' : 'no');

/** The values an assessment's edit form opens with: what is stored. */
function storedValues(x: PresentedAssessment): Body {
  const [sy, sm, sd] = x.start_date.split('-');
  const [cy, cm, cd] = x.child_seen_on ? x.child_seen_on.split('-') : ['', '', ''];
  return {
    'startDate-day': String(Number(sd)),
    'startDate-month': String(Number(sm)),
    'startDate-year': sy,
    childSeen: yesNo(x.child_seen),
    'childSeenOn-day': cd ? String(Number(cd)) : '',
    'childSeenOn-month': cm ? String(Number(cm)) : '',
    'childSeenOn-year': cy,
    seenAlone: yesNo(x.seen_alone),
    factors: x.factorCodes,
    developmentalNeeds: x.developmental_needs ?? '',
    parentingCapacity: x.parenting_capacity ?? '',
    familyEnvironment: x.family_environment ?? '',
    childViews: x.child_views ?? '',
    parentsViews: x.parents_views ?? '',
    analysis: x.analysis ?? '',
    outcome: x.outcome ?? '',
  };
}

/** The single assessments on a child's record: list, start, write, submit, authorise, and the whole assessment to read or print. */
export async function assessmentsRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { reader, actor } = childRecordSection(app, deps, { name: SECTION, views: VIEWS });
  const list = (childId: string) => `/children/${childId}/${SECTION}`;

  function page(reply: FastifyReply, template: string, title: string, view: View, values: Body, errors: FieldErrors, model: Record<string, unknown>, status = 200) {
    return reply.code(status).render(`${VIEWS}/${template}`, { title: `${view.child.name}: ${title}`, activeTab: SECTION, heading: title, ...view, values, errors, ...model });
  }

  async function afterSave(reply: FastifyReply, result: ChangeResult<unknown, View>, to: string, rerender: (view: View, errors: FieldErrors) => unknown) {
    if (result.ok) return reply.redirect(to, 303);
    return rerender(result.view, result.errors);
  }

  app.get<{ Params: RecordParams; Querystring: { done?: string } }>(`/children/:childId/${SECTION}`, reader, async (request, reply) => {
    const view = await assessmentsView(actor(request));
    return reply.render(`${VIEWS}/assessments.njk`, { title: `${view.child.name}: assessments`, activeTab: SECTION, done: request.query.done ? DONE[request.query.done] : undefined, ...view });
  });

  // Starting: which referral, and when.
  const startModel = (values: Body, errors: FieldErrors, view: View) => ({
    referralItems: checked((view as unknown as { referralItems: { value: string; text: string }[] }).referralItems, values.referralId),
    startDateItems: dateItems(values, 'startDate', errors),
  });
  app.get<{ Params: RecordParams }>(`/children/:childId/${SECTION}/new`, reader, async (request, reply) => {
    const view = await startFormView(actor(request));
    const only = view.openReferrals.length === 1 ? { referralId: view.openReferrals[0]!.id } : {};
    return page(reply, 'start-form.njk', 'Start an assessment', view, only, {}, startModel(only, {}, view));
  });
  app.post<{ Params: RecordParams }>(`/children/:childId/${SECTION}/new`, reader, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await startAssessment(actor(request), readStart(body));
    if (result.ok) return reply.redirect(`${list(request.params.childId)}/${(result.value as { id: string }).id}/edit?done=started`, 303);
    return page(reply, 'start-form.njk', 'Start an assessment', result.view, body, result.errors, startModel(body, result.errors, result.view), 400);
  });

  // The whole assessment; ?print=1 is the same page without its links and buttons, for a family or a meeting.
  app.get<{ Params: Params; Querystring: { done?: string; print?: string } }>(`/children/:childId/${SECTION}/:assessmentId`, reader, async (request, reply) => {
    const view = await assessmentView(actor(request), request.params.assessmentId);
    const print = request.query.print === '1';
    return reply.render(`${VIEWS}/assessment.njk`, {
      title: `${view.child.name}: assessment started ${view.assessment.startText}`,
      activeTab: SECTION,
      done: request.query.done && !print ? DONE[request.query.done] : undefined,
      print,
      printedAt: deps.clock.now(),
      printedBy: request.user!.name,
      ...view,
    });
  });

  // Writing, while not authorised.
  const editModel = (values: Body, errors: FieldErrors, view: View) => {
    const v = view as unknown as { factorItems: { value: string; text: string }[]; outcomeItems: { value: string; text: string }[] };
    const ticked = new Set(Array.isArray(values.factors) ? values.factors.map(String) : values.factors ? [String(values.factors)] : []);
    return {
      startDateItems: dateItems(values, 'startDate', errors),
      childSeenOnItems: dateItems(values, 'childSeenOn', errors),
      childSeenItems: yesNoItems(values.childSeen),
      seenAloneItems: yesNoItems(values.seenAlone),
      factorItems: v.factorItems.map((i) => ({ ...i, checked: ticked.has(i.value) })),
      outcomeItems: checked(v.outcomeItems, values.outcome),
      domainMax: DOMAIN_MAX,
      viewsMax: VIEWS_MAX,
    };
  };
  app.get<{ Params: Params; Querystring: { done?: string } }>(`/children/:childId/${SECTION}/:assessmentId/edit`, reader, async (request, reply) => {
    const view = await editFormView(actor(request), request.params.assessmentId);
    const values = storedValues(view.assessment);
    return page(reply, 'assessment-form.njk', 'Write the assessment', { ...view, done: request.query.done ? DONE[request.query.done] : undefined }, values, {}, editModel(values, {}, view));
  });
  app.post<{ Params: Params }>(`/children/:childId/${SECTION}/:assessmentId/edit`, reader, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const { childId, assessmentId } = request.params;
    const result = await saveAssessment(actor(request), assessmentId, readAssessment(body));
    return afterSave(reply, result, `${list(childId)}/${assessmentId}?done=saved`, (view, errors) =>
      page(reply, 'assessment-form.njk', 'Write the assessment', view, body, errors, editModel(body, errors, view), 400),
    );
  });

  // Submitting, once complete.
  app.get<{ Params: Params }>(`/children/:childId/${SECTION}/:assessmentId/submit`, reader, async (request, reply) => {
    const view = await submitFormView(actor(request), request.params.assessmentId);
    return page(reply, 'submit-form.njk', 'Submit the assessment for authorisation', view, {}, {}, {});
  });
  app.post<{ Params: Params }>(`/children/:childId/${SECTION}/:assessmentId/submit`, reader, async (request, reply) => {
    const { childId, assessmentId } = request.params;
    const result = await submitAssessment(actor(request), assessmentId);
    return afterSave(reply, result, `${list(childId)}/${assessmentId}?done=submitted`, (view, errors) =>
      page(reply, 'submit-form.njk', 'Submit the assessment for authorisation', view, {}, errors, {}, 400),
    );
  });

  // Authorising, or returning for more work.
  const authoriseModel = (values: Body, errors: FieldErrors) => ({
    decisionItems: checked(
      [
        { value: 'authorise', text: 'Authorise the assessment' },
        { value: 'return', text: 'Return it for more work' },
      ],
      values.decision,
    ),
    authorisedOnItems: dateItems(values, 'authorisedOn', errors),
    reasonMax: REASON_MAX,
  });
  app.get<{ Params: Params }>(`/children/:childId/${SECTION}/:assessmentId/authorise`, reader, async (request, reply) => {
    const view = await authoriseFormView(actor(request), request.params.assessmentId);
    const [y, m, d] = view.assessment.submitted_on ? actor(request).today.split('-') : ['', '', ''];
    const values = { 'authorisedOn-day': d ? String(Number(d)) : '', 'authorisedOn-month': m ? String(Number(m)) : '', 'authorisedOn-year': y };
    return page(reply, 'authorise-form.njk', 'Authorise the assessment', view, values, {}, authoriseModel(values, {}));
  });
  app.post<{ Params: Params }>(`/children/:childId/${SECTION}/:assessmentId/authorise`, reader, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const { childId, assessmentId } = request.params;
    const read = readAuthorisation(body);
    const result = await decideAssessment(actor(request), assessmentId, read);
    const done = read.values.decision === 'return' ? 'returned' : 'authorised';
    return afterSave(reply, result, `${list(childId)}/${assessmentId}?done=${done}`, (view, errors) =>
      page(reply, 'authorise-form.njk', 'Authorise the assessment', view, body, errors, authoriseModel(body, errors), 400),
    );
  });
}
