import type { Db } from '../../db/database.ts';
import { sharedCache } from '../../platform/db/shared-cache.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { isAsye, MANAGER_ROLES, ROLE_LABELS } from '../../platform/access/roles.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { Forbidden, NotFound, type FieldErrors } from '../../platform/http/errors.ts';
import { seesTeam } from '../../platform/access/staff.ts';
import { changeChildRecord, NotPermitted, refuse } from '../../platform/record-access/record-change.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import { mayReadPrivateReflection, mayRecordSupervision, mayViewStaff, type StaffSubject } from '../../platform/access/staff.ts';
import { orderedErrors, OVERSIGHT_FIELDS, supervisionFields, type OversightInput, type SupervisionInput } from './forms.ts';
import { type FormRead } from '../../platform/http/forms.ts';
import {
  findAction,
  findNames,
  findOpenCase,
  findSnapshotOnOrBefore,
  findStaffMember,
  findAllSupervisionInputs,
  findSupervisees,
  findSupervision,
  findSupervisionSettingsRow,
  findTeam,
  findTeamOversight,
  insertCaseSupervision,
  insertSupervision,
  listActions,
  listCaseSupervisions,
  listOpenActionsOfWorker,
  listSupervisions,
  managementChain,
  markActionDone,
  reportsBelow,
  type SuperviseeRow,
} from './queries.ts';
import {
  describeFrequency,
  inTimePercent,
  KIND_LABELS,
  oversightDue,
  STATUS_TAGS,
  supervisionDue,
  supervisionSettingsWithDefaults,
  WELLBEING_LABELS,
  type SupervisionSettings,
} from './rules.ts';

/**
 * One-to-one supervision and case oversight: who is due and overdue, a
 * worker's history, recording supervision with the worker's workload on the
 * day attached, and management oversight on a child's record. Every change
 * and every view of a supervision record writes an audit row in the same
 * transaction.
 */

export interface SupervisionContext {
  db: Db;
  viewer: Viewer;
  audit: AuditContext;
  today: string;
  /** Given by the application when practice quality is there: the worker's page lists their observations since the last supervision. */
  observationsSinceSupervision?: ObservationsSinceSupervision;
}

/** Recording supervision also needs the worker's live caseload figures, from the workload area (given by the application). */
type RecordingContext = SupervisionContext & { workloadOnDay: WorkloadOnDay };

/** The name of the supervision settings' version in `shared_versions` (migration 0049). */
export const SUPERVISION_SETTINGS = 'supervision';

const supervisionShared = sharedCache(async (db) => {
  const row = await findSupervisionSettingsRow(db);
  return supervisionSettingsWithDefaults(row?.settings as Partial<SupervisionSettings> | undefined);
});

/** The settings; with a version a page has just read (`sharedVersion(SUPERVISION_SETTINGS)`), from memory while it stands. */
export async function loadSupervisionSettings(db: Db, version?: number | null): Promise<SupervisionSettings> {
  return supervisionShared.get(db, version);
}

type Member = NonNullable<Awaited<ReturnType<typeof findStaffMember>>>;

async function subjectOf(db: Db, userId: string): Promise<{ member: Member; subject: StaffSubject } | undefined> {
  const member = await findStaffMember(db, userId);
  if (!member) return undefined;
  const chain = await managementChain(db, member.id);
  return {
    member,
    subject: { id: member.id, teamId: member.team_id, serviceId: member.service_id, lineManagerId: member.line_manager_id, chain },
  };
}

/** The worker, if the viewer may see their staff records; 404 otherwise (the refusal is audited). */
export async function visibleStaff(c: SupervisionContext, userId: string, action: string) {
  const found = await subjectOf(c.db, userId);
  if (!found || !mayViewStaff(c.viewer, found.subject)) {
    await recordAudit(c.db, c.audit, { action, outcome: 'denied', subjectType: 'user', subjectId: userId, reason: 'not the worker or one of their managers' });
    throw new NotFound();
  }
  return found;
}

function withDue(row: SuperviseeRow, settings: SupervisionSettings, today: string) {
  const due = supervisionDue({ role: row.role, asyeStartedOn: row.asye_started_on, startedOn: row.start_in_role, lastHeldOn: row.last_held_on }, settings, today);
  return {
    ...row,
    roleLabel: ROLE_LABELS[row.role],
    asye: isAsye(row.role, row.asye_started_on, today),
    due,
    frequencyLabel: describeFrequency(due.frequency, settings),
    tag: STATUS_TAGS[due.status],
  };
}

