import type { Db } from '../../db/database.ts';
import { isUuid } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { RecordNotFound } from '../../platform/http/errors.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import type { FormRead } from '../../platform/http/forms.ts';
import { changeChildRecord, NotPermitted, readChildRecord, refuse } from '../../platform/record-access/record-change.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import { orderErrors } from '../../platform/http/forms.ts';
import type { Actor } from '../../platform/record-access/viewer.ts';
import {
  addFamilyMember,
  addressHistory,
  closeOpenAddresses,
  currentAddresses,
  deleteProfessionalContact,
  deleteRelationship,
  ensureFamily,
  familyIdsOf,
  familyMemberIds,
  familyPeopleMatching,
  findRelationship,
  inChildsFamily,
  insertAddress,
  insertAdult,
  insertProfessionalContact,
  insertRelationship,
  openAddress,
  peopleByIds,
  professionalContactsOf,
  relationshipRecorded,
  relationshipsOf,
  updateRelationshipFlags,
  visibleChildIds,
} from './queries.ts';
import {
  ADDRESS_FIELDS,
  CONTACT_FIELDS,
  describeRelationship,
  householdsOf,
  NEW_RELATIVE_FIELDS,
  readAddress,
  RELATIONSHIP_FIELDS,
  RELATIONSHIP_TYPES,
  siblingsOf,
  type AddressFormInput,
  type NewRelativeInput,
  type PersonFacts,
  type ProfessionalContactInput,
  type RelationshipInput,
  type RelationshipRow,
} from './rules.ts';
import type { Body } from '../../platform/http/forms.ts';

/** Facts about people, with whether the viewer may see each child; adults are always shown. */
async function peopleFacts(trx: Db, a: Actor, ids: readonly string[]): Promise<Map<string, PersonFacts>> {
  const people = await peopleByIds(trx, [...new Set(ids)]);
  const visible = await visibleChildIds(
    trx,
    a.viewer,
    a.context.at,
    people.filter((p) => p.isChild).map((p) => p.id),
  );
  return new Map(people.map((p) => [p.id, { ...p, visible: !p.isChild || p.id === a.childId || visible.has(p.id) }]));
}

function otherOf(row: RelationshipRow, childId: string): string {
  return row.person_id === childId ? row.related_person_id : row.person_id;
}

async function familyModel(trx: Db, a: Actor) {
  const [child, relationships, familyIds, addresses, contacts] = await Promise.all([
    childHeaderView(trx, a.childId, a.today),
    relationshipsOf(trx, a.childId),
    familyIdsOf(trx, a.childId),
    addressHistory(trx, a.childId),
    professionalContactsOf(trx, a.childId),
  ]);
  const memberIds = await familyMemberIds(trx, familyIds);
  const people = await peopleFacts(trx, a, [a.childId, ...memberIds, ...relationships.map((r) => otherOf(r, a.childId))]);
  const relationshipViews = relationships.flatMap((row) => {
    const other = people.get(otherOf(row, a.childId));
    return other ? [describeRelationship(row, a.childId, other)] : [];
  });
  const members = memberIds.flatMap((id) => people.get(id) ?? []);
  const siblings = siblingsOf(a.childId, relationships, members, people);
  const everyone = [...people.values()];
  const addressesNow = await currentAddresses(
    trx,
    everyone.filter((p) => !p.isChild || p.visible).map((p) => p.id),
  );
  const describe = new Map<string, string>();
  for (const view of relationshipViews) if (!describe.has(view.otherId)) describe.set(view.otherId, view.label);
  for (const sibling of siblings) if (!describe.has(sibling.id)) describe.set(sibling.id, sibling.label);
  const livesWith = new Set(relationshipViews.filter((r) => r.livesWith).map((r) => r.otherId));
  const households = householdsOf(people.get(a.childId)!, everyone, addressesNow, livesWith, describe);
  return {
    child,
    relationships: relationshipViews,
    siblings,
    households,
    addresses: addresses.map((address) => ({ ...address, current: address.end_date === null })),
    contacts,
  };
}

/** The family page: relationships, siblings, households, addresses and professionals; looking is audited. */
export async function familyView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.family', (trx) => familyModel(trx, a));
}

