import { statusChangeBy, type CaseChanged } from '../../platform/area.ts';
import type { Db } from '../../db/database.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import { RecordNotFound, type FieldErrors } from '../../platform/http/errors.ts';
import { dateKey, orderErrors, type FormRead } from '../../platform/http/forms.ts';
import { childDates, eventDateProblem, lockChild } from '../../platform/record-access/child-dates.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { changeChildRecord, NotPermitted, readChildRecord, refuse } from '../../platform/record-access/record-change.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import type { Actor } from '../../platform/record-access/viewer.ts';
import { describeCode } from '../../reference/codes.ts';
import { dueItems, presentItem, timelineOf, timescaleSettings, type DueKind } from '../../timescales/index.ts';
import {
  ACTION_FIELDS,
  CIN_REVIEW_FIELDS,
  CIN_START_FIELDS,
  COMPLETION_FIELDS,
  CORE_GROUP_FIELDS,
  EARLY_HELP_END_FIELDS,
  EARLY_HELP_START_FIELDS,
  END_FIELDS,
  OTHER_OWNER,
  PRE_PROCEEDINGS_FIELDS,
  REVIEW_FIELDS,
  type readAction,
  type readCinReview,
  type readCinStart,
  type readCompletion,
  type readCoreGroup,
  type readEarlyHelpEnd,
  type readEarlyHelpStart,
  type readEnd,
  type readPreProceedings,
  type readReview,
} from './forms.ts';
import {
  currentWorkers,
  endCinPlan,
  endEarlyHelp,
  insertAction,
  insertCaseEvent,
  insertCinPlan,
  insertCinReview,
  insertCoreGroup,
  insertEarlyHelp,
  insertPreProceedings,
  insertReviewConference,
  listActions,
  listCinPlans,
  listCinReviews,
  listCoreGroups,
  listCpPlans,
  listCpVisitFrequencies,
  listEarlyHelp,
  listPreProceedings,
  listReviewConferences,
  listStaff,
  markActionDone,
  updateCpPlan,
  updatePreProceedings,
  type ActionRow,
  type CpPlanRow,
} from './queries.ts';
import {
  actionDoneProblem,
  actionDueProblem,
  actionStatus,
  CHILD_PARTICIPATION,
  CIN_DECISIONS,
  CONFERENCE_RECORDERS,
  coreGroupProblem,
  EARLY_HELP_END_REASONS,
  END_REASONS,
  overlapProblem,
  PLAN_RECORDERS,
  planEndProblem,
  PRE_PROCEEDINGS_OUTCOMES,
  preProceedingsProblems,
  reviewConferenceProblem,
  withinPlan,
  type EndReason,
  type Period,
} from './rules.ts';

type Read<F extends (...args: never[]) => unknown> = ReturnType<F> extends FormRead<infer T> ? FormRead<T> : never;

const hasErrors = (errors: FieldErrors) => Object.keys(errors).length > 0;

/** What a child on a plan is owed, as the plan page lists it. */
const PLAN_KINDS: readonly DueKind[] = ['core_group', 'cp_review', 'cp_visit', 'cin_visit'];

const ROLE_WORDS: Record<string, string> = { lead: 'social worker', co_worker: 'co-worker', iro: 'IRO', personal_adviser: 'personal adviser' };
const UNIT_WORDS: Record<string, string> = { working_days: 'working days', days: 'days', weeks: 'weeks', months: 'months' };

function mayRecord(viewer: Viewer, roles: readonly string[], message: string): void {
  if (!roles.includes(viewer.role)) throw new NotPermitted(message, `role ${viewer.role} does not record ${message.toLowerCase()}`);
}
const mayRecordPlans = (viewer: Viewer) => mayRecord(viewer, PLAN_RECORDERS, 'Plans are recorded by the child’s social workers, IROs and managers.');
const mayRecordConferences = (viewer: Viewer) => mayRecord(viewer, CONFERENCE_RECORDERS, 'Review conferences are recorded by their chair (an IRO) and managers.');

const periodOf = (p: { start_date: string; end_date: string | null }): Period => ({ start: p.start_date, end: p.end_date });

/** The plan a dated meeting belongs to: its own plan when recorded, else the plan running that day. */
function planOn(plans: readonly CpPlanRow[], date: string, planId: string | null): CpPlanRow | undefined {
  if (planId) return plans.find((p) => p.id === planId);
  return plans.find((p) => p.start_date <= date && (p.end_date === null || p.end_date >= date));
}

