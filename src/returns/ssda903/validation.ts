// The DfE's validation rules for the SSDA903 return, as pure functions over
// the return's rows: the same checks the DfE's portal runs, so errors are
// found and put right in the record before the return is sent. Each rule
// keeps the DfE's code; its message, fields and tables are the DfE's
// (src/reference/data/ssda903_validation_rules_2024_25.csv). The rules not
// implemented yet are listed in docs/returns.md.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { isCode, PLACEMENTS_WITHOUT_PROVIDER } from '../../reference/codes.ts';
import { ageOn, birthday, daysBetween } from '../../platform/calendar/dates.ts';
import { upnCheckLetterMatches } from '../../platform/identifiers/upn.ts';
import { collectionYear } from '../../care/index.ts';
import { type Ssda903Return, type Ssda903Row, type Ssda903TableName } from './rules.ts';

/** One row that breaks one rule. */
export interface Ssda903Issue {
  rule: string;
  table: Ssda903TableName;
  /** The CHILD of the row: the council's identifier for the child. */
  child: string;
  /** The row's position in its table, from 0. */
  row: number;
}

export interface PublishedRule {
  code: string;
  message: string;
  fields: string[];
  tables: string[];
}

/** The DfE's list of every rule, implemented or not, by code. */
export const PUBLISHED_RULES: ReadonlyMap<string, PublishedRule> = (() => {
  const text = readFileSync(new URL('../../reference/data/ssda903_validation_rules_2024_25.csv', import.meta.url), 'utf8');
  const rows = parse(text, { comment: '#', columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const list = (value: string | undefined) => [...(value ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]!);
  return new Map(rows.map((r) => [r['Rule code']!, { code: r['Rule code']!, message: r['Rule message']!.trim(), fields: list(r['Affected fields']), tables: list(r['Tables']) }]));
})();

const SCHEMA = parseYaml(readFileSync(new URL('../../reference/data/ssda903_schema_2024.yml', import.meta.url), 'utf8')) as {
  column_map: Record<string, Record<string, { category?: { code: string | number }[] }>>;
};

/** The codes the 2024 schema allows in a column (trimmed: one is published with a trailing space). */
export function schemaCodes(table: Ssda903TableName, column: string): string[] {
  const category = SCHEMA.column_map[table === 'SWEpisodes' ? 'SocialWorker' : table]?.[column]?.category;
  if (!category) throw new Error(`The SSDA903 schema has no codes for ${table}.${column}`);
  return category.map((c) => String(c.code).trim());
}

interface Context {
  tables: Ssda903Return;
  yearEnd: number;
  year: { start: string; end: string };
}

type Check = (context: Context) => Omit<Ssda903Issue, 'rule'>[];

const isoDays = new Map<string, string | null>();

/** dd/mm/yyyy as an ISO day, or null when it is not a real date. Each day is worked out once: a return repeats its dates across many rules. */
export function isoOf(value: string | undefined): string | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value ?? '');
  if (!m) return null;
  let iso = isoDays.get(value!);
  if (iso === undefined) {
    const day = `${m[3]}-${m[2]}-${m[1]}`;
    const date = new Date(`${day}T00:00:00Z`);
    iso = !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day ? day : null;
    isoDays.set(value!, iso);
  }
  return iso;
}

/** Each row of a table that `breaks`, as issues. */
function eachRow(table: Ssda903TableName, breaks: (row: Ssda903Row, context: Context) => boolean): Check {
  return (context) =>
    context.tables[table].flatMap((row, index) => (breaks(row, context) ? [{ table, child: row.CHILD ?? '', row: index }] : []));
}

/** A column that must hold one of the schema's codes (or may be blank, when `blankAllowed`). */
function codeRule(table: Ssda903TableName, column: string, blankAllowed: boolean): Check {
  const codes = new Set(schemaCodes(table, column));
  return eachRow(table, (row) => (row[column] === '' ? !blankAllowed : !codes.has(row[column]!)));
}

/** A column that must hold a real date written dd/mm/yyyy (or may be blank). */
function dateRule(table: Ssda903TableName, column: string, blankAllowed: boolean): Check {
  return eachRow(table, (row) => (row[column] === '' ? !blankAllowed : isoOf(row[column]) === null));
}

type Episode = { row: number; decom: string | null; dec: string | null; e: Ssda903Row };
const episodesCache = new WeakMap<Ssda903Return, { child: string; episodes: Episode[] }[]>();

/**
 * Each child's episodes in date order, with their rows' positions, for the
 * rules that compare an episode with the one before: grouped once per
 * return, however many rules ask.
 */
