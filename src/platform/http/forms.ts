// The one way to read a submitted form. A form is a zod object whose fields
// are built from the field schemas below (or any zod schema); `readForm` reads
// every field on its own, so one submission shows every problem at once, each
// with the GOV.UK wording for its field. Rules that need the record (dates
// against birth, overlaps) are the service's, inside its transaction.
import { z } from 'zod';
import { isCode, type CodeSetName } from '../../reference/codes.ts';
import { normalisePostcode } from '../../reference/geography.ts';
import { isUuid } from '../access/policy.ts';
import { dateInputItems, dateParts, readDateParts, type DateFieldOptions } from './dates.ts';
import type { FieldErrors } from './errors.ts';

/** A submitted form as Fastify's formbody parser gives it. */
export type Body = Record<string, unknown>;

/** What a form gave: the fields that could be read, and a message for each that could not. */
export interface FormRead<T> {
  values: Partial<T>;
  errors: FieldErrors;
}

/** Whether every field could be read: then `values` holds them all. */
export function formComplete<T>(read: FormRead<T>): read is { values: T; errors: FieldErrors } {
  return Object.keys(read.errors).length === 0;
}

/** Date inputs: their value comes from three boxes, and their problem is shown against the first. */
const dateInputs = new WeakSet<z.ZodType>();

/**
 * Reads a form: each field of `schema` from `body`, the values of those that
 * could be read and the first message for each that could not, in the order
 * of the form. A date input's message is put against its day box.
 */
export function readForm<S extends z.ZodObject>(schema: S, body: unknown): FormRead<z.output<S>> {
  const sent = (body && typeof body === 'object' ? body : {}) as Body;
  const values: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const isDate = dateInputs.has(field);
    const result = field.safeParse(isDate ? dateParts(sent, name) : sent[name]);
    if (result.success) {
      if (result.data !== undefined) values[name] = result.data;
    } else {
      errors[isDate ? dateKey(name) : name] = result.error.issues[0]?.message ?? 'Check this answer';
    }
  }
  return { values: values as Partial<z.output<S>>, errors };
}

// --- Field schemas --------------------------------------------------------------

/** One value as a form sends it: the first when a name was sent twice, '' when absent. */
export function sentText(value: unknown): string {
  return String((Array.isArray(value) ? value[0] : value) ?? '');
}

/** One text field, trimmed; the first value when a name was sent twice. */
export function textField(body: Body, name: string): string {
  return sentText(body[name]).trim();
}

/** What a field reader returns for a value it refuses: the message for the error summary. */
export type Problem = { problem: string };
export const problem = (message: string): Problem => ({ problem: message });
function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'problem' in value;
}

/** A field read by `read`: its value, or a problem whose message goes in the error summary. */
export function field<T>(read: (sent: unknown) => T | Problem) {
  return z.unknown().transform((sent, ctx): T => {
    const result = read(sent);
    if (isProblem(result)) {
      ctx.addIssue({ code: 'custom', message: result.problem });
      return z.NEVER;
    }
    return result;
  });
}

const tooLong = (label: string, max: number) => `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`;

export interface TextOptions {
  /** How the field is named in messages, e.g. 'Summary'. */
  label: string;
  max: number;
  /** The message when it is left empty; without one, empty is null. */
  required?: string;
  /** Keep the text as typed (line breaks, indentation), dropping only trailing space. */
  keepLayout?: boolean;
  /** The message when it is too long; '<label> must be <max> characters or fewer' without one. */
  tooLong?: string;
}

/** A text input or textarea, trimmed, up to `max` characters. */
export function text(options: TextOptions & { required: string }): ReturnType<typeof field<string>>;
export function text(options: TextOptions): ReturnType<typeof field<string | null>>;
export function text(options: TextOptions) {
  return field<string | null>((sent) => {
    const value = options.keepLayout ? sentText(sent).replace(/\r\n/g, '\n').trimEnd() : sentText(sent).trim();
    if (!value.trim()) return options.required ? problem(options.required) : null;
    if (value.length > options.max) return problem(options.tooLong ?? tooLong(options.label, options.max));
    return value;
  });
}

