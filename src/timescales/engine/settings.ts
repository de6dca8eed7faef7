// The council's local timescale standards: which of the engine's settings a
// council may change, the range each may take, reading them from a form, and
// reading the stored ones. Statutory timescales are not here: a regulation is
// not a setting (the personal adviser's two months, for one, is reg 8(2)).
import type { Db } from '../../db/database.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { z } from 'zod';
import { choice, field, readForm, sentText, wholeNumber, type Body } from '../../platform/http/forms.ts';
import { DEFAULT_SETTINGS, describeInterval, type Interval, type TimescaleSettings, type VisitUnit } from './rules.ts';

export type IntervalStandard = 'cpVisit' | 'cinVisit' | 'shortBreakVisit';
export type LocalStandard = IntervalStandard | 'coreGroupWorkingDays' | 'pepFromAge' | 'termEnds';

export const LOCAL_STANDARDS: readonly LocalStandard[] = ['cpVisit', 'cinVisit', 'shortBreakVisit', 'coreGroupWorkingDays', 'pepFromAge', 'termEnds'];

export const INTERVAL_STANDARDS: readonly { key: IntervalStandard; label: string; hint: string }[] = [
  { key: 'cpVisit', label: 'Visits to a child on a child protection plan', hint: 'When the plan sets no frequency of its own' },
  { key: 'cinVisit', label: 'Visits to a child in need', hint: 'When the plan sets no frequency of its own' },
  { key: 'shortBreakVisit', label: 'Visits to a child in a series of short breaks', hint: 'Until the frequency agreed with the IRO is recorded' },
];

export const UNIT_NAMES: Record<VisitUnit, string> = { working_days: 'working days', days: 'days', weeks: 'weeks', months: 'months' };

/** The longest interval a visiting standard may take in each unit (about six months). */
export const UNIT_MAX: Record<VisitUnit, number> = { working_days: 130, days: 183, weeks: 26, months: 6 };

export const CORE_GROUP_RANGE = { min: 1, max: 30 };
/** Compulsory school age is the statutory duty: a council may start earlier, never later. */
export const PEP_AGE_RANGE = { min: 0, max: 5 };
export const TERM_NAMES = ['Spring term', 'Summer term', 'Autumn term'] as const;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** '03-31' as '31 March'. */
export function describeTermEnd(monthDay: string): string {
  const [month, day] = monthDay.split('-').map(Number) as [number, number];
  return `${day} ${MONTHS[month - 1]}`;
}

/** A plain description of a standard's value, for pages and the audit log. */
export function describeStandard(key: LocalStandard, settings: TimescaleSettings): string {
  switch (key) {
    case 'cpVisit':
    case 'cinVisit':
    case 'shortBreakVisit':
      return `every ${describeInterval(settings[key])}`;
    case 'coreGroupWorkingDays':
      return `${settings.coreGroupWorkingDays} working days`;
    case 'pepFromAge':
      return `from age ${settings.pepFromAge}`;
    case 'termEnds':
      return settings.termEnds.map(describeTermEnd).join(', ');
  }
}

const isUnit = (value: unknown): value is VisitUnit => typeof value === 'string' && Object.hasOwn(UNIT_MAX, value);
const wholeIn = (value: unknown, min: number, max: number): value is number => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

function validInterval(value: unknown): value is Interval {
  if (!value || typeof value !== 'object') return false;
  const { everyN, unit } = value as Record<string, unknown>;
  return isUnit(unit) && wholeIn(everyN, 1, UNIT_MAX[unit]);
}

