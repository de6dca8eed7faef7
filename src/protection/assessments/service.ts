import type { Db } from '../../db/database.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import { RecordNotFound, type FieldErrors } from '../../platform/http/errors.ts';
import { dateKey, orderErrors, type FormRead } from '../../platform/http/forms.ts';
import { childDates, lockChild } from '../../platform/record-access/child-dates.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { changeChildRecord, NotPermitted, readChildRecord, refuse } from '../../platform/record-access/record-change.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import type { Actor } from '../../platform/record-access/viewer.ts';
import { codeOptions, describeCode } from '../../reference/codes.ts';
import { ASSESSMENT_FIELDS, AUTHORISATION_FIELDS, START_FIELDS, type AssessmentInput, type AuthorisationInput, type StartInput } from './forms.ts';
import {
  childTeam,
  insertAssessment,
  insertAssessmentEvent,
  listAssessments,
  listFactors,
  listReferrals,
  replaceFactors,
  updateAssessment,
  type AssessmentRow,
} from './queries.ts';
import {
  ASSESSMENT_WRITERS,
  assessmentDueDate,
  assessmentStatus,
  authorisedProblem,
  authoriserProblem,
  factorsProblem,
  missingForSubmission,
  OUTCOMES,
  seenProblem,
  startProblem,
  timescaleText,
} from './rules.ts';

const hasErrors = (errors: FieldErrors) => Object.keys(errors).length > 0;
const base = (childId: string) => `/children/${childId}/protection/assessments`;

function mayWrite(viewer: Viewer): void {
  if (!ASSESSMENT_WRITERS.includes(viewer.role)) {
    throw new NotPermitted('Assessments are written by social workers and their managers.', `role ${viewer.role} does not write assessments`);
  }
}

function referralText(r: { referral_date: string; close_date: string | null }) {
  return `Referral of ${formatDate(r.referral_date)}${r.close_date ? ` (closed ${formatDate(r.close_date)})` : ''}`;
}

function present(r: AssessmentRow, factors: readonly string[], childId: string, today: string) {
  const status = assessmentStatus({ submittedOn: r.submitted_on, authorisedOn: r.authorised_on, returnedOn: r.returned_on });
  const timescale = timescaleText(r.referral_date, r.authorised_on, today);
  const href = `${base(childId)}/${r.id}`;
  return {
    ...r,
    status,
    timescale,
    dueDate: assessmentDueDate(r.referral_date),
    dueText: formatDate(assessmentDueDate(r.referral_date)),
    referralText: referralText(r),
    startText: formatDate(r.start_date),
    seenText: r.child_seen === null ? null : r.child_seen ? `Seen on ${formatDate(r.child_seen_on!)}, ${r.seen_alone ? 'alone' : 'not alone'}` : 'Not seen',
    factors: factors.map((code) => ({ code, text: describeCode('assessmentFactor', code) })),
    factorCodes: factors,
    outcomeText: r.outcome ? OUTCOMES[r.outcome] : null,
    submittedText: r.submitted_on ? `${formatDate(r.submitted_on)} by ${r.submitter_name}` : null,
    returnedText: r.returned_on ? `${formatDate(r.returned_on)} by ${r.returner_name}` : null,
    authorisedText: r.authorised_on ? `${formatDate(r.authorised_on)} by ${r.authoriser_name}` : null,
    href,
    editHref: `${href}/edit`,
    submitHref: `${href}/submit`,
    authoriseHref: `${href}/authorise`,
    printHref: `${href}?print=1`,
  };
}

export type PresentedAssessment = ReturnType<typeof present>;

async function assessmentsData(trx: Db, a: Actor) {
  const [child, rows, factorRows, referrals, team] = await Promise.all([
    childHeaderView(trx, a.childId, a.today),
    listAssessments(trx, a.childId),
    listFactors(trx, a.childId),
    listReferrals(trx, a.childId),
    childTeam(trx, a.childId),
  ]);
  const factorsOf = new Map<string, string[]>();
  for (const f of factorRows) factorsOf.set(f.assessment_id, [...(factorsOf.get(f.assessment_id) ?? []), f.code]);
  const assessments = rows.map((r) => present(r, factorsOf.get(r.id) ?? [], a.childId, a.today));
  const openReferrals = referrals.filter((r) => r.close_date === null && !r.no_further_action);
  return {
    child,
    assessments,
    referrals,
    openReferrals,
    team: { teamId: team?.team_id ?? null, serviceId: team?.service_id ?? null },
    mayWrite: ASSESSMENT_WRITERS.includes(a.viewer.role),
    startHref: `${base(a.childId)}/new`,
    listHref: base(a.childId),
  };
}

type AssessmentsData = Awaited<ReturnType<typeof assessmentsData>>;

