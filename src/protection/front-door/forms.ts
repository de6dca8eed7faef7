// The front door's forms, read with the one form reader so one submission
// shows every problem. The checks that need the child's record (dates against
// birth, an open referral) are the service's.
import { z } from 'zod';
import { choice, code, dateInput, dateKey, readForm, text, uuidChoice, type Body, type FormRead } from '../../platform/http/forms.ts';
import { codeOptions } from '../../reference/codes.ts';
import { CONSENT, DECISIONS, THRESHOLD_LEVELS, type Consent, type Decision, type ThresholdLevel } from './rules.ts';

export const REASON_MAX = 2000;
export const WORRIED_MAX = 300;
export const CONSENT_NOTE_MAX = 1000;
export const SUMMARY_MAX = 5000;
export const RATIONALE_MAX = 5000;

export interface ContactInput {
  contactDate: string;
  source: string;
  worriedPerson: string;
  reason: string;
  consent: Consent;
  consentNote: string | null;
  summary: string | null;
}
export const CONTACT_FIELDS = [dateKey('contactDate'), 'source', 'worriedPerson', 'reason', 'consent', 'consentNote', 'summary'];

const contactForm = z.object({
  contactDate: dateInput({ label: 'Date of contact', required: true }),
  source: code('contactSource', { label: 'Source of contact', choose: 'Select who made the contact', wording: 'codes' }),
  worriedPerson: text({ label: 'Who is worried', max: WORRIED_MAX, required: 'Enter who is worried: their name, role and agency' }),
  reason: text({ label: 'What the worry is', max: REASON_MAX, required: 'Enter what the worry is' }),
  consent: choice(CONSENT, { label: 'Consent', choose: 'Select whether the family consented to the contact' }),
  consentNote: text({ label: 'Why consent was not given or not sought', max: CONSENT_NOTE_MAX }),
  summary: text({ label: 'Summary', max: SUMMARY_MAX }),
});

/** Consent not given or not sought needs the reason why, in words. */
export function readContact(body: Body): FormRead<ContactInput> {
  const { values, errors } = readForm(contactForm, body);
  if (values.consent && values.consent !== 'given' && !values.consentNote && !errors.consentNote) {
    errors.consentNote = values.consent === 'not_needed' ? 'Enter why consent was not sought' : 'Enter why consent was not given';
  }
  if (values.consent === 'given' && values.consentNote) values.consentNote = null;
  return { values, errors };
}

export interface DecisionInput {
  decidedOn: string;
  thresholdLevel: ThresholdLevel;
  decision: Decision;
  rationale: string;
  primaryNeed: string | null;
}
export const DECISION_FIELDS = [dateKey('decidedOn'), 'thresholdLevel', 'decision', 'primaryNeed', 'rationale'];

const decisionForm = z.object({
  decidedOn: dateInput({ label: 'Date of decision', required: true, requiredMessage: 'Enter the date of the decision' }),
  thresholdLevel: choice(THRESHOLD_LEVELS, { label: 'Level of need', choose: 'Select the level of need' }),
  decision: choice(DECISIONS, { label: 'Decision', choose: 'Select the decision' }),
  primaryNeed: code('primaryNeed', { label: 'Primary need', wording: 'codes' }),
  rationale: text({ label: 'Reasons for the decision', max: RATIONALE_MAX, required: 'Enter the reasons for the decision' }),
});

/** A referral to children's social care opens a CIN episode, which needs its primary need (CIN census). */
export function readDecision(body: Body): FormRead<DecisionInput> {
  const { values, errors } = readForm(decisionForm, body);
  if (values.decision === 'referral' && !values.primaryNeed && !errors.primaryNeed) errors.primaryNeed = 'Select the primary need of the referral';
  if (values.decision && values.decision !== 'referral') values.primaryNeed = null;
  return { values, errors };
}

export interface AssignInput {
  holderId: string;
}
const assignForm = z.object({ holderId: uuidChoice({ label: 'Who holds the contact', choose: 'Select who holds the contact' }) });

export function readAssign(body: Body): FormRead<AssignInput> {
  return readForm(assignForm, body);
}

const options = (record: Readonly<Record<string, string>>, selected: unknown) =>
  Object.entries(record).map(([value, text]) => ({ value, text, checked: value === selected }));

export function contactChoices(values: Body) {
  return {
    sourceItems: [{ value: '', text: 'Choose a source' }, ...codeOptions('contactSource', { withCode: true })],
    consentItems: options(CONSENT, values.consent),
    reasonMax: REASON_MAX,
    worriedMax: WORRIED_MAX,
    consentNoteMax: CONSENT_NOTE_MAX,
    summaryMax: SUMMARY_MAX,
  };
}

export function decisionChoices(values: Body) {
  return {
    thresholdItems: options(THRESHOLD_LEVELS, values.thresholdLevel),
    decisionItems: options(DECISIONS, values.decision),
    primaryNeedItems: [{ value: '', text: 'Choose a primary need' }, ...codeOptions('primaryNeed', { withCode: true })],
    rationaleMax: RATIONALE_MAX,
  };
}
