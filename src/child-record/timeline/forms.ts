// The timeline's forms, read with the one form reader, so one submission
// shows every problem at once, with a message that names the field. Pure: the
// rules that need the child's record (dates against birth, overlaps) are
// checked by the service, inside the transaction.
import { z } from 'zod';
import { code, choice, dateInput, dateKey, field, postcode, problem, readForm, sentText, type Body, type FormRead } from '../../platform/http/forms.ts';
import { codeOptions } from '../../reference/codes.ts';
import { CARE_LEAVER_CATEGORIES, CARE_LEAVER_HINTS, CARE_PRIMARY_NEEDS, SAME_DAY_NEW_EPISODE, type CareLeaverCategory } from './rules.ts';

// --- Referral (CIN episode) -------------------------------------------------

export interface ReferralInput {
  referralDate: string;
  source: string;
  primaryNeed: string;
}
export const REFERRAL_FIELDS = [dateKey('referralDate'), 'source', 'primaryNeed'];

const referralForm = z.object({
  referralDate: dateInput({ label: 'Referral date', required: true }),
  source: code('referralSource', { label: 'Referral source', choose: 'Select who made the referral', wording: 'codes' }),
  primaryNeed: code('primaryNeed', { label: 'Primary need', choose: 'Select the primary need', wording: 'codes' }),
});

export function readReferral(body: Body): FormRead<ReferralInput> {
  return readForm(referralForm, body);
}

export interface ReferralCloseInput {
  closeDate: string;
  closureReason: string;
}
export const REFERRAL_CLOSE_FIELDS = [dateKey('closeDate'), 'closureReason'];

const referralCloseForm = z.object({
  closeDate: dateInput({ label: 'Closure date', required: true }),
  closureReason: code('cinClosureReason', { label: 'Reason for closure', choose: 'Select the reason for closure', wording: 'codes' }),
});

export function readReferralClose(body: Body): FormRead<ReferralCloseInput> {
  return readForm(referralCloseForm, body);
}

// --- Child protection plan ----------------------------------------------------

export interface CpPlanInput {
  startDate: string;
  category: string;
}
export const CP_PLAN_FIELDS = [dateKey('startDate'), 'category'];

const cpPlanForm = z.object({
  startDate: dateInput({ label: 'Start date', required: true }),
  category: code('cpCategory', { label: 'Initial category of abuse', choose: 'Select the initial category of abuse', wording: 'codes' }),
});

export function readCpPlan(body: Body): FormRead<CpPlanInput> {
  return readForm(cpPlanForm, body);
}

export interface CpCategoryInput {
  category: string;
}

const cpCategoryForm = z.object({
  category: code('cpCategory', { label: 'Latest category of abuse', choose: 'Select the latest category of abuse', wording: 'codes' }),
});

export function readCpCategory(body: Body): FormRead<CpCategoryInput> {
  return readForm(cpCategoryForm, body);
}

export interface EndDateInput {
  endDate: string;
}
export const END_FIELDS = [dateKey('endDate')];

export function readEndDate(body: Body, label: string): FormRead<EndDateInput> {
  return readForm(z.object({ endDate: dateInput({ label, required: true }) }), body);
}

// --- Care episode (SSDA903) ---------------------------------------------------

export interface CareEpisodeInput {
  startDate: string;
  reasonNewEpisode: string;
  legalStatus: string;
  primaryNeed: string;
  placementType: string;
  placementProvider: string | null;
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

const careEpisodeForm = z.object({
  startDate: dateInput({ label: 'Start date', required: true }),
  reasonNewEpisode: code('reasonNewEpisode', { label: 'Reason for new episode', choose: 'Select the reason for the new episode', wording: 'codes' }),
  legalStatus: code('legalStatus', { label: 'Legal status', choose: 'Select the legal status', wording: 'codes' }),
  primaryNeed: code('primaryNeed', { label: 'Category of need', choose: 'Select the category of need', allowed: CARE_PRIMARY_NEEDS, wording: 'codes' }),
  placementType: code('placementType', { label: 'Placement type', choose: 'Select the type of placement', wording: 'codes' }),
  // Required except for the placements that have no provider (checked with the type in the service).
  placementProvider: code('placementProvider', { label: 'Placement provider', wording: 'codes' }),
  placementPostcode: postcode({ label: 'Placement postcode', required: 'Enter the postcode of the placement' }),
  placementUrn: field((sent) => {
    const urn = sentText(sent).replace(/\s+/g, '').toUpperCase();
    if (!urn) return null;
    return URN.test(urn) ? urn : problem('Ofsted URN must be 6 to 8 letters and numbers, like SC123456');
  }),
  reasonPlaceChange: code('reasonPlaceChange', { label: 'Reason for placement change', wording: 'codes' }),
});

export function readCareEpisode(body: Body): FormRead<CareEpisodeInput> {
  return readForm(careEpisodeForm, body);
}

export interface CareEpisodeEndInput {
  endDate: string;
  reasonCeased: string;
}
export const CARE_EPISODE_END_FIELDS = [dateKey('endDate'), 'reasonCeased'];

/** Reasons an episode can cease from the end form: X1 is recorded for you when a new episode starts. */
export const CEASED_REASONS = codeOptions('reasonEpisodeCeased').filter((o) => o.value !== SAME_DAY_NEW_EPISODE).map((o) => o.value);

const careEpisodeEndForm = z.object({
  endDate: dateInput({ label: 'Date care ended', required: true }),
  reasonCeased: field((sent) =>
    sentText(sent).trim() === SAME_DAY_NEW_EPISODE
      ? problem('Reason care ended cannot be X1: to record a change of placement or legal status, start a new episode instead')
      : sent,
  ).pipe(code('reasonEpisodeCeased', { label: 'Reason care ended', choose: 'Select why the child stopped being looked after', allowed: CEASED_REASONS, wording: 'codes' })),
});

export function readCareEpisodeEnd(body: Body): FormRead<CareEpisodeEndInput> {
  return readForm(careEpisodeEndForm, body);
}

// --- Care leaver --------------------------------------------------------------

const careLeaverForm = z.object({
  category: choice(CARE_LEAVER_CATEGORIES, { label: 'Care leaver category', choose: 'Select the care leaver category' }),
});

export function readCareLeaver(body: Body): FormRead<{ category: CareLeaverCategory }> {
  return readForm(careLeaverForm, body);
}

// --- What the templates need --------------------------------------------------

function choose(items: { value: string; text: string }[], prompt: string) {
  return [{ value: '', text: prompt }, ...items];
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
