import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { CaseChanged } from '../../platform/area.ts';
import { dateItems, sentText, type Body } from '../../platform/http/forms.ts';
import { childRecordSection, type RecordParams, type RecordView } from '../../platform/record-access/record-section.ts';
import {
  ACTION_MAX,
  ATTENDEES_MAX,
  LEAD_MAX,
  NOTE_MAX,
  OTHER_OWNER,
  OWNER_OTHER_MAX,
  PROGRESS_MAX,
  readAction,
  readCinReview,
  readCinStart,
  readCompletion,
  readCoreGroup,
  readEarlyHelpEnd,
  readEarlyHelpStart,
  readEnd,
  readPreProceedings,
  readReview,
  WHAT_DONE_MAX,
} from './forms.ts';
import { codeOptions } from '../../reference/codes.ts';
import { CHILD_PARTICIPATION, CIN_DECISIONS, EARLY_HELP_END_REASONS, END_REASONS, PRE_PROCEEDINGS_OUTCOMES } from './rules.ts';
import {
  actionFormView,
  addAction,
  cinReviewFormView,
  cinStartFormView,
  completeAction,
  completionFormView,
  coreGroupFormView,
  cpPlanView,
  earlyHelpEndFormView,
  earlyHelpFormView,
  endEarlyHelpEpisode,
  endFormView,
  endPlan,
  plansView,
  preProceedingsFormView,
  recordCoreGroup,
  recordPreProceedings,
  recordReviewConference,
  reviewCinPlan,
  reviewFormView,
  startCinPlan,
  startEarlyHelp,
} from './service.ts';

const VIEWS = 'protection/plans/views';

const DONE: Record<string, string> = {
  action: 'Action added to the plan.',
  actionDone: 'Action recorded as done.',
  coreGroup: 'Core group recorded.',
  review: 'Review conference recorded.',
  ended: 'Child protection plan ended.',
  cinStarted: 'Child in need plan started.',
  cinReviewed: 'Child in need plan review recorded.',
  preProceedings: 'Pre-proceedings recorded.',
  earlyHelp: 'Early help started.',
  earlyHelpEnded: 'Early help ended.',
};

type Items = readonly { value: string; text: string }[];
const radios = (choices: Readonly<Record<string, string>>, value: unknown) => Object.entries(choices).map(([v, text]) => ({ value: v, text, checked: sentText(value) === v }));
const checkedItems = (items: Items, value: unknown) => items.map((i) => ({ ...i, checked: sentText(value) === i.value }));
const selectedItems = (items: Items, value: unknown) => items.map((i) => ({ ...i, selected: sentText(value) === i.value }));
const field = <T>(view: RecordView, name: string) => (view as unknown as Record<string, T>)[name]!;

/** Date boxes' values for a stored date, as a form opens with it. */
function storedDate(name: string, date: string | null): Body {
  if (!date) return {};
  const [year, month, day] = date.split('-');
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year };
}