/** A day that exists in every year (so not 29 February), as 'MM-DD'. */
function monthDay(month: number, day: number): string | null {
  if (!Number.isInteger(month) || !Number.isInteger(day) || month < 1 || month > 12 || day < 1) return null;
  const lastDay = new Date(Date.UTC(2001, month, 0)).getUTCDate();
  return day > lastDay ? null : `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function validTermEnds(value: unknown): value is string[] {
  if (!Array.isArray(value) || value.length !== TERM_NAMES.length) return false;
  const ok = value.every((v) => typeof v === 'string' && /^\d\d-\d\d$/.test(v) && monthDay(Number(v.slice(0, 2)), Number(v.slice(3))) === v);
  return ok && value.every((v, i) => i === 0 || value[i - 1] < v);
}

/**
 * The settings in force: the defaults with each stored local standard over
 * them. A stored value that no longer passes the checks is ignored, so a bad
 * row can never stop the engine.
 */
export function withLocalStandards(stored: unknown): TimescaleSettings {
  const s = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  return {
    ...DEFAULT_SETTINGS,
    ...(validInterval(s.cpVisit) ? { cpVisit: { everyN: s.cpVisit.everyN, unit: s.cpVisit.unit } } : {}),
    ...(validInterval(s.cinVisit) ? { cinVisit: { everyN: s.cinVisit.everyN, unit: s.cinVisit.unit } } : {}),
    ...(validInterval(s.shortBreakVisit) ? { shortBreakVisit: { everyN: s.shortBreakVisit.everyN, unit: s.shortBreakVisit.unit } } : {}),
    ...(wholeIn(s.coreGroupWorkingDays, CORE_GROUP_RANGE.min, CORE_GROUP_RANGE.max) ? { coreGroupWorkingDays: s.coreGroupWorkingDays } : {}),
    ...(wholeIn(s.pepFromAge, PEP_AGE_RANGE.min, PEP_AGE_RANGE.max) ? { pepFromAge: s.pepFromAge } : {}),
    ...(validTermEnds(s.termEnds) ? { termEnds: s.termEnds } : {}),
  };
}

/** The local standards only, as they are stored. */
export function localStandardsOf(settings: TimescaleSettings): Pick<TimescaleSettings, LocalStandard> {
  const { cpVisit, cinVisit, shortBreakVisit, coreGroupWorkingDays, pepFromAge, termEnds } = settings;
  return { cpVisit, cinVisit, shortBreakVisit, coreGroupWorkingDays, pepFromAge, termEnds };
}

/** The stored row, if any; `lock` holds it until the transaction ends (so two saves cannot both read the same old values). */
export async function findTimescaleSettingsRow(db: Db, options: { lock?: boolean } = {}) {
  const query = db.selectFrom('timescale_settings').select(['settings', 'updated_at', 'updated_by']).where('id', '=', 1);
  return (options.lock ? query.forUpdate() : query).executeTakeFirst();
}

/** One query: the settings in force. */
export async function loadTimescaleSettings(db: Db): Promise<TimescaleSettings> {
  return withLocalStandards((await findTimescaleSettingsRow(db))?.settings);
}

export async function saveTimescaleSettings(db: Db, settings: TimescaleSettings, by: string): Promise<void> {
  const stored = JSON.stringify(localStandardsOf(settings));
  await db
    .insertInto('timescale_settings')
    .values({ id: 1, settings: stored, updated_by: by })
    .onConflict((oc) => oc.column('id').doUpdateSet({ settings: stored, updated_by: by, updated_at: new Date() }))
    .execute();
}

/** The form's values for the settings in force. */
export function formValues(settings: TimescaleSettings): Record<string, string> {
  const values: Record<string, string> = {
    coreGroupWorkingDays: String(settings.coreGroupWorkingDays),
    pepFromAge: String(settings.pepFromAge),
  };
  for (const { key } of INTERVAL_STANDARDS) {
    values[`${key}Every`] = String(settings[key].everyN);
    values[`${key}Unit`] = settings[key].unit;
  }
  settings.termEnds.forEach((end, i) => {
    values[`termEnd${i + 1}-day`] = String(Number(end.slice(3)));
    values[`termEnd${i + 1}-month`] = String(Number(end.slice(0, 2)));
  });
  return values;
}

const unitMessage = (label: string) => `Choose working days, days, weeks or months for ${label.toLowerCase()}`;
const unitChoice = (label: string) => choice(UNIT_MAX, { label, choose: unitMessage(label), invalid: unitMessage(label) });

/** Each visiting standard's unit, read first: the longest interval it may take depends on the unit. */
function unitsForm() {
  return z.object(Object.fromEntries(INTERVAL_STANDARDS.map(({ key, label }) => [`${key}Unit`, unitChoice(label)])));
}

/** A term end's day or month box: a number, or null for anything else (the two are checked together below). */
const dayOrMonth = field((sent) => {
  const value = sentText(sent).trim();
  return /^\d{1,3}$/.test(value) ? Number(value) : null;
});

/** The standards form, in the order of the page; an interval is read only once its unit is known. */
function standardsForm(units: Partial<Record<string, VisitUnit>>) {
  const shape: Record<string, z.ZodType<string | number | null>> = {};
  for (const { key, label } of INTERVAL_STANDARDS) {
    shape[`${key}Unit`] = unitChoice(label);
    const unit = units[`${key}Unit`];
    if (unit) {
      const message = `${label} must be every 1 to ${UNIT_MAX[unit]} ${UNIT_NAMES[unit]}, a whole number`;
      shape[`${key}Every`] = wholeNumber({ label, min: 1, max: UNIT_MAX[unit], required: message, invalid: message });
    }
  }
  const coreGroup = `The first core group must be within a whole number of working days from ${CORE_GROUP_RANGE.min} to ${CORE_GROUP_RANGE.max}`;
  shape.coreGroupWorkingDays = wholeNumber({ label: 'The first core group', ...CORE_GROUP_RANGE, required: coreGroup, invalid: coreGroup });
  const pepAge = `Personal education plans must start from an age from ${PEP_AGE_RANGE.min} to ${PEP_AGE_RANGE.max} (compulsory school age)`;
  shape.pepFromAge = wholeNumber({ label: 'Personal education plans', ...PEP_AGE_RANGE, required: pepAge, invalid: pepAge });
  TERM_NAMES.forEach((_, i) => {
    shape[`termEnd${i + 1}-day`] = dayOrMonth;
    shape[`termEnd${i + 1}-month`] = dayOrMonth;
  });
  return z.object(shape);
}

/** The submitted standards over the current settings, or a message for each field that could not be read. */
export function readLocalStandards(body: Body, current: TimescaleSettings): { settings: TimescaleSettings | null; errors: FieldErrors } {
  const units = readForm(unitsForm(), body).values as Partial<Record<string, VisitUnit>>;
  const { values, errors } = readForm(standardsForm(units), body);
  const number = (name: string) => (typeof values[name] === 'number' ? values[name] : null);
  const ends: (string | null)[] = TERM_NAMES.map((_, i) => {
    const day = number(`termEnd${i + 1}-day`);
    const month = number(`termEnd${i + 1}-month`);
    return day !== null && month !== null ? monthDay(month, day) : null;
  });
  ends.forEach((end, i) => {
    const before = i > 0 ? ends[i - 1] : null;
    if (!end) errors[`termEnd${i + 1}-day`] = `${TERM_NAMES[i]} must end on a real day and month, like 31 3 (not 29 February)`;
    else if (before && before >= end) errors[`termEnd${i + 1}-day`] = `${TERM_NAMES[i]} must end after the ${TERM_NAMES[i - 1]!.toLowerCase()}, in the same calendar year`;
  });
  if (Object.keys(errors).length) return { settings: null, errors };
  const next: TimescaleSettings = { ...current, coreGroupWorkingDays: number('coreGroupWorkingDays')!, pepFromAge: number('pepFromAge')!, termEnds: ends as string[] };
  for (const { key } of INTERVAL_STANDARDS) next[key] = { everyN: number(`${key}Every`)!, unit: units[`${key}Unit`]! };
  return { settings: next, errors };
}

/** What changed, old to new, in words for the audit log. */
export function describeChanges(before: TimescaleSettings, after: TimescaleSettings): string[] {
  return LOCAL_STANDARDS.filter((key) => describeStandard(key, before) !== describeStandard(key, after)).map(
    (key) => `${key} ${describeStandard(key, before)} -> ${describeStandard(key, after)}`,
  );
}