function presentAction(r: ActionRow, childId: string, today: string) {
  const status = actionStatus({ dueDate: r.due_date, completedOn: r.completed_on }, today);
  return {
    ...r,
    ownerText: r.owner_name ?? `${r.owner_other}${r.owner_agency ? ` (${r.owner_agency})` : ''}`,
    status,
    statusTag: { done: 'govuk-tag--green', done_late: 'govuk-tag--yellow', overdue: 'govuk-tag--red', open: 'govuk-tag--blue' }[status.key],
    doneHref: r.completed_on ? null : `/children/${childId}/protection/plans/cp/actions/${r.id}/done`,
  };
}

async function plansData(trx: Db, a: Actor) {
  const [child, plans, actions, coreGroups, reviews, frequencies, cinPlans, cinReviews, preProceedings, earlyHelp, timeline, settings] = await Promise.all([
    childHeaderView(trx, a.childId, a.today),
    listCpPlans(trx, a.childId),
    listActions(trx, a.childId),
    listCoreGroups(trx, a.childId),
    listReviewConferences(trx, a.childId),
    listCpVisitFrequencies(trx, a.childId),
    listCinPlans(trx, a.childId),
    listCinReviews(trx, a.childId),
    listPreProceedings(trx, a.childId),
    listEarlyHelp(trx, a.childId),
    timelineOf(trx, a.childId),
    timescaleSettings(trx),
  ]);
  const base = `/children/${a.childId}/protection/plans`;
  const presentedActions = actions.map((r) => presentAction(r, a.childId, a.today));
  const due = timeline ? dueItems(timeline, a.today, settings).map((i) => presentItem(a.childId, i)) : [];
  const cpPlans = plans.map((p) => {
    const open = p.end_date === null;
    const planActions = presentedActions.filter((x) => x.plan_id === p.id);
    const frequency = frequencies.find((f) => f.from_date <= (p.end_date ?? a.today));
    return {
      ...p,
      open,
      href: `${base}/cp/${p.id}`,
      initialLabel: describeCode('cpCategory', p.initial_category),
      latestLabel: describeCode('cpCategory', p.latest_category),
      endReasonLabel: p.end_reason ? (END_REASONS[p.end_reason as EndReason] ?? p.end_reason) : null,
      actions: planActions,
      openActions: planActions.filter((x) => !x.completed_on).length,
      overdueActions: planActions.filter((x) => x.status.key === 'overdue').length,
      coreGroups: coreGroups
        .filter((c) => planOn(plans, c.event_date, c.plan_id)?.id === p.id)
        .map((c) => ({ ...c, recorded: c.plan_id !== null, nextMeetingText: c.next_meeting ? formatDate(c.next_meeting) : null })),
      reviews: reviews
        .filter((r) => planOn(plans, r.event_date, r.plan_id)?.id === p.id)
        .map((r) => ({
          ...r,
          recorded: r.plan_id !== null,
          decisionText: r.decision === 'end' ? 'The plan ends' : r.decision === 'continue' ? 'The plan continues' : null,
          categoryText: r.category_changed_to ? describeCode('cpCategory', r.category_changed_to) : null,
          childParticipationText: r.child_participation ? (CHILD_PARTICIPATION[r.child_participation as keyof typeof CHILD_PARTICIPATION] ?? r.child_participation) : null,
        })),
      visitText: frequency ? `Every ${frequency.every_n} ${UNIT_WORDS[frequency.unit] ?? frequency.unit}, from ${formatDate(frequency.from_date)}` : 'The council’s standard frequency (no other agreed)',
      due: open ? due.filter((i) => PLAN_KINDS.includes(i.kind) && i.kind !== 'cin_visit') : [],
    };
  });
  const cin = cinPlans.map((p) => ({
    ...p,
    reviews: cinReviews.filter((r) => r.cin_plan_id === p.id).map((r) => ({ ...r, decisionText: CIN_DECISIONS[r.decision] })),
  }));
  return {
    child,
    base,
    cpPlans,
    openPlan: cpPlans.find((p) => p.open) ?? null,
    pastPlans: cpPlans.filter((p) => !p.open),
    cinPlans: cin,
    openCinPlan: cin.find((p) => p.end_date === null) ?? null,
    preProceedings: preProceedings.map((p) => ({ ...p, outcomeText: p.outcome ? PRE_PROCEEDINGS_OUTCOMES[p.outcome] : null })),
    openPreProceedings: preProceedings.find((p) => p.outcome === null) ?? null,
    earlyHelp: earlyHelp.map((e) => ({ ...e, endReasonText: e.end_reason ? EARLY_HELP_END_REASONS[e.end_reason] : null })),
    openEarlyHelp: earlyHelp.find((e) => e.end_date === null) ?? null,
    mayRecord: PLAN_RECORDERS.includes(a.viewer.role),
    mayRecordConference: CONFERENCE_RECORDERS.includes(a.viewer.role),
  };
}

