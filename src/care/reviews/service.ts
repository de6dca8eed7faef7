import type { Db } from '../../db/database.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import { RecordNotFound, type FieldErrors } from '../../platform/http/errors.ts';
import { dateKey, orderErrors, type FormRead } from '../../platform/http/forms.ts';
import { lockChild } from '../../platform/record-access/child-dates.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { changeChildRecord, NotPermitted, readChildRecord, refuse } from '../../platform/record-access/record-change.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import type { Actor } from '../../platform/record-access/viewer.ts';
import { codeOptions, describeCode } from '../../reference/codes.ts';
import { COMPLETION_FIELDS, OTHER_OWNER, OUTCOME_FIELDS, RECOMMENDATION_FIELDS, type CompletionInput, type OutcomeInput, type RecommendationInput } from './forms.ts';
import {
  allocatedIroOn,
  currentWorkers,
  findUser,
  insertOutcome,
  insertRecommendation,
  listIros,
  listRecommendations,
  listReviews,
  markDone,
  type RecommendationRow,
  type ReviewRow,
} from './queries.ts';
import { chairProblem, completionProblem, COMPLETION_RECORDERS, dueDateProblem, participationProblem, recommendationStatus, REVIEW_RECORDERS } from './rules.ts';

const hasErrors = (errors: FieldErrors) => Object.keys(errors).length > 0;

function mayRecordReviews(viewer: Viewer): void {
  if (!REVIEW_RECORDERS.includes(viewer.role)) {
    throw new NotPermitted('A review’s outcome and recommendations are recorded by independent reviewing officers and managers.', `role ${viewer.role} does not record review outcomes`);
  }
}

function mayRecordCompletion(viewer: Viewer): void {
  if (!COMPLETION_RECORDERS.includes(viewer.role)) {
    throw new NotPermitted('That a recommendation was carried out is recorded by the child’s workers, independent reviewing officers and managers.', `role ${viewer.role} does not record recommendations done`);
  }
}

const ROLE_WORDS: Record<string, string> = { lead: 'social worker', co_worker: 'co-worker', iro: 'IRO', personal_adviser: 'personal adviser' };

function presentRecommendation(r: RecommendationRow, childId: string, today: string) {
  const status = recommendationStatus({ dueDate: r.due_date, completedOn: r.completed_on }, today);
  return {
    ...r,
    ownerText: r.owner_name ?? r.owner_other ?? '',
    status,
    statusTag: { done: 'govuk-tag--green', done_late: 'govuk-tag--yellow', overdue: 'govuk-tag--red', open: 'govuk-tag--blue' }[status.key],
    doneHref: r.completed_on ? null : `/children/${childId}/care/reviews/recommendations/${r.id}/done`,
  };
}

type PresentedRecommendation = ReturnType<typeof presentRecommendation>;

function presentReview(r: ReviewRow, recommendations: PresentedRecommendation[], childId: string) {
  return {
    id: r.id,
    date: r.event_date,
    dateText: formatDate(r.event_date),
    note: r.note,
    recorded: r.outcome_id !== null,
    chairText: r.chair_name ? `${r.chair_name}${r.chair_was_allocated ? '' : ' (not the child’s allocated IRO)'}` : null,
    chairNotAllocated: r.outcome_id !== null && r.chair_was_allocated === false,
    participation: r.participation,
    participationText: r.participation ? `${describeCode('reviewParticipation', r.participation)} (${r.participation})` : null,
    planText: r.plan_endorsed === null ? null : r.plan_endorsed ? 'Endorsed' : 'Not endorsed',
    summary: r.summary,
    recommendations: recommendations.filter((rec) => rec.review_id === r.id),
    outcomeHref: `/children/${childId}/care/reviews/${r.id}/outcome`,
    addHref: `/children/${childId}/care/reviews/${r.id}/recommendations/new`,
  };
}

async function reviewsData(trx: Db, a: Actor) {
  const [child, reviews, recommendations] = await Promise.all([childHeaderView(trx, a.childId, a.today), listReviews(trx, a.childId), listRecommendations(trx, a.childId)]);
  const presented = recommendations.map((r) => presentRecommendation(r, a.childId, a.today));
  return {
    child,
    reviews: reviews.map((r) => presentReview(r, presented, a.childId)),
    openCount: presented.filter((r) => !r.completed_on).length,
    overdueCount: presented.filter((r) => r.status.key === 'overdue').length,
    mayRecord: REVIEW_RECORDERS.includes(a.viewer.role),
    mayComplete: COMPLETION_RECORDERS.includes(a.viewer.role),
  };
}

