// The compliments and complaints log. Staff log what a team received; the
// managers of the team (its team manager and practice supervisors, its
// service manager, heads of service) follow each complaint through the
// stages of the Children Act 1989 representations procedure: the response
// due in working days, an extension where the regulations allow one, the
// response and its outcome, and the next stage when the complainant asks.
// Entries never name a child. Every view, change and refusal is audited.
import type { Db } from '../../db/database.ts';
import { isUuid, type Viewer } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import { Forbidden, NotFound, type FieldErrors } from '../../platform/http/errors.ts';
import { dateKey, formComplete, orderErrors, type Body } from '../../platform/http/forms.ts';
import type { Reader } from '../../platform/record-access/viewer.ts';
import { managerScope } from '../../platform/access/manager-scope.ts';
import { inScope, readPeriod, type Query } from '../observations/period.ts';
import { ENTRY_FIELDS, readEntry, readEscalation, readResponse, RESPONSE_FIELDS } from './complaint-forms.ts';
import { allTeams, findEntry, insertEntry, listEntries, setExtended, setResponse, type EntryListRow, type EntryRow } from './complaint-queries.ts';
import { complaintState, isStage, mayExtend, OUTCOMES, responseDue, SOURCES, STAGES, STATE_TAGS } from './rules.ts';

/** Everyone who works with children logs what their team receives; administrators and analysts do not. */
export function mayLog(viewer: Viewer): boolean {
  return viewer.role !== 'system_admin' && viewer.role !== 'performance_analyst';
}

const href = (id: string) => `/quality/complaints/${id}`;

function presentRow(e: EntryListRow, today: string) {
  const state = e.kind === 'complaint' && e.response_due ? complaintState({ response_due: e.response_due, responded_on: e.responded_on }, today) : null;
  return {
    href: href(e.id),
    kindText: e.kind === 'complaint' ? 'Complaint' : 'Compliment',
    receivedText: formatDate(e.received_on),
    teamName: e.team_name,
    fromText: SOURCES[e.from_category],
    stageText: isStage(e.stage) ? STAGES[e.stage].name : '',
    dueText: e.response_due ? formatDate(e.response_due) : '',
    outcomeText: e.outcome ? OUTCOMES[e.outcome] : '',
    tag: state ? STATE_TAGS[state] : null,
    escalated: e.next_id !== null,
  };
}

function counts(rows: readonly EntryListRow[], today: string) {
  const complaints = rows.filter((r) => r.kind === 'complaint');
  return {
    compliments: rows.length - complaints.length,
    complaints: complaints.length,
    byStage: ([1, 2, 3] as const).map((s) => ({ text: STAGES[s].name, count: complaints.filter((c) => c.stage === s).length })),
    overdue: complaints.filter((c) => c.response_due && complaintState({ response_due: c.response_due, responded_on: c.responded_on }, today) === 'overdue').length,
    answeredLate: complaints.filter((c) => c.response_due && complaintState({ response_due: c.response_due, responded_on: c.responded_on }, today) === 'answered_late').length,
    byOutcome: Object.entries(OUTCOMES).map(([k, text]) => ({ text, count: complaints.filter((c) => c.outcome === k).length })),
  };
}

/** The log: for managers their team's, service's or the council's; for others what they logged themselves. */
export async function complaintsPage(r: Reader, query: Query) {
  if (!mayLog(r.viewer)) throw new Forbidden('The compliments and complaints log is kept by the staff who work with children and their managers.');
  const filter = readPeriod(query, r.today);
  const scope = await managerScope(r.db, r.viewer);
  const rows = await listEntries(r.db, { ...filter.period, teamIds: scope ? scope.teamIds : null, recordedBy: scope ? undefined : r.viewer.id });
  await recordAudit(r.db, r.context, { action: 'quality.complaints.view', outcome: 'allowed', subjectType: 'scope', subjectId: scope?.teamIds === null ? 'council' : undefined, reason: `${scope?.name ?? 'logged by the viewer'}; ${filter.text}` });
  return { filter, scopeName: scope?.name ?? 'Logged by you', rows: rows.map((e) => presentRow(e, r.today)), counts: counts(rows, r.today) };
}

export async function entryFormView(r: Reader) {
  if (!mayLog(r.viewer)) throw new Forbidden('The compliments and complaints log is kept by the staff who work with children and their managers.');
  return { teams: await allTeams(r.db), ownTeamId: r.viewer.teamId };
}

export type EntryFormView = Awaited<ReturnType<typeof entryFormView>>;