type PlansData = Awaited<ReturnType<typeof plansData>>;

/** The child's plans: child protection, child in need, pre-proceedings and early help. */
export async function plansView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.plans', (trx) => plansData(trx, a));
}

/** One child protection plan, whole: categories, actions, core groups, review conferences, visits, what is due and its end. */
export async function cpPlanView(a: Actor, planId: string) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.cp-plan', async (trx, _access, name) => {
    name('child protection plan', planId);
    const data = await plansData(trx, a);
    const plan = data.cpPlans.find((p) => p.id === planId);
    if (!plan) throw new RecordNotFound('child protection plan', planId);
    return { ...data, plan };
  });
}

function openPlanOf(data: PlansData) {
  if (!data.openPlan) throw new RecordNotFound('open child protection plan', data.child.id);
  return data.openPlan;
}

/** A form on the child's open plan: the page data with that plan; 404 without one; 403 for those who may not record. */
function openPlanForm(action: string, may: (viewer: Viewer) => void, extra: (trx: Db, a: Actor, data: PlansData) => Promise<Record<string, unknown>> = async () => ({})) {
  return (a: Actor) =>
    readChildRecord(a.db, a.viewer, a.context, a.childId, action, async (trx) => {
      const data = await plansData(trx, a);
      const plan = openPlanOf(data);
      may(a.viewer);
      return { ...data, plan, ...(await extra(trx, a, data)) };
    });
}

// --- Actions -----------------------------------------------------------------------------------

async function ownerItems(trx: Db, a: Actor) {
  const workers = await currentWorkers(trx, a.childId);
  return {
    ownerItems: [
      ...workers.map((w) => ({ value: w.id, text: `${w.name} (${ROLE_WORDS[w.role] ?? w.role})` })),
      ...(workers.some((w) => w.id === a.viewer.id) ? [] : [{ value: a.viewer.id, text: 'Me' }]),
    ],
  };
}

export const actionFormView = openPlanForm('child.view.cp-action-form', mayRecordPlans, ownerItems);

/** Adds an action to the child's open plan: what, who owns it, and by when (not before the plan began). */
export async function addAction(a: Actor, read: Read<typeof readAction>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.cp-plan.action', async (trx, _access, name) => {
    mayRecordPlans(a.viewer);
    await lockChild(trx, a.childId);
    const data = await plansData(trx, a);
    const plan = openPlanOf(data);
    name('child protection plan', plan.id);
    const owners = await ownerItems(trx, a);
    const view = { ...data, plan, ...owners };
    const errors = { ...read.errors };
    const v = read.values;
    if (v.owner && v.owner !== OTHER_OWNER && !owners.ownerItems.some((o) => o.value === v.owner)) errors.owner = 'Who will do it must be one of the options listed';
    if (v.dueDate && !errors[dateKey('dueDate')]) {
      const problem = actionDueProblem(v.dueDate, periodOf(plan));
      if (problem) errors[dateKey('dueDate')] = problem;
    }
    if (hasErrors(errors) || !v.action || !v.owner || !v.dueDate) return refuse(orderErrors(errors, ACTION_FIELDS), view);
    const other = v.owner === OTHER_OWNER;
    const created = await insertAction(trx, {
      plan_id: plan.id,
      child_id: a.childId,
      action: v.action,
      owner_id: other ? null : v.owner,
      owner_other: other ? v.ownerOther! : null,
      owner_agency: other ? v.ownerAgency! : null,
      due_date: v.dueDate,
      recorded_by: a.viewer.id,
      recorded_at: a.context.at,
    });
    name('child protection plan action', created.id);
    return created;
  });
}

