// The rules for a child's own details, as pure functions: reading the
// registration and edit forms field by field (so one submission shows every
// problem at once, each message naming its field), who may register a child or
// restrict a record, and the form of the LA child id. Checks that need the
// database (a duplicate NHS number, the team) are made by the service.
import type { Selectable } from 'kysely';
import type { PeopleTable, Role } from '../../db/schema.ts';
import { readDateField } from '../../platform/http/dates.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { codeOptions, isCode } from '../../reference/codes.ts';
import { normalisePostcode } from '../../reference/geography.ts';
import { normaliseNhsNumber, normaliseUpn, nhsNumberProblem, upnProblem } from '../record/identifiers.ts';
import { dateKey, textField as text, type Body, type FormRead } from '../../platform/http/forms.ts';
import { addDays, formatDate } from '../../platform/calendar/dates.ts';

/** Practitioners who may register a child: others are refused with 403. */
export const REGISTERING_ROLES: readonly Role[] = ['social_worker', 'practice_supervisor', 'team_manager', 'service_manager'];

export function mayRegisterChild(role: Role): boolean {
  return REGISTERING_ROLES.includes(role);
}

/** Only these roles, with access to the record, may restrict it, lift the restriction or change who is named. */
export const RESTRICTING_ROLES: readonly Role[] = ['team_manager', 'service_manager'];

export function mayRestrict(role: Role): boolean {
  return RESTRICTING_ROLES.includes(role);
}

export const LA_CHILD_ID_PREFIX = 'ESC';

/** The LA child id for the n-th child: 'ESC' and at least six digits ('ESC000042'). */
export function formatLaChildId(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`An LA child id number is a whole number from 1, not ${n}`);
  return `${LA_CHILD_ID_PREFIX}${String(n).padStart(6, '0')}`;
}

/** The number after the prefix of an LA child id this system issued, or null for any other id. */
export function laChildIdNumber(id: string): number | null {
  const match = new RegExp(`^${LA_CHILD_ID_PREFIX}(\\d{1,12})$`).exec(id);
  return match ? Number(match[1]) : null;
}

export const SEX_LABELS = { M: 'Male', F: 'Female', U: 'Not known' } as const;
export type Sex = keyof typeof SEX_LABELS;

export const RESTRICTION_REASONS = {
  adoption: 'Adoption',
  staff_relative: 'Relative of a member of staff',
  other: 'Another reason',
} as const;
export type RestrictionReasonChoice = keyof typeof RESTRICTION_REASONS;

/** The restriction as one choice on the form: not restricted, or restricted for one of the reasons. */
export const RESTRICTION_CHOICES = {
  none: 'Not restricted',
  adoption: 'Restricted: adoption',
  staff_relative: 'Restricted: the child is a relative of a member of staff',
  other: 'Restricted for another reason',
} as const;

/** The reason stored on the record: the label of a listed reason, or the words given for another. */
export function restrictionReasonText(choice: RestrictionReasonChoice, other: string | null): string {
  return choice === 'other' ? (other ?? '') : RESTRICTION_REASONS[choice];
}

/** The form's choice for a stored reason, so the edit form shows it again. */
export function restrictionReasonChoice(stored: string | null): { choice: RestrictionReasonChoice | ''; other: string } {
  if (!stored) return { choice: '', other: '' };
  if (stored === RESTRICTION_REASONS.adoption) return { choice: 'adoption', other: '' };
  if (stored === RESTRICTION_REASONS.staff_relative) return { choice: 'staff_relative', other: '' };
  return { choice: 'other', other: stored };
}

/** How far before today an expected date of birth may be (a baby can be late), and how far after. */
export const EXPECTED_BIRTH_DAYS_BEFORE = 42;
export const EXPECTED_BIRTH_DAYS_AFTER = 300;

export const NAME_MAX = 100;
export const OTHER_NAMES_MAX = 200;
export const ADDRESS_LINE_MAX = 200;
export const TOWN_MAX = 100;
export const REASON_MAX = 500;

export interface AddressInput {
  line1: string;
  town: string | null;
  postcode: string;
  startDate: string;
}

