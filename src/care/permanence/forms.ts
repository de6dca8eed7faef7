// The permanence plan, support plan and journey home forms, read with the one
// form reader so one submission shows every problem. The checks that need the
// child's care history are the service's (see rules.ts).
import { z } from 'zod';
import type { PermanencePlanKind, ReunificationStep } from '../../db/schema.ts';
import { choice, dateInput, dateKey, field, problem, readForm, sentText, text, uuidChoice, type Body, type FormRead } from '../../platform/http/forms.ts';
import { PLAN_LABELS, STEP_LABELS } from './rules.ts';

export const NOTE_MAX = 2000;
export const WHAT_MAX = 300;
export const PROVIDER_MAX = 200;
export const STEP_NOTE_MAX = 1000;

export interface PlanForm {
  plan: PermanencePlanKind;
  parallelPlan: PermanencePlanKind | null;
  decidedOn: string;
  reviewId: string | null;
  note: string | null;
}
export const PLAN_FIELDS = ['plan', 'parallelPlan', dateKey('decidedOn'), 'reviewId', 'note'];

const planForm = z.object({
  plan: choice(PLAN_LABELS, { label: 'The plan', choose: 'Select the plan for permanence' }),
  parallelPlan: field<PermanencePlanKind | null>((sent) => {
    const value = sentText(sent).trim();
    if (!value) return null;
    return Object.hasOwn(PLAN_LABELS, value) ? (value as PermanencePlanKind) : problem('The parallel plan must be one of the options listed');
  }),
  decidedOn: dateInput({ label: 'Date the plan was decided', required: true, requiredMessage: 'Enter the date the plan was decided' }),
  reviewId: uuidChoice({ label: 'The review', invalid: 'The review must be one of the looked-after reviews listed' }),
  note: text({ label: 'Notes', max: NOTE_MAX }),
});

export function readPlan(body: Body): FormRead<PlanForm> {
  return readForm(planForm, body);
}

export interface SupportForm {
  what: string;
  provider: string;
  fromDate: string;
  toDate: string | null;
}
export const SUPPORT_FIELDS = ['what', 'provider', dateKey('fromDate'), dateKey('toDate')];

const supportForm = z.object({
  what: text({ label: 'What support', max: WHAT_MAX, required: 'Enter what support is given, for example parenting support' }),
  provider: text({ label: 'Who gives it', max: PROVIDER_MAX, required: 'Enter who gives the support, for example the family support worker' }),
  fromDate: dateInput({ label: 'Date the support began', required: true, requiredMessage: 'Enter the date the support began' }),
  toDate: dateInput({ label: 'Date the support ends' }),
});

export function readSupport(body: Body): FormRead<SupportForm> {
  return readForm(supportForm, body);
}

export interface StepForm {
  step: ReunificationStep;
  stepDate: string;
  note: string | null;
}
export const STEP_FIELDS = ['step', dateKey('stepDate'), 'note'];

const stepForm = z.object({
  step: choice(STEP_LABELS, { label: 'The step', choose: 'Select the step on the journey home' }),
  stepDate: dateInput({ label: 'Date', required: true, requiredMessage: 'Enter the date of the step' }),
  note: text({ label: 'Notes', max: STEP_NOTE_MAX }),
});

export function readStep(body: Body): FormRead<StepForm> {
  return readForm(stepForm, body);
}