/** A child's plans: child protection plans with their actions and meetings, child in need plans, pre-proceedings and early help. */
export async function plansRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock; caseChanged: CaseChanged }) {
  const { reader, actor, formPage } = childRecordSection(app, deps, { name: 'protection/plans', views: VIEWS });

  app.get<{ Params: RecordParams; Querystring: { done?: string } }>('/children/:childId/protection/plans', reader, async (request, reply) => {
    const view = await plansView(actor(request));
    return reply.render(`${VIEWS}/plans.njk`, {
      title: `${view.child.name}: plans`,
      activeTab: 'protection/plans',
      done: request.query.done ? DONE[request.query.done] : undefined,
      ...view,
    });
  });

  app.get<{ Params: RecordParams & { planId: string } }>('/children/:childId/protection/plans/cp/:planId', reader, async (request, reply) => {
    const view = await cpPlanView(actor(request), request.params.planId);
    return reply.render(`${VIEWS}/cp-plan.njk`, { title: `${view.child.name}: child protection plan`, activeTab: 'protection/plans', ...view });
  });

  formPage({
    path: 'cp/actions/new',
    template: 'action-form.njk',
    title: 'Add an action to the plan',
    view: (a) => actionFormView(a),
    model: (values, errors, view) => ({
      ownerItems: checkedItems(field<Items>(view, 'ownerItems'), values.owner),
      otherChecked: sentText(values.owner) === OTHER_OWNER,
      otherValue: OTHER_OWNER,
      dueDateItems: dateItems(values, 'dueDate', errors),
      actionMax: ACTION_MAX,
      ownerOtherMax: OWNER_OTHER_MAX,
    }),
    save: (a, _params, body) => addAction(a, readAction(body)),
    done: 'action',
  });

  formPage({
    path: 'cp/actions/:actionId/done',
    template: 'done-form.njk',
    title: 'Record the action as done',
    view: (a, params) => completionFormView(a, params.actionId!),
    model: (values, errors) => ({ completedOnItems: dateItems(values, 'completedOn', errors), whatDoneMax: WHAT_DONE_MAX }),
    save: (a, params, body) => completeAction(a, params.actionId!, readCompletion(body)),
    done: 'actionDone',
  });

  formPage({
    path: 'cp/core-groups/new',
    template: 'core-group-form.njk',
    title: 'Record a core group',
    view: (a) => coreGroupFormView(a),
    model: (values, errors) => ({
      eventDateItems: dateItems(values, 'eventDate', errors),
      nextMeetingItems: dateItems(values, 'nextMeeting', errors),
      attendeesMax: ATTENDEES_MAX,
      progressMax: PROGRESS_MAX,
    }),
    save: (a, _params, body) => recordCoreGroup(a, readCoreGroup(body)),
    done: 'coreGroup',
  });

  formPage({
    path: 'cp/reviews/new',
    template: 'review-form.njk',
    title: 'Record a review conference',
    view: (a) => reviewFormView(a),
    model: (values, errors, view) => ({
      eventDateItems: dateItems(values, 'eventDate', errors),
      chairItems: selectedItems(field<Items>(view, 'chairItems'), values.chairId),
      childParticipationItems: radios(CHILD_PARTICIPATION, values.childParticipation),
      decisionItems: radios({ continue: 'The plan continues', end: 'The plan ends' }, values.decision),
      categoryItems: selectedItems([{ value: '', text: 'Unchanged' }, ...codeOptions('cpCategory')], values.category),
      endReasonItems: selectedItems([{ value: '', text: 'Choose why the plan ends' }, ...Object.entries(END_REASONS).map(([value, text]) => ({ value, text }))], values.endReason),
      attendeesMax: ATTENDEES_MAX,
    }),
    save: (a, _params, body) => recordReviewConference(a, readReview(body), deps.caseChanged),
    done: 'review',
  });

  formPage({
    path: 'cp/end',
    template: 'end-form.njk',
    title: 'End the child protection plan',
    view: (a) => endFormView(a),
    model: (values, errors) => ({ endDateItems: dateItems(values, 'endDate', errors), endReasonItems: radios(END_REASONS, values.endReason) }),
    save: (a, _params, body) => endPlan(a, readEnd(body), deps.caseChanged),
    done: 'ended',
  });

  formPage({
    path: 'cin/new',
    template: 'cin-start-form.njk',
    title: 'Start a child in need plan',
    view: (a) => cinStartFormView(a),
    model: (values, errors) => ({ startDateItems: dateItems(values, 'startDate', errors) }),
    save: (a, _params, body) => startCinPlan(a, readCinStart(body)),
    done: 'cinStarted',
  });

  formPage({
    path: 'cin/review',
    template: 'cin-review-form.njk',
    title: 'Record a child in need plan review',
    view: (a) => cinReviewFormView(a),
    model: (values, errors) => ({ reviewDateItems: dateItems(values, 'reviewDate', errors), decisionItems: radios(CIN_DECISIONS, values.decision), noteMax: NOTE_MAX }),
    save: (a, _params, body) => reviewCinPlan(a, readCinReview(body)),
    done: 'cinReviewed',
  });

  formPage({
    path: 'pre-proceedings',
    template: 'pre-proceedings-form.njk',
    title: 'Pre-proceedings',
    view: (a) => preProceedingsFormView(a),
    defaults: (view) => {
      const open = field<null | Record<string, string | number | null>>(view, 'openPreProceedings');
      if (!open) return {};
      return {
        ...storedDate('decisionDate', open.decision_date as string),
        ...storedDate('letterDate', open.letter_date as string | null),
        ...storedDate('initialMeetingDate', open.initial_meeting_date as string | null),
        ...storedDate('fgdmOfferedOn', open.fgdm_offered_on as string | null),
        ...storedDate('fgdmHeldOn', open.fgdm_held_on as string | null),
        reviewMeetings: String(open.review_meetings ?? 0),
      };
    },
    model: (values, errors) => ({
      decisionDateItems: dateItems(values, 'decisionDate', errors),
      letterDateItems: dateItems(values, 'letterDate', errors),
      initialMeetingDateItems: dateItems(values, 'initialMeetingDate', errors),
      fgdmOfferedOnItems: dateItems(values, 'fgdmOfferedOn', errors),
      fgdmHeldOnItems: dateItems(values, 'fgdmHeldOn', errors),
      outcomeItems: radios({ '': 'Still in pre-proceedings', ...PRE_PROCEEDINGS_OUTCOMES }, values.outcome),
      outcomeDateItems: dateItems(values, 'outcomeDate', errors),
    }),
    save: (a, _params, body) => recordPreProceedings(a, readPreProceedings(body)),
    done: 'preProceedings',
  });

  formPage({
    path: 'early-help/new',
    template: 'early-help-form.njk',
    title: 'Start early help',
    view: (a) => earlyHelpFormView(a),
    model: (values, errors) => ({
      startDateItems: dateItems(values, 'startDate', errors),
      steppedDownItems: radios({ yes: 'Yes', no: 'No' }, values.steppedDown),
      leadMax: LEAD_MAX,
      noteMax: NOTE_MAX,
    }),
    save: (a, _params, body) => startEarlyHelp(a, readEarlyHelpStart(body)),
    done: 'earlyHelp',
  });

  formPage({
    path: 'early-help/end',
    template: 'early-help-end-form.njk',
    title: 'End early help',
    view: (a) => earlyHelpEndFormView(a),
    model: (values, errors) => ({ endDateItems: dateItems(values, 'endDate', errors), endReasonItems: radios(EARLY_HELP_END_REASONS, values.endReason) }),
    save: (a, _params, body) => endEarlyHelpEpisode(a, readEarlyHelpEnd(body)),
    done: 'earlyHelpEnded',
  });
}
