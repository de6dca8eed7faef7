// The front door's use cases. Every view and change of a child's record goes
// through withChildRecord / changeChildRecord, so it is audited in the same
// transaction; the queue across many children keeps its access policy in SQL.
import { statusChangeBy, type CaseChanged } from '../../platform/area.ts';
import type { Db } from '../../db/database.ts';
import { isUuid } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import { dateKey, orderErrors, type FormRead } from '../../platform/http/forms.ts';
import { RecordNotFound, type FieldErrors } from '../../platform/http/errors.ts';
import { childDates, eventDateProblem, lockChild } from '../../platform/record-access/child-dates.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { changeChildRecord, NotPermitted, refuse } from '../../platform/record-access/record-change.ts';
import type { Actor, Reader } from '../../platform/record-access/viewer.ts';
import { describeCode } from '../../reference/codes.ts';
import { CONTACT_FIELDS, DECISION_FIELDS, type AssignInput, type ContactInput, type DecisionInput } from './forms.ts';
import {
  findChildReferrals,
  findContact,
  findContacts,
  frontDoorWorkers,
  inFrontDoorTeam,
  insertContact,
  insertReferral,
  lockContact,
  queueContacts,
  queueReferrals,
  saveDecision,
  saveHolder,
  saveSignOff,
  serviceHasFrontDoor,
  type ContactRow,
} from './queries.ts';
import {
  ageInWorkingDays,
  CONSENT,
  contactStage,
  decisionDueBy,
  decisionLate,
  describeDecision,
  describeThreshold,
  isReReferral,
  referralDateOf,
  signOffProblem,
  STAGE_LABELS,
} from './rules.ts';

const hasErrors = (errors: FieldErrors) => Object.keys(errors).length > 0;

/** A contact as the pages show it. */
function presentContact(c: ContactRow, childId: string, today: string) {
  const stage = contactStage(c);
  return {
    ...c,
    href: `/children/${childId}/protection/contacts/${c.id}`,
    sourceLabel: describeCode('contactSource', c.source),
    consentLabel: c.consent ? CONSENT[c.consent] : null,
    thresholdLabel: describeThreshold(c.threshold_level),
    decisionLabel: describeDecision(c.outcome),
    stage,
    stageLabel: STAGE_LABELS[stage],
    dueBy: decisionDueBy(c.contact_date),
    late: c.outcome === null ? decisionLate(c.contact_date, today) : c.decided_on !== null && decisionLate(c.contact_date, c.decided_on),
  };
}

async function contactOr404(trx: Db, childId: string, contactId: string) {
  const contact = isUuid(contactId) ? await findContact(trx, childId, contactId) : undefined;
  if (!contact) throw new RecordNotFound('contact', contactId);
  return contact;
}

// --- The child's contacts --------------------------------------------------------------

export async function contactsView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.contacts', async (trx) => {
    const [child, contacts] = await Promise.all([childHeaderView(trx, a.childId, a.today), findContacts(trx, a.childId)]);
    return { child, contacts: contacts.map((c) => presentContact(c, a.childId, a.today)) };
  });
}

export async function contactFormView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.contact-form', async (trx) => ({
    child: await childHeaderView(trx, a.childId, a.today),
  }));
}

/** A contact is recorded awaiting its decision; a front-door worker who records it holds it. */
export async function recordContact(a: Actor, read: FormRead<ContactInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.contact.create', async (trx, _access, name) => {
    const person = await lockChild(trx, a.childId);
    const errors = { ...read.errors };
    const v = read.values;
    const dateProblem = v.contactDate && eventDateProblem(v.contactDate, 'Date of contact', childDates(person), a.today);
    if (dateProblem) errors[dateKey('contactDate')] = dateProblem;
    if (hasErrors(errors) || !v.contactDate || !v.source || !v.worriedPerson || !v.reason || !v.consent) {
      return refuse(orderErrors(errors, CONTACT_FIELDS), { child: await childHeaderView(trx, a.childId, a.today) });
    }
    const holds = await inFrontDoorTeam(trx, a.viewer.teamId);
    const created = await insertContact(trx, {
      child_id: a.childId,
      contact_date: v.contactDate,
      source: v.source,
      worried_person: v.worriedPerson,
      reason: v.reason,
      consent: v.consent,
      consent_note: v.consentNote ?? null,
      summary: v.summary ?? null,
      recorded_by: a.viewer.id,
      recorded_at: a.context.at,
      holder_id: holds ? a.viewer.id : null,
    });
    name('contact', created.id);
    return created;
  });
}

