/**
 * GOV.UK date inputs send three fields: `<name>-day`, `<name>-month`, `<name>-year`.
 * These helpers turn them into 'YYYY-MM-DD' with the Design System's error wording.
 */

export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export interface DateFieldOptions {
  /** How the field is named in messages, e.g. 'Date of birth'. */
  label: string;
  required?: boolean;
  /** The message when a required date is left empty; 'Enter <label>' without one. */
  requiredMessage?: string;
  /** Refuse dates after this day ('YYYY-MM-DD'). */
  notAfter?: string;
  /** Refuse dates before this day. */
  notBefore?: string;
  notAfterMessage?: string;
  notBeforeMessage?: string;
}

export type DateFieldResult = { value: string | null; error?: undefined } | { value?: undefined; error: string };

export function readDateField(body: Record<string, unknown>, name: string, options: DateFieldOptions): DateFieldResult {
  return readDateParts(dateParts(body, name), options);
}

/** The three boxes of a date input as sent, trimmed; the first value when a name was sent twice. */
export function dateParts(body: Record<string, unknown>, name: string): { day: string; month: string; year: string } {
  const part = (suffix: string) => {
    const value = body[`${name}-${suffix}`];
    return String((Array.isArray(value) ? value[0] : value) ?? '').trim();
  };
  return { day: part('day'), month: part('month'), year: part('year') };
}

/** Reads a date from its three boxes, with the GOV.UK wording for each problem. */
export function readDateParts(parts: { day: string; month: string; year: string }, options: DateFieldOptions): DateFieldResult {
  const { day, month, year } = parts;
  if (!day && !month && !year) {
    return options.required ? { error: options.requiredMessage ?? `Enter ${lowerFirst(options.label)}` } : { value: null };
  }
  const missing = [!day && 'day', !month && 'month', !year && 'year'].filter(Boolean);
  if (missing.length) return { error: `${options.label} must include a ${missing.join(' and ')}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { error: `${options.label} must be a real date, for example 27 3 2020` };
  }
  const value = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!isRealDate(value)) return { error: `${options.label} must be a real date, for example 27 3 2020` };
  if (options.notAfter && value > options.notAfter) {
    return { error: options.notAfterMessage ?? `${options.label} must be today or in the past` };
  }
  if (options.notBefore && value < options.notBefore) {
    return { error: options.notBeforeMessage ?? `${options.label} must be on or after ${options.notBefore}` };
  }
  return { value };
}

/** The three values for a GOV.UK date input's items, from a stored date or the submitted form. */
export function dateInputItems(body: Record<string, unknown> | undefined, name: string, stored?: string | null, hasError = false) {
  const [year, month, day] = stored ? stored.split('-') : [];
  const sent = (suffix: string) => {
    const value = body![`${name}-${suffix}`];
    return String((Array.isArray(value) ? value[0] : value) ?? '');
  };
  const pick = (suffix: string, fallback: string | undefined) => (body ? sent(suffix) : (fallback ?? ''));
  const error = hasError ? ' govuk-input--error' : '';
  return [
    { name: 'day', classes: `govuk-input--width-2${error}`, value: pick('day', day ? String(Number(day)) : undefined) },
    { name: 'month', classes: `govuk-input--width-2${error}`, value: pick('month', month ? String(Number(month)) : undefined) },
    { name: 'year', classes: `govuk-input--width-4${error}`, value: pick('year', year) },
  ];
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
