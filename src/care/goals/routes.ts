import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { dateItems } from '../../platform/http/forms.ts';
import { childRecordSection, type RecordParams } from '../../platform/record-access/record-section.ts';
import { GOAL_AREAS, GOAL_MAX, GOAL_OUTCOMES, readGoal, readGoalClose, SUPPORT_MAX } from './forms.ts';
import { endGoal, goalCloseFormView, goalFormView, goalsView, recordGoal } from './service.ts';

const VIEWS = 'care/goals/views';

const DONE: Record<string, string> = {
  goal: 'Goal added to the pathway plan.',
  ended: 'Goal updated.',
};

/** The young person's goals in their pathway plan, on the care page of their record. */
export async function goalsRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { reader, actor, formPage } = childRecordSection(app, deps, { name: 'care/goals', views: VIEWS });

  app.get<{ Params: RecordParams; Querystring: { done?: string } }>('/children/:childId/care/goals', reader, async (request, reply) => {
    const view = await goalsView(actor(request));
    return reply.render(`${VIEWS}/goals.njk`, { title: `${view.child.name}: goals`, activeTab: 'care/goals', done: request.query.done ? DONE[request.query.done] : undefined, ...view });
  });

  formPage({
    path: 'new',
    template: 'goal-form.njk',
    title: 'Add a goal to the pathway plan',
    view: (a) => goalFormView(a),
    model: (values, errors) => ({
      areaItems: Object.entries(GOAL_AREAS).map(([value, text]) => ({ value, text, checked: values.area === value })),
      setOnItems: dateItems(values, 'setOn', errors),
      targetDateItems: dateItems(values, 'targetDate', errors),
      goalMax: GOAL_MAX,
      supportMax: SUPPORT_MAX,
    }),
    save: (a, _params, body) => recordGoal(a, readGoal(body)),
    done: 'goal',
  });

  formPage({
    path: ':goalId/end',
    template: 'goal-end.njk',
    title: 'Achieved or changed',
    view: (a, params) => goalCloseFormView(a, params.goalId!),
    model: (values, errors) => ({
      outcomeItems: Object.entries(GOAL_OUTCOMES).map(([value, text]) => ({ value, text, checked: values.outcome === value })),
      closedOnItems: dateItems(values, 'closedOn', errors),
    }),
    save: (a, params, body) => endGoal(a, params.goalId!, readGoalClose(body)),
    done: 'ended',
  });
}
