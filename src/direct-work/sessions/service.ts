// Direct-work sessions on a child's record, through the record's plumbing
// (access, 404 for those who may not see the child, audit in the
// transaction), their chronology entries, and the count of each tool's use
// for managers: counts only, never a child's name.
import type { Db } from '../../db/database.ts';
import { listTeamsWithServices, findTeamName, findServiceName } from '../../db/teams.ts';
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
import { neglectProfileDue } from '../neglect-profile/service.ts';
import { SESSION_FIELDS, type SessionInput } from './forms.ts';
import { activeTools, allTools, insertSession, listSessions, useCounts, type SessionRow } from './queries.ts';
import { RECORDERS, USE_READERS, useTable, yearBefore } from './rules.ts';

function mayRecord(a: Actor): void {
  if (!RECORDERS.includes(a.viewer.role)) {
    throw new NotPermitted('Direct work is recorded by the child’s practitioners and their managers.', `role ${a.viewer.role} does not record direct work`);
  }
}

function presentSession(s: SessionRow) {
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
  };
}

async function sessionsData(trx: Db, a: Actor) {
  const [child, sessions] = await Promise.all([childHeaderView(trx, a.childId, a.today), listSessions(trx, a.childId)]);
  return { child, sessions: sessions.map(presentSession), mayRecord: RECORDERS.includes(a.viewer.role) };
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
    tools: tools.map((t) => ({ id: t.id, text: `${t.name} (${TOOL_KINDS[t.kind]}, ${agesText(t.age_from, t.age_to).toLowerCase()})`, suits: age === null || age === undefined || (t.age_from <= age && age <= t.age_to) })),
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
 * Records a session: the date (not in the future, not before the child was
 * born), a tool in use in the library, who took part, the child's own words,
 * the worker's analysis and what changed. Refused input stores nothing.
 */
export async function recordSession(a: Actor, read: FormRead<SessionInput>) {
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
    return { id };
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
async function scopeOf(r: Reader): Promise<{ name: string; teamIds: string[] | null }> {
  if (r.viewer.role === 'head_of_service') return { name: 'The council', teamIds: null };
  if (r.viewer.role === 'service_manager' && r.viewer.serviceId) {
    const teams = await listTeamsWithServices(r.db, r.viewer.serviceId);
    return { name: (await findServiceName(r.db, r.viewer.serviceId)) ?? 'Your service', teamIds: teams.map((t) => t.id) };
  }
  if (r.viewer.role === 'team_manager' && r.viewer.teamId) return { name: (await findTeamName(r.db, r.viewer.teamId)) ?? 'Your team', teamIds: [r.viewer.teamId] };
  throw new Forbidden('The count of each tool’s use is for team managers, service managers and heads of service.');
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