// --- One contact -----------------------------------------------------------------------

/** The contact's page: what came in, who holds it, the decision and its sign-off. */
export async function contactView(a: Actor, contactId: string) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.contact', async (trx, _access, name) => {
    const contact = await contactOr404(trx, a.childId, contactId);
    name('contact', contactId);
    const [child, workers, mayHold] = await Promise.all([childHeaderView(trx, a.childId, a.today), frontDoorWorkers(trx), inFrontDoorTeam(trx, a.viewer.teamId)]);
    const presented = presentContact(contact, a.childId, a.today);
    return {
      child,
      contact: presented,
      mayTake: mayHold && presented.stage !== 'done' && contact.holder_id !== a.viewer.id,
      mayAssign: mayHold && presented.stage !== 'done' && a.viewer.role !== 'social_worker',
      mayDecide: presented.stage === 'awaiting_decision',
      maySignOff: signOffProblem(a.viewer, contact) === null,
      signOffBlocked: presented.stage === 'awaiting_sign_off' ? signOffProblem(a.viewer, contact) : null,
      workerItems: [{ value: '', text: 'Choose a worker' }, ...workers.map((w) => ({ value: w.id, text: `${w.name} (${w.team_name})`, selected: w.id === contact.holder_id }))],
    };
  });
}

/** The decision page: the contact, the child's earlier contacts and referrals, and whether a referral now would be a re-referral. */
export async function decisionFormView(a: Actor, contactId: string) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.contact-decision-form', async (trx, _access, name) => {
    const contact = await contactOr404(trx, a.childId, contactId);
    name('contact', contactId);
    if (contact.outcome !== null) throw new RecordNotFound('contact awaiting decision', contactId);
    return decisionModel(trx, a, contact);
  });
}

async function decisionModel(trx: Db, a: Actor, contact: ContactRow) {
  const [child, contacts, referrals] = await Promise.all([childHeaderView(trx, a.childId, a.today), findContacts(trx, a.childId), findChildReferrals(trx, a.childId)]);
  const referralDate = referralDateOf(contact);
  const openReferral = referrals.find((r) => r.close_date === null) ?? null;
  const earlierReferral = referrals.find((r) => r.referral_date < referralDate) ?? null;
  return {
    child,
    contact: presentContact(contact, a.childId, a.today),
    earlierContacts: contacts.filter((c) => c.id !== contact.id).map((c) => presentContact(c, a.childId, a.today)),
    referrals: referrals.map((r) => ({
      ...r,
      sourceLabel: describeCode('referralSource', r.source),
      needLabel: r.primary_need ? describeCode('primaryNeed', r.primary_need) : null,
      closureLabel: r.closure_reason ? describeCode('cinClosureReason', r.closure_reason) : null,
    })),
    referralDate,
    openReferral,
    reReferral: isReReferral(referralDate, referrals.map((r) => r.referral_date)),
    earlierReferral,
  };
}

/**
 * Records the decision. A referral to children's social care opens the
 * referral (CIN episode) in the same transaction, dated the day the contact
 * came in, unless the child is open already.
 */