async function completionData(trx: Db, a: Actor, actionId: string) {
  const data = await plansData(trx, a);
  const plan = data.cpPlans.find((p) => p.actions.some((x) => x.id === actionId));
  if (!plan) throw new RecordNotFound('child protection plan action', actionId);
  return { ...data, plan, planAction: plan.actions.find((x) => x.id === actionId)! };
}

export async function completionFormView(a: Actor, actionId: string) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.cp-action-done-form', async (trx, _access, name) => {
    name('child protection plan action', actionId);
    const data = await completionData(trx, a, actionId);
    mayRecordPlans(a.viewer);
    return data;
  });
}

/** Records that an action was done, once: on or after the plan began, not in the future. */
export async function completeAction(a: Actor, actionId: string, read: Read<typeof readCompletion>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.cp-plan.action-done', async (trx, _access, name) => {
    mayRecordPlans(a.viewer);
    name('child protection plan action', actionId);
    await lockChild(trx, a.childId);
    const data = await completionData(trx, a, actionId);
    const errors = { ...read.errors };
    const v = read.values;
    const key = dateKey('completedOn');
    if (data.planAction.completed_on) errors[key] = `This action is already recorded as done on ${formatDate(data.planAction.completed_on)}`;
    else if (v.completedOn && !errors[key]) {
      const problem = actionDoneProblem(v.completedOn, periodOf(data.plan), a.today);
      if (problem) errors[key] = problem;
    }
    if (hasErrors(errors) || !v.completedOn || !v.whatDone) return refuse(orderErrors(errors, COMPLETION_FIELDS), data);
    await markActionDone(trx, actionId, { completed_on: v.completedOn, what_done: v.whatDone, completed_by: a.viewer.id, completed_at: a.context.at });
    return { id: actionId };
  });
}

// --- Core groups -------------------------------------------------------------------------------

export const coreGroupFormView = openPlanForm('child.view.core-group-form', mayRecordPlans);

/**
 * Records a core group of the open plan: the meeting (a case event of kind
 * 'core_group', which the plan's clock reads) and what it said, together.
 */
export async function recordCoreGroup(a: Actor, read: Read<typeof readCoreGroup>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.cp-plan.core-group', async (trx, _access, name) => {
    mayRecordPlans(a.viewer);
    const person = await lockChild(trx, a.childId);
    const data = await plansData(trx, a);
    const plan = openPlanOf(data);
    name('child protection plan', plan.id);
    const view = { ...data, plan };
    const errors = { ...read.errors };
    const v = read.values;
    const key = dateKey('eventDate');
    if (v.eventDate && !errors[key]) {
      const problem = eventDateProblem(v.eventDate, 'Date of the core group', childDates(person), a.today) ?? coreGroupProblem(v.eventDate, periodOf(plan));
      if (problem) errors[key] = problem;
    }
    if (hasErrors(errors) || !v.eventDate || !v.attendees || !v.progress) return refuse(orderErrors(errors, CORE_GROUP_FIELDS), view);
    const event = await insertCaseEvent(trx, { child_id: a.childId, kind: 'core_group', event_date: v.eventDate, s47_started: null, note: null, recorded_by: a.viewer.id, recorded_at: a.context.at });
    await insertCoreGroup(trx, {
      case_event_id: event.id,
      child_id: a.childId,
      plan_id: plan.id,
      attendees: v.attendees,
      progress: v.progress,
      next_meeting: v.nextMeeting ?? null,
      recorded_by: a.viewer.id,
      recorded_at: a.context.at,
    });
    name('core group', event.id);
    return event;
  });
}

// --- Review conferences --------------------------------------------------------------------------

async function chairItems(trx: Db) {
  const staff = await listStaff(trx, CONFERENCE_RECORDERS);
  return { chairs: staff, chairItems: [{ value: '', text: 'Choose who chaired it' }, ...staff.map((s) => ({ value: s.id, text: s.name }))] };
}

export const reviewFormView = openPlanForm('child.view.cp-review-form', mayRecordConferences, (trx) => chairItems(trx));

/**
 * Records a review conference of the open plan: the meeting (a case event of
 * kind 'cp_review', which the review clock reads) and its decision. A changed
 * category becomes the plan's latest category, and a decision to end the plan
 * ends it on the conference's date with its reason, in the same transaction.
 */