/** Logs a compliment, or a complaint at its stage with its response due in working days; refused input stores nothing. */
export async function logEntry(r: Reader, body: Body): Promise<{ ok: true; id: string } | { ok: false; errors: FieldErrors; view: EntryFormView }> {
  const view = await entryFormView(r);
  const read = readEntry(body);
  const errors = { ...read.errors };
  const v = read.values;
  if (v.receivedOn && !errors[dateKey('receivedOn')] && v.receivedOn > r.today) errors[dateKey('receivedOn')] = 'Date received must be today or in the past';
  if (v.teamId && !errors.teamId && !view.teams.some((t) => t.id === v.teamId)) errors.teamId = 'Select the team it is about';
  if (Object.keys(errors).length > 0 || !formComplete(read)) {
    await recordAudit(r.db, r.context, { action: 'quality.complaint.log', outcome: 'failed', subjectType: 'compliment_complaint', reason: `refused, nothing stored: ${Object.keys(errors).join(', ')}` });
    return { ok: false, errors: orderErrors(errors, ENTRY_FIELDS), view };
  }
  const values = read.values;
  return r.db.transaction().execute(async (trx) => {
    const id = await insertEntry(trx, {
      kind: values.kind,
      team_id: values.teamId,
      received_on: values.receivedOn,
      from_category: values.fromCategory,
      summary: values.summary,
      stage: values.kind === 'complaint' ? values.stage : null,
      follows_id: null,
      response_due: values.kind === 'complaint' && values.stage ? responseDue(values.stage, values.receivedOn, false) : null,
      recorded_by: r.viewer.id,
      recorded_at: r.context.at,
    });
    await recordAudit(trx, r.context, { action: 'quality.complaint.log', outcome: 'allowed', subjectType: 'compliment_complaint', subjectId: id, reason: values.kind === 'complaint' ? `complaint, stage ${values.stage}` : 'compliment' });
    return { ok: true as const, id };
  });
}

async function visibleEntry(r: Reader, id: string, action: string, db: Db = r.db) {
  const e = isUuid(id) ? await findEntry(db, id) : undefined;
  const scope = await managerScope(r.db, r.viewer);
  const manages = e ? inScope(scope, e.team_id) : false;
  if (!e || !mayLog(r.viewer) || (!manages && e.recorded_by !== r.viewer.id)) {
    await recordAudit(r.db, r.context, { action, outcome: 'denied', subjectType: 'compliment_complaint', subjectId: isUuid(id) ? id : undefined, reason: 'not the team’s manager nor who logged it' });
    throw new NotFound();
  }
  return { e, manages };
}

function presentEntry(e: EntryRow, manages: boolean, today: string) {
  const complaint = e.kind === 'complaint' && isStage(e.stage) && e.response_due;
  const state = complaint ? complaintState({ response_due: e.response_due!, responded_on: e.responded_on }, today) : null;
  const stage = isStage(e.stage) ? e.stage : null;
  return {
    id: e.id,
    kind: e.kind,
    kindText: e.kind === 'complaint' ? 'Complaint' : 'Compliment',
    teamName: e.team_name,
    receivedText: formatDate(e.received_on),
    fromText: SOURCES[e.from_category],
    summary: e.summary,
    recorderName: e.recorder_name,
    stageText: stage ? STAGES[stage].name : null,
    dueLabel: stage ? STAGES[stage].due : null,
    dueText: e.response_due ? `${formatDate(e.response_due)}${e.extended ? ' (extended)' : ''}` : null,
    respondedText: e.responded_on ? formatDate(e.responded_on) : null,
    outcomeText: e.outcome ? OUTCOMES[e.outcome] : null,
    tag: state ? STATE_TAGS[state] : null,
    followsHref: e.follows_id ? href(e.follows_id) : null,
    nextHref: e.next_id ? href(e.next_id) : null,
    mayExtend: Boolean(manages && stage && mayExtend(stage) && !e.extended && !e.responded_on),
    mayRespond: Boolean(manages && complaint && !e.responded_on),
    mayEscalate: Boolean(manages && stage && stage < 3 && e.responded_on && !e.next_id),
    nextStageText: stage && stage < 3 ? STAGES[(stage + 1) as 2 | 3].name : null,
    rows: [
      { key: { text: 'From' }, value: { text: SOURCES[e.from_category] } },
      { key: { text: 'Logged by' }, value: { text: e.recorder_name } },
      ...(stage
        ? [
            { key: { text: 'Stage' }, value: { text: STAGES[stage].name } },
            { key: { text: STAGES[stage].due }, value: { text: `${formatDate(e.response_due!)}${e.extended ? ' (extended)' : ''}` } },
            { key: { text: 'Responded' }, value: { text: e.responded_on ? formatDate(e.responded_on) : 'Not yet' } },
            { key: { text: 'Outcome' }, value: { text: e.outcome ? OUTCOMES[e.outcome] : 'Not yet' } },
          ]
        : []),
    ],
  };
}

export async function entryPage(r: Reader, id: string) {
  const { e, manages } = await visibleEntry(r, id, 'quality.complaint.view');
  await recordAudit(r.db, r.context, { action: 'quality.complaint.view', outcome: 'allowed', subjectType: 'compliment_complaint', subjectId: e.id });
  return { entry: presentEntry(e, manages, r.today) };
}

export type EntryPage = Awaited<ReturnType<typeof entryPage>>;

