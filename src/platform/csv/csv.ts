import { Readable, type Transform } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FastifyReply } from 'fastify';

/**
 * The one CSV writer: every download the service offers goes through it.
 *
 * Spreadsheet safety (OWASP "CSV Injection"): a text cell that begins with
 * `=`, `+`, `-`, `@`, a tab or a carriage return (or the full-width forms of
 * the first four) is written with a leading apostrophe, so Excel, LibreOffice
 * and Numbers show it as text instead of running it as a formula. A child
 * named `=HYPERLINK(...)` arrives in the sheet as that text, not as a link.
 *
 * Numbers stay numbers: a cell given as a JavaScript number (days overdue,
 * miles, minutes) is written as it is, so "-3" days overdue sorts and sums
 * as -3. A number cannot carry a formula. Text is always neutralised, even
 * text that looks like a number: the writer cannot tell "-3" typed into a
 * name field from a figure, so a column meant to be numeric passes numbers.
 *
 * Quotes, commas and line breaks are quoted as RFC 4180 says; text is UTF-8.
 * Dates are written as ISO 8601 instants (UTC).
 */
export type CsvCell = string | number | boolean | Date | null | undefined;
export type CsvRecord<C extends string> = Record<C, CsvCell>;

export interface CsvOptions<C extends string> {
  /** Column keys, in order; the header row names them. */
  columns: readonly C[];
}

/** A CSV stringifier for records with these columns, escaping formulas. */
export function csvStringifier<C extends string>(options: CsvOptions<C>): Transform {
  return stringify({
    header: true,
    columns: [...options.columns],
    escape_formulas: true,
    cast: {
      date: (value) => value.toISOString(),
      boolean: (value) => (value ? 'true' : 'false'),
    },
  });
}

/**
 * Records (an array, a generator or an async generator reading in batches)
 * as a CSV stream. Rows are written as they come, so an export read in
 * batches never sits in memory whole; a failure part-way ends the stream
 * with that error rather than leaving the download hanging.
 */
export function csvStream<C extends string>(rows: Iterable<CsvRecord<C>> | AsyncIterable<CsvRecord<C>>, options: CsvOptions<C>): Readable {
  const source = Readable.from(rows);
  const out = csvStringifier(options);
  source.on('error', (error) => out.destroy(error));
  return source.pipe(out);
}

/** The whole CSV as one string, for small outputs and tests. */
export async function csvText<C extends string>(rows: Iterable<CsvRecord<C>> | AsyncIterable<CsvRecord<C>>, options: CsvOptions<C>): Promise<string> {
  let text = '';
  for await (const chunk of csvStream(rows, options)) text += String(chunk);
  return text;
}

/**
 * Sends records as a CSV download named `filename` (which must be plain:
 * letters, digits, dots, dashes and underscores).
 */
export function sendCsv<C extends string>(
  reply: FastifyReply,
  filename: string,
  rows: Iterable<CsvRecord<C>> | AsyncIterable<CsvRecord<C>>,
  options: CsvOptions<C>,
): FastifyReply {
  if (!/^[A-Za-z0-9._-]+\.csv$/.test(filename)) throw new RangeError(`not a plain CSV file name: ${JSON.stringify(filename)}`);
  const stream = csvStream(rows, options);
  stream.on('error', (error) => reply.request.log.error({ err: error }, 'CSV export failed part-way'));
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(stream);
}
