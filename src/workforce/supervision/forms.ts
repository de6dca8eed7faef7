// Reading the supervision forms with the one form reader, so one submission
// shows every problem at once. Pure: the caller passes today and the people
// an action may be given to.
import { z } from 'zod';
import type { SupervisionKind, Wellbeing } from '../../db/schema.ts';
import { dateInputItems } from '../../platform/http/dates.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { ACTION_MAX, KIND_LABELS, MAX_ACTIONS, SUMMARY_MAX, WELLBEING_LABELS } from './rules.ts';
import { choice, dateInput, field, readForm, sentText, text, yesNo, type Body, type FormRead } from '../../platform/http/forms.ts';

/** A long answer: the browser's \r\n line breaks read as \n, then trimmed as any text. */
function longText<S extends z.ZodType>(schema: S) {
  return z.preprocess((sent) => sentText(sent).replace(/\r\n/g, '\n'), schema);
}

export interface ActionInput {
  description: string;
  ownerId: string;
  dueOn: string;
}

export interface SupervisionInput {
  heldOn: string;
  kind: SupervisionKind;
  wellbeing: Wellbeing;
  workloadDiscussed: boolean;
  summary: string;
  privateReflection: string | null;
  actions: ActionInput[];
}

export const ACTION_ROWS = 3;

export function supervisionFields(): string[] {
  const fields = ['heldOn-day', 'kind', 'wellbeing', 'workloadDiscussed', 'summary', 'privateReflection'];
  for (let i = 1; i <= ACTION_ROWS; i++) fields.push(`action${i}Description`, `action${i}Owner`, `action${i}Due-day`);
  return fields;
}

function supervisionForm(today: string) {
  return z.object({
    heldOn: dateInput({ label: 'Date of the supervision', required: true, notAfter: today, notBefore: '2000-01-01' }),
    kind: choice(KIND_LABELS, { label: 'Type of supervision', choose: 'Select the type of supervision', invalid: 'Type of supervision must be one of the types listed' }),
    wellbeing: choice(WELLBEING_LABELS, { label: 'Wellbeing', choose: 'Select how the worker is', invalid: 'Wellbeing must be one of the choices listed' }),
    workloadDiscussed: yesNo('Select whether workload was discussed'),
    summary: longText(text({ label: 'What was discussed', max: SUMMARY_MAX, required: 'Enter what was discussed and agreed' })),
    privateReflection: longText(text({ label: 'Private reflection', max: SUMMARY_MAX })),
  });
}

const actionNumbers = Array.from({ length: Math.min(ACTION_ROWS, MAX_ACTIONS) }, (_, i) => i + 1);

/** The person an action is given to, as sent: checked against the people listed below. */
const ownerAnswer = field((sent) => sentText(sent).trim() || null);

/**
 * The numbered action rows, each field read on its own. Whether a row must be
 * complete depends on whether anything was entered in it, so that is checked
 * after reading; an action is due on or after the supervision (or today, when
 * its date could not be read).
 */
function actionRowsForm(notBefore: string) {
  const shape: Record<string, ReturnType<typeof field<string | null>>> = {};
  for (const n of actionNumbers) {
    shape[`action${n}Description`] = text({ label: `Action ${n}`, max: ACTION_MAX });
    shape[`action${n}Owner`] = ownerAnswer;
    shape[`action${n}Due`] = dateInput({
      label: `Due date of action ${n}`,
      notBefore,
      notBeforeMessage: `Due date of action ${n} must be on or after the date of the supervision`,
    });
  }
  return z.object(shape);
}

export function readSupervision(body: Body, today: string, owners: readonly string[]): FormRead<SupervisionInput> {
  const { values: main, errors } = readForm(supervisionForm(today), body);
  const rows = readForm(actionRowsForm(main.heldOn ?? today), body);
  Object.assign(errors, rows.errors);
  const actions: ActionInput[] = [];
  for (const n of actionNumbers) {
    const sentInRow = [`action${n}Description`, `action${n}Owner`, `action${n}Due-day`, `action${n}Due-month`, `action${n}Due-year`];
    if (sentInRow.every((name) => !sentText(body[name]).trim())) continue;
    const description = rows.values[`action${n}Description`];
    const owner = rows.values[`action${n}Owner`];
    const due = rows.values[`action${n}Due`];
    if (!description && !errors[`action${n}Description`]) errors[`action${n}Description`] = `Enter what action ${n} is`;
    if (!owner) errors[`action${n}Owner`] = `Select who owns action ${n}`;
    else if (!owners.includes(owner)) errors[`action${n}Owner`] = `The owner of action ${n} must be one of the people listed`;
    if (!due && !errors[`action${n}Due-day`]) errors[`action${n}Due-day`] = `Enter due date of action ${n}`;
    if (description && owner && owners.includes(owner) && due) actions.push({ description, ownerId: owner, dueOn: due });
  }
  return { values: { ...main, actions }, errors };
}

/** Errors in the order the fields appear on the page, for the error summary. */
export function orderedErrors(errors: FieldErrors, fields: readonly string[]): FieldErrors {
  const ordered: FieldErrors = {};
  for (const field of fields) if (errors[field]) ordered[field] = errors[field];
  for (const [field, message] of Object.entries(errors)) if (!ordered[field]) ordered[field] = message;
  return ordered;
}

export function actionRows(values: Body, errors: FieldErrors) {
  const rows = [];
  for (let i = 1; i <= ACTION_ROWS; i++) {
    rows.push({
      n: i,
      description: sentText(values[`action${i}Description`]),
      owner: sentText(values[`action${i}Owner`]),
      dueItems: dateInputItems(Object.keys(values).length ? values : undefined, `action${i}Due`, null, Boolean(errors[`action${i}Due-day`])),
    });
  }
  return rows;
}

export interface OversightInput {
  heldOn: string;
  decision: string;
  direction: string;
}

export const OVERSIGHT_FIELDS = ['heldOn-day', 'decision', 'direction'];

function oversightForm(today: string) {
  return z.object({
    heldOn: dateInput({ label: 'Date of the oversight', required: true, notAfter: today, notBefore: '2000-01-01' }),
    decision: longText(text({ label: 'The decision', max: SUMMARY_MAX, required: 'Enter the decision made' })),
    direction: longText(text({ label: 'The direction', max: SUMMARY_MAX, required: 'Enter the direction given to the worker' })),
  });
}

export function readOversight(body: Body, today: string): FormRead<OversightInput> {
  return readForm(oversightForm(today), body);
}