export interface ChildDetailsInput {
  forename: string;
  surname: string;
  otherNames: string | null;
  born: boolean;
  dateOfBirth: string | null;
  expectedDateOfBirth: string | null;
  dateOfDeath: string | null;
  sex: Sex;
  ethnicity: string;
  nhsNumber: string | null;
  upn: string | null;
  upnUnknownReason: string | null;
  disabilities: string[];
  uasc: boolean;
  immigrationStatus: string | null;
  /** Registration only. */
  address: AddressInput;
}

export interface RestrictionInput {
  restricted: boolean;
  reason: string | null;
}

/** Fields in the order the forms show them, so the error summary follows the page. */
export const DETAILS_FIELDS = [
  'forename',
  'surname',
  'otherNames',
  dateKey('dob'),
  dateKey('edd'),
  dateKey('dod'),
  'sex',
  'ethnicity',
  'nhsNumber',
  'upn',
  'upnUnknownReason',
  'disabilities',
  'uasc',
  'immigrationStatus',
  'addressLine1',
  'addressTown',
  'addressPostcode',
  dateKey('addressStart'),
  'teamId',
  'restriction',
  'restrictionOther',
];


function list(body: Body, name: string): string[] {
  const value = body[name];
  const all = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return [...new Set(all.map((v) => String(v).trim()).filter(Boolean))];
}

function readText(body: Body, name: string, label: string, max: number, errors: FieldErrors, required?: string): string | null {
  const value = text(body, name);
  if (!value && required) {
    errors[name] = required;
    return null;
  }
  if (value.length > max) {
    errors[name] = `${label} must be ${max} characters or fewer`;
    return null;
  }
  return value || null;
}

function readYesNo(body: Body, name: string, choose: string, errors: FieldErrors): boolean | undefined {
  const value = text(body, name);
  if (value === 'yes') return true;
  if (value === 'no') return false;
  errors[name] = choose;
  return undefined;
}

function readDate(body: Body, name: string, label: string, errors: FieldErrors, options: { required?: boolean; notAfter?: string } = {}): string | null {
  const result = readDateField(body, name, { label, ...options });
  if (result.error) {
    errors[dateKey(name)] = result.error;
    return null;
  }
  return result.value ?? null;
}

function readCode(body: Body, name: string, set: 'ethnicity' | 'immigrationStatus' | 'upnUnknown', label: string, errors: FieldErrors, choose?: string): string | null {
  const value = text(body, name);
  if (!value) {
    if (choose) errors[name] = choose;
    return null;
  }
  if (!isCode(set, value)) {
    errors[name] = `${label} must be one of the options listed`;
    return null;
  }
  return value;
}

/** An optional postcode field, normalised ('bn214ab' -> 'BN21 4AB'). */
export function readPostcode(body: Body, name: string, label: string, errors: FieldErrors): string | null {
  const value = text(body, name);
  if (!value) {
    errors[name] = `Enter the ${label.toLowerCase()}`;
    return null;
  }
  const normal = normalisePostcode(value);
  if (!normal) {
    errors[name] = `${label} must be a real UK postcode, like BN21 4AB`;
    return null;
  }
  return normal;
}

/**
 * Reads the child's details. `mode` 'create' also reads the first address and
 * never a date of death; 'edit' reads a date of death and no address.
 */