export async function recordReviewConference(a: Actor, read: Read<typeof readReview>, caseChanged: CaseChanged) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.cp-plan.review-conference', async (trx, _access, name) => {
    mayRecordConferences(a.viewer);
    const person = await lockChild(trx, a.childId);
    const data = await plansData(trx, a);
    const plan = openPlanOf(data);
    name('child protection plan', plan.id);
    const chairs = await chairItems(trx);
    const view = { ...data, plan, ...chairs };
    const errors = { ...read.errors };
    const v = read.values;
    const key = dateKey('eventDate');
    if (v.eventDate && !errors[key]) {
      const problem = eventDateProblem(v.eventDate, 'Date of the review conference', childDates(person), a.today) ?? reviewConferenceProblem(v.eventDate, periodOf(plan));
      if (problem) errors[key] = problem;
    }
    if (v.chairId && !errors.chairId && !chairs.chairs.some((c) => c.id === v.chairId)) errors.chairId = 'Who chaired the conference must be one of the options listed';
    if (v.category && !errors.category && v.category === plan.latest_category) errors.category = `The category is already ${plan.latestLabel}: leave it unchosen to keep it`;
    if (hasErrors(errors) || !v.eventDate || !v.chairId || !v.attendees || !v.childParticipation || !v.familyParticipation || !v.decision) return refuse(orderErrors(errors, REVIEW_FIELDS), view);
    const event = await insertCaseEvent(trx, { child_id: a.childId, kind: 'cp_review', event_date: v.eventDate, s47_started: null, note: null, recorded_by: a.viewer.id, recorded_at: a.context.at });
    await insertReviewConference(trx, {
      case_event_id: event.id,
      child_id: a.childId,
      plan_id: plan.id,
      chair_id: v.chairId,
      attendees: v.attendees,
      decision: v.decision,
      category_changed_to: v.category ?? null,
      child_participation: v.childParticipation,
      family_participation: v.familyParticipation,
      recorded_by: a.viewer.id,
      recorded_at: a.context.at,
    });
    if (v.decision === 'end') {
      await updateCpPlan(trx, plan.id, { end_date: v.eventDate, end_reason: v.endReason! });
      await caseChanged(trx, a.childId, statusChangeBy(a));
    } else if (v.category) await updateCpPlan(trx, plan.id, { latest_category: v.category });
    name('review conference', event.id);
    return event;
  });
}

// --- Ending a plan directly ----------------------------------------------------------------------

export const endFormView = openPlanForm('child.view.cp-end-form', mayRecordConferences);

/** Ends the open plan on a day on or after it began and not in the future, with why. */
export async function endPlan(a: Actor, read: Read<typeof readEnd>, caseChanged: CaseChanged) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.cp-plan.end', async (trx, _access, name) => {
    mayRecordConferences(a.viewer);
    const person = await lockChild(trx, a.childId);
    const data = await plansData(trx, a);
    const plan = openPlanOf(data);
    name('child protection plan', plan.id);
    const errors = { ...read.errors };
    const v = read.values;
    const key = dateKey('endDate');
    if (v.endDate && !errors[key]) {
      const problem = planEndProblem(v.endDate, plan.start_date, a.today) ?? eventDateProblem(v.endDate, 'Date the plan ended', childDates(person), a.today);
      if (problem) errors[key] = problem;
      const later = [...plan.coreGroups, ...plan.reviews].find((m) => m.event_date > v.endDate!);
      if (!problem && later) errors[key] = `Date the plan ended must be on or after its last meeting, ${formatDate(later.event_date)}`;
    }
    if (hasErrors(errors) || !v.endDate || !v.endReason) return refuse(orderErrors(errors, END_FIELDS), { ...data, plan });
    await updateCpPlan(trx, plan.id, { end_date: v.endDate, end_reason: v.endReason });
    await caseChanged(trx, a.childId, statusChangeBy(a));
    return { id: plan.id };
  });
}

// --- Child in need plans -------------------------------------------------------------------------

function plansForm(action: string) {
  return (a: Actor) =>
    readChildRecord(a.db, a.viewer, a.context, a.childId, action, async (trx) => {
      const data = await plansData(trx, a);
      mayRecordPlans(a.viewer);
      return data;
    });
}

export const cinStartFormView = plansForm('child.view.cin-plan-form');

