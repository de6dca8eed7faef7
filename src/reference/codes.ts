// DfE code sets for children's social care, with their meanings: the SSDA903
// (children looked after) return, the CIN census and the Standard Safeguarding
// Dataset. The data is generated into data/codes.json by
// scripts/import-reference.ts; where each set comes from is in
// CODE_SET_SOURCES and README.md. Codes are kept exactly as the DfE publishes
// them (case, digits and all): they go out again in the statutory returns.
import { readFileSync } from 'node:fs';

export interface CodeEntry {
  readonly code: string;
  /** The meaning, as a label a person can read. */
  readonly description: string;
  /** Longer guidance where the DfE gives some (for example primary need), for hints. */
  readonly explanation?: string;
}

export const CODE_SET_NAMES = [
  'legalStatus',
  'placementType',
  'placementProvider',
  'reasonNewEpisode',
  'reasonEpisodeCeased',
  'reasonPlaceChange',
  'primaryNeed',
  'cpCategory',
  'cinClosureReason',
  'ethnicity',
  'sex',
  'disability',
  'uascStatus',
  'immigrationStatus',
  'referralSource',
  'contactSource',
  'swReason',
  'upnUnknown',
  'missingEpisode',
  'careLeaverInTouch',
  'careLeaverActivity',
  'careLeaverAccommodation',
  'sdqReason',
  'reviewParticipation',
  'assessmentFactor',
] as const;

export type CodeSetName = (typeof CODE_SET_NAMES)[number];

/** SSDA903 SW_REASON: why a child's social worker changed. Checked against the data when it loads. */
export const SW_REASONS = ['MANAGE', 'FCONTA', 'LEFTRL', 'ORGRST', 'TSPROC', 'ABSENC', 'CHCHAN', 'PCCHAN', 'SWDIED', 'OTHERS'] as const;
export type SwReason = (typeof SW_REASONS)[number];

/** SSDA903 placement types with no placement provider: temporary moves (T0 to T4) and other placements (Z1); rule 213 wants PLACE_PROVIDER blank. */
export const PLACEMENTS_WITHOUT_PROVIDER: readonly string[] = ['T0', 'T1', 'T2', 'T3', 'T4', 'Z1'];

interface CodeSetFile {
  source: string;
  codes: CodeEntry[];
}

function load(): { sets: Record<CodeSetName, readonly CodeEntry[]>; sources: Record<CodeSetName, string> } {
  const raw = JSON.parse(readFileSync(new URL('./data/codes.json', import.meta.url), 'utf8')) as Record<string, CodeSetFile | undefined>;
  const sets = {} as Record<CodeSetName, readonly CodeEntry[]>;
  const sources = {} as Record<CodeSetName, string>;
  for (const name of CODE_SET_NAMES) {
    const file = raw[name];
    const valid =
      file !== undefined &&
      Array.isArray(file.codes) &&
      file.codes.length > 0 &&
      file.codes.every((e) => typeof e.code === 'string' && e.code !== '' && typeof e.description === 'string' && e.description !== '');
    if (!valid) throw new Error(`Reference data: code set ${name} is missing or malformed in data/codes.json`);
    sets[name] = Object.freeze(file.codes.map((e) => Object.freeze({ ...e })));
    sources[name] = file.source;
  }
  const swCodes = sets.swReason.map((e) => e.code).join(',');
  if (swCodes !== SW_REASONS.join(',')) throw new Error(`Reference data: swReason codes ${swCodes} differ from SW_REASONS`);
  return { sets: Object.freeze(sets), sources: Object.freeze(sources) };
}

const loaded = load();

/** Every code set, in the order the DfE lists its codes. */
export const CODE_SETS: Readonly<Record<CodeSetName, readonly CodeEntry[]>> = loaded.sets;

/** Where each set's codes and descriptions were taken from. */
export const CODE_SET_SOURCES: Readonly<Record<CodeSetName, string>> = loaded.sources;

const index = new Map<CodeSetName, ReadonlyMap<string, CodeEntry>>(
  CODE_SET_NAMES.map((name) => [name, new Map(CODE_SETS[name].map((e) => [e.code, e]))]),
);

function lookup(set: CodeSetName, code: string): CodeEntry | undefined {
  const entries = index.get(set);
  if (!entries) throw new TypeError(`Unknown code set: ${String(set)}`);
  return entries.get(code);
}

/** True when `value` is one of the set's codes, exactly (codes are case-sensitive). */
export function isCode(set: CodeSetName, value: unknown): value is string {
  return typeof value === 'string' && lookup(set, value) !== undefined;
}

/** The code's description, or the code itself when the set does not have it (old data stays readable). */
export function describeCode(set: CodeSetName, code: string): string {
  return lookup(set, code)?.description ?? code;
}

export interface CodeOption {
  value: string;
  text: string;
}

/**
 * Items for a GOV.UK select, radios or checkboxes, in the DfE's order. With
 * `withCode`, the text starts with the code ("C2: Full care order"), as
 * practitioners who know the codes often prefer. Mark the chosen item with
 * the component's own `value` parameter.
 */
export function codeOptions(set: CodeSetName, options: { withCode?: boolean } = {}): CodeOption[] {
  if (!index.has(set)) throw new TypeError(`Unknown code set: ${String(set)}`);
  return CODE_SETS[set].map((e) => ({ value: e.code, text: options.withCode ? `${e.code}: ${e.description}` : e.description }));
}
