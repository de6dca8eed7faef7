// Observations of practice. They are records about staff, read as the staff
// policy reads a worker's supervision (the worker, the observer, the
// worker's managers up the line and of their team and service, heads of
// service); the child an observation may name is read as the child's record:
// shown, and the reading audited, only to those who may open it. Lists never
// name a child. Every view, change and refusal is audited.
import type { Db } from '../../db/database.ts';
import { childAccess, isUuid, type Viewer } from '../../platform/access/policy.ts';
import { ROLE_LABELS } from '../../platform/access/roles.ts';
import { mayViewStaff, type StaffSubject } from '../../platform/access/staff.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import { Forbidden, NotFound, type FieldErrors } from '../../platform/http/errors.ts';
import { dateKey, formComplete, orderErrors, type Body } from '../../platform/http/forms.ts';
import type { Reader } from '../../platform/record-access/viewer.ts';
import { findStaffMember, listTrainingCourses, managementChain } from '../../workforce/index.ts';
import { readObservation, readReflection, OBSERVATION_FIELDS } from './forms.ts';
import { managerScope } from '../../platform/access/manager-scope.ts';
import { inScope, readPeriod, type Query } from './period.ts';
import { childrenOfWorker, findObservation, insertObservation, listObservations, observationsSince, saveReflection, staffInPost, type ObservationListRow, type ObservationRow } from './queries.ts';
import { goodOrBetterPercent, gradeCounts, GRADES, mayObserve, OBSERVERS, observedOnProblem, SETTINGS } from './rules.ts';

type Member = NonNullable<Awaited<ReturnType<typeof findStaffMember>>>;

async function subjectOf(db: Db, userId: string): Promise<{ member: Member; subject: StaffSubject } | undefined> {
  const member = isUuid(userId) ? await findStaffMember(db, userId) : undefined;
  if (!member) return undefined;
  const chain = await managementChain(db, member.id);
  return { member, subject: { id: member.id, teamId: member.team_id, serviceId: member.service_id, lineManagerId: member.line_manager_id, chain } };
}

const href = (id: string) => `/quality/observations/${id}`;

function presentRow(o: ObservationListRow) {
  return {
    href: href(o.id),
    dateText: formatDate(o.observed_on),
    workerName: o.worker_name,
    observerName: o.observer_name,
    teamName: o.team_name ?? 'No team',
    settingText: SETTINGS[o.setting],
    gradeText: o.grade ? GRADES[o.grade] : 'Not graded',
    reflected: o.reflected_at !== null,
  };
}

function summary(rows: readonly ObservationListRow[]) {
  const grades = rows.map((r) => r.grade);
  return { total: rows.length, goodOrBetter: goodOrBetterPercent(grades), counts: gradeCounts(grades), reflected: rows.filter((r) => r.reflected_at).length };
}

/**
 * The observations page: one worker's (`?worker=`, for those who may see
 * their staff records), or the viewer's own practice observed, those they
 * made, and for managers their team's, service's or the council's.
 */
