// Case audits: the tool, the month's programme, doing an audit with the
// record's facts beside it, reflections, learning actions and moderation.
// Every change and every refusal is audited in the change's transaction; an
// audit of a restricted child is not found by anyone not named on the record.
import type { Db } from '../../db/database.ts';
import type { AuditQuestion, AuditSample } from '../../db/schema.ts';
import { isUuid, type Viewer } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { addDays, formatDate } from '../../platform/calendar/dates.ts';
import { Forbidden, NotFound, type FieldErrors } from '../../platform/http/errors.ts';
import { dateKey, formComplete, orderErrors, readForm, sentText, type Body } from '../../platform/http/forms.ts';
import type { Reader } from '../../platform/record-access/viewer.ts';
import { workloadOnDay } from '../../workload/index.ts';
import { listTrainingCourses } from '../../workforce/index.ts';
import { actionForm, doneForm, dueDateForm, moderatorForm, readGrades, readProgramme, reflectionForm, settleForm, toolForm } from './forms.ts';
import {
  actionOwnerChoices,
  actionsOfAudit,
  auditorChoices,
  childrenAuditedIn,
  currentTool,
  endGrant,
  findAction,
  findAudit,
  findToolById,
  inadequateAwaiting,
  insertAction,
  insertAudit,
  insertAuditGrant,
  insertToolVersion,
  listActions,
  listMonthAudits,
  listMyAuditWork,
  markActionDone,
  recordFacts,
  reflectionsOf,
  sampleCandidates,
  saveAnswers,
  saveModeration,
  setGrant,
  setModerator,
  settle,
  teamIdsOfService,
  toolVersions,
  upsertReflection,
  type AuditRow,
} from './queries.ts';
import {
  AREAS,
  auditorProblem,
  chosenForModeration,
  disagreements,
  dueDateProblem,
  finalGrade,
  GRADES,
  gradesDiffer,
  grantEnds,
  isOverdue,
  linesFromQuestions,
  MODERATION_DAYS,
  pickSample,
  PROGRAMME_OWNERS,
  questionsFromLines,
  SAMPLES,
  SETTLERS,
  stageOf,
  STAGES,
  TOOL_EDITORS,
  auditorField,
} from './rules.ts';

export type Context = Reader & { moderationPercent: number };
type Outcome = { ok: true; id: string } | { ok: false; errors: FieldErrors };