/** Just the record's header, for a form page; opening it is audited as `action`. */
export async function formPageView(a: Actor, action: string) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, action, async (trx) => ({ child: await childHeaderView(trx, a.childId, a.today) }));
}

// --- A new relative or other adult ------------------------------------------------

/** A new adult in the child's family group, related to the child; the group is made if the child has none. */
export async function addRelative(a: Actor, read: FormRead<NewRelativeInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.relative.create', async (trx, _access, name) => {
    const child = await childHeaderView(trx, a.childId, a.today);
    const v = read.values;
    if (Object.keys(read.errors).length || !v.forename || !v.surname || !v.type) {
      return refuse(orderErrors(read.errors, NEW_RELATIVE_FIELDS), { child });
    }
    const personId = await insertAdult(trx, { forename: v.forename, surname: v.surname, dateOfBirth: v.dateOfBirth ?? null });
    const familyId = await ensureFamily(trx, a.childId, child.surname);
    await addFamilyMember(trx, familyId, personId);
    const relationshipId = await insertRelationship(trx, {
      personId,
      relatedPersonId: a.childId,
      type: v.type,
      livesWith: v.livesWith ?? false,
      parentalResponsibility: v.parentalResponsibility ?? false,
    });
    name('person', personId);
    name('relationship', relationshipId);
    await recordAudit(trx, a.context, { action: 'person.create', outcome: 'allowed', subjectType: 'person', subjectId: personId, reason: `added to the family of child ${a.childId} as ${v.type}` });
    return { personId };
  });
}

// --- A relationship with someone already in the family ------------------------------

async function candidates(trx: Db, a: Actor, search: string) {
  if (!search) return null;
  const found = await familyPeopleMatching(trx, a.childId, search);
  const visible = await visibleChildIds(
    trx,
    a.viewer,
    a.context.at,
    found.filter((p) => p.isChild).map((p) => p.id),
  );
  // A child whose record the viewer may not see is never offered by name.
  return found
    .filter((p) => !p.isChild || visible.has(p.id))
    .map((p) => ({ value: p.id, text: `${p.forename} ${p.surname}${p.dateOfBirth ? `, born ${formatDate(p.dateOfBirth)}` : ''}${p.isChild ? ' (child)' : ''}` }));
}

/** The form to relate the child to someone in the family group, with the people matching `search`. */
export async function relationshipFormView(a: Actor, search: string) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.relationship-form', async (trx) => ({
    child: await childHeaderView(trx, a.childId, a.today),
    search,
    candidates: await candidates(trx, a, search),
  }));
}

export async function addRelationship(a: Actor, read: FormRead<RelationshipInput>, search: string) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.relationship.create', async (trx, _access, name) => {
    const errors: FieldErrors = { ...read.errors };
    const v = read.values;
    if (v.personId) {
      const inFamily = await inChildsFamily(trx, a.childId, v.personId);
      const facts = inFamily ? (await peopleFacts(trx, a, [v.personId])).get(v.personId) : undefined;
      if (!facts || !facts.visible) errors.personId = 'Select a person from the list';
      else if (v.type && (await relationshipRecorded(trx, a.childId, v.personId, v.type))) {
        errors.type = `${facts.forename} ${facts.surname} is already recorded as ${RELATIONSHIP_TYPES[v.type].label.toLowerCase()}`;
      }
    }
    if (Object.keys(errors).length || !v.personId || !v.type) {
      return refuse(orderErrors(errors, RELATIONSHIP_FIELDS), {
        child: await childHeaderView(trx, a.childId, a.today),
        search,
        candidates: await candidates(trx, a, search),
      });
    }
    const id = await insertRelationship(trx, {
      personId: v.personId,
      relatedPersonId: a.childId,
      type: v.type,
      livesWith: v.livesWith ?? false,
      parentalResponsibility: v.parentalResponsibility ?? false,
    });
    name('relationship', id);
    return { id };
  });
}

// --- One relationship: change or remove ---------------------------------------------

const NOT_SHARED_RELATIONSHIP = "This relationship is with a child whose record is not shared with you. Ask their social worker to change it.";