export async function observationsPage(r: Reader, query: Query) {
  const filter = readPeriod(query, r.today);
  const { period } = filter;
  if (query.worker !== undefined) {
    const found = await subjectOf(r.db, query.worker);
    if (!found || !mayViewStaff(r.viewer, found.subject)) {
      await recordAudit(r.db, r.context, { action: 'quality.observations.view.worker', outcome: 'denied', subjectType: 'user', subjectId: isUuid(query.worker) ? query.worker : undefined, reason: 'not the worker or one of their managers' });
      throw new NotFound();
    }
    const rows = await listObservations(r.db, { ...period, workerId: found.member.id });
    await recordAudit(r.db, r.context, { action: 'quality.observations.view.worker', outcome: 'allowed', subjectType: 'user', subjectId: found.member.id, reason: filter.text });
    return {
      filter,
      worker: { id: found.member.id, name: found.member.name, own: found.member.id === r.viewer.id, mayObserve: mayObserve(r.viewer, found.subject) },
      sections: [{ heading: found.member.id === r.viewer.id ? 'Observations of your practice' : `Observations of ${found.member.name}’s practice`, rows: rows.map(presentRow), summary: summary(rows), showWorker: false }],
      mayObserve: OBSERVERS.includes(r.viewer.role),
    };
  }
  const scope = await managerScope(r.db, r.viewer);
  const [mine, made, scoped] = await Promise.all([
    listObservations(r.db, { ...period, workerId: r.viewer.id }),
    OBSERVERS.includes(r.viewer.role) ? listObservations(r.db, { ...period, observerId: r.viewer.id }) : Promise.resolve([]),
    scope ? listObservations(r.db, { ...period, teamIds: scope.teamIds }) : Promise.resolve(null),
  ]);
  await recordAudit(r.db, r.context, { action: 'quality.observations.view', outcome: 'allowed', subjectType: 'scope', subjectId: scope ? (scope.teamIds === null ? 'council' : undefined) : r.viewer.id, reason: `${scope?.name ?? 'own'}; ${filter.text}` });
  const sections = [{ heading: 'Observations of your practice', rows: mine.map(presentRow), summary: summary(mine), showWorker: false }];
  if (OBSERVERS.includes(r.viewer.role)) sections.push({ heading: 'Observations you made', rows: made.map(presentRow), summary: summary(made), showWorker: true });
  if (scope && scoped) sections.push({ heading: `${scope.name}: every observation`, rows: scoped.map(presentRow), summary: summary(scoped), showWorker: true });
  return { filter, worker: null, sections, mayObserve: OBSERVERS.includes(r.viewer.role) };
}

// --- Recording an observation -------------------------------------------------------------------------

function assertObserver(viewer: Viewer): void {
  if (!OBSERVERS.includes(viewer.role)) throw new Forbidden('Observations of practice are made by team managers, practice supervisors, service managers and heads of service.');
}

/** The workers the viewer may observe: their team's, their service's, those below them in the line; anyone for a head of service. */
async function observable(r: Reader) {
  const scope = await managerScope(r.db, r.viewer);
  const candidates = await staffInPost(r.db, r.viewer.id, null);
  const out = [];
  for (const c of candidates) {
    const inTeamOrService = r.viewer.role === 'head_of_service' || inScope(scope, c.team_id) || c.line_manager_id === r.viewer.id;
    if (inTeamOrService) out.push({ id: c.id, text: `${c.name} (${ROLE_LABELS[c.role]}${c.team_name ? `, ${c.team_name}` : ''})` });
  }
  return out;
}

/** The worker chosen for the form, if the viewer may observe them; a refusal is audited and answers 404 as for any staff record. */
async function observableWorker(r: Reader, workerId: string, action: string) {
  const found = await subjectOf(r.db, workerId);
  if (!found || !mayObserve(r.viewer, found.subject)) {
    await recordAudit(r.db, r.context, { action, outcome: 'denied', subjectType: 'user', subjectId: isUuid(workerId) ? workerId : undefined, reason: 'not a worker the viewer manages' });
    throw new NotFound();
  }
  return found;
}

async function formData(r: Reader, member: Member) {
  const [children, courses] = await Promise.all([childrenOfWorker(r.db, r.viewer, r.now, member.id), listTrainingCourses(r.db)]);
  return {
    worker: { id: member.id, name: member.name, roleLabel: ROLE_LABELS[member.role], teamName: member.team_name },
    workers: [] as { id: string; text: string }[],
    children: children.map((c) => ({ id: c.id, text: `${c.forename} ${c.surname}${c.la_child_id ? ` (${c.la_child_id})` : ''}` })),
    courses: courses.filter((c) => c.active).map((c) => ({ id: c.id, text: c.name })),
  };
}

/** The form: without a worker, the choice of worker; with one, the observation itself (their children the viewer may see, the catalogue's courses). */
export async function observationFormView(r: Reader, workerId: string | undefined) {
  assertObserver(r.viewer);
  if (!workerId) return { worker: null, workers: await observable(r), children: [], courses: [] };
  const { member } = await observableWorker(r, workerId, 'quality.observation.view.form');
  await recordAudit(r.db, r.context, { action: 'quality.observation.view.form', outcome: 'allowed', subjectType: 'user', subjectId: member.id });
  return formData(r, member);
}