function episodesByChild(tables: Ssda903Return): { child: string; episodes: Episode[] }[] {
  const cached = episodesCache.get(tables);
  if (cached) return cached;
  const byChild = new Map<string, Episode[]>();
  tables.Episodes.forEach((e, row) => {
    const list = byChild.get(e.CHILD!) ?? [];
    list.push({ row, decom: isoOf(e.DECOM), dec: isoOf(e.DEC), e });
    byChild.set(e.CHILD!, list);
  });
  const grouped = [...byChild].map(([child, episodes]) => ({ child, episodes: episodes.sort((a, b) => ((a.decom ?? '') < (b.decom ?? '') ? -1 : 1)) }));
  episodesCache.set(tables, grouped);
  return grouped;
}

/** Each child's earliest start of an episode in the return. */
function firstStarts(tables: Ssda903Return): Map<string, string> {
  return new Map(episodesByChild(tables).flatMap(({ child, episodes }) => (episodes[0]?.decom ? [[child, episodes[0].decom] as const] : [])));
}

/** Issues for each episode that `breaks` given the episode before it. */
function eachFollowingEpisode(breaks: (previous: Ssda903Row & { dec?: string }, current: Ssda903Row, dates: { previousDec: string | null; decom: string | null }) => boolean): Check {
  return ({ tables }) =>
    episodesByChild(tables).flatMap(({ child, episodes }) =>
      episodes.slice(1).flatMap((current, i) => {
        const previous = episodes[i]!;
        return breaks(previous.e, current.e, { previousDec: previous.dec, decom: current.decom }) ? [{ table: 'Episodes' as const, child, row: current.row }] : [];
      }),
    );
}

const dobCache = new WeakMap<Ssda903Return, Map<string, string | null>>();
/** Each child's date of birth as the Header gives it, read once per return. */
function dobOf(tables: Ssda903Return): Map<string, string | null> {
  let dob = dobCache.get(tables);
  if (!dob) dobCache.set(tables, (dob = new Map(tables.Header.map((h) => [h.CHILD!, isoOf(h.DOB)]))));
  return dob;
}

/** Each row of a table, grouped by child in the order of the table, with its position. */
function rowsByChild(table: Ssda903Row[]): Map<string, { row: number; r: Ssda903Row }[]> {
  const byChild = new Map<string, { row: number; r: Ssda903Row }[]>();
  table.forEach((r, row) => {
    const list = byChild.get(r.CHILD!) ?? [];
    list.push({ row, r });
    byChild.set(r.CHILD!, list);
  });
  return byChild;
}

/** An episode's length in days: to its end, or to the year's end while it is open. Null when its start cannot be read. */
function daysLasted(e: Ssda903Row, year: { end: string }): number | null {
  const start = isoOf(e.DECOM);
  const end = isoOf(e.DEC) ?? (e.DEC === '' ? year.end : null);
  return start && end ? daysBetween(start, end) : null;
}

/** Each row of a table whose date column (`column`) is before the child's date of birth. */
function beforeBirth(table: Ssda903TableName, column: string): Check {
  return ({ tables }) => {
    const dob = dobOf(tables);
    return tables[table].flatMap((r, row) => {
      const [born, day] = [dob.get(r.CHILD!) ?? isoOf(r.DOB), isoOf(r[column])];
      return born && day && day < born ? [{ table, child: r.CHILD!, row }] : [];
    });
  };
}

/** The internal checks: a child in `table` who is not in the Header (INT01 to INT09). */
function notInHeader(table: Ssda903TableName): Check {
  return ({ tables }) => {
    const children = new Set(tables.Header.map((h) => h.CHILD));
    return tables[table].flatMap((r, row) => (children.has(r.CHILD) ? [] : [{ table, child: r.CHILD ?? '', row }]));
  };
}

/** The internal checks: a column of `table` that differs from the child's Header (INT11 to INT21). */
function differsFromHeader(table: Ssda903TableName, column: 'DOB' | 'SEX'): Check {
  return ({ tables }) => {
    const header = new Map(tables.Header.map((h) => [h.CHILD!, h[column]]));
    return tables[table].flatMap((r, row) => (header.has(r.CHILD!) && header.get(r.CHILD!) !== r[column] ? [{ table, child: r.CHILD!, row }] : []));
  };
}

/** The internal checks: each row after a child's first in a table that has one row a child (INT31 to INT36). */
function moreThanOnce(table: Ssda903TableName): Check {
  return ({ tables }) => [...rowsByChild(tables[table])].flatMap(([child, rows]) => rows.slice(1).map(({ row }) => ({ table, child, row })));
}

/**
 * Each row of a table that `breaks` given the child's age on a day: the day
 * is a date column of the row (`on`), or the year's start or end. Rows whose
 * child or date cannot be read are left to the date rules.
 */
