// Direct-work sessions on a child's record, through the record's plumbing
// (access, 404 for those who may not see the child, audit in the
// transaction), their chronology entries, and the count of each tool's use
// for managers: counts only, never a child's name.
import type { Db } from '../../db/database.ts';
import { managerScope, type ManagerScope } from '../../platform/access/manager-scope.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import { dateKey, formComplete, orderErrors, type FormRead } from '../../platform/http/forms.ts';
import { eventDateProblem, childDates, lockChild } from '../../platform/record-access/child-dates.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { changeChildRecord, NotPermitted, readChildRecord, refuse } from '../../platform/record-access/record-change.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import type { Actor, Reader } from '../../platform/record-access/viewer.ts';
import { Forbidden } from '../../platform/http/errors.ts';
import { agesText, TOOL_KINDS } from '../toolkits/rules.ts';
import { checkSentFile, describeSize, DOCUMENT_KINDS, isNoFile, keptFileName, PICTURE_TYPES, typeWords, type SentFile } from '../../platform/documents/files.ts';
import { insertDocument } from '../../platform/documents/queries.ts';
import { RecordNotFound } from '../../platform/http/errors.ts';
import { isUuid } from '../../platform/access/policy.ts';
import { neglectProfileDue } from '../neglect-profile/service.ts';
import { ATTACH_FIELDS, SESSION_FIELDS, type AttachInput, type SessionInput } from './forms.ts';
import { activeTools, allTools, insertSession, listSessionAttachments, listSessions, lockSession, useCounts, type AttachmentRow, type SessionRow } from './queries.ts';
import { attachmentTitle, MAX_ATTACHMENTS, RECORDERS, USE_READERS, useTable, yearBefore, type AttachmentKind } from './rules.ts';

function mayRecord(a: Actor): void {
  if (!RECORDERS.includes(a.viewer.role)) {
    throw new NotPermitted('Direct work is recorded by the child’s practitioners and their managers.', `role ${a.viewer.role} does not record direct work`);
  }
}

function presentAttachment(d: AttachmentRow, childId: string) {
  const deleted = d.deleted_on !== null;
  return {
    fileName: d.file_name,
    kindText: DOCUMENT_KINDS[d.kind],
    fileText: `${typeWords(d.media_type)}, ${describeSize(d.size_bytes)}`,
    downloadHref: deleted ? null : `/children/${childId}/documents/${d.id}/download`,
    deletedText: deleted ? `Deleted on ${formatDate(d.deleted_on!)}: the reason is on the Documents tab` : null,
  };
}

function presentSession(s: SessionRow, attachments: readonly AttachmentRow[], childId: string, mayAttach: boolean) {
  return {
    id: s.id,
    dateText: formatDate(s.session_date),
    toolName: s.tool_name,
    toolHref: `/direct-work/toolkits/${s.tool_id}`,
    kindText: TOOL_KINDS[s.tool_kind],
    tookPart: s.took_part,
    childsWords: s.childs_words,
    analysis: s.analysis,
    whatChanged: s.what_changed,
    recordedBy: s.recorder_name,
    attachments: attachments.filter((d) => d.direct_work_session_id === s.id).map((d) => presentAttachment(d, childId)),
    attachHref: mayAttach ? `/children/${childId}/direct-work/${s.id}/attachments` : null,
  };
}

async function sessionsData(trx: Db, a: Actor) {
  const [child, sessions, attachments] = await Promise.all([childHeaderView(trx, a.childId, a.today), listSessions(trx, a.childId), listSessionAttachments(trx, a.childId)]);
  const mayRecord = RECORDERS.includes(a.viewer.role);
  return { child, sessions: sessions.map((s) => presentSession(s, attachments, a.childId, mayRecord)), mayRecord };
}

/** The child's direct work: every session, newest first, the child's words apart from the worker's analysis; and when a neglect profile is due. */
export async function sessionsView(a: Actor, neglectProfileMonths: number) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.direct-work', async (trx) => ({
    ...(await sessionsData(trx, a)),
    neglectProfileDue: await neglectProfileDue(trx, a.childId, a.today, neglectProfileMonths),
  }));
}

