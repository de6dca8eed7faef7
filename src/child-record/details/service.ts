import { findTeamName } from '../../db/teams.ts';
import type { Db } from '../../db/database.ts';
import { childAccess, isUuid, type Viewer } from '../../platform/access/policy.ts';
import { ROLE_LABELS } from '../../platform/access/roles.ts';
import { notify } from '../../platform/notifications/notifications.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import type { FormRead } from '../../platform/http/forms.ts';
import { changeChildRecord, NotPermitted, refuse } from '../../platform/record-access/record-change.ts';
import { orderErrors } from '../../platform/http/forms.ts';
import type { Actor } from '../../platform/record-access/viewer.ts';
import {
  currentLeadWorker,
  findActiveStaff,
  findChildForEdit,
  highestLaChildNumber,
  insertAddress,
  insertChild,
  insertQueueAllocation,
  lockPeopleForRegistration,
  nameOnRecord,
  namedPeople,
  recordHolders,
  nhsNumberTaken,
  removeEveryoneFromRecord,
  removeFromRecord,
  replaceDisabilities,
  searchStaffByName,
  teamChoices,
  updateChild,
  type PersonDetailsRow,
} from './queries.ts';
import {
  completeDetails,
  DETAILS_FIELDS,
  formatLaChildId,
  formValuesOf,
  mayRestrict,
  type ChildDetailsInput,
  type RestrictionInput,
} from './rules.ts';

/**
 * Said when a new or changed NHS number is already on someone's record. It
 * names no one: the other record may be one the person cannot see.
 */
export const DUPLICATE_NHS_NUMBER = 'A child with this NHS number is already recorded. Search for them, or ask for access with a reason.';

function detailsRow(v: ChildDetailsInput): PersonDetailsRow {
  return {
    forename: v.forename,
    surname: v.surname,
    other_names: v.otherNames,
    date_of_birth: v.dateOfBirth,
    expected_date_of_birth: v.expectedDateOfBirth,
    date_of_death: v.dateOfDeath,
    sex: v.sex,
    ethnicity: v.ethnicity,
    nhs_number: v.nhsNumber,
    upn: v.upn,
    upn_unknown_reason: v.upnUnknownReason,
    uasc: v.uasc,
    immigration_status: v.immigrationStatus,
  };
}

function refusedReason(errors: FieldErrors): string {
  return `refused, nothing stored: ${Object.keys(errors).join(', ')}`;
}

// --- Registering a child -------------------------------------------------------

/** What the registration form needs besides the submitted values: a team to choose when the person has none. */
export async function registrationFormView(db: Db, viewer: Viewer) {
  return { teamItems: viewer.teamId ? null : await teamChoices(db, viewer.serviceId) };
}

export type RegisterOutcome =
  | { ok: true; childId: string; laChildId: string; visible: boolean }
  | { ok: false; errors: FieldErrors; teamItems: { id: string; name: string }[] | null };

/**
 * Registers a child: a new LA child id, the child's details, disabilities and
 * first address, and a place in the team's unallocated queue, with the audit
 * row, in one transaction. The people table is locked for it, so two
 * registrations can neither take the same id nor the same NHS number.
 */
export async function registerChild(
  db: Db,
  viewer: Viewer,
  context: AuditContext,
  read: FormRead<ChildDetailsInput>,
  chosenTeamId: string,
  today: string,
): Promise<RegisterOutcome> {
  const outcome = await db.transaction().execute(async (trx) => {
    const errors: FieldErrors = { ...read.errors };
    let teamId = viewer.teamId;
    const teamItems = viewer.teamId ? null : await teamChoices(trx, viewer.serviceId);
    if (teamItems) {
      if (!chosenTeamId) errors.teamId = 'Select the team whose unallocated queue the child goes into';
      else if (!teamItems.some((team) => team.id === chosenTeamId)) errors.teamId = 'Team must be one of the teams listed';
      else teamId = chosenTeamId;
    }
    await lockPeopleForRegistration(trx);
    const v = read.values;
    if (v.nhsNumber && (await nhsNumberTaken(trx, v.nhsNumber))) errors.nhsNumber = DUPLICATE_NHS_NUMBER;
    if (!completeDetails(v, 'create') || !teamId || Object.keys(errors).length) {
      if (!Object.keys(errors).length) errors.forename = 'Check the details and try again';
      await recordAudit(trx, context, { action: 'child.create', outcome: 'failed', subjectType: 'child', reason: refusedReason(errors) });
      return { ok: false as const, errors: orderErrors(errors, DETAILS_FIELDS), teamItems };
    }
    const laChildId = formatLaChildId((await highestLaChildNumber(trx)) + 1);
    const childId = await insertChild(trx, laChildId, detailsRow(v), context.at);
    await replaceDisabilities(trx, childId, v.disabilities);
    await insertAddress(trx, childId, v.address);
    await insertQueueAllocation(trx, { childId, teamId, startDate: today, recordedBy: viewer.id, at: context.at });
    const teamName = (await findTeamName(trx, teamId)) ?? teamId;
    await recordAudit(trx, context, {
      action: 'child.create',
      outcome: 'allowed',
      subjectType: 'child',
      subjectId: childId,
      reason: `registered as ${laChildId}, waiting in the unallocated queue of ${teamName}`,
    });
    return { ok: true as const, childId, laChildId };
  });
  if (!outcome.ok) return outcome;
  const access = await childAccess(db, viewer, outcome.childId, context.at);
  return { ...outcome, visible: access.allowed };
}

