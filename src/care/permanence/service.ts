import { assertRecordsCareWork, CARE_RECORDERS } from '../recorders.ts';
import { findEpisodes } from '../stability/queries.ts';
import { carePeriods } from '../stability/rules.ts';
import type { Db } from '../../db/database.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import { orderErrors, type FormRead } from '../../platform/http/forms.ts';
import { describeCode } from '../../reference/codes.ts';
import { childDates, lockChild } from '../../platform/record-access/child-dates.ts';
import { changeChildRecord, readChildRecord, refuse } from '../../platform/record-access/record-change.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import type { Actor } from '../../platform/record-access/viewer.ts';
import { dueItems, presentItem, timelineOf, timescaleSettings } from '../../timescales/index.ts';
import { PLAN_FIELDS, STEP_FIELDS, SUPPORT_FIELDS, type PlanForm, type StepForm, type SupportForm } from './forms.ts';
import { insertPlan, insertStep, insertSupport, listLongTermPlacements, listPlans, listReviews, listSteps, listSupport, type PlanRow } from './queries.ts';
import { OUTCOME_LABELS, outcomeOfPeriod, PLAN_LABELS, periodOn, planProblems, STEP_LABELS, stepProblems, supportProblems, type Period } from './rules.ts';

const WHAT = 'Permanence plans and the journey home';
const mayRecord = (viewer: Viewer) => assertRecordsCareWork(viewer, WHAT);

function describePlan(p: Pick<PlanRow, 'plan' | 'parallel_plan'>): string {
  return p.parallel_plan ? `${PLAN_LABELS[p.plan]}, with a parallel plan of ${PLAN_LABELS[p.parallel_plan].toLowerCase()}` : PLAN_LABELS[p.plan];
}

async function permanenceData(trx: Db, a: Actor) {
  const [child, episodes, plans, reviews, support, steps, longTerm] = await Promise.all([
    childHeaderView(trx, a.childId, a.today),
    findEpisodes(trx, a.childId),
    listPlans(trx, a.childId),
    listReviews(trx, a.childId),
    listSupport(trx, a.childId),
    listSteps(trx, a.childId),
    listLongTermPlacements(trx, a.childId),
  ]);
  const periods = carePeriods(episodes).filter((p) => !p.shortBreaksOnly);
  return { child, periods, plans, reviews, support, steps, longTerm };
}

type PermanenceData = Awaited<ReturnType<typeof permanenceData>>;

const returnHomeSince = (plans: readonly PlanRow[]) => plans.find((p) => p.plan === 'return_home' || p.parallel_plan === 'return_home')?.decided_on ?? null;
const wentHomeOn = (steps: PermanenceData['steps']) => steps.find((s) => s.step === 'went_home')?.step_date ?? null;

/** Each period of care that ended in permanence (adopted, a special guardianship or child arrangements order, home), by its SSDA903 reason. */
function outcomesOf(periods: PermanenceData['periods']) {
  return periods.flatMap((p) => {
    const ended = outcomeOfPeriod(p);
    if (!ended || !p.end) return [];
    return [{ outcome: ended.outcome, label: OUTCOME_LABELS[ended.outcome], date: p.end, reason: `${ended.reasonCeased}: ${describeCode('reasonEpisodeCeased', ended.reasonCeased)}` }];
  });
}

/** The child's plan for permanence now and before, what is due, the journey home and how care ended. */
export async function permanenceView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.permanence', async (trx) => {
    const [data, timeline, settings] = await Promise.all([permanenceData(trx, a), timelineOf(trx, a.childId), timescaleSettings(trx)]);
    const { child, periods, plans, support, steps, longTerm } = data;
    // The plan now is the latest of the latest period of care: a plan from an earlier period is history.
    const latestPeriod = periods.at(-1);
    const current = [...plans].reverse().find((p) => !latestPeriod || p.decided_on >= latestPeriod.start) ?? null;
    const inCare = periodOn(periods, a.today);
    const due = timeline ? dueItems(timeline, a.today, settings).filter((i) => i.kind === 'permanence_plan').map((i) => presentItem(a.childId, i)) : [];
    const journey = returnHomeSince(plans) !== null || support.length > 0 || steps.length > 0;
    return {
      child,
      inCare: inCare !== null && inCare.end === null ? { since: inCare.start } : null,
      current: current ? { ...current, text: describePlan(current) } : null,
      history: [...plans].reverse().map((p) => ({ ...p, text: describePlan(p) })),
      due,
      outcomes: outcomesOf(periods),
      longTermFostering: current?.plan === 'long_term_fostering' || current?.parallel_plan === 'long_term_fostering',
      longTerm,
      adoption: current?.plan === 'adoption' || current?.parallel_plan === 'adoption',
      journey: journey
        ? {
            support: support.map((s) => ({ ...s, period: s.to_date ? `${formatDate(s.from_date)} to ${formatDate(s.to_date)}` : `From ${formatDate(s.from_date)}` })),
            steps: steps.map((s) => ({ ...s, label: STEP_LABELS[s.step] })),
            wentHomeOn: wentHomeOn(steps),
          }
        : null,
      mayRecord: CARE_RECORDERS.includes(a.viewer.role),
    };
  });
}

// --- The plan -------------------------------------------------------------------------------------------

function reviewItems(data: PermanenceData) {
  return data.reviews.map((r) => ({ value: r.id, text: `Looked-after review, ${formatDate(r.event_date)}` }));
}