export function readChildDetails(body: Body, today: string, mode: 'create' | 'edit'): FormRead<ChildDetailsInput> {
  const errors: FieldErrors = {};
  const values: Partial<ChildDetailsInput> = {};
  const forename = readText(body, 'forename', 'First name', NAME_MAX, errors, 'Enter the first name');
  const surname = readText(body, 'surname', 'Last name', NAME_MAX, errors, 'Enter the last name');
  if (forename) values.forename = forename;
  if (surname) values.surname = surname;
  values.otherNames = readText(body, 'otherNames', 'Other names', OTHER_NAMES_MAX, errors);

  // A child is born when a date of birth is given; otherwise the expected date is needed.
  values.dateOfBirth = readDate(body, 'dob', 'Date of birth', errors, { notAfter: today });
  values.expectedDateOfBirth = null;
  const dobGiven = Boolean(values.dateOfBirth) || Boolean(errors[dateKey('dob')]);
  const edd = readDate(body, 'edd', 'Expected date of birth', errors);
  if (dobGiven) {
    if (edd && mode === 'create') errors[dateKey('edd')] = 'Enter the date of birth or, for an unborn child, the expected date of birth, not both';
    values.born = true;
  } else if (!edd) {
    if (!errors[dateKey('edd')]) errors[dateKey('dob')] = 'Enter the date of birth, or the expected date of birth for an unborn child';
  } else if (edd < addDays(today, -EXPECTED_BIRTH_DAYS_BEFORE)) {
    errors[dateKey('edd')] = `Expected date of birth must be after ${formatDate(addDays(today, -EXPECTED_BIRTH_DAYS_BEFORE))}: if the baby has been born, enter the date of birth`;
  } else if (edd > addDays(today, EXPECTED_BIRTH_DAYS_AFTER)) {
    errors[dateKey('edd')] = `Expected date of birth must be no later than ${formatDate(addDays(today, EXPECTED_BIRTH_DAYS_AFTER))}`;
  } else {
    values.born = false;
    values.expectedDateOfBirth = edd;
  }
  values.dateOfDeath = null;
  if (mode === 'edit') {
    const dod = readDate(body, 'dod', 'Date of death', errors, { notAfter: today });
    if (dod && !dobGiven) {
      errors[dateKey('dod')] = 'Date of death can only be recorded for a child who has been born: enter the date of birth too';
    } else if (dod && values.dateOfBirth && dod < values.dateOfBirth) {
      errors[dateKey('dod')] = `Date of death must be on or after the date of birth, ${formatDate(values.dateOfBirth)}`;
    } else values.dateOfDeath = dod;
  }

  const sex = text(body, 'sex');
  if (!sex) errors.sex = 'Select the sex';
  else if (!Object.hasOwn(SEX_LABELS, sex)) errors.sex = 'Sex must be one of the options listed';
  else values.sex = sex as Sex;

  const ethnicity = readCode(body, 'ethnicity', 'ethnicity', 'Ethnicity', errors, 'Select the ethnicity, or "Information not yet obtained"');
  if (ethnicity) values.ethnicity = ethnicity;

  const nhs = text(body, 'nhsNumber');
  values.nhsNumber = null;
  if (nhs) {
    const problem = nhsNumberProblem(nhs);
    if (problem) errors.nhsNumber = problem;
    else values.nhsNumber = normaliseNhsNumber(nhs);
  }

  const upn = text(body, 'upn');
  values.upn = null;
  if (upn) {
    const problem = upnProblem(upn);
    if (problem) errors.upn = problem;
    else values.upn = normaliseUpn(upn);
  }
  values.upnUnknownReason = readCode(body, 'upnUnknownReason', 'upnUnknown', 'Reason the UPN is not known', errors);
  if (upn && values.upnUnknownReason) {
    errors.upnUnknownReason = 'Enter a UPN or choose why it is not known, not both';
    values.upnUnknownReason = null;
  }

  const disabilities = list(body, 'disabilities');
  const unknown = disabilities.filter((code) => !isCode('disability', code));
  if (unknown.length) errors.disabilities = 'Disability must be one of the options listed';
  else if (disabilities.includes('NONE') && disabilities.length > 1) errors.disabilities = 'Select "None", or the disabilities the child has, not both';
  else values.disabilities = disabilities;

  const uasc = readYesNo(body, 'uasc', 'Select whether the child is an unaccompanied asylum-seeking child', errors);
  if (uasc !== undefined) values.uasc = uasc;
  values.immigrationStatus = readCode(body, 'immigrationStatus', 'immigrationStatus', 'Immigration status', errors);

  if (mode === 'create') {
    const line1 = readText(body, 'addressLine1', 'Address line 1', ADDRESS_LINE_MAX, errors, 'Enter the first line of the address');
    const town = readText(body, 'addressTown', 'Town or city', TOWN_MAX, errors);
    const postcode = readPostcode(body, 'addressPostcode', 'Postcode', errors);
    const start = readDate(body, 'addressStart', 'Date the child started living at this address', errors, { required: true, notAfter: today });
    if (start && values.dateOfBirth && start < values.dateOfBirth) {
      errors[dateKey('addressStart')] = `Date the child started living at this address must be on or after the date of birth, ${formatDate(values.dateOfBirth)}`;
    } else if (line1 && postcode && start) {
      values.address = { line1, town, postcode, startDate: start };
    }
  }
  return { values, errors };
}