/** The child's looked-after reviews with who chaired them, how the child took part, the plan and the recommendations. */
export async function reviewsView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.reviews', (trx) => reviewsData(trx, a));
}

/** The review asked for, among this child's: another child's review, or one that does not exist, answers 404. */
function reviewIn<T extends { id: string }>(reviews: readonly T[], reviewId: string): T {
  const review = reviews.find((r) => r.id === reviewId);
  if (!review) throw new RecordNotFound('looked-after review', reviewId);
  return review;
}

// --- The outcome ----------------------------------------------------------------------------------

async function outcomeData(trx: Db, a: Actor, reviewId: string) {
  const data = await reviewsData(trx, a);
  const review = reviewIn(data.reviews, reviewId);
  const [iros, allocated] = await Promise.all([listIros(trx), allocatedIroOn(trx, a.childId, review.date)]);
  return {
    ...data,
    review,
    allocatedIro: allocated ?? null,
    chairItems: iros.map((i) => ({ value: i.id, text: `${i.name}${allocated?.id === i.id ? ' (the child’s IRO on the day)' : ''}` })),
    participationItems: codeOptions('reviewParticipation').map((o) => ({ value: o.value, text: `${o.text} (${o.value})` })),
  };
}

export async function outcomeFormView(a: Actor, reviewId: string) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.review-outcome-form', async (trx, _access, name) => {
    name('looked-after review', reviewId);
    const data = await outcomeData(trx, a, reviewId);
    mayRecordReviews(a.viewer);
    return data;
  });
}

/**
 * Records who chaired the review (an IRO; another than the child's allocated
 * IRO that day is allowed and recorded as such), how the child took part and
 * whether the plan was endorsed: once for each review.
 */
export async function recordOutcome(a: Actor, reviewId: string, read: FormRead<OutcomeInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.review.outcome', async (trx, _access, name) => {
    mayRecordReviews(a.viewer);
    name('looked-after review', reviewId);
    const person = await lockChild(trx, a.childId);
    const data = await outcomeData(trx, a, reviewId);
    const errors = { ...read.errors };
    const v = read.values;
    if (data.review.recorded) errors.chairId = `The outcome of the review on ${data.review.dateText} is already recorded`;
    else if (v.chairId) {
      const chair = await findUser(trx, v.chairId);
      const problem = chairProblem(chair ? { role: chair.role, disabled: chair.disabled_at !== null } : null);
      if (problem) errors.chairId = problem;
    }
    if (v.participation && !errors.participation) {
      const problem = participationProblem(v.participation, person.date_of_birth, data.review.date);
      if (problem) errors.participation = problem;
    }
    if (hasErrors(errors) || !v.chairId || !v.participation || v.planEndorsed === undefined) return refuse(orderErrors(errors, OUTCOME_FIELDS), data);
    await insertOutcome(trx, {
      case_event_id: reviewId,
      child_id: a.childId,
      chair_id: v.chairId,
      chair_was_allocated: data.allocatedIro?.id === v.chairId,
      participation: v.participation,
      plan_endorsed: v.planEndorsed,
      summary: v.summary ?? null,
      recorded_by: a.viewer.id,
      recorded_at: a.context.at,
    });
    return { id: reviewId };
  });
}

// --- A recommendation --------------------------------------------------------------------------------

async function recommendationData(trx: Db, a: Actor, reviewId: string) {
  const data = await reviewsData(trx, a);
  const review = reviewIn(data.reviews, reviewId);
  const workers = await currentWorkers(trx, a.childId);
  const ownerItems = [
    ...workers.map((w) => ({ value: w.id, text: `${w.name} (${ROLE_WORDS[w.role] ?? w.role})` })),
    ...(workers.some((w) => w.id === a.viewer.id) ? [] : [{ value: a.viewer.id, text: 'Me' }]),
  ];
  return { ...data, review, ownerItems };
}

export async function recommendationFormView(a: Actor, reviewId: string) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.review-recommendation-form', async (trx, _access, name) => {
    name('looked-after review', reviewId);
    const data = await recommendationData(trx, a, reviewId);
    mayRecordReviews(a.viewer);
    return data;
  });
}

