// Reading the timeline's forms: each field on its own, so one submission
// shows every problem at once, with a message that names the field. Pure: the
// rules that need the child's record (dates against birth, overlaps) are
// checked by the service, inside the transaction.
import type { FieldErrors } from '../../platform/http/errors.ts';
import { codeOptions, isCode, type CodeSetName } from '../../reference/codes.ts';
import { normalisePostcode } from '../../reference/geography.ts';
import { CARE_LEAVER_CATEGORIES, CARE_LEAVER_HINTS, CARE_PRIMARY_NEEDS, CONTACT_OUTCOMES, SAME_DAY_NEW_EPISODE, type CareLeaverCategory } from './rules.ts';
import { dateKey, readRequiredDate as readDate, textField as text, type Body, type FormRead } from '../../platform/http/forms.ts';

function readCode(
  body: Body,
  name: string,
  set: CodeSetName,
  messages: { label: string; choose: string },
  errors: FieldErrors,
  allowed?: readonly string[],
): string | undefined {
  const value = text(body, name);
  if (!value) {
    errors[name] = messages.choose;
    return undefined;
  }
  if (!isCode(set, value) || (allowed && !allowed.includes(value))) {
    errors[name] = `${messages.label} must be one of the codes listed: "${value.slice(0, 20)}" is not one of them`;
    return undefined;
  }
  return value;
}

function readChoice<K extends string>(body: Body, name: string, choices: Record<K, string>, messages: { label: string; choose: string }, errors: FieldErrors): K | undefined {
  const value = text(body, name);
  if (!value) {
    errors[name] = messages.choose;
    return undefined;
  }
  if (!Object.hasOwn(choices, value)) {
    errors[name] = `${messages.label} must be one of the options listed`;
    return undefined;
  }
  return value as K;
}

function readText(body: Body, name: string, label: string, max: number, errors: FieldErrors): string | null {
  const value = text(body, name);
  if (value.length > max) {
    errors[name] = `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`;
    return null;
  }
  return value || null;
}

// --- Contact ------------------------------------------------------------------

export interface ContactInput {
  contactDate: string;
  source: string;
  outcome: keyof typeof CONTACT_OUTCOMES;
  summary: string | null;
}
export const CONTACT_FIELDS = [dateKey('contactDate'), 'source', 'outcome', 'summary'];
export const SUMMARY_MAX = 5000;

export function readContact(body: Body): FormRead<ContactInput> {
  const errors: FieldErrors = {};
  const values: Partial<ContactInput> = {
    contactDate: readDate(body, 'contactDate', 'Date of contact', errors),
    source: readCode(body, 'source', 'contactSource', { label: 'Source of contact', choose: 'Select who made the contact' }, errors),
    outcome: readChoice(body, 'outcome', CONTACT_OUTCOMES, { label: 'Outcome', choose: 'Select the outcome of the contact' }, errors),
    summary: readText(body, 'summary', 'Summary', SUMMARY_MAX, errors),
  };
  return { values, errors };
}

// --- Referral (CIN episode) -------------------------------------------------

export interface ReferralInput {
  referralDate: string;
  source: string;
  primaryNeed: string;
}
export const REFERRAL_FIELDS = [dateKey('referralDate'), 'source', 'primaryNeed'];

export function readReferral(body: Body): FormRead<ReferralInput> {
  const errors: FieldErrors = {};
  const values: Partial<ReferralInput> = {
    referralDate: readDate(body, 'referralDate', 'Referral date', errors),
    source: readCode(body, 'source', 'referralSource', { label: 'Referral source', choose: 'Select who made the referral' }, errors),
    primaryNeed: readCode(body, 'primaryNeed', 'primaryNeed', { label: 'Primary need', choose: 'Select the primary need' }, errors),
  };
  return { values, errors };
}

export interface ReferralCloseInput {
  closeDate: string;
  closureReason: string;
}
export const REFERRAL_CLOSE_FIELDS = [dateKey('closeDate'), 'closureReason'];