function ageRule(table: Ssda903TableName, on: string | 'year start' | 'year end', breaks: (age: number, row: Ssda903Row) => boolean): Check {
  return (context) => {
    const dob = dobOf(context.tables);
    return context.tables[table].flatMap((row, index) => {
      const born = dob.get(row.CHILD!) ?? isoOf(row.DOB);
      const day = on === 'year start' ? context.year.start : on === 'year end' ? context.year.end : isoOf(row[on]);
      return born && day && breaks(ageOn(born, day), row) ? [{ table, child: row.CHILD ?? '', row: index }] : [];
    });
  };
}

const filled = (value: string | undefined) => value !== undefined && value !== '';
const OC2_YES_NO = ['CONVICTED', 'HEALTH_ASSESSMENT', 'HEALTH_CHECK', 'IMMUNISATIONS', 'INTERVENTION_OFFERED', 'INTERVENTION_RECEIVED', 'SUBSTANCE_MISUSE', 'TEETH_CHECK'];
const OC2_ALWAYS = ['IMMUNISATIONS', 'TEETH_CHECK', 'HEALTH_ASSESSMENT', 'SUBSTANCE_MISUSE'];

/** Continuation episodes: a change of placement or legal status within one period of care. */
const CONTINUING = ['L', 'P', 'T', 'U', 'B'];
/** A unique pupil number: a check letter, the council's number, and nine more characters, the last of which may be a letter for a temporary UPN. */
const UPN = /^[A-Z]\d{11}[0-9A-Z]$/;
const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/;
/** Temporary placements (T0 to T4), and placements with no provider (Z1 is "other placement"; rules 213 and 526). */
const TEMPORARY = ['T0', 'T1', 'T2', 'T3', 'T4'];
/** Respite: a series of short-term breaks (V3) or an agreed series of them under one placement (V4). */
const RESPITE = ['V3', 'V4'];
/** The details of a placement: a new placement changes at least one of them (rules 434 to 436). */
const PLACEMENT_DETAILS = ['PLACE', 'PLACE_PROVIDER', 'PL_POST', 'URN'];
/** The adoption details of AD1 (rule 151): all given or all blank. */
const AD1_DETAILS = ['DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'];
const COUPLE = ['MM', 'FF', 'MF'];
const SAME_SEX = ['MM', 'FF'];

