// The forms of a child's adoption page, read with the one form reader so one
// submission shows every problem. The checks that need the record (the order
// of the steps, the periods of care, birth) are the service's.
import { z } from 'zod';
import { choice, dateInput, dateKey, field, problem, readForm, sentText, text, type Body, type FormRead } from '../../platform/http/forms.ts';
import {
  ADOPTER_LEGAL_STATUS,
  ADOPTER_SEX,
  adopterProblems,
  CEASED_REASONS,
  PREVIOUS_PERMANENCE,
  STEPS,
  type AdopterLegalStatus,
  type AdopterSex,
  type AdoptionStep,
  type CeasedReason,
  type PreviousPermanence,
} from './rules.ts';

export interface StepInput {
  step: AdoptionStep;
  on: string;
  adoptersCount: 1 | 2 | null;
  adoptersSex: AdopterSex | null;
  adoptersLegalStatus: AdopterLegalStatus | null;
  fosterCarers: boolean | null;
}
export const STEP_FIELDS = ['step', dateKey('on'), 'adoptersCount', 'adoptersSex', 'adoptersLegalStatus', 'fosterCarers'];

const optional = <K extends string>(choices: Readonly<Record<K, unknown>>, label: string) =>
  field<K | null>((sent) => {
    const value = sentText(sent).trim();
    if (!value) return null;
    return Object.hasOwn(choices, value) ? (value as K) : problem(`${label} must be one of the options listed`);
  });

const stepForm = z.object({
  step: choice(STEPS, { label: 'Step', choose: 'Select the step to record' }),
  on: dateInput({ label: 'Date', required: true, requiredMessage: 'Enter the date of the step' }),
  adoptersCount: optional({ '1': 'One', '2': 'Two' }, 'Number of adopters'),
  adoptersSex: optional(ADOPTER_SEX, 'Who the adopters are'),
  adoptersLegalStatus: optional(ADOPTER_LEGAL_STATUS, 'Adopters’ legal status'),
  fosterCarers: optional({ yes: true, no: false }, 'Whether the adopters are the child’s foster carers'),
});

/**
 * A step of the child's adoption. The match asks for the adopters as the
 * SSDA903 AD1 table codes them, each required and consistent with the
 * others; for the other steps the adopters' answers are refused, so nothing
 * unasked is stored.
 */
export function readStep(body: Body): FormRead<StepInput> {
  const { values, errors } = readForm(stepForm, body);
  const raw = values as Record<string, unknown>;
  const read: Partial<StepInput> = {
    ...(values.step !== undefined && { step: values.step }),
    ...(values.on !== undefined && { on: values.on }),
    adoptersCount: raw.adoptersCount === '1' ? 1 : raw.adoptersCount === '2' ? 2 : null,
    adoptersSex: (raw.adoptersSex as AdopterSex | null | undefined) ?? null,
    adoptersLegalStatus: (raw.adoptersLegalStatus as AdopterLegalStatus | null | undefined) ?? null,
    fosterCarers: raw.fosterCarers === 'yes' ? true : raw.fosterCarers === 'no' ? false : null,
  };
  const adopterFields = ['adoptersCount', 'adoptersSex', 'adoptersLegalStatus', 'fosterCarers'] as const;
  if (read.step === 'matched') {
    const missing: Record<(typeof adopterFields)[number], string> = {
      adoptersCount: 'Select how many adopters there are',
      adoptersSex: 'Select who the adopters are',
      adoptersLegalStatus: 'Select the adopters’ legal status',
      fosterCarers: 'Select whether the adopters are the child’s foster carers',
    };
    for (const f of adopterFields) if (read[f] === null && !errors[f]) errors[f] = missing[f];
    const consistency = adopterProblems({ count: read.adoptersCount ?? undefined, sex: read.adoptersSex ?? undefined, legalStatus: read.adoptersLegalStatus ?? undefined });
    for (const [f, message] of Object.entries(consistency)) errors[f] ??= message;
  } else if (read.step) {
    for (const f of adopterFields) if (read[f] !== null && !errors[f]) errors[f] = 'Leave the adopters’ answers empty: they are recorded with the match';
  }
  return { values: read, errors };
}

export interface CeasedInput {
  on: string;
  reason: CeasedReason;
}
export const CEASED_FIELDS = [dateKey('on'), 'reason'];

const ceasedForm = z.object({
  on: dateInput({ label: 'Date of the decision', required: true, requiredMessage: 'Enter the date of the decision that the child should no longer be placed for adoption' }),
  reason: choice(CEASED_REASONS, { label: 'Reason', choose: 'Select the reason the child should no longer be placed for adoption' }),
});

export function readCeased(body: Body): FormRead<CeasedInput> {
  return readForm(ceasedForm, body);
}

export interface PreviousPermanenceInput {
  careStartedOn: string;
  option: PreviousPermanence;
  laCode: string | null;
  orderOn: string | null;
}
export const PREVIOUS_FIELDS = ['careStartedOn', 'option', 'laCode', dateKey('orderOn')];

const previousForm = z.object({
  careStartedOn: field<string>((sent) => {
    const value = sentText(sent).trim();
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : problem('Select the time the child started to be looked after');
  }),
  option: choice(PREVIOUS_PERMANENCE, { label: 'Previous permanence', choose: 'Select what the child had before they started to be looked after' }),
  laCode: text({ label: 'Council that arranged it', max: 10 }),
  orderOn: dateInput({ label: 'Date of the order' }),
});

export function readPreviousPermanence(body: Body): FormRead<PreviousPermanenceInput> {
  const read = readForm(previousForm, body);
  if (read.values.laCode && !/^[A-Za-z0-9]+$/.test(read.values.laCode)) read.errors.laCode ??= 'Council that arranged it must be its DfE code: letters and numbers only, like 845';
  else if (read.values.laCode) read.values.laCode = read.values.laCode.toUpperCase();
  return read;
}
