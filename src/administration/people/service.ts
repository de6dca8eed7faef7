import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { hashPassword, passwordProblem } from '../../platform/auth/passwords.ts';
import { mayHoldReturnsPermission, ROLE_LABELS } from '../../platform/access/roles.ts';
import { endAllSessionsOf } from '../../platform/auth/sessions.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { NotFound } from '../../platform/http/errors.ts';
import { readForm } from '../../platform/http/forms.ts';
import {
  clearLock,
  countSessions,
  emailTaken,
  findPerson,
  insertPerson,
  managementChain,
  personName,
  serviceName,
  setDisabledAt,
  setReturnsAdministrator,
  teamName,
  updatePerson as updatePersonRow,
  type NewPersonRow,
  type PersonRow,
} from './queries.ts';
import {
  accountStatus,
  describeChanges,
  describePerson,
  lineManagerProblem,
  personSchema,
  placementProblems,
  qualifiedOnProblem,
  type PersonSummary,
} from './rules.ts';

export type Outcome<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** A person's details as submitted: strings from a form or the command line. */
export interface PersonInput {
  email?: unknown;
  name?: unknown;
  role?: unknown;
  teamId?: unknown;
  serviceId?: unknown;
  lineManagerId?: unknown;
  qualifiedOn?: unknown;
  fte?: unknown;
}

interface CheckedPerson {
  row: NewPersonRow;
  summary: PersonSummary;
}

/**
 * Every rule for a person's details, the same for the admin pages and the
 * CLI: field formats, placement by role, a real and past qualification date,
 * a unique email address, and an active line manager who is not managed by
 * the person. Stores nothing.
 */
export async function checkPerson(
  db: Db,
  input: PersonInput,
  options: { today: string; personId: string | null; currentLineManagerId?: string | null },
): Promise<Outcome<CheckedPerson>> {
  const { values, errors } = readForm(personSchema, input);
  const { email, name, role, teamId, serviceId, lineManagerId, qualifiedOn, fte } = values;

  if (role !== undefined && teamId !== undefined && serviceId !== undefined) {
    for (const [key, message] of Object.entries(placementProblems(role, teamId, serviceId))) errors[key] ??= message;
  }
  const qualified = qualifiedOn === undefined ? null : qualifiedOnProblem(qualifiedOn, options.today);
  if (qualified) errors.qualifiedOn = qualified;

  if (email !== undefined && (await emailTaken(db, email, options.personId))) {
    errors.email = 'Someone already has this email address';
  }
  const team = teamId && !errors.teamId ? await teamName(db, teamId) : undefined;
  if (teamId && !errors.teamId && team === undefined) errors.teamId = 'Select a team from the list';
  const service = serviceId && !errors.serviceId ? await serviceName(db, serviceId) : undefined;
  if (serviceId && !errors.serviceId && service === undefined) errors.serviceId = 'Select a service from the list';

  let lineManager: string | null = null;
  if (lineManagerId) {
    const manager = await personName(db, lineManagerId);
    // A line manager whose account has since been disabled may stay until changed, but nobody new may choose them.
    const kept = lineManagerId === options.currentLineManagerId;
    if (!manager || (!manager.active && !kept)) {
      errors.lineManagerId = 'Select an active person from the list as line manager';
    } else {
      const chain = options.personId && lineManagerId !== options.personId ? await managementChain(db, lineManagerId) : [];
      const problem = lineManagerProblem(options.personId, lineManagerId, chain);
      if (problem) errors.lineManagerId = problem;
      lineManager = manager.name;
    }
  }
  if (
    Object.keys(errors).length ||
    email === undefined ||
    name === undefined ||
    role === undefined ||
    teamId === undefined ||
    serviceId === undefined ||
    lineManagerId === undefined ||
    qualifiedOn === undefined ||
    fte === undefined
  ) {
    return { ok: false, errors };
  }
  const person = { email, name, role, teamId, serviceId, lineManagerId, qualifiedOn, fte };
  const row: NewPersonRow = {
    email: person.email,
    name: person.name,
    role: person.role,
    team_id: person.teamId,
    service_id: person.serviceId,
    line_manager_id: person.lineManagerId,
    qualified_on: person.qualifiedOn,
    fte: person.fte,
  };
  const summary: PersonSummary = {
    email: person.email,
    name: person.name,
    role: person.role,
    team: team ?? null,
    service: service ?? null,
    lineManager,
    qualifiedOn: person.qualifiedOn,
    fte: person.fte,
  };
  return { ok: true, value: { row, summary } };
}