/** Starts a child in need plan: one at a time, not overlapping an earlier one, not in the future. */
export async function startCinPlan(a: Actor, read: Read<typeof readCinStart>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.cin-plan.start', async (trx, _access, name) => {
    mayRecordPlans(a.viewer);
    const person = await lockChild(trx, a.childId);
    const data = await plansData(trx, a);
    const errors = { ...read.errors };
    const v = read.values;
    const key = dateKey('startDate');
    if (v.startDate && !errors[key]) {
      const problem =
        eventDateProblem(v.startDate, 'Date the plan started', childDates(person), a.today) ??
        overlapProblem({ start: v.startDate, end: null }, data.cinPlans.map(periodOf), 'The plan', 'child in need plan');
      if (problem) errors[key] = problem;
    }
    if (hasErrors(errors) || !v.startDate) return refuse(orderErrors(errors, CIN_START_FIELDS), data);
    const created = await insertCinPlan(trx, { child_id: a.childId, start_date: v.startDate, recorded_by: a.viewer.id, recorded_at: a.context.at });
    name('child in need plan', created.id);
    return created;
  });
}

function openCinOf(data: PlansData) {
  if (!data.openCinPlan) throw new RecordNotFound('open child in need plan', data.child.id);
  return data.openCinPlan;
}

export const cinReviewFormView = (a: Actor) =>
  readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.cin-review-form', async (trx) => {
    const data = await plansData(trx, a);
    const plan = openCinOf(data);
    mayRecordPlans(a.viewer);
    return { ...data, plan };
  });

/**
 * Records a review of the open child in need plan. A decision other than to
 * continue ends the plan on the review's date (CINPlanEndDate): its needs met,
 * or the child stepped up to an enquiry or down to early help.
 */
export async function reviewCinPlan(a: Actor, read: Read<typeof readCinReview>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.cin-plan.review', async (trx, _access, name) => {
    mayRecordPlans(a.viewer);
    const person = await lockChild(trx, a.childId);
    const data = await plansData(trx, a);
    const plan = openCinOf(data);
    name('child in need plan', plan.id);
    const errors = { ...read.errors };
    const v = read.values;
    const key = dateKey('reviewDate');
    if (v.reviewDate && !errors[key]) {
      const problem = eventDateProblem(v.reviewDate, 'Date of the review', childDates(person), a.today) ?? withinPlan(v.reviewDate, periodOf(plan), 'Date of the review', 'plan');
      if (problem) errors[key] = problem;
    }
    if (hasErrors(errors) || !v.reviewDate || !v.decision) return refuse(orderErrors(errors, CIN_REVIEW_FIELDS), { ...data, plan });
    const created = await insertCinReview(trx, {
      cin_plan_id: plan.id,
      child_id: a.childId,
      review_date: v.reviewDate,
      decision: v.decision,
      note: v.note ?? null,
      recorded_by: a.viewer.id,
      recorded_at: a.context.at,
    });
    if (v.decision !== 'continue') await endCinPlan(trx, plan.id, v.reviewDate);
    name('child in need plan review', created.id);
    return created;
  });
}

// --- Pre-proceedings -----------------------------------------------------------------------------

export const preProceedingsFormView = plansForm('child.view.pre-proceedings-form');

/**
 * Records the steps of the child's pre-proceedings: a new period when none is
 * open, else the open one's later steps. The steps are checked in their order
 * (rules.ts preProceedingsProblems); a recorded outcome closes the period.
 */
