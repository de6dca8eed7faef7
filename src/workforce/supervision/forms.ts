// Reading the supervision forms: every field on its own, so one submission
// shows every problem at once. Pure: the caller passes today and the people
// an action may be given to.
import type { SupervisionKind, Wellbeing } from '../../db/schema.ts';
import { dateInputItems, readDateField } from '../../platform/http/dates.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { ACTION_MAX, KIND_LABELS, MAX_ACTIONS, SUMMARY_MAX, WELLBEING_LABELS } from './rules.ts';
import type { Body, FormRead } from '../../platform/http/forms.ts';

function text(body: Body, name: string): string {
  const value = body[name];
  return String((Array.isArray(value) ? value[0] : value) ?? '');
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

export function readSupervision(body: Body, today: string, owners: readonly string[]): FormRead<SupervisionInput> {
  const errors: FieldErrors = {};
  const values: Partial<SupervisionInput> = {};
  const held = readDateField(body, 'heldOn', { label: 'Date of the supervision', required: true, notAfter: today, notBefore: '2000-01-01' });
  if (held.error) errors['heldOn-day'] = held.error;
  else if (held.value) values.heldOn = held.value;

  const kind = text(body, 'kind').trim();
  if (!kind) errors.kind = 'Select the type of supervision';
  else if (!Object.hasOwn(KIND_LABELS, kind)) errors.kind = 'Type of supervision must be one of the types listed';
  else values.kind = kind as SupervisionKind;

  const wellbeing = text(body, 'wellbeing').trim();
  if (!wellbeing) errors.wellbeing = 'Select how the worker is';
  else if (!Object.hasOwn(WELLBEING_LABELS, wellbeing)) errors.wellbeing = 'Wellbeing must be one of the choices listed';
  else values.wellbeing = wellbeing as Wellbeing;

  const workload = text(body, 'workloadDiscussed');
  if (workload !== 'yes' && workload !== 'no') errors.workloadDiscussed = 'Select whether workload was discussed';
  else values.workloadDiscussed = workload === 'yes';

  const summary = text(body, 'summary').replace(/\r\n/g, '\n').trim();
  if (!summary) errors.summary = 'Enter what was discussed and agreed';
  else if (summary.length > SUMMARY_MAX) errors.summary = `What was discussed must be ${SUMMARY_MAX.toLocaleString('en-GB')} characters or fewer`;
  else values.summary = summary;

  const reflection = text(body, 'privateReflection').replace(/\r\n/g, '\n').trim();
  if (reflection.length > SUMMARY_MAX) errors.privateReflection = `Private reflection must be ${SUMMARY_MAX.toLocaleString('en-GB')} characters or fewer`;
  else values.privateReflection = reflection || null;

  const actions: ActionInput[] = [];
  for (let i = 1; i <= Math.min(ACTION_ROWS, MAX_ACTIONS); i++) {
    const description = text(body, `action${i}Description`).trim();
    const owner = text(body, `action${i}Owner`).trim();
    const dueParts = ['day', 'month', 'year'].map((p) => text(body, `action${i}Due-${p}`).trim());
    if (!description && !owner && dueParts.every((p) => !p)) continue;
    const label = `Action ${i}`;
    if (!description) errors[`action${i}Description`] = `Enter what action ${i} is`;
    else if (description.length > ACTION_MAX) errors[`action${i}Description`] = `${label} must be ${ACTION_MAX} characters or fewer`;
    if (!owner) errors[`action${i}Owner`] = `Select who owns action ${i}`;
    else if (!owners.includes(owner)) errors[`action${i}Owner`] = `The owner of action ${i} must be one of the people listed`;
    const due = readDateField(body, `action${i}Due`, {
      label: `Due date of action ${i}`,
      required: true,
      notBefore: values.heldOn ?? today,
      notBeforeMessage: `Due date of action ${i} must be on or after the date of the supervision`,
    });
    if (due.error) errors[`action${i}Due-day`] = due.error;
    if (description && owner && owners.includes(owner) && due.value && description.length <= ACTION_MAX) {
      actions.push({ description, ownerId: owner, dueOn: due.value });
    }
  }
  values.actions = actions;
  return { values, errors };
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
      description: text(values, `action${i}Description`),
      owner: text(values, `action${i}Owner`),
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

export function readOversight(body: Body, today: string): FormRead<OversightInput> {
  const errors: FieldErrors = {};
  const values: Partial<OversightInput> = {};
  const held = readDateField(body, 'heldOn', { label: 'Date of the oversight', required: true, notAfter: today, notBefore: '2000-01-01' });
  if (held.error) errors['heldOn-day'] = held.error;
  else if (held.value) values.heldOn = held.value;
  const decision = text(body, 'decision').replace(/\r\n/g, '\n').trim();
  if (!decision) errors.decision = 'Enter the decision made';
  else if (decision.length > SUMMARY_MAX) errors.decision = `The decision must be ${SUMMARY_MAX.toLocaleString('en-GB')} characters or fewer`;
  else values.decision = decision;
  const direction = text(body, 'direction').replace(/\r\n/g, '\n').trim();
  if (!direction) errors.direction = 'Enter the direction given to the worker';
  else if (direction.length > SUMMARY_MAX) errors.direction = `The direction must be ${SUMMARY_MAX.toLocaleString('en-GB')} characters or fewer`;
  else values.direction = direction;
  return { values, errors };
}