// --- Changing a child's details -------------------------------------------------

/** The edit form, filled from the record; opening it is audited. */
export async function detailsFormView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.details-form', async (trx) => {
    const [child, stored] = await Promise.all([childHeaderView(trx, a.childId, a.today), findChildForEdit(trx, a.childId)]);
    return { child, values: formValuesOf(stored.person, stored.disabilities), mayRestrict: mayRestrict(a.viewer.role) };
  });
}

const NOT_A_RESTRICTING_MANAGER = 'Only a team manager or service manager who can see the record can restrict it, lift a restriction or change who can see it.';

/**
 * Changes the child's own details. `restriction` is read only when the form
 * showed the restriction (to team and service managers); anyone else who sends
 * a different restriction is refused with 403 and nothing changes. Restricting
 * names the manager and the allocated social worker; lifting the restriction
 * forgets everyone named.
 */
export async function updateDetails(a: Actor, read: FormRead<ChildDetailsInput>, restriction: FormRead<RestrictionInput> | null) {
  const result = await changeDetails(a, read, restriction);
  if (!result.ok) return result;
  const access = await childAccess(a.db, a.viewer, a.childId, a.context.at);
  return { ...result, stillVisible: access.allowed };
}

async function changeDetails(a: Actor, read: FormRead<ChildDetailsInput>, restriction: FormRead<RestrictionInput> | null) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.details.update', async (trx) => {
    if (read.values.nhsNumber) await lockPeopleForRegistration(trx);
    const stored = await findChildForEdit(trx, a.childId, { lock: true });
    const person = stored.person;
    const errors: FieldErrors = { ...read.errors };
    let restricted = person.restricted;
    let reason = person.restriction_reason;
    if (restriction) {
      const wanted = restriction.values;
      const changing =
        wanted.restricted !== undefined && (wanted.restricted !== person.restricted || (wanted.restricted && wanted.reason !== undefined && wanted.reason !== person.restriction_reason));
      if (!mayRestrict(a.viewer.role)) {
        if (changing) throw new NotPermitted(NOT_A_RESTRICTING_MANAGER, `${a.viewer.role} may not restrict a record or lift a restriction`);
      } else {
        Object.assign(errors, restriction.errors);
        if (wanted.restricted === false) {
          restricted = false;
          reason = null;
        } else if (wanted.restricted && wanted.reason) {
          restricted = true;
          reason = wanted.reason;
        }
      }
    }
    const v = read.values;
    if (v.nhsNumber && (await nhsNumberTaken(trx, v.nhsNumber, a.childId))) errors.nhsNumber = DUPLICATE_NHS_NUMBER;
    if (!completeDetails(v, 'edit') || Object.keys(errors).length) {
      if (!Object.keys(errors).length) errors.forename = 'Check the details and try again';
      return refuse(orderErrors(errors, DETAILS_FIELDS), { child: await childHeaderView(trx, a.childId, a.today), mayRestrict: mayRestrict(a.viewer.role) });
    }
    // Once a child is born, the date they were expected stays as it was recorded.
    const expected = v.born ? person.expected_date_of_birth : v.expectedDateOfBirth;
    await updateChild(trx, a.childId, { ...detailsRow(v), expected_date_of_birth: expected, restricted, restriction_reason: reason }, a.context.at);
    await replaceDisabilities(trx, a.childId, v.disabilities);
    if (restricted && !person.restricted) {
      const worker = await currentLeadWorker(trx, a.childId);
      await nameOnRecord(trx, a.childId, worker ? [a.viewer.id, worker] : [a.viewer.id], a.viewer.id, a.context.at);
      await recordAudit(trx, a.context, {
        action: 'child.restrict',
        outcome: 'allowed',
        subjectType: 'child',
        subjectId: a.childId,
        reason: `restricted (${reason}); named ${a.viewer.id}${worker && worker !== a.viewer.id ? ` and allocated worker ${worker}` : ''}`,
      });
    } else if (!restricted && person.restricted) {
      await removeEveryoneFromRecord(trx, a.childId);
      await recordAudit(trx, a.context, { action: 'child.unrestrict', outcome: 'allowed', subjectType: 'child', subjectId: a.childId, reason: 'restriction lifted; no one is named any more' });
    } else if (restricted && reason !== person.restriction_reason) {
      await recordAudit(trx, a.context, { action: 'child.restriction.reason', outcome: 'allowed', subjectType: 'child', subjectId: a.childId, reason: `reason now: ${reason}` });
    }
    return { restrictedNow: restricted && !person.restricted, liftedNow: !restricted && person.restricted };
  });
}