export type ObservationFormView = Awaited<ReturnType<typeof observationFormView>>;

type Outcome = { ok: true; id: string } | { ok: false; errors: FieldErrors; view: ObservationFormView };

/**
 * Records an observation: of a worker the viewer may observe, dated neither
 * in the future nor before the worker started in their role, naming (if
 * any) a child the worker holds whose record the viewer may open, and a
 * course that is in the catalogue. Refused input stores nothing.
 */
export async function recordObservation(r: Reader, body: Body): Promise<Outcome> {
  assertObserver(r.viewer);
  const read = readObservation(body);
  const workerId = read.values.workerId ?? '';
  const { member } = await observableWorker(r, workerId, 'quality.observation.record');
  return r.db.transaction().execute(async (trx) => {
    const view = await formData({ ...r, db: trx }, member);
    const errors = { ...read.errors };
    const v = read.values;
    if (v.observedOn && !errors[dateKey('observedOn')]) {
      const problem = observedOnProblem(v.observedOn, r.today, member.start_in_role);
      if (problem) errors[dateKey('observedOn')] = problem;
    }
    if (v.childId && !errors.childId && !view.children.some((c) => c.id === v.childId)) errors.childId = 'Select a child the worker holds, or no child';
    if (v.courseId && !errors.courseId && !view.courses.some((c) => c.id === v.courseId)) errors.courseId = 'Select a course in the learning catalogue, or none';
    if (v.setting === 'other' && !v.settingDetail && !errors.settingDetail) errors.settingDetail = 'Say where you observed their practice';
    if (Object.keys(errors).length > 0 || !formComplete(read)) {
      await recordAudit(trx, r.context, { action: 'quality.observation.record', outcome: 'failed', subjectType: 'user', subjectId: member.id, reason: `refused, nothing stored: ${Object.keys(errors).join(', ')}` });
      return { ok: false as const, errors: orderErrors(errors, OBSERVATION_FIELDS), view };
    }
    const values = read.values;
    const id = await insertObservation(trx, {
      worker_id: member.id,
      observer_id: r.viewer.id,
      team_id: member.team_id,
      observed_on: values.observedOn,
      setting: values.setting,
      setting_detail: values.settingDetail,
      child_id: values.childId,
      went_well: values.wentWell,
      to_develop: values.toDevelop,
      course_id: values.courseId,
      grade: values.grade,
      recorded_at: r.context.at,
    });
    await recordAudit(trx, r.context, { action: 'quality.observation.record', outcome: 'allowed', subjectType: 'practice_observation', subjectId: id, reason: `observation of ${member.name}${values.grade ? `, graded ${GRADES[values.grade].toLowerCase()}` : ''}` });
    if (values.childId) await recordAudit(trx, r.context, { action: 'child.observation.record', outcome: 'allowed', subjectType: 'child', subjectId: values.childId, reason: `named in practice observation ${id}` });
    return { ok: true as const, id };
  });
}

// --- One observation, and the worker's reflection ----------------------------------------------------

async function visibleObservation(r: Reader, id: string, action: string): Promise<{ o: ObservationRow; subject: StaffSubject }> {
  const o = isUuid(id) ? await findObservation(r.db, id) : undefined;
  const found = o ? await subjectOf(r.db, o.worker_id) : undefined;
  const scope = o ? await managerScope(r.db, r.viewer) : null;
  const may = o && found && (o.worker_id === r.viewer.id || o.observer_id === r.viewer.id || mayViewStaff(r.viewer, found.subject) || inScope(scope, o.team_id));
  if (!o || !found || !may) {
    await recordAudit(r.db, r.context, { action, outcome: 'denied', subjectType: 'practice_observation', subjectId: isUuid(id) ? id : undefined, reason: 'not the worker, the observer or one of the worker’s managers' });
    throw new NotFound();
  }
  return { o, subject: found.subject };
}

