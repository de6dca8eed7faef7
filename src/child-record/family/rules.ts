// The rules of a child's family page, as pure functions: how a relationship
// reads from the child's point of view, who is a sibling, who lives with whom,
// and reading the family forms. What the viewer may see of
// another child is decided by the service (with the access policy) and passed
// in as `visible`: a child whose record is not shared is never named.
import { z } from 'zod';
import { choice, dateInput, dateKey, postcode, readForm, text, ticked, uuidChoice, type Body, type FormRead } from '../../platform/http/forms.ts';
import { formatDate } from '../../platform/calendar/dates.ts';

/**
 * A row of `relationships` reads "person is <type> of related person": the
 * mother row is (mother, child). `label` is how the other person is described
 * when they are the `person`; `inverse` when the child is.
 */
export const RELATIONSHIP_TYPES = {
  mother: { label: 'Mother', inverse: 'Child' },
  father: { label: 'Father', inverse: 'Child' },
  step_parent: { label: 'Step-parent', inverse: 'Stepchild' },
  sibling: { label: 'Sibling', inverse: 'Sibling' },
  half_sibling: { label: 'Half-sibling', inverse: 'Half-sibling' },
  grandparent: { label: 'Grandparent', inverse: 'Grandchild' },
  aunt_uncle: { label: 'Aunt or uncle', inverse: 'Niece or nephew' },
  carer: { label: 'Carer', inverse: 'Cared for by the child' },
  other: { label: 'Other relationship', inverse: 'Other relationship' },
} as const;
export type RelationshipType = keyof typeof RELATIONSHIP_TYPES;

export const SIBLING_TYPES: readonly string[] = ['sibling', 'half_sibling'];

export function isRelationshipType(value: string): value is RelationshipType {
  return Object.hasOwn(RELATIONSHIP_TYPES, value);
}