/** Placements each provider code may not provide (rules 527 to 531 and 550). */
const PROVIDER_EXCLUDES: Record<string, { rule: string; not?: readonly string[]; only?: readonly string[] }> = {
  PR0: { rule: '550', only: ['P1'] },
  PR1: { rule: '527', not: ['P1', 'R2', 'R5'] },
  PR2: { rule: '528', not: ['P1', 'R2', 'R5'] },
  PR3: { rule: '529', not: ['P1', 'A3', 'A4', 'A5', 'A6', 'K1', 'K2', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6'] },
  PR4: { rule: '530', not: ['P1'] },
  PR5: { rule: '531', not: ['P1'] },
};
function providerRule(code: string): Check {
  const limit = PROVIDER_EXCLUDES[code]!;
  return eachRow('Episodes', (e) => e.PLACE_PROVIDER === code && (limit.only ? !limit.only.includes(e.PLACE!) : limit.not!.includes(e.PLACE!)));
}

/** SW10STG2 and SW108STG2: each child's social worker episodes in date order, each against the one before. */
function socialWorkerSequenceRules(): Record<'SW10STG2' | 'SW108STG2', Check> {
  const following = (breaks: (previous: { open: boolean; end: string | null }, start: string) => boolean): Check => ({ tables }) =>
    [...rowsByChild(tables.SWEpisodes)].flatMap(([child, rows]) => {
      const episodes = rows.map(({ row, r }) => ({ row, start: isoOf(r.SW_DECOM), end: isoOf(r.SW_DEC), open: r.SW_DEC === '' })).filter((e) => e.start !== null);
      episodes.sort((a, b) => (a.start! < b.start! ? -1 : 1));
      return episodes.slice(1).flatMap((e, i) => (breaks(episodes[i]!, e.start!) ? [{ table: 'SWEpisodes' as const, child, row: e.row }] : []));
    });
  return {
    SW108STG2: following((previous) => previous.open),
    SW10STG2: following((previous, start) => previous.end !== null && start < previous.end),
  };
}

/** The implemented rules, by the DfE's code. */
export const SSDA903_RULES: Readonly<Record<string, Check>> = {
  // Codes and dates as the schema allows.
  '101': codeRule('Header', 'SEX', false),
  '102': dateRule('Header', 'DOB', false),
  '103': codeRule('Header', 'ETHNIC', false),
  '104': dateRule('UASC', 'DUC', true),
  '112': dateRule('AD1', 'DATE_INT', false),
  '113': dateRule('AD1', 'DATE_MATCH', false),
  '115': dateRule('PlacedAdoption', 'DATE_PLACED', false),
  '116': dateRule('PlacedAdoption', 'DATE_PLACED_CEASED', true),
  '131': codeRule('OC3', 'IN_TOUCH', false),
  '132': codeRule('OC3', 'ACTIV', true),
  '133': codeRule('OC3', 'ACCOM', true),
  '141': dateRule('Episodes', 'DECOM', false),
  '143': codeRule('Episodes', 'RNE', false),
  '144': codeRule('Episodes', 'LS', false),
  '145': codeRule('Episodes', 'CIN', false),
  '146': codeRule('Episodes', 'PLACE', false),
  '147': dateRule('Episodes', 'DEC', true),
  '149': codeRule('Episodes', 'REC', true),
  '166': dateRule('Reviews', 'REVIEW', false),
  '167': codeRule('Reviews', 'REVIEW_CODE', false),
  '171': dateRule('Header', 'MC_DOB', true),
  '178': codeRule('Episodes', 'PLACE_PROVIDER', true),
  '196': codeRule('OC2', 'SDQ_REASON', true),
  '1004': dateRule('Missing', 'MIS_START', false),
  '1005': dateRule('Missing', 'MIS_END', true),
  '1006': codeRule('Missing', 'MISSING', false),
  '1009': codeRule('Episodes', 'REASON_PLACE_CHANGE', true),

  // The child.
  // A UPN must also carry its check letter; a blank one is rule 442's.
  '168': eachRow('Header', (h) => h.UPN !== '' && !isCode('upnUnknown', h.UPN) && !(UPN.test(h.UPN!) && upnCheckLetterMatches(h.UPN!))),
  '442': eachRow('Header', (h) => h.UPN === ''),
  '611': eachRow('Header', (h) => h.MOTHER === '1' && h.MC_DOB === ''),
  '612': eachRow('Header', (h) => h.MOTHER === '0' && h.MC_DOB !== ''),
  '620': ageRule('Header', 'year start', (age, h) => h.MOTHER === '1' && age < 11),
  '621': eachRow('Header', (h) => {
    const [born, child] = [isoOf(h.DOB), isoOf(h.MC_DOB)];
    return born !== null && child !== null && child <= born;
  }),
  // Her child's birth after the year, or after she left care (her last episode ending other than by a change within care).
  '625': ({ tables, year }) => {
    const last = new Map(episodesByChild(tables).map(({ child, episodes }) => [child, episodes.at(-1)!]));
    return tables.Header.flatMap((h, row) => {
      const born = isoOf(h.MC_DOB);
      const final = last.get(h.CHILD!);
      const left = final && final.dec && final.e.REC !== 'X1' ? final.dec : null;
      return born && (born > year.end || (left !== null && born > left)) ? [{ table: 'Header' as const, child: h.CHILD!, row }] : [];
    });
  },
  '174': eachRow('Header', (h) => h.MC_DOB !== '' && h.SEX === '1'),
  '301': eachRow('Header', (h, { year }) => (isoOf(h.DOB) ?? '') > year.end),
  '351': eachRow('Header', (h, { year }) => {
    const dob = isoOf(h.DOB);
    return dob !== null && birthday(dob, 26) <= year.start;
  }),
  '304': ({ tables }) => {
    const dob = dobOf(tables);
    return tables.UASC.flatMap((u, row) => {
      const born = dob.get(u.CHILD!) ?? isoOf(u.DOB);
      const ceased = isoOf(u.DUC);
      return born && ceased && ceased > birthday(born, 18) ? [{ table: 'UASC' as const, child: u.CHILD!, row }] : [];
    });
  },

  // Each episode.
  '148': eachRow('Episodes', (e) => (e.DEC === '') !== (e.REC === '')),
  '354': eachRow('Episodes', (e, { year }) => (isoOf(e.DECOM) ?? '') > year.end),
  '385': eachRow('Episodes', (e, { year }) => (isoOf(e.DEC) ?? '') > year.end),
  '355': eachRow('Episodes', (e) => e.DEC !== '' && e.DEC === e.DECOM),
  '356': eachRow('Episodes', (e) => {
    const [start, end] = [isoOf(e.DECOM), isoOf(e.DEC)];
    return start !== null && end !== null && end < start;
  }),
  '392c': eachRow('Episodes', (e) => [e.HOME_POST, e.PL_POST].some((p) => p !== '' && !POSTCODE.test(p!))),
  '392d': eachRow('Episodes', (e) => e.HOME_POST !== '' && e.HOME_POST === e.PL_POST && e.PLACE !== 'P1'),
  '353': eachRow('Episodes', (e) => (isoOf(e.DECOM) ?? '9999') < '1991-10-14'),
  // The Adoption and Children Act 2002 replaced freeing orders (D1) with placement orders (E1) from 30 December 2005.
  '445': eachRow('Episodes', (e) => e.LS === 'D1' && (isoOf(e.DECOM) ?? '') > '2005-12-30'),
  '446': eachRow('Episodes', (e) => e.LS === 'E1' && (isoOf(e.DECOM) ?? '9999') < '2005-12-30'),
  '213': eachRow('Episodes', (e) => PLACEMENTS_WITHOUT_PROVIDER.includes(e.PLACE!) && e.PLACE_PROVIDER !== ''),
  '526': eachRow('Episodes', (e) => e.PLACE !== '' && !PLACEMENTS_WITHOUT_PROVIDER.includes(e.PLACE!) && e.PLACE_PROVIDER === ''),
  '217': eachRow('Episodes', (e) => ['A3', 'A5'].includes(e.PLACE!) && !['S', 'T', 'U'].includes(e.RNE!)),
  // A5 and A6 are placements for adoption under a placement order (E1), or a freeing order made before 2005 (D1).
  '408': eachRow('Episodes', (e) => ['A5', 'A6'].includes(e.PLACE!) && !['E1', 'D1'].includes(e.LS!)),
  '378': eachRow('Episodes', (e) => e.PLACE === 'P1' && e.LS === 'V2'),
  '380': eachRow('Episodes', (e) => e.RNE === 'S' && TEMPORARY.includes(e.PLACE!)),
  '381': eachRow('Episodes', (e) => e.REC !== '' && e.REC !== 'X1' && TEMPORARY.includes(e.PLACE!)),
  '382': eachRow('Episodes', (e) => RESPITE.includes(e.LS!) && TEMPORARY.includes(e.PLACE!)),
  '384': eachRow('Episodes', (e) => RESPITE.includes(e.LS!) && ['U1', 'U4'].includes(e.PLACE!)),

  // How long an episode lasted (to the year's end while it is open), against the limits of the Children Act 1989 and the codes.
  '361': eachRow('Episodes', (e, { year }) => e.LS === 'L1' && (daysLasted(e, year) ?? 0) > 3),
  '362': eachRow('Episodes', (e, { year }) => e.LS === 'L2' && (daysLasted(e, year) ?? 0) > 21),
  '363': eachRow('Episodes', (e, { year }) => e.LS === 'L3' && (daysLasted(e, year) ?? 0) > 7),
  '365': eachRow('Episodes', (e, { year }) => e.LS === 'V3' && (daysLasted(e, year) ?? 0) > 17),
  '375': eachRow('Episodes', (e, { year }) => e.PLACE === 'T1' && (daysLasted(e, year) ?? 0) > 42),
  '376': eachRow('Episodes', (e, { year }) => e.PLACE === 'T3' && (daysLasted(e, year) ?? 0) > 21),
  '379': eachRow('Episodes', (e, { year }) => e.PLACE === 'T4' && (daysLasted(e, year) ?? 0) > 7),
  '302': ({ tables }) => {
    const dob = dobOf(tables);
    return episodesByChild(tables).flatMap(({ child, episodes }) => {
      const first = episodes[0]!;
      const born = dob.get(child);
      return born && first.decom && first.decom < born ? [{ table: 'Episodes' as const, child, row: first.row }] : [];
    });
  },
  '352': ({ tables }) => {
    const dob = dobOf(tables);
    return tables.Episodes.flatMap((e, row) => {
      const born = dob.get(e.CHILD!);
      const start = isoOf(e.DECOM);
      return e.RNE === 'S' && born && start && start >= birthday(born, 18) ? [{ table: 'Episodes' as const, child: e.CHILD!, row }] : [];
    });
  },
  '527': providerRule('PR1'),
  '528': providerRule('PR2'),
  '529': providerRule('PR3'),
  '530': providerRule('PR4'),
  '531': providerRule('PR5'),
  '550': providerRule('PR0'),

  // The age of the child when an episode began or ended.
  '358': ageRule('Episodes', 'DECOM', (age, e) => ['J1', 'J2', 'J3'].includes(e.LS!) && age < 10),
  '371': ageRule('Episodes', 'DECOM', (age, e) => e.PLACE === 'H5' && age < 16),
  '372': ageRule('Episodes', 'DECOM', (age, e) => e.PLACE === 'R5' && age < 10),
  '373': ageRule('Episodes', 'DECOM', (age, e) => e.PLACE === 'S1' && age < 4),
  '374': ageRule('Episodes', 'DECOM', (age, e) => e.PLACE === 'P3' && age < 14),
  '386': ageRule('Episodes', 'DEC', (age, e) => ['E11', 'E12'].includes(e.REC!) && age >= 18),
  '387': ageRule('Episodes', 'DEC', (age, e) => ['E5', 'E6'].includes(e.REC!) && age < 14),
  '389': ageRule('Episodes', 'DEC', (age, e) => e.REC === 'E7' && age < 16),
  '407': ageRule('Episodes', 'DEC', (age, e) => ['E45', 'E46', 'E47', 'E48'].includes(e.REC!) && age >= 18),
  '460': ageRule('Episodes', 'DEC', (age, e) => e.REC === 'E17' && age < 18),

  // Reviews: PN0 is the code for a child under 4 at the review.
  '440': ageRule('Reviews', 'REVIEW', (age, r) => r.REVIEW_CODE === 'PN0' && age >= 4),
  '441': ageRule('Reviews', 'REVIEW', (age, r) => filled(r.REVIEW_CODE) && r.REVIEW_CODE !== 'PN0' && age < 4),

  // OC2: health and wellbeing of children looked after for 12 months (every OC2 row is of that cohort).
  '180': eachRow('OC2', (r) => filled(r.SDQ_SCORE) && !(/^\d{1,2}$/.test(r.SDQ_SCORE!) && Number(r.SDQ_SCORE) <= 40)),
  '181': eachRow('OC2', (r) => OC2_YES_NO.some((c) => filled(r[c]) && r[c] !== '0' && r[c] !== '1')),
  '191': eachRow('OC2', (r) => OC2_ALWAYS.some((c) => !filled(r[c]))),
  '192': eachRow('OC2', (r) => r.SUBSTANCE_MISUSE === '1' && !filled(r.INTERVENTION_RECEIVED)),
  '193': eachRow('OC2', (r) => r.SUBSTANCE_MISUSE !== '1' && (filled(r.INTERVENTION_RECEIVED) || filled(r.INTERVENTION_OFFERED))),
  '158': eachRow('OC2', (r) => r.INTERVENTION_RECEIVED === '1' && filled(r.INTERVENTION_OFFERED)),
  '159': eachRow('OC2', (r) => r.SUBSTANCE_MISUSE === '1' && r.INTERVENTION_RECEIVED === '0' && !filled(r.INTERVENTION_OFFERED)),
  '197a': eachRow('OC2', (r) => filled(r.SDQ_SCORE) && filled(r.SDQ_REASON)),
  '188': ageRule('OC2', 'year end', (age, r) => age < 4 && (filled(r.SDQ_SCORE) || filled(r.SDQ_REASON))),
  '189': ageRule('OC2', 'year start', (age, r) => age >= 17 && (filled(r.SDQ_SCORE) || filled(r.SDQ_REASON))),
  '542': ageRule('OC2', 'year end', (age, r) => age < 10 && filled(r.CONVICTED)),
  '543': ageRule('OC2', 'year end', (age, r) => age >= 10 && !filled(r.CONVICTED)),
  '545': ageRule('OC2', 'year end', (age, r) => age < 5 && !filled(r.HEALTH_CHECK)),
  '546': ageRule('OC2', 'year end', (age, r) => age >= 5 && filled(r.HEALTH_CHECK)),

  // Adoption.
  '119': eachRow('PlacedAdoption', (r) => filled(r.DATE_PLACED_CEASED) !== filled(r.REASON_PLACED_CEASED)),
  '333': eachRow('AD1', (r) => {
    const [intended, matched] = [isoOf(r.DATE_INT), isoOf(r.DATE_MATCH)];
    return intended !== null && matched !== null && intended > matched;
  }),
  '511': eachRow('AD1', (r) => r.NB_ADOPTR === '2' && !['MM', 'FF', 'MF'].includes(r.SEX_ADOPTR!)),
  '522': eachRow('PlacedAdoption', (r) => {
    const [placed, ceased] = [isoOf(r.DATE_PLACED), isoOf(r.DATE_PLACED_CEASED)];
    return placed !== null && ceased !== null && placed > ceased;
  }),
  '563': eachRow('PlacedAdoption', (r) => filled(r.DATE_PLACED_CEASED) && !filled(r.DATE_PLACED)),
  '114': codeRule('AD1', 'FOSTER_CARE', true),
  '175': eachRow('AD1', (r) => filled(r.NB_ADOPTR) && !['1', '2'].includes(r.NB_ADOPTR!)),
  '176': codeRule('AD1', 'SEX_ADOPTR', true),
  '177': codeRule('AD1', 'LS_ADOPTR', true),
  '120': codeRule('PlacedAdoption', 'REASON_PLACED_CEASED', true),
  '151': eachRow('AD1', (r) => AD1_DETAILS.some((c) => filled(r[c])) && !AD1_DETAILS.every((c) => filled(r[c]))),
  '184': beforeBirth('PlacedAdoption', 'DATE_PLACED'),
  // The adopters' legal status against their sexes: L0 single, L11 and L12 married (different and same sex), L2 civil partners, L3 and L4 unmarried (different and same sex).
  '514': eachRow('AD1', (r) => r.LS_ADOPTR === 'L0' && COUPLE.includes(r.SEX_ADOPTR!)),
  '517': eachRow('AD1', (r) => r.LS_ADOPTR === 'L3' && filled(r.SEX_ADOPTR) && r.SEX_ADOPTR !== 'MF'),
  '518': eachRow('AD1', (r) => r.LS_ADOPTR === 'L4' && filled(r.SEX_ADOPTR) && !SAME_SEX.includes(r.SEX_ADOPTR!)),
  '519': eachRow('AD1', (r) => r.LS_ADOPTR === 'L2' && filled(r.SEX_ADOPTR) && !COUPLE.includes(r.SEX_ADOPTR!)),
  '520': eachRow('AD1', (r) => r.LS_ADOPTR === 'L11' && SAME_SEX.includes(r.SEX_ADOPTR!)),
  '524': eachRow('AD1', (r) => r.LS_ADOPTR === 'L12' && filled(r.SEX_ADOPTR) && !SAME_SEX.includes(r.SEX_ADOPTR!)),

  // Previous permanence.
  '631': codeRule('PrevPerm', 'PREV_PERM', true),
  '635': eachRow('PrevPerm', (r) => r.PREV_PERM === 'Z1' && (filled(r.DATE_PERM) || filled(r.LA_PERM))),

  // Care leavers (OC3).
  '345': eachRow('OC3', (r) => r.IN_TOUCH === 'YES' && (!filled(r.ACTIV) || !filled(r.ACCOM))),
  '391': ({ tables, year }) => {
    const dob = dobOf(tables);
    return tables.OC3.flatMap((r, row) => {
      const born = dob.get(r.CHILD!) ?? isoOf(r.DOB);
      return born && (ageOn(born, year.end) < 17 || ageOn(born, year.start) > 21) ? [{ table: 'OC3' as const, child: r.CHILD!, row }] : [];
    });
  },

  // Missing: the kind goes with its dates.
  '565': eachRow('Missing', (r) => filled(r.MIS_START) && !filled(r.MISSING)),
  '566': eachRow('Missing', (r) => filled(r.MIS_END) && !filled(r.MISSING)),
  '564': eachRow('Missing', (r) => filled(r.MISSING) && !filled(r.MIS_START)),
  '567': eachRow('Missing', (r) => {
    const [start, end] = [isoOf(r.MIS_START), isoOf(r.MIS_END)];
    return start !== null && end !== null && end < start;
  }),
  '570': eachRow('Missing', (r, { year }) => (isoOf(r.MIS_START) ?? '') > year.end),
  '571': eachRow('Missing', (r, { year }) => {
    const end = isoOf(r.MIS_END);
    return end !== null && (end < year.start || end > year.end);
  }),
  '586': beforeBirth('Missing', 'MIS_START'),
  '581': ({ tables }) => {
    const first = firstStarts(tables);
    return tables.Missing.flatMap((r, row) => {
      const [start, began] = [isoOf(r.MIS_START), first.get(r.CHILD!)];
      return start && began && start < began ? [{ table: 'Missing' as const, child: r.CHILD!, row }] : [];
    });
  },
  // A period still open (no end) overlaps every later one; one may start the day the last ended.
  '574': ({ tables }) =>
    [...rowsByChild(tables.Missing)].flatMap(([child, rows]) => {
      const periods = rows.map(({ row, r }) => ({ row, start: isoOf(r.MIS_START), end: isoOf(r.MIS_END) })).filter((p) => p.start !== null);
      periods.sort((a, b) => (a.start! < b.start! ? -1 : 1));
      return periods.slice(1).flatMap((p, i) => {
        const before = periods[i]!;
        return before.end === null || p.start! < before.end ? [{ table: 'Missing' as const, child, row: p.row }] : [];
      });
    }),

  // Social workers: each episode's worker, dates and reason, and each against the one before.
  SW02STG1: eachRow('SWEpisodes', (r) => filled(r.SW_ID) && !/^(SW|XX)/.test(r.SW_ID!)),
  SW04STG1: dateRule('SWEpisodes', 'SW_DECOM', false),
  SW05STG1: dateRule('SWEpisodes', 'SW_DEC', true),
  SW09STG2: eachRow('SWEpisodes', (r) => filled(r.SW_DEC) && r.SW_DEC === r.SW_DECOM),
  // The reason is for a change of social worker: one given must be a code, and one is needed where another worker's episode follows.
  SW13STG1: (() => {
    const codes = new Set(schemaCodes('SWEpisodes', 'SW_REASON'));
    return ({ tables }) =>
      [...rowsByChild(tables.SWEpisodes)].flatMap(([child, rows]) =>
        rows
          .filter(({ r }) => {
            if (filled(r.SW_REASON)) return !codes.has(r.SW_REASON!);
            const ended = isoOf(r.SW_DEC);
            return ended !== null && rows.some((o) => o.r !== r && (isoOf(o.r.SW_DECOM) ?? '') >= ended);
          })
          .map(({ row }) => ({ table: 'SWEpisodes' as const, child, row })),
      );
  })(),
  ...socialWorkerSequenceRules(),

  // Internal checks: each table's children are in the Header, with its dates of birth and sex, once where a table has one row a child.
  INT01: notInHeader('AD1'),
  INT02: notInHeader('PlacedAdoption'),
  INT03: notInHeader('Episodes'),
  INT04: notInHeader('Missing'),
  INT05: notInHeader('OC2'),
  INT06: notInHeader('OC3'),
  INT07: notInHeader('PrevPerm'),
  INT08: notInHeader('Reviews'),
  INT09: notInHeader('UASC'),
  INT11: differsFromHeader('AD1', 'DOB'),
  INT12: differsFromHeader('PlacedAdoption', 'DOB'),
  INT13: differsFromHeader('Missing', 'DOB'),
  INT14: differsFromHeader('OC2', 'DOB'),
  INT15: differsFromHeader('OC3', 'DOB'),
  INT16: differsFromHeader('PrevPerm', 'DOB'),
  INT17: differsFromHeader('Reviews', 'DOB'),
  INT18: differsFromHeader('UASC', 'DOB'),
  INT21: differsFromHeader('UASC', 'SEX'),
  INT31: moreThanOnce('AD1'),
  INT32: moreThanOnce('Header'),
  INT33: moreThanOnce('OC2'),
  INT34: moreThanOnce('OC3'),
  INT35: moreThanOnce('PrevPerm'),
  INT36: moreThanOnce('UASC'),

  // Each episode against the one before.
  '142': eachFollowingEpisode((previous) => previous.DEC === ''),
  '501': eachFollowingEpisode((_p, _c, { previousDec, decom }) => previousDec !== null && decom !== null && decom < previousDec),
  '431': eachFollowingEpisode((_p, current, { previousDec, decom }) => current.RNE === 'S' && previousDec !== null && previousDec === decom),
  '432': eachFollowingEpisode((previous, current) => previous.REC !== '' && previous.REC !== 'X1' && current.RNE !== 'S'),
  '433': eachFollowingEpisode((_p, current, { previousDec, decom }) => CONTINUING.includes(current.RNE!) && previousDec !== null && previousDec !== decom),
  '434': eachFollowingEpisode((previous, current) => current.RNE === 'L' && (previous.LS === current.LS || PLACEMENT_DETAILS.some((c) => previous[c] !== current[c]))),
  '435': eachFollowingEpisode((previous, current) => current.RNE === 'P' && (previous.LS !== current.LS || PLACEMENT_DETAILS.every((c) => previous[c] === current[c]))),
  '436': eachFollowingEpisode((previous, current) => current.RNE === 'B' && (previous.LS === current.LS || PLACEMENT_DETAILS.every((c) => previous[c] === current[c]))),
  // The first episode in the return that starts in the year has no episode before it here: it begins a period of care.
  '357': ({ tables, year }) =>
    episodesByChild(tables).flatMap(({ child, episodes }) => {
      const first = episodes[0]!;
      return first.decom !== null && first.decom >= year.start && first.e.RNE !== 'S' ? [{ table: 'Episodes' as const, child, row: first.row }] : [];
    }),
  // The category of need stays as it was when the period of care began.
  '504': ({ tables }) =>
    episodesByChild(tables).flatMap(({ child, episodes }) => {
      let need: string | null = null;
      return episodes.flatMap((e) => {
        if (e.e.RNE === 'S') need = e.e.CIN!;
        return e.e.RNE !== 'S' && need !== null && e.e.CIN !== need ? [{ table: 'Episodes' as const, child, row: e.row }] : [];
      });
    }),
  '437': ({ tables }) =>
    episodesByChild(tables).flatMap(({ child, episodes }) =>
      episodes.slice(0, -1).flatMap((e) => (['E2', 'E15'].includes(e.e.REC!) ? [{ table: 'Episodes' as const, child, row: e.row }] : [])),
    ),
  '388': ({ tables }) =>
    episodesByChild(tables).flatMap(({ child, episodes }) =>
      episodes.flatMap((e, i) => (e.e.REC === 'X1' && episodes[i + 1]?.decom !== e.dec ? [{ table: 'Episodes' as const, child, row: e.row }] : [])),
    ),
};

/** Every issue in the return, rule by rule in the order of their codes. */
export function validateSsda903(tables: Ssda903Return, yearEnd: number): Ssda903Issue[] {
  const context: Context = { tables, yearEnd, year: collectionYear(yearEnd) };
  // Grouped afresh for each validation, in case the caller changed the rows since the last.
  episodesCache.delete(tables);
  dobCache.delete(tables);
  return Object.keys(SSDA903_RULES)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .flatMap((rule) => SSDA903_RULES[rule]!(context).map((issue) => ({ rule, ...issue })));
}