export async function recordPreProceedings(a: Actor, read: Read<typeof readPreProceedings>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.pre-proceedings.record', async (trx, _access, name) => {
    mayRecordPlans(a.viewer);
    const person = await lockChild(trx, a.childId);
    const data = await plansData(trx, a);
    const open = data.openPreProceedings;
    const errors = { ...read.errors };
    const v = read.values;
    if (v.decisionDate && !errors[dateKey('decisionDate')]) {
      const problem = eventDateProblem(v.decisionDate, 'Date of the decision to enter pre-proceedings', childDates(person), a.today);
      if (problem) errors[dateKey('decisionDate')] = problem;
      const earlier = data.preProceedings.find((p) => p.id !== open?.id && p.outcome_date && v.decisionDate! <= p.outcome_date);
      if (!problem && earlier) errors[dateKey('decisionDate')] = `Date of the decision to enter pre-proceedings must be after the earlier pre-proceedings ended, ${formatDate(earlier.outcome_date!)}`;
    }
    if (v.decisionDate) {
      const steps = {
        decisionDate: v.decisionDate,
        letterDate: v.letterDate ?? null,
        initialMeetingDate: v.initialMeetingDate ?? null,
        fgdmOfferedOn: v.fgdmOfferedOn ?? null,
        fgdmHeldOn: v.fgdmHeldOn ?? null,
        outcomeDate: v.outcomeDate ?? null,
      };
      for (const [field, problem] of Object.entries(preProceedingsProblems(steps, a.today))) errors[dateKey(field)] ??= problem;
    }
    if (hasErrors(errors) || !v.decisionDate) return refuse(orderErrors(errors, PRE_PROCEEDINGS_FIELDS), data);
    const values = {
      decision_date: v.decisionDate,
      letter_date: v.letterDate ?? null,
      initial_meeting_date: v.initialMeetingDate ?? null,
      review_meetings: v.reviewMeetings ?? 0,
      fgdm_offered_on: v.fgdmOfferedOn ?? null,
      fgdm_held_on: v.fgdmHeldOn ?? null,
      outcome: v.outcome ?? null,
      outcome_date: v.outcomeDate ?? null,
    };
    if (open) {
      await updatePreProceedings(trx, open.id, values);
      name('pre-proceedings', open.id);
      return { id: open.id };
    }
    const created = await insertPreProceedings(trx, { ...values, child_id: a.childId, recorded_by: a.viewer.id, recorded_at: a.context.at });
    name('pre-proceedings', created.id);
    return created;
  });
}

// --- Early help ----------------------------------------------------------------------------------

export const earlyHelpFormView = plansForm('child.view.early-help-form');

/** Starts an episode of early help: one at a time, not overlapping another, not in the future. */
export async function startEarlyHelp(a: Actor, read: Read<typeof readEarlyHelpStart>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.early-help.start', async (trx, _access, name) => {
    mayRecordPlans(a.viewer);
    const person = await lockChild(trx, a.childId);
    const data = await plansData(trx, a);
    const errors = { ...read.errors };
    const v = read.values;
    const key = dateKey('startDate');
    if (v.startDate && !errors[key]) {
      const problem =
        eventDateProblem(v.startDate, 'Date early help started', childDates(person), a.today) ??
        overlapProblem({ start: v.startDate, end: null }, data.earlyHelp.map(periodOf), 'Early help', 'early help');
      if (problem) errors[key] = problem;
    }
    if (hasErrors(errors) || !v.startDate || !v.lead || !v.reason || v.steppedDown === undefined) return refuse(orderErrors(errors, EARLY_HELP_START_FIELDS), data);
    const created = await insertEarlyHelp(trx, {
      child_id: a.childId,
      start_date: v.startDate,
      lead: v.lead,
      reason: v.reason,
      stepped_down: v.steppedDown,
      recorded_by: a.viewer.id,
      recorded_at: a.context.at,
    });
    name('early help episode', created.id);
    return created;
  });
}

export const earlyHelpEndFormView = (a: Actor) =>
  readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.early-help-end-form', async (trx) => {
    const data = await plansData(trx, a);
    if (!data.openEarlyHelp) throw new RecordNotFound('open early help episode', a.childId);
    mayRecordPlans(a.viewer);
    return { ...data, episode: data.openEarlyHelp };
  });

/** Ends the open episode of early help, on or after it began and not in the future, with why. */
export async function endEarlyHelpEpisode(a: Actor, read: Read<typeof readEarlyHelpEnd>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.early-help.end', async (trx, _access, name) => {
    mayRecordPlans(a.viewer);
    await lockChild(trx, a.childId);
    const data = await plansData(trx, a);
    const episode = data.openEarlyHelp;
    if (!episode) throw new RecordNotFound('open early help episode', a.childId);
    name('early help episode', episode.id);
    const errors = { ...read.errors };
    const v = read.values;
    const key = dateKey('endDate');
    if (v.endDate && !errors[key]) {
      const problem = planEndProblem(v.endDate, episode.start_date, a.today, 'early help');
      if (problem) errors[key] = problem.replace('Date the plan ended', 'Date early help ended');
    }
    if (hasErrors(errors) || !v.endDate || !v.endReason) return refuse(orderErrors(errors, EARLY_HELP_END_FIELDS), { ...data, episode });
    await endEarlyHelp(trx, episode.id, { end_date: v.endDate, end_reason: v.endReason });
    return { id: episode.id };
  });
}

