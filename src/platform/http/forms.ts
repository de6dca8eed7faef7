import type { z } from 'zod';
import { dateInputItems, readDateField } from './dates.ts';
import type { FieldErrors } from './errors.ts';

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, unknown> };

/** Validates a submitted form; on failure returns the first message for each field. */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const values = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return { ok: false, errors, values };
}

/** A submitted form as Fastify's formbody parser gives it. */
export type Body = Record<string, unknown>;

/** What a form gave: the fields that could be read, and a message for each that could not. */
export interface FormRead<T> {
  values: Partial<T>;
  errors: FieldErrors;
}

/** One text field, trimmed; the first value when a name was sent twice. */
export function textField(body: Body, name: string): string {
  const value = body[name];
  return String((Array.isArray(value) ? value[0] : value) ?? '').trim();
}

/** The field a date input's error links to: its first box. */
export function dateKey(name: string): string {
  return `${name}-day`;
}

/** A required GOV.UK date input; a problem is put against its first box. */
export function readRequiredDate(body: Body, name: string, label: string, errors: FieldErrors): string | undefined {
  const result = readDateField(body, name, { label, required: true });
  if (result.error) {
    errors[dateKey(name)] = result.error;
    return undefined;
  }
  return result.value ?? undefined;
}

/** Date boxes for a form: from what was sent, or from a stored date. */
export function dateItems(body: Body | undefined, name: string, errors: FieldErrors, stored?: string | null) {
  return dateInputItems(body, name, stored, Boolean(errors[dateKey(name)]));
}
