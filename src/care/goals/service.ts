import type { Db } from '../../db/database.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import { RecordNotFound } from '../../platform/http/errors.ts';
import { dateKey, orderErrors, type FormRead } from '../../platform/http/forms.ts';
import { childDates, eventDateProblem, lockChild } from '../../platform/record-access/child-dates.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { changeChildRecord, readChildRecord, refuse } from '../../platform/record-access/record-change.ts';
import { assertRecordsCareWork, CARE_RECORDERS } from '../recorders.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import type { Actor } from '../../platform/record-access/viewer.ts';
import { GOAL_AREAS, GOAL_CLOSE_FIELDS, GOAL_FIELDS, GOAL_OUTCOMES, type GoalCloseInput, type GoalInput } from './forms.ts';
import { closeGoal, insertGoal, listGoals, type StoredGoal } from './queries.ts';

function presentGoal(goal: StoredGoal) {
  return {
    ...goal,
    areaLabel: GOAL_AREAS[goal.area],
    statusText: goal.outcome === 'achieved' ? `Achieved ${formatDate(goal.closed_on!)}` : goal.outcome === 'changed' ? `Changed ${formatDate(goal.closed_on!)}` : 'Working towards it',
    open: goal.outcome === null,
  };
}

export type PresentedGoal = ReturnType<typeof presentGoal>;

/** The goals as the care page shows them. */
export async function goalsOf(db: Db, childId: string): Promise<PresentedGoal[]> {
  return (await listGoals(db, childId)).map(presentGoal);
}

/** What the chronology shows of the goals: each set, and each achieved or changed. */
export async function goalsChronology(db: Db, childId: string) {
  const entries: { date: string; source: 'Life after care'; what: string; detail: string | null }[] = [];
  for (const g of await listGoals(db, childId)) {
    entries.push({ date: g.set_on, source: 'Life after care', what: `Goal set: ${GOAL_AREAS[g.area].toLowerCase()}`, detail: `“${g.goal}”` });
    if (g.outcome && g.closed_on) entries.push({ date: g.closed_on, source: 'Life after care', what: g.outcome === 'achieved' ? 'Goal achieved' : 'Goal changed', detail: `“${g.goal}”` });
  }
  return entries;
}

async function goalsData(trx: Db, a: Actor) {
  const [child, goals] = await Promise.all([childHeaderView(trx, a.childId, a.today), goalsOf(trx, a.childId)]);
  return { child, goals, mayRecord: CARE_RECORDERS.includes(a.viewer.role) };
}

export async function goalsView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.pathway-goals', (trx) => goalsData(trx, a));
}

const GOALS = 'Goals in a pathway plan';

export async function goalFormView(a: Actor) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.pathway-goal-form', (trx) => {
    assertRecordsCareWork(a.viewer, GOALS);
    return goalsData(trx, a);
  });
}

/** The goal being closed, found in this child's goals: another child's goal, or one that does not exist, answers 404. */
function goalIn(goals: readonly PresentedGoal[], goalId: string): PresentedGoal {
  const goal = goals.find((g) => g.id === goalId);
  if (!goal) throw new RecordNotFound('pathway goal', goalId);
  return goal;
}

export async function goalCloseFormView(a: Actor, goalId: string) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.pathway-goal-close', async (trx, _access, name) => {
    const data = await goalsData(trx, a);
    const goal = goalIn(data.goals, goalId);
    name('pathway goal', goal.id);
    assertRecordsCareWork(a.viewer, GOALS);
    return { ...data, goal };
  });
}

/** Records a goal in the young person's own words: set on a day in their life, hoped for on or after it. */
export async function recordGoal(a: Actor, read: FormRead<GoalInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.pathway-goal.create', async (trx, _access, name) => {
    assertRecordsCareWork(a.viewer, GOALS);
    const person = await lockChild(trx, a.childId);
    const errors = { ...read.errors };
    const v = read.values;
    const setOnProblem = v.setOn ? eventDateProblem(v.setOn, 'Date the goal was set', childDates(person), a.today) : null;
    if (setOnProblem) errors[dateKey('setOn')] = setOnProblem;
    if (v.setOn && v.targetDate && v.targetDate < v.setOn) errors[dateKey('targetDate')] = `Hoped for by must be on or after the day the goal was set, ${formatDate(v.setOn)}`;
    if (Object.keys(errors).length || !v.area || !v.goal || !v.setOn) return refuse(orderErrors(errors, GOAL_FIELDS), await goalsData(trx, a));
    const created = await insertGoal(trx, {
      child_id: a.childId,
      area: v.area,
      goal: v.goal,
      support: v.support ?? null,
      set_on: v.setOn,
      target_date: v.targetDate ?? null,
      recorded_by: a.viewer.id,
      recorded_at: a.context.at,
    });
    name('pathway goal', created.id);
    return created;
  });
}

/** Ends a goal as achieved or changed, on a day on or after it was set; a goal ends once. */
export async function endGoal(a: Actor, goalId: string, read: FormRead<GoalCloseInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.pathway-goal.close', async (trx, _access, name) => {
    const person = await lockChild(trx, a.childId);
    const data = await goalsData(trx, a);
    const goal = goalIn(data.goals, goalId);
    name('pathway goal', goal.id);
    assertRecordsCareWork(a.viewer, GOALS);
    const errors = { ...read.errors };
    const v = read.values;
    const key = dateKey('closedOn');
    if (!goal.open) errors.outcome = `This goal has already ended: ${goal.statusText.toLowerCase()}`;
    else if (v.closedOn) {
      const problem = eventDateProblem(v.closedOn, 'Date', childDates(person), a.today);
      if (problem) errors[key] = problem;
      else if (v.closedOn < goal.set_on) errors[key] = `Date must be on or after the day the goal was set, ${formatDate(goal.set_on)}`;
    }
    if (Object.keys(errors).length || !v.outcome || !v.closedOn) return refuse(orderErrors(errors, GOAL_CLOSE_FIELDS), { ...data, goal });
    await closeGoal(trx, goal.id, v.outcome, v.closedOn);
    return { id: goal.id, outcome: GOAL_OUTCOMES[v.outcome] };
  });
}