/** Whether the viewer may authorise this assessment now (it is submitted, and they manage the child's team and did not write it). */
function mayAuthorise(data: AssessmentsData, viewer: Viewer, assessment: PresentedAssessment): boolean {
  return assessment.status.key === 'submitted' && authoriserProblem(viewer, { createdBy: assessment.created_by, submittedBy: assessment.submitted_by }, data.team) === null;
}

/** The child's assessments, each with its status and its days against the 45 working days. */
export async function assessmentsView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.assessments', async (trx) => {
    const data = await assessmentsData(trx, a);
    return { ...data, assessments: data.assessments.map((x) => ({ ...x, mayAuthorise: mayAuthorise(data, a.viewer, x) })) };
  });
}

function assessmentIn(data: AssessmentsData, assessmentId: string): PresentedAssessment {
  const found = data.assessments.find((x) => x.id === assessmentId);
  if (!found) throw new RecordNotFound('assessment', assessmentId);
  return found;
}

/** One assessment, whole, as the worker, the manager and the family read it. */
export async function assessmentView(a: Actor, assessmentId: string) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.assessment', async (trx, _access, name) => {
    name('assessment', assessmentId);
    const data = await assessmentsData(trx, a);
    const assessment = assessmentIn(data, assessmentId);
    return { ...data, assessment, mayAuthorise: mayAuthorise(data, a.viewer, assessment) };
  });
}

// --- Starting ---------------------------------------------------------------------------------------

async function startData(trx: Db, a: Actor) {
  const data = await assessmentsData(trx, a);
  const referralItems = data.openReferrals.map((r) => ({ value: r.id, text: referralText(r), hint: { text: `Assessment due by ${formatDate(assessmentDueDate(r.referral_date))}` } }));
  return { ...data, referralItems };
}

export async function startFormView(a: Actor) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.assessment-start-form', async (trx) => {
    mayWrite(a.viewer);
    return startData(trx, a);
  });
}

/** Starts an assessment on an open referral of the child, on or after the referral and not in the future; one at a time on each referral. */
export async function startAssessment(a: Actor, read: FormRead<StartInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.assessment.start', async (trx, _access, name) => {
    mayWrite(a.viewer);
    const person = await lockChild(trx, a.childId);
    const data = await startData(trx, a);
    const errors = { ...read.errors };
    const v = read.values;
    const referral = v.referralId ? data.openReferrals.find((r) => r.id === v.referralId) : undefined;
    if (v.referralId && !referral) errors.referralId = 'The referral must be one of the open referrals listed';
    if (referral && data.assessments.some((x) => x.referral_id === referral.id && !x.authorised_on)) {
      errors.referralId = `An assessment of the ${referralText(referral).toLowerCase()} is already under way: carry on with that one`;
    }
    if (referral && v.startDate && !errors[dateKey('startDate')]) {
      const problem = startProblem(v.startDate, { referralDate: referral.referral_date, closeDate: referral.close_date }, childDates(person), a.today);
      if (problem) errors[dateKey('startDate')] = problem;
    }
    if (hasErrors(errors) || !referral || !v.startDate) return refuse(orderErrors(errors, START_FIELDS), data);
    const created = await insertAssessment(trx, {
      child_id: a.childId,
      referral_id: referral.id,
      start_date: v.startDate,
      created_by: a.viewer.id,
      created_at: a.context.at,
      updated_by: a.viewer.id,
      updated_at: a.context.at,
    });
    name('assessment', created.id);
    return created;
  });
}

// --- Writing ----------------------------------------------------------------------------------------

async function editData(trx: Db, a: Actor, assessmentId: string) {
  const data = await assessmentsData(trx, a);
  const assessment = assessmentIn(data, assessmentId);
  return {
    ...data,
    assessment,
    factorItems: codeOptions('assessmentFactor').map((o) => ({ value: o.value, text: `${o.value}: ${o.text}` })),
    outcomeItems: Object.entries(OUTCOMES).map(([value, text]) => ({ value, text })),
  };
}

function notAuthorised(assessment: PresentedAssessment): void {
  if (assessment.authorised_on) {
    throw new NotPermitted(`This assessment was authorised on ${formatDate(assessment.authorised_on)} and can no longer be changed.`, 'assessment already authorised');
  }
}

export async function editFormView(a: Actor, assessmentId: string) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.assessment-form', async (trx, _access, name) => {
    name('assessment', assessmentId);
    const data = await editData(trx, a, assessmentId);
    mayWrite(a.viewer);
    notAuthorised(data.assessment);
    return data;
  });
}

/**
 * Saves the assessment as far as it is written. The dates keep their order
 * (started on or after the referral; the child seen on or after the start,
 * never in the future); a submitted assessment stays complete.
 */
