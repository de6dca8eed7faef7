import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors.ts';

/**
 * Characters no text in the service may hold: the C0 controls except tab,
 * line feed and carriage return, DEL, and the C1 controls. PostgreSQL
 * refuses NUL in text outright; the others are invisible, never typed on
 * purpose, and break exports and the returns' XML.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSTORABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export const UNSTORABLE_MESSAGE =
  'The text you entered contains a character that cannot be stored, such as an invisible control character copied from another program. Remove it and try again.';

/** Whether a string holds a character that cannot be stored. */
export function hasUnstorableCharacter(text: string): boolean {
  return UNSTORABLE.test(text);
}

/**
 * Where in a parsed form, query or JSON body (strings, arrays, objects, in
 * names as well as values) an unstorable character is, or undefined when
 * there is none. Walks without recursion, so deeply nested JSON cannot
 * exhaust the stack.
 */
export function findUnstorable(value: unknown): string | undefined {
  const pending: [unknown, string][] = [[value, '']];
  while (pending.length) {
    const [item, path] = pending.pop()!;
    if (typeof item === 'string') {
      if (UNSTORABLE.test(item)) return path || '(value)';
    } else if (Array.isArray(item)) {
      item.forEach((element, i) => pending.push([element, `${path}[${i}]`]));
    } else if (item && typeof item === 'object') {
      for (const [key, element] of Object.entries(item)) {
        const at = path ? `${path}.${key}` : key;
        if (UNSTORABLE.test(key)) return at;
        pending.push([element, at]);
      }
    }
  }
  return undefined;
}

export const UNREADABLE_MESSAGE = 'The form you sent could not be read: each field must be text, a number, yes or no, or a list of them.';

/**
 * Whether a parsed body is shaped like a form: each field a single value or a
 * list of them. A JSON body with objects inside is not a form any route
 * reads, and an object named like a method (`{"toString": "x"}`) breaks
 * turning the field into text.
 */
export function isFormShaped(body: unknown): boolean {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return true;
  const single = (value: unknown) => value === null || typeof value !== 'object';
  return Object.values(body).every((value) => single(value) || (Array.isArray(value) && value.every(single)));
}

/**
 * The one place every request's input is read before any route sees it:
 * route parameters, the query string and the body. Text holding an
 * unstorable character is refused with 400 (a GOV.UK error page, or an
 * RFC 9457 problem for JSON clients) and nothing runs, so nothing is stored;
 * so is a body with objects inside its fields.
 * Registered as a preValidation hook for every route, so a new route cannot
 * miss it.
 */
export async function refuseUnstorableInput(request: FastifyRequest): Promise<void> {
  for (const [part, value] of [
    ['params', request.params],
    ['query', request.query],
    ['body', request.body],
  ] as const) {
    const where = findUnstorable(value);
    if (where !== undefined) {
      request.log.info({ part, field: where }, 'refused input holding an unstorable character');
      throw new HttpError(400, UNSTORABLE_MESSAGE);
    }
  }
  if (!isFormShaped(request.body)) throw new HttpError(400, UNREADABLE_MESSAGE);
}