export function readReferralClose(body: Body): FormRead<ReferralCloseInput> {
  const errors: FieldErrors = {};
  const values: Partial<ReferralCloseInput> = {
    closeDate: readDate(body, 'closeDate', 'Closure date', errors),
    closureReason: readCode(body, 'closureReason', 'cinClosureReason', { label: 'Reason for closure', choose: 'Select the reason for closure' }, errors),
  };
  return { values, errors };
}

// --- Child protection plan ----------------------------------------------------

export interface CpPlanInput {
  startDate: string;
  category: string;
}
export const CP_PLAN_FIELDS = [dateKey('startDate'), 'category'];

export function readCpPlan(body: Body): FormRead<CpPlanInput> {
  const errors: FieldErrors = {};
  const values: Partial<CpPlanInput> = {
    startDate: readDate(body, 'startDate', 'Start date', errors),
    category: readCode(body, 'category', 'cpCategory', { label: 'Initial category of abuse', choose: 'Select the initial category of abuse' }, errors),
  };
  return { values, errors };
}

export interface CpCategoryInput {
  category: string;
}

export function readCpCategory(body: Body): FormRead<CpCategoryInput> {
  const errors: FieldErrors = {};
  const values: Partial<CpCategoryInput> = {
    category: readCode(body, 'category', 'cpCategory', { label: 'Latest category of abuse', choose: 'Select the latest category of abuse' }, errors),
  };
  return { values, errors };
}

export interface EndDateInput {
  endDate: string;
}
export const END_FIELDS = [dateKey('endDate')];

export function readEndDate(body: Body, label: string): FormRead<EndDateInput> {
  const errors: FieldErrors = {};
  return { values: { endDate: readDate(body, 'endDate', label, errors) }, errors };
}

// --- Care episode (SSDA903) ---------------------------------------------------

export interface CareEpisodeInput {
  startDate: string;
  reasonNewEpisode: string;
  legalStatus: string;
  primaryNeed: string;
  placementType: string;
  placementProvider: string;
  placementPostcode: string;
  placementUrn: string | null;
  reasonPlaceChange: string | null;
}
export const CARE_EPISODE_FIELDS = [
  dateKey('startDate'),
  'reasonNewEpisode',
  'legalStatus',
  'primaryNeed',
  'placementType',
  'placementProvider',
  'placementPostcode',
  'placementUrn',
  'reasonPlaceChange',
];

/** An Ofsted unique reference number: 'SC123456', or six to eight letters and digits. */
const URN = /^[A-Z0-9]{6,8}$/;

export function readCareEpisode(body: Body): FormRead<CareEpisodeInput> {
  const errors: FieldErrors = {};
  const postcodeText = text(body, 'placementPostcode');
  let placementPostcode: string | undefined;
  if (!postcodeText) errors.placementPostcode = 'Enter the postcode of the placement';
  else {
    placementPostcode = normalisePostcode(postcodeText) ?? undefined;
    if (!placementPostcode) errors.placementPostcode = 'Placement postcode must be a real UK postcode, like BN21 4AB';
  }
  const urnText = text(body, 'placementUrn').replace(/\s+/g, '').toUpperCase();
  if (urnText && !URN.test(urnText)) errors.placementUrn = 'Ofsted URN must be 6 to 8 letters and numbers, like SC123456';
  const placeChange = text(body, 'reasonPlaceChange');
  let reasonPlaceChange: string | null = null;
  if (placeChange) {
    const shown = placeChange.slice(0, 20);
    if (isCode('reasonPlaceChange', placeChange)) reasonPlaceChange = placeChange;
    else errors.reasonPlaceChange = `Reason for placement change must be one of the codes listed: "${shown}" is not one of them`;
  }
  const values: Partial<CareEpisodeInput> = {
    startDate: readDate(body, 'startDate', 'Start date', errors),
    reasonNewEpisode: readCode(body, 'reasonNewEpisode', 'reasonNewEpisode', { label: 'Reason for new episode', choose: 'Select the reason for the new episode' }, errors),
    legalStatus: readCode(body, 'legalStatus', 'legalStatus', { label: 'Legal status', choose: 'Select the legal status' }, errors),
    primaryNeed: readCode(body, 'primaryNeed', 'primaryNeed', { label: 'Category of need', choose: 'Select the category of need' }, errors, CARE_PRIMARY_NEEDS),
    placementType: readCode(body, 'placementType', 'placementType', { label: 'Placement type', choose: 'Select the type of placement' }, errors),
    placementProvider: readCode(body, 'placementProvider', 'placementProvider', { label: 'Placement provider', choose: 'Select who provides the placement' }, errors),
    placementPostcode,
    placementUrn: urnText && !errors.placementUrn ? urnText : null,
    reasonPlaceChange,
  };
  return { values, errors };
}