const monthText = (month: string) => new Date(`${month}T12:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthOf = (today: string) => today.slice(0, 7);
const endOfDay = (date: string) => new Date(`${addDays(date, 1)}T00:00:00Z`);

// ---- the tool

export function mayEditTool(viewer: Viewer): boolean {
  return TOOL_EDITORS.includes(viewer.role);
}

function groupQuestions(questions: readonly AuditQuestion[]) {
  let n = 0;
  return Object.entries(AREAS)
    .map(([area, text]) => ({ area, text, questions: questions.filter((q) => q.area === area).map((q) => ({ ...q, number: (n += 1) })) }))
    .filter((g) => g.questions.length > 0);
}

export async function toolPage(c: Context) {
  const [tool, versions] = await Promise.all([currentTool(c.db), toolVersions(c.db)]);
  return { tool, groups: groupQuestions(tool.questions), versions, mayEdit: mayEditTool(c.viewer) };
}

export async function toolFormValues(c: Context) {
  if (!mayEditTool(c.viewer)) throw new Forbidden('The audit tool is kept by heads of service and practice supervisors.');
  const tool = await currentTool(c.db);
  return { ...linesFromQuestions(tool.questions), note: '' };
}

export async function changeTool(c: Context, body: Body): Promise<Outcome> {
  if (!mayEditTool(c.viewer)) throw new Forbidden('The audit tool is kept by heads of service and practice supervisors.');
  return c.db.transaction().execute(async (trx) => {
    const read = readForm(toolForm, body);
    const errors = { ...read.errors };
    const lines = Object.fromEntries(Object.keys(AREAS).map((area) => [area, (read.values as Record<string, string | null>)[area] ?? '']));
    const questions = questionsFromLines(lines);
    if (questions.length === 0 && !errors.child_voice) errors.child_voice = 'Enter at least one question';
    const long = questions.find((q) => q.text.length > 500);
    if (long && !errors[long.area]) errors[long.area] = `Each question must be 500 characters or fewer (${AREAS[long.area]})`;
    if (Object.keys(errors).length) {
      await recordAudit(trx, c.context, { action: 'quality.audit-tool.change', outcome: 'failed', subjectType: 'audit_tool', reason: `refused, nothing stored: ${Object.keys(errors).join(', ')}` });
      return { ok: false as const, errors: orderErrors(errors, [...Object.keys(AREAS), 'note']) };
    }
    const made = await insertToolVersion(trx, questions, read.values.note as string, c.viewer.id);
    await recordAudit(trx, c.context, { action: 'quality.audit-tool.change', outcome: 'allowed', subjectType: 'audit_tool', subjectId: made.id, reason: `version ${made.version}, ${questions.length} questions: ${read.values.note}` });
    return { ok: true as const, id: made.id };
  });
}

// ---- the programme

function assertProgrammeOwner(viewer: Viewer): void {
  if (!PROGRAMME_OWNERS.includes(viewer.role)) throw new Forbidden('The audit programme is chosen by heads of service, and by service managers for their service.');
}

const scopeOf = (viewer: Viewer) => (viewer.role === 'service_manager' ? viewer.serviceId : null);

async function chosenChildren(c: Context, month: string, sample: AuditSample, perTeam: number) {
  const [candidates, audited] = await Promise.all([sampleCandidates(c.db, sample, scopeOf(c.viewer)), childrenAuditedIn(c.db, month)]);
  return pickSample(candidates, month, perTeam, audited);
}

export async function programmePage(c: Context, query: Body, sent: Body = {}, errors: FieldErrors = {}) {
  assertProgrammeOwner(c.viewer);
  const params = { month: sentText(query.month) || monthOf(c.today), sample: sentText(query.sample) || 'random', perTeam: sentText(query.perTeam) || '2', assigned: sentText(query.assigned) };
  const read = readProgramme(params);
  const monthStart = read.values.month ? `${read.values.month}-01` : null;
  const chosen = formComplete(read) ? await chosenChildren(c, `${read.values.month}-01`, read.values.sample, read.values.perTeam) : [];
  const auditors = await auditorChoices(c.db);
  const existing = monthStart ? await listMonthAudits(c.db, monthStart, scopeOf(c.viewer), c.viewer.id) : [];
  return {
    params,
    queryErrors: read.errors,
    errors,
    monthText: monthStart ? monthText(monthStart) : null,
    sampleItems: Object.entries(SAMPLES).map(([value, text]) => ({ value, text, checked: params.sample === value })),
    chosen: chosen.map((child) => ({
      ...child,
      field: auditorField(child.childId),
      auditorItems: [
        { value: '', text: 'Choose an auditor' },
        ...auditors
          .filter((a) => a.teamId !== child.teamId && !(a.role === 'service_manager' && a.serviceId === child.serviceId))
          .map((a) => ({ value: a.id, text: `${a.name} (${a.teamName ?? 'service manager'})`, selected: sentText(sent[auditorField(child.childId)]) === a.id })),
      ],
    })),
    existing: existing.map((a) => presentListed(a, c.viewer)),
    dueDate: sent,
  };
}

export async function assignProgramme(c: Context, body: Body): Promise<{ ok: true; count: number; month: string } | { ok: false; errors: FieldErrors }> {
  assertProgrammeOwner(c.viewer);
  return c.db.transaction().execute(async (trx) => {
    const read = readProgramme(body);
    if (!formComplete(read)) throw new NotFound();
    const month = `${read.values.month}-01`;
    const tc = { ...c, db: trx };
    const chosen = await chosenChildren(tc, month, read.values.sample, read.values.perTeam);
    const auditors = new Map((await auditorChoices(trx)).map((a) => [a.id, a]));
    const errors: FieldErrors = {};
    const due = readForm(dueDateForm, body);
    Object.assign(errors, due.errors);
    if (due.values.dueDate) {
      const p = dueDateProblem(due.values.dueDate, month, c.today);
      if (p) errors[dateKey('dueDate')] = p;
    }
    const picks: { child: (typeof chosen)[number]; auditorId: string }[] = [];
    for (const child of chosen) {
      const name = auditorField(child.childId);
      const id = sentText(body[name]).trim();
      if (!id) {
        errors[name] = `Choose an auditor for child ${child.laChildId}`;
        continue;
      }
      const problem = auditorProblem(isUuid(id) ? auditors.get(id) : undefined, child.teamId, child.serviceId);
      if (problem) errors[name] = `Child ${child.laChildId}: ${problem}`;
      else picks.push({ child, auditorId: id });
    }
    if (chosen.length === 0) errors.sample = 'No children are left to audit in this sample for the month';
    if (Object.keys(errors).length) {
      await recordAudit(trx, c.context, { action: 'quality.audit.assign', outcome: 'failed', subjectType: 'audit_programme', reason: `${read.values.month}: refused, nothing stored: ${Object.keys(errors).join(', ')}` });
      return { ok: false as const, errors: orderErrors(errors, [dateKey('dueDate'), ...chosen.map((ch) => auditorField(ch.childId))]) };
    }
    const tool = await currentTool(trx);
    const dueDate = due.values.dueDate!;
    const reason = `Case audit ${monthText(month)}`;
    for (const { child, auditorId } of picks) {
      const auditId = await insertAudit(trx, { month, sample: read.values.sample, childId: child.childId, teamId: child.teamId, workerId: child.workerId, auditorId, dueDate, toolId: tool.id, assignedBy: c.viewer.id, assignedAt: c.now });
      const expiresAt = endOfDay(grantEnds(dueDate));
      const grantId = await insertAuditGrant(trx, { userId: auditorId, childId: child.childId, reason, at: c.now, expiresAt, approvedBy: c.viewer.id });
      await setGrant(trx, auditId, 'grant_id', grantId);
      await recordAudit(trx, c.context, { action: 'quality.audit.assign', outcome: 'allowed', subjectType: 'child', subjectId: child.childId, reason: `case audit ${auditId} for ${read.values.month} to ${auditors.get(auditorId)!.name}, due ${dueDate}` });
      await recordAudit(trx, c.context, { action: 'child.access.grant', outcome: 'allowed', subjectType: 'child', subjectId: child.childId, reason: `until ${expiresAt.toISOString()} (grant ${grantId}) for ${auditors.get(auditorId)!.name}: ${reason}` });
    }
    return { ok: true as const, count: picks.length, month: read.values.month };
  });
}

// ---- who stands where to an audit

interface Standing {
  auditor: boolean;
  moderator: boolean;
  worker: boolean;
  manager: boolean;
  owner: boolean;
  settler: boolean;
}

function standingOf(audit: AuditRow, viewer: Viewer): Standing {
  const owner = viewer.role === 'head_of_service' || (viewer.role === 'service_manager' && viewer.serviceId === audit.service_id);
  return {
    auditor: audit.auditor_id === viewer.id,
    moderator: audit.moderator_id === viewer.id,
    worker: audit.worker_id === viewer.id,
    manager: audit.worker_line_manager_id === viewer.id || (viewer.role === 'team_manager' && viewer.teamId === audit.team_id),
    owner,
    settler: owner && SETTLERS.includes(viewer.role),
  };
}

const anyStanding = (s: Standing) => s.auditor || s.moderator || s.worker || s.manager || s.owner;

async function namedOnRecord(db: Db, childId: string, userId: string): Promise<boolean> {
  return (await db.selectFrom('restricted_access').select('child_id').where('child_id', '=', childId).where('user_id', '=', userId).executeTakeFirst()) !== undefined;
}

const DENIED = Symbol('denied');

/**
 * Opens an audit for the viewer and runs `work` in one transaction, or answers
 * 404 when they have no part in it or the child is restricted and they are
 * not named; the refusal is audited in the transaction, which then ends.
 */
async function withAudit<T>(c: Context, auditId: string, action: string, options: { lock?: boolean }, work: (trx: Db, audit: AuditRow, standing: Standing) => Promise<T>): Promise<T> {
  const result = await c.db.transaction().execute(async (trx) => {
    const audit = isUuid(auditId) ? await findAudit(trx, auditId, options) : undefined;
    const standing = audit ? standingOf(audit, c.viewer) : null;
    const allowed = audit && standing && anyStanding(standing) && (!audit.restricted || (await namedOnRecord(trx, audit.child_id, c.viewer.id)));
    if (!allowed) {
      await recordAudit(trx, c.context, { action, outcome: 'denied', subjectType: audit ? 'child' : 'case_audit', subjectId: audit ? audit.child_id : auditId.slice(0, 100), reason: `case audit ${auditId.slice(0, 40)}: no part in it` });
      return DENIED;
    }
    return work(trx, audit, standing!);
  });
  if (result === DENIED) throw new NotFound();
  return result as T;
}

/**
 * How the child is named on audit pages: by name to those whose part in the
 * audit opens the record (auditor, moderator, worker, manager), by LA child
 * ID to a head of service or service manager, who see aggregates only.
 */
function childLabel(a: AuditRow, viewer: Viewer): string {
  const s = standingOf(a, viewer);
  return s.auditor || s.moderator || s.worker || s.manager ? a.child_name : `Child ${a.la_child_id ?? ''}`.trim();
}

function presentListed(a: AuditRow, viewer: Viewer) {
  const stage = stageOf(a, a.moderated_at !== null && gradesDiffer(a.answers, a.moderation_answers, a.overall_grade, a.moderation_overall));
  const grade = finalGrade(a);
  return { ...a, child_name: childLabel(a, viewer), href: `/quality/audits/${a.id}`, stageText: STAGES[stage], gradeText: grade ? GRADES[grade] : null, dueText: formatDate(a.due_date), monthText: monthText(a.month) };
}

export async function auditsHome(c: Context) {
  const mine = await listMyAuditWork(c.db, c.viewer.id);
  const owner = PROGRAMME_OWNERS.includes(c.viewer.role);
  const month = `${monthOf(c.today)}-01`;
  const monthAudits = owner ? await listMonthAudits(c.db, month, scopeOf(c.viewer), c.viewer.id) : [];
  return {
    mine: mine.map((a) => ({ ...presentListed(a, c.viewer), asModerator: a.moderator_id === c.viewer.id })),
    owner,
    monthText: monthText(month),
    monthAudits: monthAudits.map((a) => presentListed(a, c.viewer)),
    mayEditTool: mayEditTool(c.viewer),
  };
}

function presentGrades(questions: readonly AuditQuestion[], answers: AuditRow['answers']) {
  return groupQuestions(questions).map((g) => ({
    ...g,
    questions: g.questions.map((q) => {
      const a = answers[q.key];
      return { ...q, grade: a?.grade ?? null, gradeText: a?.grade ? GRADES[a.grade] : 'Not graded', comment: a?.comment ?? '' };
    }),
  }));
}

async function factsFor(db: Db, audit: AuditRow, today: string) {
  const facts = await recordFacts(db, audit.child_id, audit.worker_id, today);
  const caseload = audit.worker_id ? await workloadOnDay(db, audit.worker_id, today) : null;
  return {
    visits: facts.visits.map((v) => ({ date: formatDate(v.visit_date), seen: v.child_seen ? (v.seen_alone ? 'seen alone' : 'seen') : 'not seen' })),
    nextVisit: facts.due ? { date: formatDate(facts.due.due_date), overdue: facts.due.status === 'overdue' } : null,
    supervisions: facts.supervisions.map((s) => formatDate(s.held_on)),
    caseload,
    workersInYear: facts.workersInYear,
  };
}

const gradeItems = (selected: string | null | undefined) => Object.entries(GRADES).map(([value, text]) => ({ value, text, checked: selected === value }));

/** The audit page: what each person with a part in it sees of it. */
export async function auditPage(c: Context, auditId: string, sent?: { body: Body; errors: FieldErrors; form: 'audit' | 'moderation' }) {
  return withAudit(c, auditId, 'quality.audit.view', {}, async (trx, audit, standing) => {
    const tool = (await findToolById(trx, audit.tool_id))!;
    const questions = tool.questions;
    const submitted = audit.submitted_at !== null;
    const moderated = audit.moderated_at !== null;
    const gaps = moderated ? disagreements(questions, audit.answers, audit.moderation_answers, audit.overall_grade, audit.moderation_overall) : [];
    const stage = stageOf(audit, gaps.length > 0);
    // The auditor and the moderator read the record by their grants; the worker and manager by their relationship.
    const seesFacts = (standing.auditor && !submitted) || (standing.moderator && !moderated) || standing.worker || standing.manager;
    const facts = seesFacts ? await factsFor(trx, audit, c.today) : null;
    const doing = standing.auditor && !submitted ? 'audit' : standing.moderator && submitted && !moderated ? 'moderation' : null;
    // The moderator grades without seeing the first grades.
    const showsFirstGrades = submitted && !(standing.moderator && !moderated);
    const formAnswers = doing === 'audit' ? audit.answers : doing === 'moderation' ? audit.moderation_answers : {};
    const body = sent?.body;
    const form =
      doing &&
      groupQuestions(questions).map((g) => ({
        ...g,
        questions: g.questions.map((q) => ({
          ...q,
          gradeItems: gradeItems(body ? sentText(body[`grade-${q.key}`]) : formAnswers[q.key]?.grade),
          comment: body ? sentText(body[`comment-${q.key}`]) : (formAnswers[q.key]?.comment ?? ''),
        })),
      }));
    const [reflections, actions, auditors, owners, courses] = await Promise.all([
      reflectionsOf(trx, audit.id),
      actionsOfAudit(trx, audit.id),
      standing.owner && stage === 'awaiting_moderator' ? auditorChoices(trx) : Promise.resolve([]),
      submitted && (standing.manager || standing.owner || standing.auditor) ? actionOwnerChoices(trx) : Promise.resolve([]),
      submitted && (standing.manager || standing.owner || standing.auditor) ? listTrainingCourses(trx) : Promise.resolve([]),
    ]);
    await recordAudit(trx, c.context, { action: 'quality.audit.view', outcome: 'allowed', subjectType: 'child', subjectId: audit.child_id, reason: `case audit ${audit.id}` });
    const grade = finalGrade(audit);
    return {
      audit: { ...presentListed(audit, c.viewer), toolVersion: tool.version, overallText: audit.overall_grade ? GRADES[audit.overall_grade] : null, settledText: audit.settled_grade ? GRADES[audit.settled_grade] : null },
      standing,
      stage,
      stageText: STAGES[stage],
      finalText: grade ? GRADES[grade] : null,
      facts,
      doing,
      form,
      overallItems: gradeItems(body ? sentText(body.overall) : doing === 'audit' ? audit.overall_grade : audit.moderation_overall),
      reasons: body ? sentText(body.reasons) : doing === 'audit' ? (audit.overall_reasons ?? '') : (audit.moderation_reasons ?? ''),
      errors: sent?.errors ?? {},
      grades: showsFirstGrades ? presentGrades(questions, audit.answers) : null,
      moderation:
        moderated && !(standing.moderator && !moderated)
          ? {
              rows: [
                ...questions.map((q, i) => ({ number: String(i + 1), text: q.text, first: audit.answers[q.key]?.grade, second: audit.moderation_answers[q.key]?.grade, differs: gaps.some((g) => g.key === q.key) })),
                { number: 'Overall', text: 'Overall grade', first: audit.overall_grade, second: audit.moderation_overall, differs: gaps.some((g) => g.key === 'overall') },
              ].map((r) => ({ ...r, firstText: r.first ? GRADES[r.first] : 'Not graded', secondText: r.second ? GRADES[r.second] : 'Not graded' })),
              reasons: audit.moderation_reasons,
              disagreements: gaps.length,
            }
          : null,
      maySettle: standing.settler && stage === 'to_settle',
      settleItems: gradeItems(body && !sent?.form ? sentText(body.grade) : null),
      mayAssignModerator: standing.owner && stage === 'awaiting_moderator',
      moderatorItems: [
        { value: '', text: 'Choose a second auditor' },
        ...auditors.filter((a) => a.id !== audit.auditor_id && !auditorProblem(a, audit.team_id, audit.service_id)).map((a) => ({ value: a.id, text: `${a.name} (${a.teamName ?? 'service manager'})` })),
      ],
      reflections: reflections.map((r) => ({ ...r, whoText: r.role === 'worker' ? 'The child’s worker' : 'Their manager', agreesText: r.agrees ? 'Agrees' : 'Disagrees', when: formatDate(r.recorded_at.toISOString().slice(0, 10)) })),
      mayReflect: submitted && (standing.worker || standing.manager),
      actions: actions.map((a) => presentAction(a, c.today)),
      maySetActions: submitted && (standing.manager || standing.owner || standing.auditor),
      ownerItems: [{ value: '', text: 'Choose who owns it' }, ...owners.map((o) => ({ value: o.id, text: o.name }))],
      courseItems: [{ value: '', text: 'None' }, ...courses.filter((co) => co.active).map((co) => ({ value: co.id, text: co.name }))],
    };
  });
}

// ---- doing the audit and its moderation

export type SaveResult = { ok: true; submitted: boolean } | { ok: false; errors: FieldErrors };

export async function saveAudit(c: Context, auditId: string, body: Body, submit: boolean): Promise<SaveResult> {
  return withAudit(c, auditId, 'quality.audit.grade', { lock: true }, async (trx, audit, standing) => {
    if (!standing.auditor || audit.submitted_at) throw new Forbidden('Only the auditor grades this audit, until it is submitted.');
    const tool = (await findToolById(trx, audit.tool_id))!;
    const read = readGrades(tool.questions, body, submit);
    if (!formComplete(read)) {
      await recordAudit(trx, c.context, { action: 'quality.audit.grade', outcome: 'failed', subjectType: 'child', subjectId: audit.child_id, reason: `case audit ${audit.id}: refused, nothing stored: ${Object.keys(read.errors).length} answers missing or wrong` });
      return { ok: false as const, errors: orderErrors(read.errors, read.order) };
    }
    const moderationChosen = submit && chosenForModeration(audit.id, c.moderationPercent);
    await saveAnswers(trx, audit.id, { answers: read.values.answers, overall: read.values.overall, reasons: read.values.reasons, submittedAt: submit ? c.now : null, moderationChosen });
    if (submit) await endGrant(trx, audit.grant_id, c.now);
    await recordAudit(trx, c.context, {
      action: submit ? 'quality.audit.submit' : 'quality.audit.grade',
      outcome: 'allowed',
      subjectType: 'child',
      subjectId: audit.child_id,
      reason: submit ? `case audit ${audit.id}: ${GRADES[read.values.overall!]}${moderationChosen ? '; chosen for moderation' : ''}; the auditor’s access ended` : `case audit ${audit.id}: draft saved`,
    });
    return { ok: true as const, submitted: submit };
  });
}

export async function assignModerator(c: Context, auditId: string, body: Body): Promise<Outcome> {
  return withAudit(c, auditId, 'quality.audit.moderator', { lock: true }, async (trx, audit, standing) => {
    if (!standing.owner || !audit.submitted_at || !audit.moderation_chosen || audit.moderator_id) throw new Forbidden('A moderator is chosen by the head of service or service manager, once, for an audit picked for moderation.');
    const read = readForm(moderatorForm, body);
    const errors = { ...read.errors };
    const moderator = read.values.moderatorId ? (await auditorChoices(trx)).find((a) => a.id === read.values.moderatorId) : undefined;
    if (read.values.moderatorId) {
      const problem = read.values.moderatorId === audit.auditor_id ? 'The second auditor must be someone other than the first' : auditorProblem(moderator, audit.team_id, audit.service_id);
      if (problem) errors.moderatorId = problem;
    }
    if (Object.keys(errors).length) {
      await recordAudit(trx, c.context, { action: 'quality.audit.moderator', outcome: 'failed', subjectType: 'child', subjectId: audit.child_id, reason: `case audit ${audit.id}: ${Object.values(errors).join('; ')}` });
      return { ok: false as const, errors };
    }
    await setModerator(trx, audit.id, moderator!.id);
    const expiresAt = endOfDay(addDays(c.today, MODERATION_DAYS));
    const reason = `Case audit ${monthText(audit.month)} (moderation)`;
    const grantId = await insertAuditGrant(trx, { userId: moderator!.id, childId: audit.child_id, reason, at: c.now, expiresAt, approvedBy: c.viewer.id });
    await setGrant(trx, audit.id, 'moderator_grant_id', grantId);
    await recordAudit(trx, c.context, { action: 'quality.audit.moderator', outcome: 'allowed', subjectType: 'child', subjectId: audit.child_id, reason: `case audit ${audit.id}: moderated by ${moderator!.name}` });
    await recordAudit(trx, c.context, { action: 'child.access.grant', outcome: 'allowed', subjectType: 'child', subjectId: audit.child_id, reason: `until ${expiresAt.toISOString()} (grant ${grantId}) for ${moderator!.name}: ${reason}` });
    return { ok: true as const, id: audit.id };
  });
}

export async function saveModerationGrades(c: Context, auditId: string, body: Body, submit: boolean): Promise<SaveResult> {
  return withAudit(c, auditId, 'quality.audit.moderate', { lock: true }, async (trx, audit, standing) => {
    if (!standing.moderator || audit.moderated_at) throw new Forbidden('Only the moderator re-grades this audit, until they submit.');
    const tool = (await findToolById(trx, audit.tool_id))!;
    const read = readGrades(tool.questions, body, submit);
    if (!formComplete(read)) {
      await recordAudit(trx, c.context, { action: 'quality.audit.moderate', outcome: 'failed', subjectType: 'child', subjectId: audit.child_id, reason: `case audit ${audit.id}: refused, nothing stored` });
      return { ok: false as const, errors: orderErrors(read.errors, read.order) };
    }
    await saveModeration(trx, audit.id, { answers: read.values.answers, overall: read.values.overall, reasons: read.values.reasons, moderatedAt: submit ? c.now : null });
    let gaps = 0;
    if (submit) {
      await endGrant(trx, audit.moderator_grant_id, c.now);
      gaps = disagreements(tool.questions, audit.answers, read.values.answers, audit.overall_grade, read.values.overall).length;
    }
    await recordAudit(trx, c.context, {
      action: submit ? 'quality.audit.moderated' : 'quality.audit.moderate',
      outcome: 'allowed',
      subjectType: 'child',
      subjectId: audit.child_id,
      reason: submit ? `case audit ${audit.id}: ${GRADES[read.values.overall!]}; ${gaps === 0 ? 'agrees with the auditor' : `${gaps} disagreements to settle`}; the moderator’s access ended` : `case audit ${audit.id}: moderation draft saved`,
    });
    return { ok: true as const, submitted: submit };
  });
}

export async function settleAudit(c: Context, auditId: string, body: Body): Promise<Outcome> {
  return withAudit(c, auditId, 'quality.audit.settle', { lock: true }, async (trx, audit, standing) => {
    const tool = (await findToolById(trx, audit.tool_id))!;
    const gaps = audit.moderated_at ? disagreements(tool.questions, audit.answers, audit.moderation_answers, audit.overall_grade, audit.moderation_overall) : [];
    if (!standing.settler || gaps.length === 0 || audit.settled_at) throw new Forbidden('A disagreement is settled once, by the head of service or the service manager.');
    const read = readForm(settleForm, body);
    if (!formComplete(read)) {
      await recordAudit(trx, c.context, { action: 'quality.audit.settle', outcome: 'failed', subjectType: 'child', subjectId: audit.child_id, reason: `case audit ${audit.id}: refused, nothing stored` });
      return { ok: false as const, errors: orderErrors(read.errors, ['grade', 'reason']) };
    }
    await settle(trx, audit.id, { grade: read.values.grade, reason: read.values.reason, by: c.viewer.id, at: c.now });
    await recordAudit(trx, c.context, { action: 'quality.audit.settle', outcome: 'allowed', subjectType: 'child', subjectId: audit.child_id, reason: `case audit ${audit.id}: ${GRADES[read.values.grade]}: ${read.values.reason}` });
    return { ok: true as const, id: audit.id };
  });
}

// ---- reflection

export async function reflectionPage(c: Context, auditId: string) {
  return withAudit(c, auditId, 'quality.audit.reflection', {}, async (trx, audit, standing) => {
    if (!audit.submitted_at || !(standing.worker || standing.manager)) throw new Forbidden('The child’s worker and their manager reflect on a submitted audit.');
    const role = standing.worker ? 'worker' : 'manager';
    const mine = (await reflectionsOf(trx, audit.id)).find((r) => r.role === role);
    const grade = finalGrade(audit);
    return { audit: presentListed(audit, c.viewer), role, gradeText: grade ? GRADES[grade] : null, values: mine ? { agrees: mine.agrees ? 'yes' : 'no', why: mine.why } : {} };
  });
}

export async function reflect(c: Context, auditId: string, body: Body): Promise<Outcome> {
  return withAudit(c, auditId, 'quality.audit.reflection', { lock: true }, async (trx, audit, standing) => {
    if (!audit.submitted_at || !(standing.worker || standing.manager)) throw new Forbidden('The child’s worker and their manager reflect on a submitted audit.');
    const role = standing.worker ? 'worker' : 'manager';
    const read = readForm(reflectionForm, body);
    if (!formComplete(read)) {
      await recordAudit(trx, c.context, { action: 'quality.audit.reflection', outcome: 'failed', subjectType: 'child', subjectId: audit.child_id, reason: `case audit ${audit.id}: refused, nothing stored` });
      return { ok: false as const, errors: orderErrors(read.errors, ['agrees', 'why']) };
    }
    await upsertReflection(trx, { auditId: audit.id, role, userId: c.viewer.id, agrees: read.values.agrees, why: read.values.why, at: c.now });
    await recordAudit(trx, c.context, { action: 'quality.audit.reflection', outcome: 'allowed', subjectType: 'child', subjectId: audit.child_id, reason: `case audit ${audit.id}: the ${role} ${read.values.agrees ? 'agrees' : 'disagrees'}` });
    return { ok: true as const, id: audit.id };
  });
}

/** The prompt on a manager's home page: audits of their team's children graded inadequate, until they reflect and set actions. */
export async function inadequateAudits(db: Db, viewer: Viewer) {
  if (!['team_manager', 'practice_supervisor', 'service_manager'].includes(viewer.role)) return [];
  const rows = await inadequateAwaiting(db, { id: viewer.id, teamId: viewer.role === 'team_manager' ? viewer.teamId : null });
  return rows.map((r) => ({ href: `/quality/audits/${r.id}`, monthText: monthText(r.month) }));
}

// ---- learning actions

function presentAction(a: Awaited<ReturnType<typeof actionsOfAudit>>[number], today: string) {
  const overdue = isOverdue(a, today);
  return {
    ...a,
    dueText: formatDate(a.due_date),
    doneText: a.done_on ? `Done ${formatDate(a.done_on)}${overdue ? ' (late)' : ''}` : overdue ? 'Overdue' : 'Open',
    overdue: overdue && !a.done_on,
    auditHref: `/quality/audits/${a.audit_id}`,
  };
}

export async function addAction(c: Context, auditId: string, body: Body): Promise<Outcome> {
  return withAudit(c, auditId, 'quality.action.create', { lock: true }, async (trx, audit, standing) => {
    if (!audit.submitted_at || !(standing.manager || standing.owner || standing.auditor)) throw new Forbidden('Learning actions are set on a submitted audit by the manager, the auditor or the programme’s owner.');
    const read = readForm(actionForm, body);
    const errors = { ...read.errors };
    if (read.values.dueDate && read.values.dueDate < c.today) errors[dateKey('dueDate')] = 'The date the action is due must be today or in the future';
    if (read.values.ownerId && !(await actionOwnerChoices(trx)).some((o) => o.id === read.values.ownerId)) errors.ownerId = 'Who owns it must be one of the options listed';
    if (read.values.courseId && !(await listTrainingCourses(trx)).some((co) => co.id === read.values.courseId && co.active)) errors.courseId = 'Training must be one of the options listed';
    if (Object.keys(errors).length || !formComplete(read)) {
      await recordAudit(trx, c.context, { action: 'quality.action.create', outcome: 'failed', subjectType: 'child', subjectId: audit.child_id, reason: `case audit ${audit.id}: refused, nothing stored: ${Object.keys(errors).join(', ')}` });
      return { ok: false as const, errors: orderErrors(errors, ['description', 'ownerId', dateKey('dueDate'), 'courseId']) };
    }
    const id = await insertAction(trx, { auditId: audit.id, description: read.values.description, ownerId: read.values.ownerId, dueDate: read.values.dueDate, courseId: read.values.courseId, by: c.viewer.id, at: c.now });
    await recordAudit(trx, c.context, { action: 'quality.action.create', outcome: 'allowed', subjectType: 'child', subjectId: audit.child_id, reason: `case audit ${audit.id}: learning action ${id}, due ${read.values.dueDate}` });
    return { ok: true as const, id };
  });
}

async function actionScope(c: Context): Promise<string[]> {
  if (c.viewer.role === 'service_manager' && c.viewer.serviceId) return (await teamIdsOfService(c.db, c.viewer.serviceId)).map((t) => t.id);
  if ((c.viewer.role === 'team_manager' || c.viewer.role === 'practice_supervisor') && c.viewer.teamId) return [c.viewer.teamId];
  if (c.viewer.role === 'head_of_service') return (await c.db.selectFrom('teams').select('id').execute()).map((t) => t.id);
  return [];
}

/** My learning actions, and my team's (or service's) for managers; overdue ones stand out. */
export async function actionsPage(c: Context) {
  const teamIds = await actionScope(c);
  const rows = await listActions(c.db, { ownerId: c.viewer.id, teamIds });
  const shown = rows.filter((r) => !r.restricted || r.owner_id === c.viewer.id).map((r) => presentAction(r, c.today));
  return { open: shown.filter((a) => !a.done_on), finished: shown.filter((a) => a.done_on), managers: teamIds.length > 0 };
}

/** Opens a learning action for its owner, the one who set it, or a manager of its team, in one transaction; 404 (audited) otherwise. */
async function withAction<T>(c: Context, actionId: string, work: (trx: Db, action: NonNullable<Awaited<ReturnType<typeof findAction>>>) => Promise<T>): Promise<T> {
  const result = await c.db.transaction().execute(async (trx) => {
    const action = isUuid(actionId) ? await findAction(trx, actionId) : undefined;
    const scope = await actionScope({ ...c, db: trx });
    if (!action || (action.restricted && action.owner_id !== c.viewer.id) || !(action.owner_id === c.viewer.id || action.set_by === c.viewer.id || scope.includes(action.team_id))) {
      await recordAudit(trx, c.context, { action: 'quality.action.view', outcome: 'denied', subjectType: 'learning_action', subjectId: actionId.slice(0, 100), reason: 'not the owner, who set it or their manager' });
      return DENIED;
    }
    return work(trx, action);
  });
  if (result === DENIED) throw new NotFound();
  return result as T;
}

export async function actionForDone(c: Context, actionId: string) {
  return withAction(c, actionId, async (_trx, action) => presentAction(action, c.today));
}

export async function markDone(c: Context, actionId: string, body: Body): Promise<Outcome> {
  return withAction(c, actionId, async (trx, action) => {
    const read = readForm(doneForm, body);
    const errors = { ...read.errors };
    if (read.values.doneOn && read.values.doneOn > c.today) errors[dateKey('doneOn')] = 'The date it was done must be today or in the past';
    if (read.values.doneOn && read.values.doneOn < action.set_at.toISOString().slice(0, 10)) errors[dateKey('doneOn')] = 'The date it was done must be on or after the day the action was set';
    if (Object.keys(errors).length || !formComplete(read)) {
      await recordAudit(trx, c.context, { action: 'quality.action.done', outcome: 'failed', subjectType: 'learning_action', subjectId: action.id, reason: 'refused, nothing stored' });
      return { ok: false as const, errors: orderErrors(errors, [dateKey('doneOn'), 'doneNote']) };
    }
    if (await markActionDone(trx, action.id, read.values.doneOn, read.values.doneNote)) {
      await recordAudit(trx, c.context, { action: 'quality.action.done', outcome: 'allowed', subjectType: 'learning_action', subjectId: action.id, reason: `done ${read.values.doneOn}` });
    }
    return { ok: true as const, id: action.id };
  });
}
