import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { dateItems, sentText } from '../../platform/http/forms.ts';
import { MANAGER_ROLES } from '../../platform/access/roles.ts';
import { requireRole } from '../../platform/http/web.ts';
import { childRecordSection, type RecordParams } from '../../platform/record-access/record-section.ts';
import { readerOf } from '../../platform/record-access/viewer.ts';
import { iroCaseload, iroCaseloads } from './caseloads.ts';
import { ACTION_MAX, OTHER_OWNER, OWNER_OTHER_MAX, readCompletion, readOutcome, readRecommendation, SUMMARY_MAX, WHAT_DONE_MAX } from './forms.ts';
import { addRecommendation, completeRecommendation, completionFormView, outcomeFormView, recommendationFormView, recordOutcome, reviewsView } from './service.ts';

const VIEWS = 'care/reviews/views';

const DONE: Record<string, string> = {
  outcome: 'Review outcome recorded.',
  recommendation: 'Recommendation added.',
  completed: 'Recommendation recorded as done.',
};

const checkedItems = (items: readonly { value: string; text: string }[], value: unknown) => items.map((i) => ({ ...i, checked: sentText(value) === i.value }));

/** A statement the child sent through their own link, as the reviews page offers it. */
export interface ChildsWords {
  scenarioText: string;
  receivedAt: Date;
  feelingText: string;
  words: string;
  worried: boolean;
}

/**
 * A looked-after child's reviews, their outcomes and recommendations, on the
 * care page of their record. `childsWordsSinceReview` (from direct work, which
 * care does not import) offers what the child told us since their last
 * review to whoever prepares the next one.
 */
export async function reviewsRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock; childsWordsSinceReview?: (db: Db, childId: string) => Promise<ChildsWords[]> }) {
  const { reader, actor, formPage } = childRecordSection(app, deps, { name: 'care/reviews', views: VIEWS });

  app.get<{ Params: RecordParams; Querystring: { done?: string } }>('/children/:childId/care/reviews', reader, async (request, reply) => {
    const view = await reviewsView(actor(request));
    const childsWords = deps.childsWordsSinceReview ? await deps.childsWordsSinceReview(deps.db, request.params.childId) : [];
    return reply.render(`${VIEWS}/reviews.njk`, {
      title: `${view.child.name}: looked-after reviews`,
      activeTab: 'care/reviews',
      done: request.query.done ? DONE[request.query.done] : undefined,
      childsWords,
      ...view,
    });
  });

  formPage({
    path: ':reviewId/outcome',
    template: 'outcome-form.njk',
    title: 'Record the review’s outcome',
    view: (a, params) => outcomeFormView(a, params.reviewId!),
    defaults: (view) => ({ chairId: (view as unknown as { allocatedIro: { id: string } | null }).allocatedIro?.id ?? '' }),
    model: (values, _errors, view) => {
      const v = view as unknown as { chairItems: { value: string; text: string }[]; participationItems: { value: string; text: string }[] };
      return {
        chairItems: checkedItems(v.chairItems, values.chairId),
        participationItems: checkedItems(v.participationItems, values.participation),
        planItems: checkedItems([{ value: 'yes', text: 'Yes' }, { value: 'no', text: 'No' }], values.planEndorsed),
        summaryMax: SUMMARY_MAX,
      };
    },
    save: (a, params, body) => recordOutcome(a, params.reviewId!, readOutcome(body)),
    done: 'outcome',
  });

  formPage({
    path: ':reviewId/recommendations/new',
    template: 'recommendation-form.njk',
    title: 'Add a recommendation',
    view: (a, params) => recommendationFormView(a, params.reviewId!),
    model: (values, errors, view) => ({
      ownerItems: checkedItems((view as unknown as { ownerItems: { value: string; text: string }[] }).ownerItems, values.owner),
      otherChecked: sentText(values.owner) === OTHER_OWNER,
      otherValue: OTHER_OWNER,
      dueDateItems: dateItems(values, 'dueDate', errors),
      actionMax: ACTION_MAX,
      ownerOtherMax: OWNER_OTHER_MAX,
    }),
    save: (a, params, body) => addRecommendation(a, params.reviewId!, readRecommendation(body)),
    done: 'recommendation',
  });

  formPage({
    path: 'recommendations/:recommendationId/done',
    template: 'done-form.njk',
    title: 'Record the recommendation as done',
    view: (a, params) => completionFormView(a, params.recommendationId!),
    model: (values, errors) => ({ completedOnItems: dateItems(values, 'completedOn', errors), whatDoneMax: WHAT_DONE_MAX }),
    save: (a, params, body) => completeRecommendation(a, params.recommendationId!, readCompletion(body)),
    done: 'completed',
  });
}

/** IRO caseloads, for IROs, their managers up the line and analysts; everyone else gets 403. */
export async function reviewingRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const readers = { preHandler: requireRole(db, 'iro', ...MANAGER_ROLES, 'performance_analyst') };
  const reader = readerOf(db, clock);

  app.get('/care/reviewing', readers, async (request, reply) => {
    const view = await iroCaseloads(reader(request));
    return reply.render(`${VIEWS}/reviewing.njk`, { title: 'IRO caseloads', ...view });
  });

  app.get<{ Params: { iroId: string } }>('/care/reviewing/:iroId', readers, async (request, reply) => {
    const view = await iroCaseload(reader(request), request.params.iroId);
    return reply.render(`${VIEWS}/reviewing-iro.njk`, { title: `IRO caseload: ${view.iro.name}`, ...view });
  });
}