export async function saveAssessment(a: Actor, assessmentId: string, read: FormRead<AssessmentInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.assessment.update', async (trx, _access, name) => {
    mayWrite(a.viewer);
    name('assessment', assessmentId);
    const person = await lockChild(trx, a.childId);
    const data = await editData(trx, a, assessmentId);
    notAuthorised(data.assessment);
    const errors = { ...read.errors };
    const v = read.values;
    const dates = childDates(person);
    const referral = { referralDate: data.assessment.referral_date, closeDate: data.assessment.close_date };
    if (v.startDate && !errors[dateKey('startDate')]) {
      const problem = startProblem(v.startDate, referral, dates, a.today);
      if (problem) errors[dateKey('startDate')] = problem;
    }
    if (v.childSeenOn && v.startDate && !errors[dateKey('childSeenOn')] && !errors[dateKey('startDate')]) {
      const problem = seenProblem(v.childSeenOn, v.startDate, dates, a.today);
      if (problem) errors[dateKey('childSeenOn')] = problem;
    }
    if (v.factors && !errors.factors) {
      const problem = factorsProblem(v.factors, v.outcome ?? null);
      if (problem) errors.factors = problem;
    }
    if (data.assessment.submitted_on && !hasErrors(errors)) {
      const missing = missingForSubmission({ ...contentOf(v) });
      for (const [key, message] of Object.entries(missing)) errors[key] = `${message}: the assessment is waiting for authorisation`;
    }
    if (hasErrors(errors) || !v.startDate) return refuse(orderErrors(errors, ASSESSMENT_FIELDS), data);
    await updateAssessment(trx, assessmentId, {
      start_date: v.startDate,
      child_seen: v.childSeen ?? null,
      child_seen_on: v.childSeenOn ?? null,
      seen_alone: v.seenAlone ?? null,
      developmental_needs: v.developmentalNeeds ?? null,
      parenting_capacity: v.parentingCapacity ?? null,
      family_environment: v.familyEnvironment ?? null,
      child_views: v.childViews ?? null,
      parents_views: v.parentsViews ?? null,
      analysis: v.analysis ?? null,
      outcome: v.outcome ?? null,
      updated_by: a.viewer.id,
      updated_at: a.context.at,
    });
    await replaceFactors(trx, assessmentId, a.childId, v.factors ?? []);
    return { id: assessmentId };
  });
}

function contentOf(v: Partial<AssessmentInput>) {
  return {
    childSeen: v.childSeen ?? null,
    factors: v.factors ?? [],
    developmentalNeeds: v.developmentalNeeds ?? null,
    parentingCapacity: v.parentingCapacity ?? null,
    familyEnvironment: v.familyEnvironment ?? null,
    childViews: v.childViews ?? null,
    parentsViews: v.parentsViews ?? null,
    analysis: v.analysis ?? null,
    outcome: v.outcome ?? null,
  };
}

function storedContent(x: PresentedAssessment) {
  return {
    childSeen: x.child_seen,
    factors: x.factorCodes,
    developmentalNeeds: x.developmental_needs,
    parentingCapacity: x.parenting_capacity,
    familyEnvironment: x.family_environment,
    childViews: x.child_views,
    parentsViews: x.parents_views,
    analysis: x.analysis,
    outcome: x.outcome,
  };
}

// --- Submitting ---------------------------------------------------------------------------------------

async function submitData(trx: Db, a: Actor, assessmentId: string) {
  const data = await assessmentsData(trx, a);
  const assessment = assessmentIn(data, assessmentId);
  const missing = Object.entries(missingForSubmission(storedContent(assessment))).map(([field, text]) => ({ text, href: `${assessment.editHref}#${field}` }));
  return { ...data, assessment, missing };
}

export async function submitFormView(a: Actor, assessmentId: string) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.assessment-submit-form', async (trx, _access, name) => {
    name('assessment', assessmentId);
    const data = await submitData(trx, a, assessmentId);
    mayWrite(a.viewer);
    notAuthorised(data.assessment);
    return data;
  });
}

/** Sends the assessment to a manager for authorisation, once it is complete; dated today. */
export async function submitAssessment(a: Actor, assessmentId: string) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.assessment.submit', async (trx, _access, name) => {
    mayWrite(a.viewer);
    name('assessment', assessmentId);
    await lockChild(trx, a.childId);
    const data = await submitData(trx, a, assessmentId);
    notAuthorised(data.assessment);
    const errors: FieldErrors = {};
    if (data.assessment.submitted_on) errors.submit = `This assessment was already submitted on ${formatDate(data.assessment.submitted_on)}`;
    else if (data.missing.length) errors.submit = 'The assessment is not complete: see what it still needs below';
    else {
      const problem = factorsProblem(data.assessment.factorCodes, data.assessment.outcome);
      if (problem) errors.submit = problem;
    }
    if (hasErrors(errors)) return refuse(errors, data);
    await updateAssessment(trx, assessmentId, { submitted_on: a.today, submitted_by: a.viewer.id, updated_by: a.viewer.id, updated_at: a.context.at });
    return { id: assessmentId };
  });
}