/** The relationship, as the child's page shows it; NotFound unless it is the child's; NotPermitted when it names a child the viewer may not see. */
async function relationshipOr404(trx: Db, a: Actor, relationshipId: string, lock = false) {
  const row = isUuid(relationshipId) ? await findRelationship(trx, a.childId, relationshipId, { lock }) : undefined;
  if (!row) throw new RecordNotFound('relationship', relationshipId);
  const other = (await peopleFacts(trx, a, [otherOf(row, a.childId)])).get(otherOf(row, a.childId))!;
  const view = describeRelationship(row, a.childId, other);
  if (view.hidden) throw new NotPermitted(NOT_SHARED_RELATIONSHIP, `relationship ${row.id} is with a child the viewer may not see`);
  return { row, view };
}

export async function relationshipView(a: Actor, relationshipId: string) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.relationship', async (trx) => {
    const { view } = await relationshipOr404(trx, a, relationshipId);
    return { child: await childHeaderView(trx, a.childId, a.today), relationship: view };
  });
}

/** Changes whether they live with the child and have parental responsibility. */
export async function changeRelationship(a: Actor, relationshipId: string, flags: { livesWith: boolean; parentalResponsibility: boolean }) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.relationship.update', async (trx) => {
    const { row } = await relationshipOr404(trx, a, relationshipId, true);
    await updateRelationshipFlags(trx, row.id, flags);
    return { id: row.id };
  });
}

/** Removes a relationship recorded in error or that no longer applies; the audit row keeps what it was. */
export async function removeRelationship(a: Actor, relationshipId: string) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.relationship.remove', async (trx) => {
    const { row } = await relationshipOr404(trx, a, relationshipId, true);
    await deleteRelationship(trx, row.id);
    await recordAudit(trx, a.context, {
      action: 'relationship.delete',
      outcome: 'allowed',
      subjectType: 'relationship',
      subjectId: row.id,
      reason: `${row.person_id} was ${row.type} of ${row.related_person_id}; lives with: ${row.lives_with ? 'yes' : 'no'}; parental responsibility: ${row.parental_responsibility ? 'yes' : 'no'}`,
    });
    return { id: row.id };
  });
}

// --- Addresses ------------------------------------------------------------------------

/**
 * Adds an address. A current one (no end date) closes the address the child
 * lives at now on its start date; a past one leaves the current one alone.
 */
export async function addAddress(a: Actor, body: Body) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.address.create', async (trx, _access, name) => {
    const child = await childHeaderView(trx, a.childId, a.today);
    const current = await openAddress(trx, a.childId);
    const read: FormRead<AddressFormInput> = readAddress(body, a.today, { dateOfBirth: child.date_of_birth, currentStart: current?.start_date ?? null });
    const v = read.values;
    if (Object.keys(read.errors).length || !v.line1 || !v.postcode || !v.startDate) {
      return refuse(orderErrors(read.errors, ADDRESS_FIELDS), { child });
    }
    const endDate = v.endDate ?? null;
    if (!endDate) await closeOpenAddresses(trx, a.childId, v.startDate);
    const id = await insertAddress(trx, a.childId, { line1: v.line1, town: v.town ?? null, postcode: v.postcode, startDate: v.startDate, endDate });
    name('address', id);
    return { id, current: !endDate };
  });
}

// --- Professional contacts -----------------------------------------------------------

export async function addProfessionalContact(a: Actor, read: FormRead<ProfessionalContactInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.professional-contact.create', async (trx, _access, name) => {
    const v = read.values;
    if (Object.keys(read.errors).length || !v.name || !v.role) {
      return refuse(orderErrors(read.errors, CONTACT_FIELDS), { child: await childHeaderView(trx, a.childId, a.today) });
    }
    const id = await insertProfessionalContact(trx, a.childId, { name: v.name, role: v.role, organisation: v.organisation ?? null, phone: v.phone ?? null, email: v.email ?? null });
    name('professional contact', id);
    return { id };
  });
}

export async function removeProfessionalContact(a: Actor, contactId: string) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.professional-contact.remove', async (trx) => {
    if (!isUuid(contactId) || !(await deleteProfessionalContact(trx, a.childId, contactId))) throw new RecordNotFound('professional contact', contactId);
    return { id: contactId };
  });
}