/** One observation; its child named only to those who may open the child's record, that reading audited on the child. */
export async function observationPage(r: Reader, id: string) {
  const { o } = await visibleObservation(r, id, 'quality.observation.view');
  let child: { name: string; href: string } | null = null;
  let childHidden = false;
  if (o.child_id) {
    const access = await childAccess(r.db, r.viewer, o.child_id, r.now);
    if (access.allowed) {
      child = { name: `${o.child_forename} ${o.child_surname}`, href: `/children/${o.child_id}` };
      await recordAudit(r.db, r.context, { action: 'child.view.observation', outcome: 'allowed', subjectType: 'child', subjectId: o.child_id, reason: `access by ${access.via}; practice observation ${o.id}` });
    } else {
      childHidden = true;
    }
  }
  await recordAudit(r.db, r.context, { action: 'quality.observation.view', outcome: 'allowed', subjectType: 'practice_observation', subjectId: o.id });
  return {
    observation: {
      id: o.id,
      workerName: o.worker_name,
      workerHref: `/quality/observations?worker=${o.worker_id}`,
      observerName: o.observer_name,
      teamName: o.team_name ?? 'No team',
      dateText: formatDate(o.observed_on),
      settingText: SETTINGS[o.setting],
      settingDetail: o.setting_detail,
      wentWell: o.went_well,
      toDevelop: o.to_develop,
      courseName: o.course_name,
      gradeText: o.grade ? GRADES[o.grade] : 'Not graded',
      reflection: o.reflection,
      reflectedText: o.reflected_at ? formatDate(o.reflected_at.toISOString().slice(0, 10)) : null,
    },
    child,
    childHidden,
    mayReflect: o.worker_id === r.viewer.id,
  };
}

function assertWorker(r: Reader, o: ObservationRow) {
  if (o.worker_id !== r.viewer.id) throw new Forbidden('Only the worker observed adds their reflection.');
}

export async function reflectionFormView(r: Reader, id: string) {
  const { o } = await visibleObservation(r, id, 'quality.observation.view.reflection');
  assertWorker(r, o);
  return { id: o.id, observerName: o.observer_name, dateText: formatDate(o.observed_on), reflection: o.reflection ?? '' };
}

/** The worker's own reflection on an observation of their practice: theirs alone to write, and to change. */
export async function reflect(r: Reader, id: string, body: Body): Promise<{ ok: true } | { ok: false; errors: FieldErrors; view: Awaited<ReturnType<typeof reflectionFormView>> }> {
  const { o } = await visibleObservation(r, id, 'quality.observation.reflect');
  assertWorker(r, o);
  const read = readReflection(body);
  if (!formComplete(read)) {
    await recordAudit(r.db, r.context, { action: 'quality.observation.reflect', outcome: 'failed', subjectType: 'practice_observation', subjectId: o.id, reason: 'refused, nothing stored: reflection' });
    return { ok: false as const, errors: read.errors, view: { id: o.id, observerName: o.observer_name, dateText: formatDate(o.observed_on), reflection: '' } };
  }
  await r.db.transaction().execute(async (trx) => {
    await saveReflection(trx, o.id, read.values.reflection, r.context.at);
    await recordAudit(trx, r.context, { action: 'quality.observation.reflect', outcome: 'allowed', subjectType: 'practice_observation', subjectId: o.id, reason: o.reflection ? 'reflection changed' : 'reflection added' });
  });
  return { ok: true as const };
}

// --- For supervision -----------------------------------------------------------------------------------

/** A worker's observations since their last supervision (every one when none was held), for the supervision record. */
export async function observationsSinceSupervision(db: Db, workerId: string, lastSupervisedOn: string | null) {
  const rows = await observationsSince(db, workerId, lastSupervisedOn);
  return rows.map((o) => ({ href: href(o.id), dateText: formatDate(o.observed_on), settingText: SETTINGS[o.setting], gradeText: o.grade ? GRADES[o.grade] : 'Not graded', toDevelop: o.to_develop, observerName: o.observer_name }));
}