export async function decide(a: Actor, contactId: string, read: FormRead<DecisionInput>, caseChanged: CaseChanged) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.contact.decide', async (trx, _access, name) => {
    const person = await lockChild(trx, a.childId);
    const locked = isUuid(contactId) ? await lockContact(trx, a.childId, contactId) : undefined;
    if (!locked) throw new RecordNotFound('contact', contactId);
    name('contact', contactId);
    const contact = (await findContact(trx, a.childId, contactId))!;
    if (locked.outcome !== null) throw new NotPermitted('This contact has been decided already.', 'contact already decided');
    const errors = { ...read.errors };
    const v = read.values;
    if (v.decidedOn) {
      const problem =
        eventDateProblem(v.decidedOn, 'Date of decision', childDates(person), a.today) ??
        (v.decidedOn < contact.contact_date ? `Date of decision must be on or after the date of the contact, ${formatDate(contact.contact_date)}` : null);
      if (problem) errors[dateKey('decidedOn')] = problem;
    }
    const referrals = await findChildReferrals(trx, a.childId);
    const referralDate = referralDateOf(contact);
    if (v.decision === 'referral') {
      const open = referrals.find((r) => r.close_date === null);
      if (open) errors.decision = `The child is already open as a child in need (referral of ${formatDate(open.referral_date)}): add this contact to that work, or close the episode first`;
      else {
        const overlapping = referrals.find((r) => r.close_date !== null && r.close_date >= referralDate);
        if (overlapping) errors.decision = `A referral of ${formatDate(contact.contact_date)} would overlap the child in need episode that closed on ${formatDate(overlapping.close_date!)}`;
      }
    }
    if (hasErrors(errors) || !v.decidedOn || !v.decision || !v.thresholdLevel || !v.rationale) {
      return refuse(orderErrors(errors, DECISION_FIELDS), await decisionModel(trx, a, contact));
    }
    let referralId: string | null = null;
    if (v.decision === 'referral') {
      const referral = await insertReferral(trx, { child_id: a.childId, referral_date: referralDate, source: contact.source, primary_need: v.primaryNeed! });
      referralId = referral.id;
      name('referral', referral.id);
    }
    await saveDecision(trx, contactId, {
      threshold_level: v.thresholdLevel,
      outcome: v.decision,
      decided_on: v.decidedOn,
      decided_by: a.viewer.id,
      rationale: v.rationale,
      referral_id: referralId,
    });
    // Decided, the child is no longer awaiting a decision; with a referral they are a child in need.
    await caseChanged(trx, a.childId, statusChangeBy(a));
    return { referralId };
  });
}

/** A manager signs off a decision they did not make. */
export async function signOff(a: Actor, contactId: string) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.contact.sign-off', async (trx, _access, name) => {
    const locked = isUuid(contactId) ? await lockContact(trx, a.childId, contactId) : undefined;
    if (!locked) throw new RecordNotFound('contact', contactId);
    name('contact', contactId);
    const problem = signOffProblem(a.viewer, locked);
    if (problem) throw new NotPermitted(`${problem}.`, problem);
    await saveSignOff(trx, contactId, a.viewer.id, a.context.at);
    return contactId;
  });
}

/** A front-door worker takes a contact, or a manager there gives it to one of the front door's workers. */
export async function assignHolder(a: Actor, contactId: string, read: FormRead<AssignInput> | 'me') {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.contact.assign', async (trx, _access, name) => {
    const locked = isUuid(contactId) ? await lockContact(trx, a.childId, contactId) : undefined;
    if (!locked) throw new RecordNotFound('contact', contactId);
    name('contact', contactId);
    if (!(await inFrontDoorTeam(trx, a.viewer.teamId))) throw new NotPermitted('Only the front door’s teams hold contacts.', 'not in a front-door team');
    if (contactStage(locked) === 'done') throw new NotPermitted('This contact is decided and signed off.', 'contact finished');
    let holderId = a.viewer.id;
    if (read !== 'me') {
      if (a.viewer.role === 'social_worker') throw new NotPermitted('A manager at the front door assigns contacts.', 'social worker assigning');
      const workers = await frontDoorWorkers(trx);
      const chosen = read.values.holderId;
      if (!chosen || !workers.some((w) => w.id === chosen)) {
        const errors = chosen ? { holderId: 'Select a worker in one of the front door’s teams' } : read.errors;
        return refuse(errors, null);
      }
      holderId = chosen;
    }
    await saveHolder(trx, contactId, holderId);
    return holderId;
  });
}

// --- The chronology --------------------------------------------------------------------