// --- Who may see a restricted record ---------------------------------------------

async function restrictedAccessModel(trx: Db, a: Actor, search: string) {
  const [child, stored, named] = await Promise.all([
    childHeaderView(trx, a.childId, a.today),
    findChildForEdit(trx, a.childId),
    namedPeople(trx, a.childId),
  ]);
  const manage = mayRestrict(a.viewer.role) && stored.person.restricted;
  const namedIds = new Set(named.map((n) => n.id));
  const results = manage && search ? await searchStaffByName(trx, search) : null;
  return {
    child,
    restricted: stored.person.restricted,
    restrictionReason: stored.person.restriction_reason,
    mayManage: manage,
    mayRestrict: mayRestrict(a.viewer.role),
    named: named.map((n) => ({ ...n, roleLabel: ROLE_LABELS[n.role], isViewer: n.id === a.viewer.id })),
    search,
    results: results?.map((r) => ({ ...r, roleLabel: ROLE_LABELS[r.role], alreadyNamed: namedIds.has(r.id) })) ?? null,
  };
}

/** Who is named on the record, and for its managers a search for people to add; looking is audited. */
export async function restrictedAccessView(a: Actor, search: string) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.restricted-access', (trx) => restrictedAccessModel(trx, a, search));
}

function mayManageNames(a: Actor): void {
  if (!mayRestrict(a.viewer.role)) throw new NotPermitted(NOT_A_RESTRICTING_MANAGER, `${a.viewer.role} may not change who is named on a restricted record`);
}

/** Names one more person on a restricted record. */
export async function addNamedPerson(a: Actor, userId: string) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.restricted-access.add', async (trx) => {
    mayManageNames(a);
    const stored = await findChildForEdit(trx, a.childId, { lock: true });
    const user = isUuid(userId) ? await findActiveStaff(trx, userId) : undefined;
    const errors: FieldErrors = {};
    if (!stored.person.restricted) errors.name = 'This record is not restricted: everyone who works with the child can already see it';
    else if (!user) errors.name = 'Choose a person from the search results';
    if (!user || Object.keys(errors).length) return refuse(errors, await restrictedAccessModel(trx, a, ''));
    await nameOnRecord(trx, a.childId, [user.id], a.viewer.id, a.context.at);
    // The record's holders are told (those named on it, who can open the page the link opens),
    // unless they named the person themselves or are the person named.
    const [holders, named] = await Promise.all([recordHolders(trx, a.childId), namedPeople(trx, a.childId)]);
    const namedIds = new Set(named.map((n) => n.id));
    await notify(trx, {
      kind: 'restricted-access-granted',
      eventKey: `${a.childId}:${user.id}:${a.context.at.getTime()}`,
      userIds: [holders.workerId, holders.managerId].filter((id) => id !== null && namedIds.has(id) && id !== a.viewer.id && id !== user.id),
      link: `/children/${a.childId}/details/restricted-access`,
      now: a.context.at,
    });
    await recordAudit(trx, a.context, { action: 'child.restricted-access.named', outcome: 'allowed', subjectType: 'user', subjectId: user.id, reason: `named on restricted record of child ${a.childId}` });
    return { name: user.name };
  });
}

/** Takes a person's name off a restricted record; a manager cannot remove themselves. */
export async function removeNamedPerson(a: Actor, userId: string) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.restricted-access.remove', async (trx) => {
    mayManageNames(a);
    await findChildForEdit(trx, a.childId, { lock: true });
    const errors: FieldErrors = {};
    if (userId === a.viewer.id) errors.name = 'You cannot remove yourself: ask another named team manager or service manager';
    else if (!isUuid(userId) || !(await removeFromRecord(trx, a.childId, userId))) errors.name = 'That person is not named on this record';
    if (Object.keys(errors).length) return refuse(errors, await restrictedAccessModel(trx, a, ''));
    await recordAudit(trx, a.context, { action: 'child.restricted-access.unnamed', outcome: 'allowed', subjectType: 'user', subjectId: userId, reason: `no longer named on restricted record of child ${a.childId}` });
    return { removed: true };
  });
}