/** Yes/no radios sending 'yes' or 'no'. */
export function yesNo(choose: string) {
  return field<boolean>((sent) => {
    const value = sentText(sent).trim();
    if (value === 'yes') return true;
    if (value === 'no') return false;
    return problem(choose);
  });
}

/** Yes/no radios that may be left unanswered (null); anything else is refused with `invalid`. */
export function optionalYesNo(invalid = 'Select yes or no') {
  return field<boolean | null>((sent) => {
    const value = sentText(sent).trim();
    if (value === 'yes') return true;
    if (value === 'no') return false;
    return value === '' ? null : problem(invalid);
  });
}

/** A single checkbox: ticked when it sends `value`. */
export function ticked(value = 'yes') {
  return field<boolean>((sent) => sentText(sent).trim() === value);
}

/** One of a fixed set of options (radios or a select), keyed by the value sent. */
export function choice<K extends string>(choices: Readonly<Record<K, unknown>> | readonly K[], messages: { label: string; choose: string; invalid?: string }) {
  const allowed = (v: string): v is K => (Array.isArray(choices) ? choices.includes(v as K) : Object.hasOwn(choices, v));
  return field<K>((sent) => {
    const value = sentText(sent).trim();
    if (!value) return problem(messages.choose);
    return allowed(value) ? value : problem(messages.invalid ?? `${messages.label} must be one of the options listed`);
  });
}

export interface CodeOptions {
  label: string;
  /** The message when none is chosen; without one, none is null. */
  choose?: string;
  /** Only these codes of the set may be chosen here. */
  allowed?: readonly string[];
  /** 'codes' names the value sent in the message ('must be one of the codes listed: "X" is not one of them'). */
  wording?: 'options' | 'codes';
}

/** A code from one of the DfE code sets (src/reference/codes.ts), exactly as published. */
export function code(set: CodeSetName, options: CodeOptions & { choose: string }): ReturnType<typeof field<string>>;
export function code(set: CodeSetName, options: CodeOptions): ReturnType<typeof field<string | null>>;
export function code(set: CodeSetName, options: CodeOptions) {
  return field<string | null>((sent) => {
    const value = sentText(sent).trim();
    if (!value) return options.choose ? problem(options.choose) : null;
    if (isCode(set, value) && (!options.allowed || options.allowed.includes(value))) return value;
    return problem(
      options.wording === 'codes'
        ? `${options.label} must be one of the codes listed: "${value.slice(0, 20)}" is not one of them`
        : `${options.label} must be one of the options listed`,
    );
  });
}

/** A time of day on the 24-hour clock ('9:05', '14.30'), as 'HH:MM'; empty is null. */
export function timeOfDay(options: { label: string }) {
  return field<string | null>((sent) => {
    const time = sentText(sent).trim();
    if (!time) return null;
    const match = /^(\d{1,2})[:.](\d{2})$/.exec(time);
    if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) return problem(`${options.label} must be a real time on the 24-hour clock, like 14:30`);
    return `${match[1]!.padStart(2, '0')}:${match[2]}`;
  });
}

/** A GOV.UK date input in three boxes (`<name>-day`, `-month`, `-year`), as 'YYYY-MM-DD'. */
export function dateInput(options: DateFieldOptions & { required: true }): ReturnType<typeof field<string>>;
export function dateInput(options: DateFieldOptions): ReturnType<typeof field<string | null>>;
export function dateInput(options: DateFieldOptions) {
  const schema = field<string | null>((sent) => {
    const result = readDateParts(sent as { day: string; month: string; year: string }, options);
    return result.error !== undefined ? problem(result.error) : result.value;
  });
  dateInputs.add(schema);
  return schema;
}

/** A UK postcode, normalised ('bn214ab' -> 'BN21 4AB'). */
export function postcode(options: { label: string; required: string }): ReturnType<typeof field<string>>;
export function postcode(options: { label: string; required?: string }): ReturnType<typeof field<string | null>>;
export function postcode(options: { label: string; required?: string }) {
  return field<string | null>((sent) => {
    const value = sentText(sent).trim();
    if (!value) return options.required ? problem(options.required) : null;
    return normalisePostcode(value) ?? problem(`${options.label} must be a real UK postcode, like BN21 4AB`);
  });
}