export type SuperviseeDue = ReturnType<typeof withDue>;

const byUrgency = (a: SuperviseeDue, b: SuperviseeDue) => (a.due.dueOn < b.due.dueOn ? -1 : a.due.dueOn > b.due.dueOn ? 1 : a.name.localeCompare(b.name));

/**
 * Each monitored worker's next supervision, for these workers (every worker
 * in post when none are named): for dashboards that show it beside other
 * figures. Two queries whatever the number of workers.
 */
export async function supervisionDueOf(db: Db, workerIds: readonly string[] | undefined, today: string, settingsVersion?: number | null): Promise<Map<string, SuperviseeDue>> {
  const settings = await loadSupervisionSettings(db, settingsVersion);
  const rows = await findSupervisees(db, workerIds ? { ids: workerIds } : {}, settings.supervisedRoles, today);
  return new Map(rows.map((r) => [r.id, withDue(r, settings, today)]));
}

/** Every worker in post whose supervision is overdue: for figures that only count them (the council's). */
export async function supervisionOverdueOf(db: Db, today: string, settingsVersion?: number | null): Promise<Set<string>> {
  const settings = await loadSupervisionSettings(db, settingsVersion);
  const rows = await findAllSupervisionInputs(db, settings.supervisedRoles, today);
  const overdue = rows.filter(
    (r) => supervisionDue({ role: r.role, asyeStartedOn: r.asye_started_on, startedOn: r.start_in_role, lastHeldOn: r.last_held_on }, settings, today).status === 'overdue',
  );
  return new Set(overdue.map((r) => r.id));
}

/** What the home page shows: supervision the viewer owes (overdue or due soon), and overdue supervision by the managers below them. */
export async function supervisionOwed(db: Db, viewer: Viewer, today: string) {
  if (!MANAGER_ROLES.includes(viewer.role)) return null;
  const settings = await loadSupervisionSettings(db);
  const direct = (await findSupervisees(db, { lineManagerId: viewer.id }, settings.supervisedRoles, today)).map((r) => withDue(r, settings, today));
  const directIds = new Set(direct.map((r) => r.id));
  const belowIds = (await reportsBelow(db, viewer.id)).filter((id) => !directIds.has(id));
  const below = (await findSupervisees(db, { ids: belowIds }, settings.supervisedRoles, today))
    .map((r) => withDue(r, settings, today))
    .filter((r) => r.due.status === 'overdue');
  return {
    mine: direct.filter((r) => r.due.status !== 'on_track').sort(byUrgency),
    /** The longest overdue first, at most ten: the supervision page lists the rest. */
    below: below.sort(byUrgency).slice(0, 10),
    belowTotal: below.length,
    supervisees: direct.length,
  };
}

/** The supervision landing page: one's own supervision, then the people one supervises and those below. */
export async function supervisionOverview(c: SupervisionContext) {
  const settings = await loadSupervisionSettings(c.db);
  const own = (await findSupervisees(c.db, { ids: [c.viewer.id] }, settings.supervisedRoles, c.today)).map((r) => withDue(r, settings, c.today))[0] ?? null;
  const direct = (await findSupervisees(c.db, { lineManagerId: c.viewer.id }, settings.supervisedRoles, c.today)).map((r) => withDue(r, settings, c.today));
  const directIds = new Set(direct.map((r) => r.id));
  const belowIds = (await reportsBelow(c.db, c.viewer.id)).filter((id) => !directIds.has(id));
  const below = (await findSupervisees(c.db, { ids: belowIds }, settings.supervisedRoles, c.today)).map((r) => withDue(r, settings, c.today));
  return {
    own,
    direct: direct.sort(byUrgency),
    below: below.sort(byUrgency),
    belowOverdue: below.filter((r) => r.due.status === 'overdue').length,
    inTime: inTimePercent([...direct, ...below].map((r) => r.due.status)),
    teamLink: c.viewer.teamId && ['team_manager', 'practice_supervisor'].includes(c.viewer.role) ? `/supervision/teams/${c.viewer.teamId}` : null,
  };
}