async function formData(trx: Db, a: Actor) {
  const [data, tools] = await Promise.all([sessionsData(trx, a), activeTools(trx)]);
  const age = data.child.age as number | null | undefined;
  return {
    ...data,
    tools: tools.map((t) => ({ id: t.id, name: t.name, text: `${t.name} (${TOOL_KINDS[t.kind]}, ${agesText(t.age_from, t.age_to).toLowerCase()})`, suits: age === null || age === undefined || (t.age_from <= age && age <= t.age_to) })),
  };
}

export type SessionFormView = Awaited<ReturnType<typeof formData>>;

export async function sessionFormView(a: Actor) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.direct-work-form', async (trx) => {
    const data = await formData(trx, a);
    mayRecord(a);
    return data;
  });
}

/**
 * Checks the drawings or photos sent with a form: each an image or a PDF
 * (found from its content) within the limit, and what they are said when
 * there are any. Answers the files to keep with their types; puts what is
 * wrong in `errors`. An empty file box sends nothing to keep.
 */
async function checkAttachments(sent: readonly SentFile[], kind: AttachmentKind | null | undefined, maxMb: number, errors: Record<string, string>) {
  const files = sent.filter((f) => !isNoFile(f));
  const kept: { file: SentFile; mediaType: string }[] = [];
  if (files.length > MAX_ATTACHMENTS) errors.files = `Select up to ${MAX_ATTACHMENTS} files`;
  for (const file of files) {
    const checked = await checkSentFile(file, maxMb, PICTURE_TYPES);
    if ('error' in checked) {
      errors.files ??= files.length > 1 ? `${keptFileName(file.fileName)}: ${checked.error.replace('The selected file', 'each file')}` : checked.error;
    } else kept.push({ file, mediaType: checked.mediaType });
  }
  if (files.length > 0 && !kind && !errors.attachmentKind) errors.attachmentKind = 'Select whether the files are the child’s own work or photographs';
  return kept;
}

/** Keeps the checked files as documents on the child's record, each naming the session it came from. */
async function keepAttachments(trx: Db, a: Actor, name: (type: string, id: string) => void, session: { id: string; session_date: string; tool_name: string; forename: string }, kind: AttachmentKind, kept: readonly { file: SentFile; mediaType: string }[]) {
  for (const { file, mediaType } of kept) {
    const created = await insertDocument(
      trx,
      {
        child_id: a.childId,
        title: attachmentTitle(kind, session.forename, session.tool_name, session.session_date),
        document_date: session.session_date,
        kind,
        file_name: keptFileName(file.fileName),
        media_type: mediaType,
        size_bytes: file.content.length,
        uploaded_by: a.viewer.id,
        uploaded_at: a.context.at,
        direct_work_session_id: session.id,
      },
      file.content,
    );
    name('document', created.id);
  }
}

/**
 * Records a session: the date (not in the future, not before the child was
 * born), a tool in use in the library, who took part, the child's own words,
 * the worker's analysis and what changed; with any drawings or photos of the
 * work, kept as documents on the child's record. Refused input stores
 * nothing: neither the session nor any file.
 */
export async function recordSession(a: Actor, read: FormRead<SessionInput>, files: readonly SentFile[], maxMb: number) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.direct-work.record', async (trx, _access, name) => {
    mayRecord(a);
    const child = await lockChild(trx, a.childId);
    const data = await formData(trx, a);
    const errors = { ...read.errors };
    const v = read.values;
    if (v.sessionDate && !errors[dateKey('sessionDate')]) {
      const problem = eventDateProblem(v.sessionDate, 'The date of the session', childDates(child), a.today);
      if (problem) errors[dateKey('sessionDate')] = problem;
    }
    if (v.toolId && !errors.toolId && !data.tools.some((t) => t.id === v.toolId)) errors.toolId = 'Select a tool that is in use in the library';
    const kept = await checkAttachments(files, v.attachmentKind, maxMb, errors);
    if (Object.keys(errors).length > 0 || !formComplete(read)) return refuse(orderErrors(errors, SESSION_FIELDS), data);
    const id = await insertSession(trx, {
      child_id: a.childId,
      session_date: read.values.sessionDate,
      tool_id: read.values.toolId,
      took_part: read.values.tookPart,
      childs_words: read.values.childsWords,
      analysis: read.values.analysis,
      what_changed: read.values.whatChanged,
      recorded_by: a.viewer.id,
      recorded_at: a.context.at,
    });
    name('direct work session', id);
    const toolName = data.tools.find((t) => t.id === read.values.toolId)!.name;
    if (kept.length) await keepAttachments(trx, a, name, { id, session_date: read.values.sessionDate, tool_name: toolName, forename: data.child.forename }, read.values.attachmentKind!, kept);
    return { id };
  });
}