export interface CareEpisodeEndInput {
  endDate: string;
  reasonCeased: string;
}
export const CARE_EPISODE_END_FIELDS = [dateKey('endDate'), 'reasonCeased'];

/** Reasons an episode can cease from the end form: X1 is recorded for you when a new episode starts. */
export const CEASED_REASONS = codeOptions('reasonEpisodeCeased').filter((o) => o.value !== SAME_DAY_NEW_EPISODE).map((o) => o.value);

export function readCareEpisodeEnd(body: Body): FormRead<CareEpisodeEndInput> {
  const errors: FieldErrors = {};
  const values: Partial<CareEpisodeEndInput> = {
    endDate: readDate(body, 'endDate', 'Date care ended', errors),
    reasonCeased: readCode(body, 'reasonCeased', 'reasonEpisodeCeased', { label: 'Reason care ended', choose: 'Select why the child stopped being looked after' }, errors, CEASED_REASONS),
  };
  if (text(body, 'reasonCeased') === SAME_DAY_NEW_EPISODE) {
    errors.reasonCeased = 'Reason care ended cannot be X1: to record a change of placement or legal status, start a new episode instead';
  }
  return { values, errors };
}

// --- Care leaver --------------------------------------------------------------

export function readCareLeaver(body: Body): FormRead<{ category: CareLeaverCategory }> {
  const errors: FieldErrors = {};
  const category = readChoice(body, 'category', CARE_LEAVER_CATEGORIES, { label: 'Care leaver category', choose: 'Select the care leaver category' }, errors);
  return { values: { category }, errors };
}

// --- What the templates need --------------------------------------------------

function choose(items: { value: string; text: string }[], prompt: string) {
  return [{ value: '', text: prompt }, ...items];
}

export function contactChoices() {
  return {
    sourceItems: choose(codeOptions('contactSource', { withCode: true }), 'Choose a source'),
    outcomeItems: Object.entries(CONTACT_OUTCOMES).map(([value, text]) => ({ value, text })),
  };
}

export function referralChoices() {
  return {
    sourceItems: choose(codeOptions('referralSource', { withCode: true }), 'Choose a source'),
    needItems: codeOptions('primaryNeed', { withCode: true }),
    closureItems: codeOptions('cinClosureReason', { withCode: true }),
  };
}

export function cpChoices() {
  return { categoryItems: codeOptions('cpCategory', { withCode: true }) };
}

export function careEpisodeChoices() {
  return {
    reasonItems: codeOptions('reasonNewEpisode', { withCode: true }),
    legalStatusItems: choose(codeOptions('legalStatus', { withCode: true }), 'Choose a legal status'),
    needItems: choose(
      codeOptions('primaryNeed', { withCode: true }).filter((o) => (CARE_PRIMARY_NEEDS as readonly string[]).includes(o.value)),
      'Choose a category of need',
    ),
    placementTypeItems: choose(codeOptions('placementType', { withCode: true }), 'Choose a type of placement'),
    providerItems: choose(codeOptions('placementProvider', { withCode: true }), 'Choose a provider'),
    placeChangeItems: choose(codeOptions('reasonPlaceChange', { withCode: true }), 'Not a change of placement'),
    ceasedItems: choose(
      codeOptions('reasonEpisodeCeased', { withCode: true }).filter((o) => o.value !== SAME_DAY_NEW_EPISODE),
      'Choose a reason',
    ),
  };
}

export function careLeaverChoices() {
  return {
    categoryItems: (Object.keys(CARE_LEAVER_CATEGORIES) as CareLeaverCategory[]).map((value) => ({
      value,
      text: CARE_LEAVER_CATEGORIES[value],
      hint: { text: CARE_LEAVER_HINTS[value] },
    })),
  };
}