// --- For the chronology ---------------------------------------------------------------------------

type Entry = { date: string; source: 'Meeting or review' | 'Child protection'; what: string; detail: string | null };

/** Each plan's actions, core groups, review conference decisions and end; child in need plans; pre-proceedings; early help. */
export async function plansChronology(db: Db, childId: string): Promise<Entry[]> {
  const [plans, actions, coreGroups, reviews, cinPlans, cinReviews, pre, early] = await Promise.all([
    listCpPlans(db, childId),
    listActions(db, childId),
    listCoreGroups(db, childId),
    listReviewConferences(db, childId),
    listCinPlans(db, childId),
    listCinReviews(db, childId),
    listPreProceedings(db, childId),
    listEarlyHelp(db, childId),
  ]);
  const entries: Entry[] = [];
  const startOf = new Map(plans.map((p) => [p.id, p.start_date]));
  for (const p of plans) {
    if (p.end_date && p.end_reason) entries.push({ date: p.end_date, source: 'Child protection', what: 'Why the child protection plan ended', detail: END_REASONS[p.end_reason as EndReason] ?? p.end_reason });
  }
  for (const x of actions) {
    const owner = x.owner_name ?? `${x.owner_other}${x.owner_agency ? ` (${x.owner_agency})` : ''}`;
    entries.push({ date: startOf.get(x.plan_id)!, source: 'Child protection', what: 'Child protection plan action set', detail: `${x.action} (${owner}, by ${formatDate(x.due_date)})` });
    if (x.completed_on) entries.push({ date: x.completed_on, source: 'Child protection', what: 'Child protection plan action done', detail: `${x.action}: ${x.what_done}` });
  }
  for (const c of coreGroups) {
    if (c.plan_id) entries.push({ date: c.event_date, source: 'Meeting or review', what: 'Core group: progress against the plan', detail: `${c.progress} Attended: ${c.attendees}` });
  }
  for (const r of reviews) {
    if (!r.plan_id) continue;
    const category = r.category_changed_to ? `; category now ${describeCode('cpCategory', r.category_changed_to)}` : '';
    entries.push({ date: r.event_date, source: 'Meeting or review', what: `Review conference chaired by ${r.chair_name}: ${r.decision === 'end' ? 'the plan ends' : 'the plan continues'}`, detail: `Attended: ${r.attendees}${category}` });
  }
  for (const p of cinPlans) {
    entries.push({ date: p.start_date, source: 'Child protection', what: 'Child in need plan started', detail: null });
    if (p.end_date) entries.push({ date: p.end_date, source: 'Child protection', what: 'Child in need plan ended', detail: null });
  }
  for (const r of cinReviews) entries.push({ date: r.review_date, source: 'Meeting or review', what: 'Child in need plan review', detail: `${CIN_DECISIONS[r.decision]}${r.note ? `. ${r.note}` : ''}` });
  for (const p of pre) {
    entries.push({ date: p.decision_date, source: 'Child protection', what: 'Decision to enter pre-proceedings', detail: null });
    if (p.letter_date) entries.push({ date: p.letter_date, source: 'Child protection', what: 'Letter before proceedings sent', detail: null });
    if (p.initial_meeting_date) entries.push({ date: p.initial_meeting_date, source: 'Meeting or review', what: 'Pre-proceedings meeting', detail: null });
    if (p.fgdm_offered_on) entries.push({ date: p.fgdm_offered_on, source: 'Child protection', what: 'Family group conference offered', detail: null });
    if (p.fgdm_held_on) entries.push({ date: p.fgdm_held_on, source: 'Meeting or review', what: 'Family group conference held', detail: null });
    if (p.outcome && p.outcome_date) entries.push({ date: p.outcome_date, source: 'Child protection', what: 'Pre-proceedings ended', detail: PRE_PROCEEDINGS_OUTCOMES[p.outcome] });
  }
  for (const e of early) {
    entries.push({ date: e.start_date, source: 'Child protection', what: `Early help started${e.stepped_down ? ' (step down from children’s social care)' : ''}`, detail: `${e.lead}: ${e.reason}` });
    if (e.end_date && e.end_reason) entries.push({ date: e.end_date, source: 'Child protection', what: 'Early help ended', detail: EARLY_HELP_END_REASONS[e.end_reason] });
  }
  return entries;
}