async function managedComplaint(r: Reader, id: string, action: string) {
  const { e, manages } = await visibleEntry(r, id, action);
  if (!manages || e.kind !== 'complaint' || !isStage(e.stage)) {
    await recordAudit(r.db, r.context, { action, outcome: 'denied', subjectType: 'compliment_complaint', subjectId: e.id, reason: 'only the team’s managers follow a complaint through its stages' });
    throw new Forbidden('Only the team’s managers follow a complaint through its stages.');
  }
  return { e, stage: e.stage };
}

type Changed = { ok: true; id: string } | { ok: false; errors: FieldErrors; page: EntryPage };

/** Extends a stage's timescale as far as the regulations allow (stage 1 to 20 working days, stage 2 to 65), once. */
export async function extendComplaint(r: Reader, id: string): Promise<void> {
  const { e, stage } = await managedComplaint(r, id, 'quality.complaint.extend');
  if (!mayExtend(stage) || e.extended || e.responded_on) throw new Forbidden('This stage cannot be extended: it has been extended or answered already, or it is a review panel.');
  await r.db.transaction().execute(async (trx) => {
    const due = responseDue(stage, e.received_on, true);
    await setExtended(trx, e.id, due);
    await recordAudit(trx, r.context, { action: 'quality.complaint.extend', outcome: 'allowed', subjectType: 'compliment_complaint', subjectId: e.id, reason: `response now due ${due}` });
  });
}

/** Records the response to a stage and its outcome: not before the stage was received, not in the future. */
export async function respondToComplaint(r: Reader, id: string, body: Body): Promise<Changed> {
  const { e } = await managedComplaint(r, id, 'quality.complaint.respond');
  const read = readResponse(body);
  const errors = { ...read.errors };
  const on = read.values.respondedOn;
  if (e.responded_on) errors[dateKey('respondedOn')] = 'This stage has been answered already';
  else if (on && !errors[dateKey('respondedOn')]) {
    if (on > r.today) errors[dateKey('respondedOn')] = 'Date of the response must be today or in the past';
    else if (on < e.received_on) errors[dateKey('respondedOn')] = 'Date of the response must be on or after the date the complaint was received';
  }
  if (Object.keys(errors).length > 0 || !formComplete(read)) {
    await recordAudit(r.db, r.context, { action: 'quality.complaint.respond', outcome: 'failed', subjectType: 'compliment_complaint', subjectId: e.id, reason: `refused, nothing stored: ${Object.keys(errors).join(', ')}` });
    return { ok: false, errors: orderErrors(errors, RESPONSE_FIELDS), page: { entry: presentEntry(e, true, r.today) } };
  }
  const values = read.values;
  await r.db.transaction().execute(async (trx) => {
    await setResponse(trx, e.id, values.respondedOn, values.outcome);
    await recordAudit(trx, r.context, { action: 'quality.complaint.respond', outcome: 'allowed', subjectType: 'compliment_complaint', subjectId: e.id, reason: `${OUTCOMES[values.outcome].toLowerCase()}, responded ${values.respondedOn}` });
  });
  return { ok: true, id: e.id };
}

/** The complainant asks for the next stage: a new entry for it, following this one, its clock from the day the request was received. */
export async function escalateComplaint(r: Reader, id: string, body: Body): Promise<Changed> {
  const { e, stage } = await managedComplaint(r, id, 'quality.complaint.escalate');
  const read = readEscalation(body);
  const errors = { ...read.errors };
  const on = read.values.requestedOn;
  if (stage === 3 || !e.responded_on || e.next_id) errors[dateKey('requestedOn')] = 'This complaint cannot move to another stage';
  else if (on && !errors[dateKey('requestedOn')]) {
    if (on > r.today) errors[dateKey('requestedOn')] = 'Date the request was received must be today or in the past';
    else if (on < e.responded_on) errors[dateKey('requestedOn')] = 'Date the request was received must be on or after the response to this stage';
  }
  if (Object.keys(errors).length > 0 || !formComplete(read) || stage === 3) {
    await recordAudit(r.db, r.context, { action: 'quality.complaint.escalate', outcome: 'failed', subjectType: 'compliment_complaint', subjectId: e.id, reason: `refused, nothing stored: ${Object.keys(errors).join(', ')}` });
    return { ok: false, errors, page: { entry: presentEntry(e, true, r.today) } };
  }
  const next = (stage + 1) as 2 | 3;
  const requestedOn = read.values.requestedOn;
  const newId = await r.db.transaction().execute(async (trx) => {
    const locked = await findEntry(trx, e.id, { lock: true });
    if (!locked || locked.next_id) throw new Forbidden('This complaint has moved to its next stage already.');
    const created = await insertEntry(trx, {
      kind: 'complaint',
      team_id: e.team_id,
      received_on: requestedOn,
      from_category: e.from_category,
      summary: e.summary,
      stage: next,
      follows_id: e.id,
      response_due: responseDue(next, requestedOn, false),
      recorded_by: r.viewer.id,
      recorded_at: r.context.at,
    });
    await recordAudit(trx, r.context, { action: 'quality.complaint.escalate', outcome: 'allowed', subjectType: 'compliment_complaint', subjectId: created, reason: `moved to stage ${next} from ${e.id}` });
    return created;
  });
  return { ok: true, id: newId };
}