/** A worker's supervision: when the next is due, the history, and open actions. */
export async function workerSupervisionPage(c: SupervisionContext, workerId: string) {
  const { member, subject } = await visibleStaff(c, workerId, 'supervision.view.worker');
  const settings = await loadSupervisionSettings(c.db);
  const [rows, records, openActions] = await Promise.all([
    findSupervisees(c.db, { ids: [member.id] }, settings.supervisedRoles, c.today),
    listSupervisions(c.db, member.id),
    listOpenActionsOfWorker(c.db, member.id),
  ]);
  const due = rows[0] ? withDue(rows[0], settings, c.today) : null;
  const lastHeld = records[0]?.held_on ?? null;
  const observations = c.observationsSinceSupervision ? await c.observationsSinceSupervision(c.db, member.id, lastHeld) : null;
  await recordAudit(c.db, c.audit, { action: 'supervision.view.worker', outcome: 'allowed', subjectType: 'user', subjectId: member.id });
  return {
    worker: { id: member.id, name: member.name, roleLabel: ROLE_LABELS[member.role], teamName: member.team_name, asye: isAsye(member.role, member.asye_started_on, c.today) },
    due,
    monitored: Boolean(due),
    records: records.map((r) => ({ ...r, kindLabel: KIND_LABELS[r.kind], wellbeingLabel: WELLBEING_LABELS[r.wellbeing] })),
    openActions: openActions.map((a) => ({ ...a, overdue: a.due_on < c.today })),
    mayRecord: mayRecordSupervision(c.viewer, subject),
    own: c.viewer.id === member.id,
    observations,
    lastHeld,
  };
}

export interface WorkloadFigures {
  asAt: string;
  children: number;
  points: number;
  capacityPercent: number | null;
}

/** An observation of a worker's practice, as the supervision record lists it. */
export interface ObservationSeen {
  href: string;
  dateText: string;
  settingText: string;
  gradeText: string;
  toDevelop: string;
  observerName: string;
}

/** A worker's observations of practice since their last supervision (every one when none was held). Practice quality, above this area, passes it in. */
export type ObservationsSinceSupervision = (db: Db, workerId: string, lastSupervisedOn: string | null) => Promise<ObservationSeen[]>;

/** Today's caseload figures of a worker; null for a role that holds no caseload. */
export type WorkloadOnDay = (db: Db, workerId: string, today: string) => Promise<WorkloadFigures | null>;

/**
 * The worker's caseload figures for a supervision held on `heldOn`: the
 * weekly snapshot on or before that day when it was in the past, today's
 * live figures otherwise (or when no snapshot is that old).
 */
async function workloadFor(c: RecordingContext, db: Db, workerId: string, heldOn: string): Promise<WorkloadFigures | null> {
  if (heldOn < c.today) {
    const snapshot = await findSnapshotOnOrBefore(db, workerId, heldOn);
    if (snapshot) return { asAt: snapshot.snapshot_date, children: snapshot.children, points: snapshot.points, capacityPercent: snapshot.capacity_percent };
  }
  return c.workloadOnDay(db, workerId, c.today);
}

async function ownerChoices(db: Db, member: Member, subject: StaffSubject, viewer: Viewer) {
  const ids = [...new Set([member.id, viewer.id, ...subject.chain])];
  const names = await findNames(db, ids);
  const byId = new Map(names.map((n) => [n.id, n.name]));
  return ids.filter((id) => byId.has(id)).map((id) => ({ id, name: `${byId.get(id)}${id === member.id ? ' (the worker)' : id === viewer.id ? ' (you)' : ''}` }));
}

async function recordable(c: SupervisionContext, workerId: string, action: string) {
  const found = await visibleStaff(c, workerId, action);
  if (!mayRecordSupervision(c.viewer, found.subject)) {
    await recordAudit(c.db, c.audit, { action, outcome: 'denied', subjectType: 'user', subjectId: workerId, reason: 'only the worker’s managers record their supervision' });
    throw new Forbidden('Only the worker’s supervisor or managers can record their supervision.');
  }
  return found;
}

/** What the supervision form needs: the worker, today's workload figures, and who may own actions. */
export async function supervisionFormView(c: RecordingContext, workerId: string) {
  const { member, subject } = await recordable(c, workerId, 'supervision.view.form');
  const [workload, owners] = await Promise.all([workloadFor(c, c.db, member.id, c.today), ownerChoices(c.db, member, subject, c.viewer)]);
  return { worker: { id: member.id, name: member.name, roleLabel: ROLE_LABELS[member.role], asye: isAsye(member.role, member.asye_started_on, c.today) }, workload, owners };
}

export type SupervisionFormView = Awaited<ReturnType<typeof supervisionFormView>>;