function summaryOf(person: PersonRow): PersonSummary {
  return {
    email: person.email,
    name: person.name,
    role: person.role,
    // The team's service is shown through the team: compare what was chosen.
    team: person.team_id ? person.team_name : null,
    service: person.team_id ? null : person.service_name,
    lineManager: person.line_manager_name,
    qualifiedOn: person.qualified_on,
    fte: person.fte,
  };
}

/** Unique-index violations (two people created at once with one email) answer as a field error. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

export const EMAIL_TAKEN: FieldErrors = { email: 'Someone already has this email address' };

/**
 * Creates a person who can sign in with the given password; audited as
 * user.create. Only the command line uses it, to create the first system
 * administrator: on the admin pages people are invited and choose their own.
 */
export async function createPerson(
  db: Db,
  input: PersonInput & { password?: unknown },
  context: AuditContext,
  today: string,
): Promise<Outcome<{ id: string }>> {
  const password = typeof input.password === 'string' ? input.password : '';
  const first = await checkPerson(db, input, { today, personId: null });
  const passwordError = password ? passwordProblem(password, { email: String(input.email ?? ''), name: String(input.name ?? '') }) : 'Enter a password';
  if (!first.ok || passwordError) {
    return { ok: false, errors: { ...(first.ok ? {} : first.errors), ...(passwordError ? { password: passwordError } : {}) } };
  }
  const passwordHash = await hashPassword(password);
  return addPerson(db, input, passwordHash, context, today, async () => undefined);
}

/**
 * Adds a person in one transaction, checked again inside it (the team or
 * manager may have changed meanwhile), audited as user.create; `andThen` runs
 * in the same transaction (an invitation, say). An email already taken is
 * refused, not thrown.
 */