/** Adds a recommendation to a review whose outcome is recorded: an action, its owner and a date on or after the review. */
export async function addRecommendation(a: Actor, reviewId: string, read: FormRead<RecommendationInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.review.recommendation', async (trx, _access, name) => {
    mayRecordReviews(a.viewer);
    name('looked-after review', reviewId);
    await lockChild(trx, a.childId);
    const data = await recommendationData(trx, a, reviewId);
    const errors = { ...read.errors };
    const v = read.values;
    if (!data.review.recorded) errors.action = `Record the outcome of the review on ${data.review.dateText} before its recommendations`;
    if (v.owner && v.owner !== OTHER_OWNER && !data.ownerItems.some((o) => o.value === v.owner)) errors.owner = 'Who will do it must be one of the options listed';
    if (v.dueDate && !errors[dateKey('dueDate')]) {
      const problem = dueDateProblem(v.dueDate, data.review.date);
      if (problem) errors[dateKey('dueDate')] = problem;
    }
    if (hasErrors(errors) || !v.action || !v.owner || !v.dueDate) return refuse(orderErrors(errors, RECOMMENDATION_FIELDS), data);
    const created = await insertRecommendation(trx, {
      review_id: reviewId,
      child_id: a.childId,
      action: v.action,
      owner_id: v.owner === OTHER_OWNER ? null : v.owner,
      owner_other: v.owner === OTHER_OWNER ? v.ownerOther : null,
      due_date: v.dueDate,
      recorded_by: a.viewer.id,
      recorded_at: a.context.at,
    });
    name('review recommendation', created.id);
    return created;
  });
}

// --- Done --------------------------------------------------------------------------------------------

async function completionData(trx: Db, a: Actor, recommendationId: string) {
  const data = await reviewsData(trx, a);
  const review = data.reviews.find((r) => r.recommendations.some((rec) => rec.id === recommendationId));
  if (!review) throw new RecordNotFound('review recommendation', recommendationId);
  const recommendation = review.recommendations.find((rec) => rec.id === recommendationId)!;
  return { ...data, review, recommendation };
}

export async function completionFormView(a: Actor, recommendationId: string) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.review-recommendation-done-form', async (trx, _access, name) => {
    name('review recommendation', recommendationId);
    const data = await completionData(trx, a, recommendationId);
    mayRecordCompletion(a.viewer);
    return data;
  });
}

/** Records that a recommendation was carried out, once: on or after the review, not in the future, with what was done. */
export async function completeRecommendation(a: Actor, recommendationId: string, read: FormRead<CompletionInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.review.recommendation-done', async (trx, _access, name) => {
    mayRecordCompletion(a.viewer);
    name('review recommendation', recommendationId);
    await lockChild(trx, a.childId);
    const data = await completionData(trx, a, recommendationId);
    const errors = { ...read.errors };
    const v = read.values;
    const key = dateKey('completedOn');
    if (data.recommendation.completed_on) errors[key] = `This recommendation is already recorded as done on ${formatDate(data.recommendation.completed_on)}`;
    else if (v.completedOn && !errors[key]) {
      const problem = completionProblem(v.completedOn, data.review.date, a.today);
      if (problem) errors[key] = problem;
    }
    if (hasErrors(errors) || !v.completedOn || !v.whatDone) return refuse(orderErrors(errors, COMPLETION_FIELDS), data);
    await markDone(trx, recommendationId, { completed_on: v.completedOn, what_done: v.whatDone, completed_by: a.viewer.id, completed_at: a.context.at });
    return { id: recommendationId };
  });
}

// --- For the chronology -------------------------------------------------------------------------------

/** Each review's outcome, and each recommendation made and done, as chronology entries. */
export async function reviewsChronology(db: Db, childId: string) {
  const [reviews, recommendations] = await Promise.all([listReviews(db, childId), listRecommendations(db, childId)]);
  const dateOf = new Map(reviews.map((r) => [r.id, r.event_date]));
  const entries: { date: string; source: 'Meeting or review'; what: string; detail: string | null }[] = [];
  for (const r of reviews) {
    if (r.outcome_id === null) continue;
    entries.push({
      date: r.event_date,
      source: 'Meeting or review',
      what: `Looked-after review chaired by ${r.chair_name}${r.chair_was_allocated ? '' : ' (not the allocated IRO)'}`,
      detail: `${describeCode('reviewParticipation', r.participation!)}; care plan ${r.plan_endorsed ? 'endorsed' : 'not endorsed'}`,
    });
  }
  for (const rec of recommendations) {
    const owner = rec.owner_name ?? rec.owner_other;
    entries.push({ date: dateOf.get(rec.review_id)!, source: 'Meeting or review', what: 'Review recommendation made', detail: `${rec.action} (${owner}, by ${formatDate(rec.due_date)})` });
    if (rec.completed_on) entries.push({ date: rec.completed_on, source: 'Meeting or review', what: 'Review recommendation done', detail: `${rec.action}: ${rec.what_done}` });
  }
  return entries;
}