export async function planFormView(a: Actor) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.permanence-plan-form', async (trx) => {
    mayRecord(a.viewer);
    const data = await permanenceData(trx, a);
    return { child: data.child, reviewItems: reviewItems(data), current: data.plans.at(-1) ?? null };
  });
}

/**
 * Records the plan for permanence, or a change of plan from its date: decided
 * while the child was looked after, not before the plan it replaces, agreed
 * at a review of that period of care when one agreed it. Nothing is stored
 * when any of it is refused.
 */
export async function recordPlan(a: Actor, read: FormRead<PlanForm>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.permanence-plan.create', async (trx, _access, name) => {
    mayRecord(a.viewer);
    const person = await lockChild(trx, a.childId);
    const data = await permanenceData(trx, a);
    const previous = data.plans.at(-1);
    const errors = { ...read.errors };
    const v = read.values;
    const problems = planProblems(
      v,
      {
        child: { ...childDates(person), forename: data.child.forename },
        periods: data.periods.map((p): Period => ({ start: p.start, end: p.end })),
        previous: previous ? { decidedOn: previous.decided_on, plan: previous.plan } : null,
        reviews: data.reviews.map((r) => ({ id: r.id, date: r.event_date })),
      },
      a.today,
    );
    for (const [field, message] of Object.entries(problems)) errors[field] ??= message;
    if (Object.keys(errors).length || !v.plan || !v.decidedOn) {
      return refuse(orderErrors(errors, PLAN_FIELDS), { child: data.child, reviewItems: reviewItems(data), current: previous ?? null });
    }
    const created = await insertPlan(trx, {
      child_id: a.childId,
      plan: v.plan,
      parallel_plan: v.parallelPlan ?? null,
      decided_on: v.decidedOn,
      review_event_id: v.reviewId ?? null,
      note: v.note ?? null,
      recorded_by: a.viewer.id,
      recorded_at: a.context.at,
    });
    name(previous ? 'permanence plan changed,' : 'permanence plan', created.id);
    return created;
  });
}

// --- The journey home --------------------------------------------------------------------------------------

export async function journeyFormView(a: Actor) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.reunification-form', async (trx) => {
    mayRecord(a.viewer);
    const data = await permanenceData(trx, a);
    return { child: data.child };
  });
}

/** Records an item of the support plan for the return home: what, from whom, from when and until when. */
export async function recordSupport(a: Actor, read: FormRead<SupportForm>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.reunification-support.create', async (trx, _access, name) => {
    mayRecord(a.viewer);
    const person = await lockChild(trx, a.childId);
    const data = await permanenceData(trx, a);
    const errors = { ...read.errors };
    const v = read.values;
    for (const [field, message] of Object.entries(supportProblems(v, { child: childDates(person), returnHomeSince: returnHomeSince(data.plans) }, a.today))) errors[field] ??= message;
    if (Object.keys(errors).length || !v.what || !v.provider || !v.fromDate) return refuse(orderErrors(errors, SUPPORT_FIELDS), { child: data.child });
    const created = await insertSupport(trx, {
      child_id: a.childId,
      what: v.what,
      provider: v.provider,
      from_date: v.fromDate,
      to_date: v.toDate ?? null,
      recorded_by: a.viewer.id,
      recorded_at: a.context.at,
    });
    name('reunification support', created.id);
    return created;
  });
}

/** Records a dated step on the journey home. */
export async function recordStep(a: Actor, read: FormRead<StepForm>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.reunification-step.create', async (trx, _access, name) => {
    mayRecord(a.viewer);
    const person = await lockChild(trx, a.childId);
    const data = await permanenceData(trx, a);
    const errors = { ...read.errors };
    const v = read.values;
    const context = { child: childDates(person), returnHomeSince: returnHomeSince(data.plans), wentHomeOn: wentHomeOn(data.steps) };
    for (const [field, message] of Object.entries(stepProblems(v, context, a.today))) errors[field] ??= message;
    if (Object.keys(errors).length || !v.step || !v.stepDate) return refuse(orderErrors(errors, STEP_FIELDS), { child: data.child });
    const created = await insertStep(trx, { child_id: a.childId, step: v.step, step_date: v.stepDate, note: v.note ?? null, recorded_by: a.viewer.id, recorded_at: a.context.at });
    name('reunification step', created.id);
    return created;
  });
}

// --- For the chronology -------------------------------------------------------------------------------------

/** Each plan decided or changed, each step home, and support begun, as chronology entries. */
export async function permanenceChronology(db: Db, childId: string) {
  const [plans, steps, support] = await Promise.all([listPlans(db, childId), listSteps(db, childId), listSupport(db, childId)]);
  return [
    ...plans.map((p, i) => ({
      date: p.decided_on,
      what: i === 0 ? 'Permanence plan decided' : 'Permanence plan changed',
      detail: `${describePlan(p)}${p.review_date ? `; agreed at the looked-after review of ${formatDate(p.review_date)}` : ''}`,
    })),
    ...steps.map((s) => ({ date: s.step_date, what: `Journey home: ${STEP_LABELS[s.step].toLowerCase()}`, detail: s.note })),
    ...support.map((s) => ({ date: s.from_date, what: 'Support for the return home began', detail: `${s.what}, from ${s.provider}` })),
  ];
}