export async function recordSupervision(
  c: RecordingContext & { now: Date },
  workerId: string,
  read: (owners: string[]) => FormRead<SupervisionInput>,
): Promise<{ ok: true; id: string } | { ok: false; errors: FieldErrors; view: SupervisionFormView }> {
  const view = await supervisionFormView(c, workerId);
  const { values: v, errors } = read(view.owners.map((o) => o.id));
  if (Object.keys(errors).length || !v.heldOn || !v.kind || !v.wellbeing || v.workloadDiscussed === undefined || !v.summary) {
    await recordAudit(c.db, c.audit, {
      action: 'supervision.create',
      outcome: 'failed',
      subjectType: 'user',
      subjectId: workerId,
      reason: `refused, nothing stored: ${Object.keys(errors).join(', ')}`,
    });
    return { ok: false, errors: orderedErrors(errors, supervisionFields()), view };
  }
  const id = await c.db.transaction().execute(async (trx) => {
    const workload = v.workloadDiscussed ? await workloadFor(c, trx, workerId, v.heldOn!) : null;
    const inserted = await insertSupervision(
      trx,
      {
        worker_id: workerId,
        supervisor_id: c.viewer.id,
        held_on: v.heldOn!,
        kind: v.kind!,
        wellbeing: v.wellbeing!,
        workload_discussed: v.workloadDiscussed!,
        workload_as_at: workload?.asAt ?? null,
        workload_children: workload?.children ?? null,
        workload_points: workload?.points ?? null,
        workload_capacity_percent: workload?.capacityPercent ?? null,
        summary: v.summary!,
        private_reflection: v.privateReflection ?? null,
        recorded_by: c.viewer.id,
        recorded_at: c.now,
      },
      (v.actions ?? []).map((a) => ({ description: a.description, owner_id: a.ownerId, due_on: a.dueOn })),
    );
    await recordAudit(trx, c.audit, {
      action: 'supervision.create',
      outcome: 'allowed',
      subjectType: 'supervision',
      subjectId: inserted,
      reason: `for worker ${workerId}, held ${v.heldOn}, ${(v.actions ?? []).length} action(s)`,
    });
    return inserted;
  });
  return { ok: true, id };
}

/** One supervision record; private reflection only for the pair and the worker's line managers. Viewing it is audited. */
export async function supervisionRecordView(c: SupervisionContext, supervisionId: string) {
  const record = await findSupervision(c.db, supervisionId);
  if (!record) throw new NotFound();
  const found = await subjectOf(c.db, record.worker_id);
  if (!found || !mayViewStaff(c.viewer, found.subject)) {
    await recordAudit(c.db, c.audit, { action: 'supervision.view', outcome: 'denied', subjectType: 'supervision', subjectId: supervisionId, reason: 'not the worker or one of their managers' });
    throw new NotFound();
  }
  const showPrivate = mayReadPrivateReflection(c.viewer, found.subject, record);
  const actions = await listActions(c.db, [record.id]);
  const mayComplete = (ownerId: string) => ownerId === c.viewer.id || record.supervisor_id === c.viewer.id || mayRecordSupervision(c.viewer, found.subject);
  await recordAudit(c.db, c.audit, {
    action: 'supervision.view',
    outcome: 'allowed',
    subjectType: 'supervision',
    subjectId: record.id,
    reason: showPrivate ? 'with private reflection' : 'private reflection withheld',
  });
  return {
    record: {
      ...record,
      kindLabel: KIND_LABELS[record.kind],
      wellbeingLabel: WELLBEING_LABELS[record.wellbeing],
      private_reflection: showPrivate ? record.private_reflection : null,
    },
    privateWithheld: !showPrivate && record.private_reflection !== null,
    actions: actions.map((a) => ({ ...a, overdue: !a.done_on && a.due_on < c.today, mayComplete: !a.done_on && mayComplete(a.owner_id) })),
  };
}

/** Marks an action done today: its owner, the supervisor or the worker's managers. */
export async function completeAction(c: SupervisionContext, actionId: string): Promise<string> {
  return c.db.transaction().execute(async (trx) => {
    const action = await findAction(trx, actionId);
    if (!action) throw new NotFound();
    const found = await subjectOf(trx, action.worker_id);
    if (!found || !mayViewStaff(c.viewer, found.subject)) throw new NotFound();
    const allowed = action.owner_id === c.viewer.id || action.supervisor_id === c.viewer.id || mayRecordSupervision(c.viewer, found.subject);
    if (!allowed) {
      await recordAudit(c.db, c.audit, { action: 'supervision.action.done', outcome: 'denied', subjectType: 'supervision_action', subjectId: actionId, reason: 'not the owner, supervisor or a manager' });
      throw new Forbidden('Only the owner of an action, the supervisor or the worker’s managers can mark it done.');
    }
    await markActionDone(trx, action.id, c.today);
    await recordAudit(trx, c.audit, { action: 'supervision.action.done', outcome: 'allowed', subjectType: 'supervision_action', subjectId: action.id });
    return action.supervision_id;
  });
}

