// Reading SSDA903 CSV files for an import: each file's rows keyed by its
// header, with the line each row ends on, so every refusal can name the file,
// the line and the field. Files are named as the return writes them
// (SSDA903_<year>_<Table>.csv) or by the table alone (<Table>.csv).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { SSDA903_TABLES, type Ssda903TableName } from '../ssda903/rules.ts';

export interface SourceRow {
  file: string;
  /** The line of the file the row ends on (the header is line 1). */
  line: number;
  values: Record<string, string>;
}

export interface SourceFile {
  file: string;
  table: Ssda903TableName;
  year: number | null;
  rows: SourceRow[];
}

/** The table (and year) a file name stands for, or null for a file that is not one of the 903's tables. */
export function tableOfFileName(name: string): { table: Ssda903TableName; year: number | null } | null {
  const m = /^(?:SSDA903_(\d{4})_)?([A-Za-z0-9]+)\.csv$/i.exec(name);
  if (!m) return null;
  const table = m[2]!;
  const known = SSDA903_TABLES.find((t) => t.name.toLowerCase() === table.toLowerCase());
  return known ? { table: known.name, year: m[1] ? Number(m[1]) : null } : null;
}

/** One file's rows; a file that is not CSV at all throws with its name and the line csv-parse stopped at. */
export function parseSourceFile(file: string, table: Ssda903TableName, year: number | null, text: string): SourceFile {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { columns: (header: string[]) => header.map((h) => h.trim()), skip_empty_lines: true, trim: true, info: true, bom: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new Error(`${file}${line ? `:${line}` : ''}: not a CSV file the return could have written (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  return { file, table, year, rows: records.map((r) => ({ file, line: r.info.lines, values: r.record })) };
}

/**
 * The 903 files in a directory, for the year asked (or the one year their
 * names give). Files of other years are left alone; two files for one table,
 * or files of several years with none asked for, are refused.
 */
export async function readSourceDir(dir: string, askedYear: number | null): Promise<{ yearEnd: number; files: SourceFile[] }> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (error) {
    throw new SourceProblem(`cannot read the directory ${dir}`, { cause: error });
  }
  const found = names.flatMap((name) => {
    const t = tableOfFileName(name);
    return t && (askedYear === null || t.year === null || t.year === askedYear) ? [{ name, ...t }] : [];
  });
  if (found.length === 0) throw new SourceProblem(`${dir} holds no SSDA903 table files${askedYear ? ` for ${askedYear}` : ''} (SSDA903_<year>_<Table>.csv or <Table>.csv)`);
  const years = [...new Set(found.flatMap((f) => (f.year === null ? [] : [f.year])))];
  if (askedYear === null && years.length !== 1) {
    throw new SourceProblem(years.length === 0 ? 'the file names give no year: say which with --year' : `the files are of several years (${years.join(', ')}): choose one with --year`);
  }
  const yearEnd = askedYear ?? years[0]!;
  const tables = new Set<string>();
  for (const f of found) {
    if (tables.has(f.table)) throw new SourceProblem(`${dir} has two files for the ${f.table} table: keep one`);
    tables.add(f.table);
  }
  const files: SourceFile[] = [];
  for (const f of found) {
    try {
      files.push(parseSourceFile(f.name, f.table, f.year, await readFile(join(dir, f.name), 'utf8')));
    } catch (error) {
      throw new SourceProblem(error instanceof Error ? error.message : String(error), { cause: error });
    }
  }
  return { yearEnd, files };
}

/** Files that cannot be read as the return's tables at all: nothing is imported. */
export class SourceProblem extends Error {}