export async function addPerson(
  db: Db,
  input: PersonInput,
  passwordHash: string | null,
  context: AuditContext,
  today: string,
  andThen: (trx: Db, person: { id: string; email: string; name: string }) => Promise<void>,
): Promise<Outcome<{ id: string }>> {
  try {
    return await db.transaction().execute(async (trx) => {
      const checked = await checkPerson(trx, input, { today, personId: null });
      if (!checked.ok) return checked;
      const id = await insertPerson(trx, { ...checked.value.row, password_hash: passwordHash, created_at: context.at });
      await recordAudit(trx, context, {
        action: 'user.create',
        outcome: 'allowed',
        subjectType: 'user',
        subjectId: id,
        reason: `created ${describePerson(checked.value.summary)}`,
      });
      await andThen(trx, { id, email: checked.value.row.email, name: checked.value.row.name });
      return { ok: true as const, value: { id } };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: EMAIL_TAKEN };
    throw error;
  }
}

async function existing(db: Db, id: string): Promise<PersonRow> {
  const person = await findPerson(db, id);
  if (!person) throw new NotFound();
  return person;
}

/** Changes a person's details; audited as user.update with what changed. Nothing changed: nothing written. */
export async function updatePerson(
  db: Db,
  id: string,
  input: PersonInput,
  context: AuditContext,
  today: string,
): Promise<Outcome<{ changes: string }>> {
  try {
    return await db.transaction().execute(async (trx) => {
      const before = await existing(trx, id);
      const checked = await checkPerson(trx, input, { today, personId: id, currentLineManagerId: before.line_manager_id });
      if (!checked.ok) return checked;
      if (id === context.actorUserId && before.role === 'system_admin' && checked.value.row.role !== 'system_admin') {
        return { ok: false, errors: { role: 'You cannot change your own role: ask another system administrator' } };
      }
      const changes = describeChanges(summaryOf(before), checked.value.summary);
      if (!changes) return { ok: true as const, value: { changes } };
      await updatePersonRow(trx, id, checked.value.row, context.at);
      await recordAudit(trx, context, { action: 'user.update', outcome: 'allowed', subjectType: 'user', subjectId: id, reason: changes });
      return { ok: true as const, value: { changes } };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: EMAIL_TAKEN };
    throw error;
  }
}

export type AccountChange = { ok: true; changed: boolean } | { ok: false; message: string };

/** Disables an account and ends every session it has at once; audited as user.disable. */
export async function disablePerson(db: Db, id: string, context: AuditContext): Promise<AccountChange> {
  if (id === context.actorUserId) return { ok: false, message: 'You cannot disable your own account' };
  return db.transaction().execute(async (trx) => {
    const person = await existing(trx, id);
    if (person.disabled_at) return { ok: true, changed: false };
    const sessions = await countSessions(trx, id);
    await setDisabledAt(trx, id, context.at, context.at);
    await endAllSessionsOf(trx, id);
    await recordAudit(trx, context, {
      action: 'user.disable',
      outcome: 'allowed',
      subjectType: 'user',
      subjectId: id,
      reason: `disabled ${person.email}; ${sessions} ${sessions === 1 ? 'session' : 'sessions'} ended`,
    });
    return { ok: true, changed: true };
  });
}

/** Lets a disabled person sign in again; audited as user.enable. */
export async function enablePerson(db: Db, id: string, context: AuditContext): Promise<AccountChange> {
  return db.transaction().execute(async (trx) => {
    const person = await existing(trx, id);
    if (!person.disabled_at) return { ok: true, changed: false };
    await setDisabledAt(trx, id, null, context.at);
    await recordAudit(trx, context, { action: 'user.enable', outcome: 'allowed', subjectType: 'user', subjectId: id, reason: `enabled ${person.email}` });
    return { ok: true, changed: true };
  });
}

/** Clears a lock after too many wrong passwords, and the count of failures; audited as user.unlock. */
export async function unlockPerson(db: Db, id: string, context: AuditContext): Promise<AccountChange> {
  return db.transaction().execute(async (trx) => {
    const person = await existing(trx, id);
    const locked = accountStatus(person, context.at) === 'locked';
    if (!locked && person.failed_sign_ins === 0 && !person.locked_until) return { ok: true, changed: false };
    await clearLock(trx, id, context.at);
    await recordAudit(trx, context, {
      action: 'user.unlock',
      outcome: 'allowed',
      subjectType: 'user',
      subjectId: id,
      reason: locked
        ? `unlocked ${person.email} (locked until ${person.locked_until!.toISOString()})`
        : `reset ${person.failed_sign_ins} failed sign-ins for ${person.email}`,
    });
    return { ok: true, changed: true };
  });
}

/**
 * Grants or withdraws the returns administrator permission (docs/returns.md):
 * with it a person makes the statutory returns whatever their role. It is
 * refused to front-line roles, whose work does not need every child's
 * identifiers. Audited as user.returns_administrator.grant / .withdraw, by
 * whom (the audit row's actor) and to whom.
 */
export async function changeReturnsAdministrator(db: Db, id: string, grant: boolean, context: AuditContext): Promise<AccountChange> {
  return db.transaction().execute(async (trx) => {
    const person = await existing(trx, id);
    if (grant && !mayHoldReturnsPermission(person.role)) {
      return { ok: false, message: `${person.name} cannot be made a returns administrator: making returns shows every child's identifiers, restricted children included, which front-line work (${ROLE_LABELS[person.role]}) does not need` };
    }
    if (person.returns_administrator === grant) return { ok: true, changed: false };
    await setReturnsAdministrator(trx, id, grant, context.at);
    await recordAudit(trx, context, {
      action: grant ? 'user.returns_administrator.grant' : 'user.returns_administrator.withdraw',
      outcome: 'allowed',
      subjectType: 'user',
      subjectId: id,
      reason: `${grant ? 'granted' : 'withdrew'} the returns administrator permission ${grant ? 'to' : 'from'} ${person.email}`,
    });
    return { ok: true, changed: true };
  });
}
