/** An error a route throws to answer with a status and a page or JSON problem. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export class NotFound extends HttpError {
  constructor(message = 'Page not found') {
    super(404, message);
  }
}

/**
 * A part of a record asked for by id (a child's note, relationship, plan...)
 * that is not there, or not in the record it was asked for through: 404, and
 * the audit row of the refusal names what was asked for.
 */
export class RecordNotFound extends NotFound {
  constructor(
    readonly recordType: string,
    readonly recordId: string,
  ) {
    super();
  }
}

export class Forbidden extends HttpError {
  constructor(message = 'Ask your manager or a system administrator if you need it.') {
    super(403, message);
  }
}

/**
 * The database could not be reached or dropped the connection mid-request.
 * Nothing the request did was kept unless it had been committed; it is safe
 * to try again once the database is back.
 */
export class DatabaseUnavailable extends HttpError {
  static readonly title = 'Sorry, the service is unavailable';
  static readonly advice = [
    'The database did not answer. Try again in a minute.',
    'If you were saving something, check whether it was saved before you send it again.',
  ];
  constructor() {
    super(503, DatabaseUnavailable.advice.join(' '));
  }
}

/** Seconds a client is asked to wait before trying again after a 503. */
export const RETRY_AFTER_SECONDS = 5;

/** Field name -> message, shown in a GOV.UK error summary and beside each field. */
export type FieldErrors = Record<string, string>;
