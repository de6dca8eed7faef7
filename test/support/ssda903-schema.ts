// The SSDA903 2024 schema as published (src/reference/data/ssda903_schema_2024.yml,
// a copy of SocialFinanceDigitalLabs/liia-tools' file, MIT licence), for tests
// that hold the 903 row builders to the return's own columns, codes and formats.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

interface ColumnSpec {
  string?: string;
  date?: string;
  numeric?: string;
  category?: { code: string }[];
  canbeblank?: boolean | string;
}

const schema = parse(readFileSync(new URL('../../src/reference/data/ssda903_schema_2024.yml', import.meta.url), 'utf8')) as { column_map: Record<string, Record<string, ColumnSpec>> };

/** The table's column specifications, in the schema's order. */
export function ssda903Table(table: string): Record<string, ColumnSpec> {
  const columns = schema.column_map[table];
  if (!columns) throw new Error(`No SSDA903 table ${table}`);
  return columns;
}

/** The table's columns, in the schema's order. */
export function ssda903Columns(table: string): string[] {
  return Object.keys(ssda903Table(table));
}

/** Whether `value` is what the schema allows in the column: a listed code, a dd/mm/yyyy date, a whole number, or blank where blanks are allowed. */
export function ssda903Allows(table: string, column: string, value: string): boolean {
  const spec = schema.column_map[table]?.[column];
  if (!spec) throw new Error(`No SSDA903 column ${table}.${column}`);
  if (value === '') return spec.canbeblank === true || spec.canbeblank === 'yes';
  if (spec.category) return spec.category.some((c) => String(c.code) === value);
  if (spec.date) return /^\d{2}\/\d{2}\/\d{4}$/.test(value) && spec.date === '%d/%m/%Y';
  if (spec.numeric) return /^-?\d+$/.test(value);
  // The DfE's own sample Episodes table writes postcodes with their space ("Y8 5KZ") in these alphanumeric columns.
  if (spec.string) return /^[A-Za-z0-9]+( [A-Za-z0-9]+)?$/.test(value) || spec.string !== 'alphanumeric';
  return false;
}