/** Types stored by older data and not in the list still read sensibly ('foster_sibling' -> 'Foster sibling'). */
function describeType(type: string, inverse: boolean): string {
  if (isRelationshipType(type)) return RELATIONSHIP_TYPES[type][inverse ? 'inverse' : 'label'];
  const words = type.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface RelationshipRow {
  id: string;
  person_id: string;
  related_person_id: string;
  type: string;
  lives_with: boolean;
  parental_responsibility: boolean;
}

export interface PersonFacts {
  id: string;
  forename: string;
  surname: string;
  isChild: boolean;
  dateOfBirth: string | null;
  /** For a child: whether the viewer may open their record. Adults are always shown. */
  visible: boolean;
}

export const NOT_SHARED = '(record not shared with you)';

/** A relationship as the child's page shows it. `name` is null for a child whose record the viewer may not see. */
export interface RelationshipView {
  id: string;
  otherId: string;
  type: string;
  label: string;
  name: string | null;
  /** Set for a child whose record the viewer may open. */
  href: string | null;
  livesWith: boolean;
  parentalResponsibility: boolean;
  /** True when the child is the one with parental responsibility (the child is the parent). */
  childHoldsResponsibility: boolean;
  hidden: boolean;
  summary: string;
}

function nameOf(person: Pick<PersonFacts, 'forename' | 'surname'>): string {
  return `${person.forename} ${person.surname}`;
}

/** "Mother: Jane Smith, lives with child, parental responsibility", or "Sibling (record not shared with you)". */
export function describeRelationship(row: RelationshipRow, childId: string, other: PersonFacts): RelationshipView {
  const childIsPerson = row.person_id === childId;
  const label = describeType(row.type, childIsPerson);
  const hidden = other.isChild && !other.visible;
  const name = hidden ? null : nameOf(other);
  const details: string[] = [];
  if (row.lives_with) details.push('lives with child');
  if (row.parental_responsibility) details.push(childIsPerson ? 'child has parental responsibility' : 'parental responsibility');
  return {
    id: row.id,
    otherId: other.id,
    type: row.type,
    label,
    name,
    href: other.isChild && other.visible ? `/children/${other.id}` : null,
    livesWith: row.lives_with,
    parentalResponsibility: row.parental_responsibility,
    childHoldsResponsibility: childIsPerson && row.parental_responsibility,
    hidden,
    summary: hidden ? `${label} ${NOT_SHARED}` : [`${label}: ${name}`, ...details].join(', '),
  };
}

export interface SiblingView {
  id: string;
  label: string;
  name: string | null;
  href: string | null;
  dateOfBirth: string | null;
  hidden: boolean;
}

/**
 * The child's brothers and sisters: everyone related to them as a sibling or
 * half-sibling, and every other child in a family group they belong to. A
 * child the viewer may not see is shown as "Sibling (record not shared with
 * you)", with no name, date of birth or link.
 */
export function siblingsOf(childId: string, relationships: readonly RelationshipRow[], familyMembers: readonly PersonFacts[], people: ReadonlyMap<string, PersonFacts>): SiblingView[] {
  const found = new Map<string, string>();
  for (const row of relationships) {
    if (!SIBLING_TYPES.includes(row.type)) continue;
    const otherId = row.person_id === childId ? row.related_person_id : row.person_id;
    if (!found.has(otherId) || row.type === 'sibling') found.set(otherId, describeType(row.type, false));
  }
  for (const member of familyMembers) {
    if (member.id !== childId && member.isChild && !found.has(member.id)) found.set(member.id, 'Sibling');
  }
  const views: SiblingView[] = [];
  for (const [id, label] of found) {
    const person = people.get(id);
    if (!person) continue;
    const hidden = person.isChild && !person.visible;
    views.push({
      id,
      label,
      name: hidden ? null : nameOf(person),
      href: person.isChild && person.visible ? `/children/${id}` : null,
      dateOfBirth: hidden ? null : person.dateOfBirth,
      hidden,
    });
  }
  // Those who can be named first, oldest first; then those who cannot.
  return views.sort((a, b) => Number(a.hidden) - Number(b.hidden) || (a.dateOfBirth ?? '9999').localeCompare(b.dateOfBirth ?? '9999') || (a.name ?? '').localeCompare(b.name ?? ''));
}

export interface CurrentAddress {
  line1: string;
  town: string | null;
  postcode: string;
}

function addressKey(address: CurrentAddress): string {
  return `${address.line1.trim().toLowerCase().replace(/\s+/g, ' ')}|${address.postcode.replace(/\s+/g, '').toUpperCase()}`;
}

export function formatAddress(address: CurrentAddress): string {
  return [address.line1, address.town, address.postcode].filter(Boolean).join(', ');
}

export interface HouseholdMember {
  name: string | null;
  description: string;
  isChild: boolean;
}

export interface Household {
  /** The household the child lives in. */
  childsHousehold: boolean;
  address: string | null;
  members: HouseholdMember[];
}

/**
 * Who lives with whom, from current addresses and the "lives with" flags of
 * the child's relationships. The child's household holds everyone flagged as
 * living with the child and everyone at the child's address; the others are
 * grouped by their own current address. A child whose record the viewer may
 * not see appears only in the child's own household (whose address the viewer
 * knows), unnamed: their address is never shown, as it may be a placement.
 */
export function householdsOf(
  child: PersonFacts,
  people: readonly PersonFacts[],
  addresses: ReadonlyMap<string, CurrentAddress>,
  livesWithChild: ReadonlySet<string>,
  describe: ReadonlyMap<string, string>,
): Household[] {
  const childAddress = addresses.get(child.id);
  const childKey = childAddress ? addressKey(childAddress) : null;
  const member = (p: PersonFacts): HouseholdMember => {
    const hidden = p.isChild && !p.visible;
    const description = describe.get(p.id) ?? (p.isChild ? 'Sibling' : 'Family member');
    return { name: hidden ? null : nameOf(p), description: hidden ? `${description} ${NOT_SHARED}` : description, isChild: p.isChild };
  };
  const own: Household = { childsHousehold: true, address: childAddress ? formatAddress(childAddress) : null, members: [member(child)] };
  const elsewhere = new Map<string, Household>();
  let noAddress: Household | null = null;
  // Adults before children, then by name, so the page reads the same each time.
  const ordered = [...people].sort((a, b) => Number(a.isChild) - Number(b.isChild) || nameOf(a).localeCompare(nameOf(b)));
  for (const person of ordered) {
    if (person.id === child.id) continue;
    const address = addresses.get(person.id);
    const hidden = person.isChild && !person.visible;
    if (livesWithChild.has(person.id) || (address && childKey !== null && addressKey(address) === childKey)) {
      own.members.push(member(person));
      continue;
    }
    if (hidden) continue;
    if (!address) {
      noAddress ??= { childsHousehold: false, address: null, members: [] };
      noAddress.members.push(member(person));
      continue;
    }
    const key = addressKey(address);
    let household = elsewhere.get(key);
    if (!household) {
      household = { childsHousehold: false, address: formatAddress(address), members: [] };
      elsewhere.set(key, household);
    }
    household.members.push(member(person));
  }
  return [own, ...elsewhere.values(), ...(noAddress ? [noAddress] : [])];
}

// --- Forms --------------------------------------------------------------------

export const NAME_MAX = 100;
export const LINE_MAX = 200;
export const TOWN_MAX = 100;
export const CONTACT_TEXT_MAX = 200;


const relationshipType = () => choice(RELATIONSHIP_TYPES, { label: 'Relationship', choose: 'Select how the person is related to the child' });
const flags = { livesWith: ticked(), parentalResponsibility: ticked() };

export interface NewRelativeInput {
  forename: string;
  surname: string;
  dateOfBirth: string | null;
  type: RelationshipType;
  livesWith: boolean;
  parentalResponsibility: boolean;
}
export const NEW_RELATIVE_FIELDS = ['forename', 'surname', dateKey('dob'), 'type', 'livesWith'];

/** A new adult: the person, and how they are related to the child. */
export function readNewRelative(body: Body, today: string): FormRead<NewRelativeInput> {
  const form = z.object({
    forename: text({ label: 'First name', max: NAME_MAX, required: 'Enter the first name' }),
    surname: text({ label: 'Last name', max: NAME_MAX, required: 'Enter the last name' }),
    dob: dateInput({ label: 'Date of birth', notAfter: today }),
    type: relationshipType(),
    ...flags,
  });
  const { values, errors } = readForm(form, body);
  const { dob, ...rest } = values;
  return { values: { ...rest, ...(dob !== undefined ? { dateOfBirth: dob } : {}) }, errors };
}

export interface RelationshipInput {
  personId: string;
  type: RelationshipType;
  livesWith: boolean;
  parentalResponsibility: boolean;
}
export const RELATIONSHIP_FIELDS = ['personId', 'type', 'livesWith'];

/** A relationship between the child and someone already in the family group. */
const relationshipForm = z.object({
  personId: uuidChoice({ label: 'Person', choose: 'Select the person', invalid: 'Select a person from the list' }),
  type: relationshipType(),
  ...flags,
});

export function readRelationship(body: Body): FormRead<RelationshipInput> {
  return readForm(relationshipForm, body);
}

const flagsForm = z.object(flags);

export function readRelationshipFlags(body: Body): { livesWith: boolean; parentalResponsibility: boolean } {
  const { values } = readForm(flagsForm, body);
  return { livesWith: values.livesWith ?? false, parentalResponsibility: values.parentalResponsibility ?? false };
}

export interface AddressFormInput {
  line1: string;
  town: string | null;
  postcode: string;
  startDate: string;
  endDate: string | null;
}
export const ADDRESS_FIELDS = ['line1', 'town', 'postcode', dateKey('startDate'), dateKey('endDate')];

export interface AddressFacts {
  dateOfBirth: string | null;
  /** The start of the child's current (open) address, if any. */
  currentStart: string | null;
}

/**
 * A new address: with no end date it becomes the current address and the
 * current one ends on its start date, so it must start after the current one
 * did; with an end date it is a past address, which must end by the time the
 * current one began. Neither date may be in the future or before birth.
 */
export function readAddress(body: Body, today: string, facts: AddressFacts): FormRead<AddressFormInput> {
  const form = z.object({
    line1: text({ label: 'Address line 1', max: LINE_MAX, required: 'Enter the first line of the address' }),
    town: text({ label: 'Town or city', max: TOWN_MAX }),
    postcode: postcode({ label: 'Postcode', required: 'Enter the postcode' }),
    startDate: dateInput({ label: 'Date moved in', required: true, notAfter: today }),
    endDate: dateInput({ label: 'Date moved out', notAfter: today }),
  });
  const { values, errors } = readForm(form, body);
  const { startDate, endDate } = values;
  const endError = Boolean(errors[dateKey('endDate')]);
  if (startDate) {
    if (facts.dateOfBirth && startDate < facts.dateOfBirth) {
      errors[dateKey('startDate')] = `Date moved in must be on or after the child's date of birth, ${formatDate(facts.dateOfBirth)}`;
      delete values.startDate;
    } else if (!endDate && !endError && facts.currentStart && startDate <= facts.currentStart) {
      errors[dateKey('startDate')] = `Date moved in must be after ${formatDate(facts.currentStart)}, when the child moved to their current address. To record an earlier address, enter the date they moved out too`;
      delete values.startDate;
    }
  }
  if (endDate && startDate) {
    if (endDate < startDate) errors[dateKey('endDate')] = 'Date moved out must be the same as or after the date moved in';
    else if (facts.currentStart && endDate > facts.currentStart) {
      errors[dateKey('endDate')] = `Date moved out must be on or before ${formatDate(facts.currentStart)}, when the child moved to their current address`;
    }
    if (errors[dateKey('endDate')]) delete values.endDate;
  }
  return { values, errors };
}

export interface ProfessionalContactInput {
  name: string;
  role: string;
  organisation: string | null;
  phone: string | null;
  email: string | null;
}
export const CONTACT_FIELDS = ['name', 'role', 'organisation', 'phone', 'email'];

const PHONE = /^\+?[0-9 ()-]{6,20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const professionalContactForm = z.object({
  name: text({ label: 'Name', max: CONTACT_TEXT_MAX, required: 'Enter the name of the professional' }),
  role: text({ label: 'Role', max: CONTACT_TEXT_MAX, required: 'Enter their role, for example health visitor or designated safeguarding lead' }),
  organisation: text({ label: 'Organisation', max: CONTACT_TEXT_MAX }),
  phone: text({ label: 'Phone number', max: 30 }).refine(
    (phone) => !phone || PHONE.test(phone),
    'Phone number must only include numbers, spaces, brackets and dashes, like 01273 123456',
  ),
  email: text({ label: 'Email address', max: 254 }).refine((email) => !email || EMAIL.test(email), 'Email address must be in the right format, like name@example.org'),
});

export function readProfessionalContact(body: Body): FormRead<ProfessionalContactInput> {
  return readForm(professionalContactForm, body);
}

export function relationshipTypeItems() {
  return (Object.keys(RELATIONSHIP_TYPES) as RelationshipType[]).map((value) => ({ value, text: RELATIONSHIP_TYPES[value].label }));
}
