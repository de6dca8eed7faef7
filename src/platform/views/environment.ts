import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { formatDate } from '../calendar/dates.ts';

const srcDir = fileURLToPath(new URL('../../', import.meta.url));
const govukDir = fileURLToPath(new URL('../../../node_modules/govuk-frontend/dist/', import.meta.url));

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

/** Templates are compiled once and cached: rendering dominates page time. */
export function createViewEnvironment(options: { watch?: boolean } = {}): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([srcDir, govukDir], { noCache: false, watch: options.watch ?? false }), {
    autoescape: true,
    throwOnUndefined: false,
  });
  env.addFilter('govukDate', (value: unknown) => {
    if (value === null || value === undefined || value === '') return '';
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
    const date = new Date(value as string);
    return Number.isNaN(date.getTime()) ? String(value) : dateFormat.format(date);
  });
  env.addFilter('govukDateTime', (value: unknown) => {
    if (value === null || value === undefined || value === '') return '';
    const date = new Date(value as string);
    return Number.isNaN(date.getTime()) ? String(value) : dateTimeFormat.format(date);
  });
  /** Turns { field: message } into the items of a GOV.UK error summary. */
  env.addFilter('errorSummaryItems', (errors: Record<string, string> | undefined) =>
    Object.entries(errors ?? {}).map(([field, text]) => ({ text, href: `#${field}` })),
  );
  env.addFilter('errorFor', (errors: Record<string, string> | undefined, field: string) =>
    errors?.[field] ? { text: errors[field] } : undefined,
  );
  return env;
}