/** The decision on each contact and its sign-off, for the child's chronology (the contact itself is listed by the chronology from the contact row). */
export async function frontDoorChronology(db: Db, childId: string) {
  const contacts = await findContacts(db, childId);
  const out: { date: string; what: string; detail: string | null }[] = [];
  for (const c of contacts) {
    if (c.outcome === null || c.decided_on === null) continue;
    out.push({
      date: c.decided_on,
      what: `Contact decided: ${describeDecision(c.outcome)}`,
      detail: [describeThreshold(c.threshold_level), c.rationale, c.decided_by_name ? `Decided by ${c.decided_by_name}` : null, c.signed_off_by_name ? `signed off by ${c.signed_off_by_name}` : 'not yet signed off']
        .filter(Boolean)
        .join('. '),
    });
  }
  return out;
}

// --- The queue -------------------------------------------------------------------------

/**
 * Who sees the front door queue: the front-door teams' members, the service
 * manager of a service holding one, heads of service and performance analysts.
 */
export async function seesQueue(db: Db, viewer: Reader['viewer']): Promise<boolean> {
  if (viewer.role === 'head_of_service' || viewer.role === 'performance_analyst') return true;
  if (viewer.role === 'service_manager') return serviceHasFrontDoor(db, viewer.serviceId);
  if (viewer.role === 'system_admin') return false;
  return inFrontDoorTeam(db, viewer.teamId);
}

export async function queueView(r: Reader) {
  const sees = await seesQueue(r.db, r.viewer);
  await recordAudit(r.db, r.context, { action: 'front-door.view', outcome: sees ? 'allowed' : 'denied', reason: sees ? undefined : 'not a member of a front-door team or its line' });
  if (!sees) return { sees: false as const, items: [], counts: { total: 0, overdue: 0 } };
  const [contacts, referrals, holds] = await Promise.all([queueContacts(r.db, r.viewer, r.now), queueReferrals(r.db, r.viewer, r.now), inFrontDoorTeam(r.db, r.viewer.teamId)]);
  const items = [
    ...contacts.map((c) => {
      const stage = contactStage(c);
      const overdue = stage === 'awaiting_decision' && decisionLate(c.contact_date, r.today);
      return {
        kind: 'contact' as const,
        id: c.id,
        childId: c.child_id,
        childName: `${c.forename} ${c.surname}`,
        laChildId: c.la_child_id,
        date: c.contact_date,
        what: stage === 'awaiting_decision' ? `Contact: ${c.reason ?? describeCode('contactSource', c.source)}` : `Sign-off: ${describeDecision(c.outcome)}`,
        stageLabel: STAGE_LABELS[stage],
        holder: stage === 'awaiting_sign_off' ? c.decided_by_name : c.holder_name,
        ageDays: ageInWorkingDays(c.contact_date, r.today),
        dueBy: decisionDueBy(c.contact_date),
        overdue,
        href: `/children/${c.child_id}/protection/contacts/${c.id}`,
        takeHref: holds && stage === 'awaiting_decision' && c.holder_id !== r.viewer.id ? `/children/${c.child_id}/protection/contacts/${c.id}/take` : null,
      };
    }),
    ...referrals.map((ref) => ({
      kind: 'referral' as const,
      id: ref.id,
      childId: ref.child_id,
      childName: `${ref.forename} ${ref.surname}`,
      laChildId: ref.la_child_id,
      date: ref.referral_date,
      what: `Referral from ${describeCode('referralSource', ref.source)}`,
      stageLabel: 'Referral awaiting decision',
      holder: ref.worker_name,
      ageDays: ageInWorkingDays(ref.referral_date, r.today),
      dueBy: decisionDueBy(ref.referral_date),
      overdue: decisionLate(ref.referral_date, r.today),
      href: `/children/${ref.child_id}/protection`,
      takeHref: null,
    })),
  ].sort((x, y) => (x.date === y.date ? x.childName.localeCompare(y.childName) : x.date < y.date ? -1 : 1));
  return { sees: true as const, items, counts: { total: items.length, overdue: items.filter((i) => i.overdue).length } };
}
