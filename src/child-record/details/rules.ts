// The rules for a child's own details, as pure functions: reading the
// registration and edit forms with the one form reader (so one submission shows every
// problem at once, each message naming its field), who may register a child or
// restrict a record, and the form of the LA child id. Checks that need the
// database (a duplicate NHS number, the team) are made by the service.
import type { Selectable } from 'kysely';
import type { PeopleTable, Role } from '../../db/schema.ts';
import { z } from 'zod';
import { codeOptions, isCode } from '../../reference/codes.ts';
import { normaliseNhsNumber, normaliseUpn, nhsNumberProblem, upnProblem } from '../record/identifiers.ts';
import { checkboxes, choice, code, dateInput, dateKey, field, postcode, problem, readForm, sentText, text, textField, yesNo, type Body, type FormRead } from '../../platform/http/forms.ts';
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


/** An identifier checked and normalised by `check` and `normalise`; empty is null. */
function identifier(check: (value: string) => string | null, normalise: (value: string) => string) {
  return field((sent) => {
    const value = sentText(sent).trim();
    if (!value) return null;
    const found = check(value);
    return found ? problem(found) : normalise(value);
  });
}

/** The fields both the registration and the edit form have. */
function detailsForm(today: string) {
  return z.object({
    forename: text({ label: 'First name', max: NAME_MAX, required: 'Enter the first name' }),
    surname: text({ label: 'Last name', max: NAME_MAX, required: 'Enter the last name' }),
    otherNames: text({ label: 'Other names', max: OTHER_NAMES_MAX }),
    dob: dateInput({ label: 'Date of birth', notAfter: today }),
    edd: dateInput({ label: 'Expected date of birth' }),
    sex: choice(SEX_LABELS, { label: 'Sex', choose: 'Select the sex' }),
    ethnicity: code('ethnicity', { label: 'Ethnicity', choose: 'Select the ethnicity, or "Information not yet obtained"' }),
    nhsNumber: identifier(nhsNumberProblem, normaliseNhsNumber),
    upn: identifier(upnProblem, normaliseUpn),
    upnUnknownReason: code('upnUnknown', { label: 'Reason the UPN is not known' }),
    disabilities: checkboxes((value) => isCode('disability', value), 'Disability must be one of the options listed').refine(
      (chosen) => !(chosen.includes('NONE') && chosen.length > 1),
      'Select "None", or the disabilities the child has, not both',
    ),
    uasc: yesNo('Select whether the child is an unaccompanied asylum-seeking child'),
    immigrationStatus: code('immigrationStatus', { label: 'Immigration status' }),
  });
}

/** The edit form only: a date of death. */
const deathForm = (today: string) => z.object({ dod: dateInput({ label: 'Date of death', notAfter: today }) });

/** The registration form only: the child's first address. */
function firstAddressForm(today: string) {
  return z.object({
    addressLine1: text({ label: 'Address line 1', max: ADDRESS_LINE_MAX, required: 'Enter the first line of the address' }),
    addressTown: text({ label: 'Town or city', max: TOWN_MAX }),
    addressPostcode: postcode({ label: 'Postcode', required: 'Enter the postcode' }),
    addressStart: dateInput({ label: 'Date the child started living at this address', required: true, notAfter: today }),
  });
}

/**
 * Reads the child's details. `mode` 'create' also reads the first address and
 * never a date of death; 'edit' reads a date of death and no address.
 */
export function readChildDetails(body: Body, today: string, mode: 'create' | 'edit'): FormRead<ChildDetailsInput> {
  const { values: v, errors } = readForm(detailsForm(today), body);
  const values: Partial<ChildDetailsInput> = {};
  if (v.forename) values.forename = v.forename;
  if (v.surname) values.surname = v.surname;
  values.otherNames = v.otherNames ?? null;

  // A child is born when a date of birth is given; otherwise the expected date is needed.
  values.dateOfBirth = v.dob ?? null;
  values.expectedDateOfBirth = null;
  const dobGiven = Boolean(values.dateOfBirth) || Boolean(errors[dateKey('dob')]);
  const edd = v.edd ?? null;
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
    const death = readForm(deathForm(today), body);
    Object.assign(errors, death.errors);
    const dod = death.values.dod ?? null;
    if (dod && !dobGiven) {
      errors[dateKey('dod')] = 'Date of death can only be recorded for a child who has been born: enter the date of birth too';
    } else if (dod && values.dateOfBirth && dod < values.dateOfBirth) {
      errors[dateKey('dod')] = `Date of death must be on or after the date of birth, ${formatDate(values.dateOfBirth)}`;
    } else values.dateOfDeath = dod;
  }

  if (v.sex) values.sex = v.sex;
  if (v.ethnicity) values.ethnicity = v.ethnicity;
  values.nhsNumber = v.nhsNumber ?? null;
  values.upn = v.upn ?? null;
  values.upnUnknownReason = v.upnUnknownReason ?? null;
  if (textField(body, 'upn') && values.upnUnknownReason) {
    errors.upnUnknownReason = 'Enter a UPN or choose why it is not known, not both';
    values.upnUnknownReason = null;
  }
  if (v.disabilities) values.disabilities = v.disabilities;
  if (v.uasc !== undefined) values.uasc = v.uasc;
  values.immigrationStatus = v.immigrationStatus ?? null;

  if (mode === 'create') {
    const address = readForm(firstAddressForm(today), body);
    Object.assign(errors, address.errors);
    const { addressLine1: line1, addressTown: town, addressPostcode: postcode, addressStart: start } = address.values;
    if (start && values.dateOfBirth && start < values.dateOfBirth) {
      errors[dateKey('addressStart')] = `Date the child started living at this address must be on or after the date of birth, ${formatDate(values.dateOfBirth)}`;
    } else if (line1 && postcode && start) {
      values.address = { line1, town: town ?? null, postcode, startDate: start };
    }
  }
  return { values, errors };
}

const restrictionForm = z.object({
  restriction: choice(RESTRICTION_CHOICES, { label: 'Restricted record', choose: 'Select whether the record is restricted' }),
});

const otherReasonForm = z.object({
  restrictionOther: text({ label: 'The other reason', max: REASON_MAX, required: 'Enter why the record is restricted' }),
});

/** Reads the restriction part of the edit form: one choice, and the words for another reason. */
export function readRestriction(body: Body): FormRead<RestrictionInput> {
  const { values, errors } = readForm(restrictionForm, body);
  const choice = values.restriction;
  if (!choice) return { values: {}, errors };
  if (choice === 'none') return { values: { restricted: false, reason: null }, errors };
  let other: string | null = null;
  if (choice === 'other') {
    const read = readForm(otherReasonForm, body);
    if (!read.values.restrictionOther) return { values: { restricted: true }, errors: read.errors };
    other = read.values.restrictionOther;
  }
  return { values: { restricted: true, reason: restrictionReasonText(choice, other) }, errors };
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