/** A team's supervision and oversight: each worker's next supervision, and per lead worker how many children are overdue oversight. */
export async function teamSupervisionPage(c: SupervisionContext, teamId: string) {
  const team = await findTeam(c.db, teamId);
  if (!team || !seesTeam(c.viewer, { id: team.id, serviceId: team.service_id })) throw new NotFound();
  const settings = await loadSupervisionSettings(c.db);
  const [workers, cases] = await Promise.all([findSupervisees(c.db, { teamId }, settings.supervisedRoles, c.today), findTeamOversight(c.db, teamId)]);
  const overdueByWorker = new Map<string | null, number>();
  let oversightOverdue = 0;
  for (const row of cases) {
    const due = oversightDue(
      { onCpPlan: row.status === 'child_protection', lastOversightOn: row.last_oversight_on as string | null, openedOn: row.referral_date && row.referral_date <= row.allocated_on ? row.referral_date : row.allocated_on },
      settings,
      c.today,
    );
    if (due.status !== 'overdue') continue;
    oversightOverdue += 1;
    overdueByWorker.set(row.worker_id, (overdueByWorker.get(row.worker_id) ?? 0) + 1);
  }
  const rows = workers.map((w) => ({ ...withDue(w, settings, c.today), oversightOverdue: overdueByWorker.get(w.id) ?? 0 }));
  return {
    team,
    rows: rows.sort(byUrgency),
    inTime: inTimePercent(rows.map((r) => r.due.status)),
    overdue: rows.filter((r) => r.due.status === 'overdue').length,
    openCases: cases.length,
    oversightOverdue,
    oversightInTime: cases.length ? Math.round(((cases.length - oversightOverdue) / cases.length) * 100) : null,
    unallocatedOverdue: overdueByWorker.get(null) ?? 0,
    settings,
  };
}

// ------------------------------------------------- case oversight on a child's record

export interface ChildActor {
  db: Db;
  viewer: Viewer;
  context: AuditContext;
  childId: string;
  today: string;
}

async function oversightState(trx: Db, childId: string, today: string) {
  const [settings, open, history] = await Promise.all([loadSupervisionSettings(trx), findOpenCase(trx, childId), listCaseSupervisions(trx, childId)]);
  const openedOn = open?.allocated_on && (!open.referral_date || open.allocated_on < open.referral_date) ? open.allocated_on : open?.referral_date;
  const due =
    open && open.status !== 'closed' && openedOn
      ? oversightDue({ onCpPlan: open.status === 'child_protection', lastOversightOn: history[0]?.held_on ?? null, openedOn }, settings, today)
      : null;
  return { history, due: due ? { ...due, tag: STATUS_TAGS[due.status] } : null, workerId: open?.worker_id ?? null };
}

export async function oversightView(a: ChildActor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.oversight', async (trx) => {
    const [child, state] = await Promise.all([childHeaderView(trx, a.childId, a.today), oversightState(trx, a.childId, a.today)]);
    return { child, ...state, mayRecord: MANAGER_ROLES.includes(a.viewer.role) };
  });
}

export async function recordOversight(a: ChildActor & { now: Date }, read: FormRead<OversightInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.oversight.create', async (trx, _access, name) => {
    if (!MANAGER_ROLES.includes(a.viewer.role)) {
      throw new NotPermitted('Only practice supervisors and managers record management oversight.', `role ${a.viewer.role} does not record oversight`);
    }
    const v = read.values;
    if (Object.keys(read.errors).length || !v.heldOn || !v.decision || !v.direction) {
      const [child, state] = await Promise.all([childHeaderView(trx, a.childId, a.today), oversightState(trx, a.childId, a.today)]);
      return refuse(orderedErrors(read.errors, OVERSIGHT_FIELDS), { child, ...state, mayRecord: true });
    }
    const state = await findOpenCase(trx, a.childId);
    const id = await insertCaseSupervision(trx, {
      child_id: a.childId,
      held_on: v.heldOn,
      supervisor_id: a.viewer.id,
      worker_id: state?.worker_id ?? null,
      decision: v.decision,
      direction: v.direction,
      recorded_by: a.viewer.id,
      recorded_at: a.now,
    });
    name('management oversight', id);
    return id;
  });
}