async function attachData(trx: Db, a: Actor, sessionId: string) {
  const data = await sessionsData(trx, a);
  const session = data.sessions.find((s) => s.id === sessionId);
  if (!session) throw new RecordNotFound('direct work session', sessionId);
  return { ...data, session };
}

export type AttachFormView = Awaited<ReturnType<typeof attachData>>;

export async function attachFormView(a: Actor, sessionId: string) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.direct-work-attach-form', async (trx, _access, name) => {
    name('direct work session', sessionId);
    const data = await attachData(trx, a, sessionId);
    mayRecord(a);
    return data;
  });
}

/** Adds drawings or photos of the work to a session already recorded, kept as documents on the child's record; all of them or none. */
export async function attachToSession(a: Actor, sessionId: string, read: FormRead<AttachInput>, files: readonly SentFile[], maxMb: number) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.direct-work.attach', async (trx, _access, name) => {
    mayRecord(a);
    name('direct work session', sessionId);
    const session = isUuid(sessionId) ? await lockSession(trx, a.childId, sessionId) : undefined;
    if (!session) throw new RecordNotFound('direct work session', sessionId);
    const data = await attachData(trx, a, sessionId);
    const errors = { ...read.errors };
    const kept = await checkAttachments(files, read.values.attachmentKind, maxMb, errors);
    if (kept.length === 0 && !errors.files) errors.files = 'Select a drawing or photo';
    if (Object.keys(errors).length > 0) return refuse(orderErrors(errors, ATTACH_FIELDS), data);
    await keepAttachments(trx, a, name, { ...session, forename: data.child.forename }, read.values.attachmentKind!, kept);
    return { id: sessionId };
  });
}

// --- For the chronology -------------------------------------------------------------------------------

/** Each session as a chronology entry: the tool and who recorded it, never the child's words. */
export async function directWorkChronology(db: Db, childId: string) {
  const sessions = await listSessions(db, childId);
  return sessions.map((s) => ({ date: s.session_date, what: `Direct work: ${s.tool_name}`, detail: `${TOOL_KINDS[s.tool_kind]} tool, with ${s.took_part}; recorded by ${s.recorder_name}` }));
}

// --- The count of each tool's use ---------------------------------------------------------------------

/** Whose sessions a manager counts: a team manager their team, a service manager their service, a head of service the council. */
async function scopeOf(r: Reader): Promise<ManagerScope> {
  const scope = await managerScope(r.db, r.viewer);
  if (!scope) throw new Forbidden('The count of each tool’s use is for team managers, service managers and heads of service.');
  return scope;
}

/** Each tool's use over the last twelve months, by team and by worker, for the viewer's team, service or the council. */
export async function usePage(r: Reader) {
  if (!USE_READERS.includes(r.viewer.role)) throw new Forbidden();
  const scope = await scopeOf(r);
  const range = { from: yearBefore(r.today), to: r.today };
  const [tools, byTeam, byWorker] = await Promise.all([
    allTools(r.db),
    useCounts(r.db, r.viewer, r.now, range, scope.teamIds, 'team'),
    useCounts(r.db, r.viewer, r.now, range, scope.teamIds, 'worker'),
  ]);
  await recordAudit(r.db, r.context, { action: 'direct-work.use.view', outcome: 'allowed', subjectType: 'scope', subjectId: scope.teamIds === null ? 'council' : undefined, reason: scope.name });
  return { scopeName: scope.name, fromText: formatDate(range.from), toText: formatDate(range.to), byTeam: useTable(byTeam, tools), byWorker: useTable(byWorker, tools) };
}