export interface NumberOptions {
  label: string;
  min: number;
  max: number;
  /** The message when it is left empty; without one, empty is null. */
  required?: string;
  /** The message for anything that is not a number of the right form (or, without `outOfRange`, not in the range). */
  invalid?: string;
  /** The message for a number outside the range. */
  outOfRange?: string;
  /** Decimals only: the most digits allowed after the point. */
  places?: number;
}

/** A whole number from `min` to `max`. */
export function wholeNumber(options: NumberOptions & { required: string }): ReturnType<typeof field<number>>;
export function wholeNumber(options: NumberOptions): ReturnType<typeof field<number | null>>;
export function wholeNumber(options: NumberOptions) {
  return numberField(options, /^-?\d+$/, `${options.label} must be a whole number from ${options.min} to ${options.max}`);
}

/** A number, with a decimal point if wanted, from `min` to `max`. */
export function decimal(options: NumberOptions & { required: string }): ReturnType<typeof field<number>>;
export function decimal(options: NumberOptions): ReturnType<typeof field<number | null>>;
export function decimal(options: NumberOptions) {
  const shape = options.places === undefined ? /^-?(\d+(\.\d*)?|\.\d+)$/ : new RegExp(`^-?\\d+(\\.\\d{1,${options.places}})?$`);
  return numberField(options, shape, `${options.label} must be a number from ${options.min} to ${options.max}`);
}

function numberField(options: NumberOptions, shape: RegExp, invalid: string) {
  return field<number | null>((sent) => {
    const value = sentText(sent).trim();
    if (!value) return options.required ? problem(options.required) : null;
    if (!shape.test(value)) return problem(options.invalid ?? invalid);
    const n = Number(value);
    if (n < options.min || n > options.max) return problem(options.outOfRange ?? options.invalid ?? invalid);
    return n;
  });
}

/** Checkboxes: every value ticked, once each, each of them allowed. */
export function checkboxes(allowed: readonly string[] | ((value: string) => boolean), invalid: string) {
  const ok = typeof allowed === 'function' ? allowed : (v: string) => allowed.includes(v);
  return field<string[]>((sent) => {
    const all = Array.isArray(sent) ? sent : sent === undefined ? [] : [sent];
    const values = [...new Set(all.map((v) => String(v).trim()).filter(Boolean))];
    return values.every(ok) ? values : problem(invalid);
  });
}

export interface UuidChoiceOptions {
  label: string;
  /** The message when none is chosen; without one, none is null. */
  choose?: string;
  invalid?: string;
}

/** The id of a record chosen from a list: null when none is chosen and `choose` is not given. */
export function uuidChoice(options: UuidChoiceOptions & { choose: string }): ReturnType<typeof field<string>>;
export function uuidChoice(options: UuidChoiceOptions): ReturnType<typeof field<string | null>>;
export function uuidChoice(options: UuidChoiceOptions) {
  return field<string | null>((sent) => {
    const value = sentText(sent).trim();
    if (!value) return options.choose ? problem(options.choose) : null;
    return isUuid(value) ? value : problem(options.invalid ?? `${options.label} must be one of the options listed`);
  });
}

// --- Showing a form again ---------------------------------------------------------

/** Orders field errors as the form shows its fields, so the error summary reads top to bottom. */
export function orderErrors(errors: Record<string, string>, order: readonly string[]): Record<string, string> {
  const ordered: Record<string, string> = {};
  for (const field of order) if (errors[field]) ordered[field] = errors[field];
  for (const [field, message] of Object.entries(errors)) ordered[field] ??= message;
  return ordered;
}

/** The field a date input's error links to: its first box. */
export function dateKey(name: string): string {
  return `${name}-day`;
}

/** Date boxes for a form: from what was sent, or from a stored date. */
export function dateItems(body: Body | undefined, name: string, errors: FieldErrors, stored?: string | null) {
  return dateInputItems(body, name, stored, Boolean(errors[dateKey(name)]));
}