// --- Authorising ------------------------------------------------------------------------------------

async function authoriseData(trx: Db, a: Actor, assessmentId: string) {
  const data = await assessmentsData(trx, a);
  const assessment = assessmentIn(data, assessmentId);
  return { ...data, assessment };
}

function mayAuthoriseThis(a: Actor, data: Awaited<ReturnType<typeof authoriseData>>): void {
  const problem = authoriserProblem(a.viewer, { createdBy: data.assessment.created_by, submittedBy: data.assessment.submitted_by }, data.team);
  if (problem) throw new NotPermitted(problem, `may not authorise this assessment: ${problem}`);
}

export async function authoriseFormView(a: Actor, assessmentId: string) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.assessment-authorise-form', async (trx, _access, name) => {
    name('assessment', assessmentId);
    const data = await authoriseData(trx, a, assessmentId);
    mayAuthoriseThis(a, data);
    notAuthorised(data.assessment);
    return data;
  });
}

/**
 * A manager of the child's team authorises the submitted assessment (dated
 * on or after its start and its submission, not in the future) or returns it
 * for more work with a reason. Authorising writes the case event of kind
 * 'assessment' on that date in the same transaction: the CIN census counts
 * the assessment as completed on its authorisation date, and the timescales
 * engine, work due and the measures read that event.
 */
export async function decideAssessment(a: Actor, assessmentId: string, read: FormRead<AuthorisationInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.assessment.authorise', async (trx, _access, name) => {
    name('assessment', assessmentId);
    const person = await lockChild(trx, a.childId);
    const data = await authoriseData(trx, a, assessmentId);
    mayAuthoriseThis(a, data);
    notAuthorised(data.assessment);
    const x = data.assessment;
    const errors = { ...read.errors };
    const v = read.values;
    if (!x.submitted_on) errors.decision = 'The assessment has not been submitted for authorisation yet';
    const key = dateKey('authorisedOn');
    if (v.decision === 'authorise' && v.authorisedOn && x.submitted_on && !errors[key]) {
      const problem = authorisedProblem(v.authorisedOn, { startDate: x.start_date, submittedOn: x.submitted_on }, { referralDate: x.referral_date, closeDate: x.close_date }, childDates(person), a.today);
      if (problem) errors[key] = problem;
    }
    if (hasErrors(errors) || !v.decision) return refuse(orderErrors(errors, AUTHORISATION_FIELDS), data);
    if (v.decision === 'return') {
      await updateAssessment(trx, assessmentId, {
        submitted_on: null,
        submitted_by: null,
        returned_on: a.today,
        returned_by: a.viewer.id,
        return_reason: v.reason!,
        updated_by: a.viewer.id,
        updated_at: a.context.at,
      });
      return { id: assessmentId };
    }
    const event = await insertAssessmentEvent(trx, {
      child_id: a.childId,
      event_date: v.authorisedOn!,
      note: `Single assessment authorised by ${await nameOf(trx, a.viewer.id)}. Outcome: ${x.outcomeText}`,
      recorded_by: a.viewer.id,
      recorded_at: a.context.at,
    });
    name('case event', event.id);
    await updateAssessment(trx, assessmentId, {
      authorised_on: v.authorisedOn!,
      authorised_by: a.viewer.id,
      authorised_at: a.context.at,
      case_event_id: event.id,
      updated_by: a.viewer.id,
      updated_at: a.context.at,
    });
    return { id: assessmentId };
  });
}

async function nameOf(trx: Db, userId: string): Promise<string> {
  const user = await trx.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirstOrThrow();
  return user.name;
}

// --- For the chronology -------------------------------------------------------------------------------

/**
 * Each assessment started, and each returned for more work, as chronology
 * entries. Its authorisation, with the outcome, is the case event it wrote,
 * which the chronology lists with the other meetings and assessments.
 */
export async function assessmentsChronology(db: Db, childId: string) {
  const rows = await listAssessments(db, childId);
  const entries: { date: string; source: 'Meeting or review'; what: string; detail: string | null }[] = [];
  for (const r of rows) {
    entries.push({ date: r.start_date, source: 'Meeting or review', what: 'Assessment started', detail: `${referralText(r)}; by ${r.author_name}` });
    if (r.returned_on) entries.push({ date: r.returned_on, source: 'Meeting or review', what: 'Assessment returned for more work', detail: `${r.returner_name}: ${r.return_reason}` });
  }
  return entries;
}