/** Reads the restriction part of the edit form: one choice, and the words for another reason. */
export function readRestriction(body: Body): FormRead<RestrictionInput> {
  const errors: FieldErrors = {};
  const choice = text(body, 'restriction');
  if (choice === 'none') return { values: { restricted: false, reason: null }, errors };
  if (!choice) {
    errors.restriction = 'Select whether the record is restricted';
    return { values: {}, errors };
  }
  if (!Object.hasOwn(RESTRICTION_REASONS, choice)) {
    errors.restriction = 'Restricted record must be one of the options listed';
    return { values: {}, errors };
  }
  let other: string | null = null;
  if (choice === 'other') {
    other = readText(body, 'restrictionOther', 'The other reason', REASON_MAX, errors, 'Enter why the record is restricted');
    if (!other) return { values: { restricted: true }, errors };
  }
  return { values: { restricted: true, reason: restrictionReasonText(choice as RestrictionReasonChoice, other) }, errors };
}

/** A complete set of details, once every field could be read. */
export function completeDetails(values: Partial<ChildDetailsInput>, mode: 'create' | 'edit'): values is ChildDetailsInput {
  const base =
    values.forename !== undefined &&
    values.surname !== undefined &&
    values.born !== undefined &&
    values.sex !== undefined &&
    values.ethnicity !== undefined &&
    values.disabilities !== undefined &&
    values.uasc !== undefined &&
    (values.born ? Boolean(values.dateOfBirth) : Boolean(values.expectedDateOfBirth));
  return base && (mode === 'edit' || values.address !== undefined);
}

/** Choices for the form's selects, radios and checkboxes. */
export function detailsChoices() {
  return {
    sexItems: (Object.keys(SEX_LABELS) as Sex[]).map((value) => ({ value, text: SEX_LABELS[value] })),
    ethnicityItems: [{ value: '', text: 'Choose an ethnicity' }, ...codeOptions('ethnicity')],
    disabilityItems: codeOptions('disability'),
    immigrationItems: [{ value: '', text: 'Not recorded' }, ...codeOptions('immigrationStatus')],
    upnUnknownItems: [{ value: '', text: 'The UPN is known, or no reason recorded' }, ...codeOptions('upnUnknown').map((o) => ({ value: o.value, text: `${o.value}: ${o.text}` }))],
    restrictionItems: (Object.keys(RESTRICTION_CHOICES) as (keyof typeof RESTRICTION_CHOICES)[]).map((value) => ({ value, text: RESTRICTION_CHOICES[value] })),
  };
}

/** Form values for a stored child, as the edit form sends them. */
export function formValuesOf(person: Omit<Selectable<PeopleTable>, 'id' | 'is_child' | 'la_child_id' | 'created_at' | 'updated_at'>, disabilities: readonly string[]): Body {
  const dateParts = (name: string, value: string | null) => {
    if (!value) return {};
    const [year, month, day] = value.split('-');
    return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year };
  };
  const reason = restrictionReasonChoice(person.restriction_reason);
  return {
    forename: person.forename,
    surname: person.surname,
    otherNames: person.other_names ?? '',
    ...dateParts('dob', person.date_of_birth),
    ...dateParts('edd', person.expected_date_of_birth),
    ...dateParts('dod', person.date_of_death),
    sex: person.sex ?? '',
    ethnicity: person.ethnicity ?? '',
    nhsNumber: person.nhs_number ?? '',
    upn: person.upn ?? '',
    upnUnknownReason: person.upn_unknown_reason ?? '',
    disabilities: [...disabilities],
    uasc: person.uasc ? 'yes' : 'no',
    immigrationStatus: person.immigration_status ?? '',
    restriction: person.restricted ? reason.choice || 'other' : 'none',
    restrictionOther: reason.other,
  };
}
