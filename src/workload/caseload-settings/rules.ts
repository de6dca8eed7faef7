import type { ChildStatus, Role } from '../../db/schema.ts';
import { z } from 'zod';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { field, problem, readForm, type Body } from '../../platform/http/forms.ts';
import {
  DEFAULT_SETTINGS,
  DEFAULT_WEIGHTING,
  type CaseloadSettings,
  type ComplexityTier,
  type ReductionReason,
  type WeightingRules,
} from '../caseload/rules.ts';

/**
 * The administrator's forms for the weighting model and the recommended
 * levels: reading the submitted fields into rules and settings, with the
 * checks that keep them sensible. Pure: no database, no clock.
 */

/** Statuses an administrator weighs (a closed case carries no points). */
export const WEIGHED_STATUSES = ['child_in_need', 'child_protection', 'looked_after', 'care_leaver'] as const satisfies readonly ChildStatus[];

export const STATUS_NAMES: Record<(typeof WEIGHED_STATUSES)[number], string> = {
  child_in_need: 'Child in need',
  child_protection: 'Child protection plan',
  looked_after: 'Looked after',
  care_leaver: 'Care leaver',
};

export const TIERS: readonly ComplexityTier[] = [1, 2, 3];

/** Roles whose levels are set here: those that can hold cases. */
export const LEVEL_ROLES = ['social_worker', 'practice_supervisor', 'team_manager', 'personal_adviser'] as const satisfies readonly Role[];

export const REDUCTION_REASONS: readonly ReductionReason[] = ['leave', 'phased_return', 'secondment', 'special_duties', 'other'];

export const REDUCTION_REASON_NAMES: Record<ReductionReason, string> = {
  leave: 'Leave',
  phased_return: 'Phased return',
  secondment: 'Secondment',
  special_duties: 'Special duties',
  other: 'Other',
};

/** How many rows the forms offer for travel bands and ASYE steps. */
export const TRAVEL_BAND_ROWS = 3;
export const ASYE_ROWS = 6;

interface NumberRule {
  label: string;
  min: number;
  max: number;
  integer?: boolean;
  /** When false, an empty field is allowed and read as null. */
  required?: boolean;
}

/** A number field, read as the GOV.UK-style message says what is wrong with it; a trailing % is allowed. */
function settingNumber(rule: NumberRule) {
  return field<number | null>((sent) => {
    const raw = String(sent ?? '').trim().replace(/%$/, '').trim();
    if (raw === '') return rule.required === false ? null : problem(`Enter ${lowerFirst(rule.label)}`);
    if (!/^-?\d+(\.\d+)?$/.test(raw)) return problem(`${rule.label} must be a number`);
    const value = Number(raw);
    if (rule.integer && !Number.isInteger(value)) return problem(`${rule.label} must be a whole number`);
    if (!rule.integer && !/^-?\d+(\.\d{1,2})?$/.test(raw)) return problem(`${rule.label} must have no more than 2 decimal places`);
    if (value < rule.min || value > rule.max) return problem(`${rule.label} must be between ${rule.min} and ${rule.max}`);
    return value;
  });
}

/** A field left empty when its row is not used. */
const optionalNumber = (rule: Omit<NumberRule, 'required'>) => settingNumber({ ...rule, required: false });

/** 1, 2, … `count`: the numbers of a form's repeated rows. */
const rows = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** A form of number fields, named as the page names them, in the order the page shows them. */
function numberForm(fields: [string, ReturnType<typeof settingNumber>][]) {
  return z.object(Object.fromEntries(fields));
}

/** Reads a number form; `number` gives a field's value (0 when it could not be read), `fail` adds a message unless the field has one. */
function readNumbers(fields: [string, ReturnType<typeof settingNumber>][], body: Body) {
  const { values, errors } = readForm(numberForm(fields), body);
  return {
    errors,
    number: (name: string): number => values[name] ?? 0,
    optional: (name: string): number | null => values[name] ?? null,
    fail: (name: string, message: string) => {
      errors[name] ??= message;
    },
    ok: () => Object.keys(errors).length === 0,
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

// ---- The weighting model ----

/** Field values for the weighting form, from rules (the one in force, to start a new version from). */
export function weightingFormValues(rules: WeightingRules): Record<string, string> {
  const values: Record<string, string> = {};
  for (const status of WEIGHED_STATUSES) values[`points_${status}`] = String(rules.points[status]);
  for (const tier of TIERS) values[`complexity_${tier}`] = String(rules.complexity[tier]);
  values.siblingSharePercent = String(round2(rules.siblingShare * 100));
  values.coWorkerSharePercent = String(round2(rules.coWorkerShare * 100));
  values.courtPoints = String(rules.courtPoints);
  const bands = [...rules.travelBands].sort((a, b) => a.overMiles - b.overMiles);
  for (let i = 0; i < TRAVEL_BAND_ROWS; i++) {
    values[`band${i + 1}Miles`] = bands[i] ? String(bands[i]!.overMiles) : '';
    values[`band${i + 1}Points`] = bands[i] ? String(bands[i]!.points) : '';
  }
  return values;
}

export type ReadResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/**
 * The weighting rules from the form. Points per status 0–50, complexity
 * multipliers 0.5–5 rising with the tier, shares 0–100%, court points 0–50;
 * travel bands (optional rows) with distinct distances 1–500 miles and points
 * 0–20 that do not fall as the distance grows.
 */
export function readWeightingForm(body: Body): ReadResult<WeightingRules> {
  const r = readNumbers(
    [
      ...WEIGHED_STATUSES.map((status): [string, ReturnType<typeof settingNumber>] => [
        `points_${status}`,
        settingNumber({ label: `Points for ${lowerFirst(STATUS_NAMES[status])}`, min: 0, max: 50 }),
      ]),
      ...TIERS.map((tier): [string, ReturnType<typeof settingNumber>] => [`complexity_${tier}`, settingNumber({ label: `Multiplier for tier ${tier}`, min: 0.5, max: 5 })]),
      ['siblingSharePercent', settingNumber({ label: 'Share for second and later siblings', min: 0, max: 100 })],
      ['coWorkerSharePercent', settingNumber({ label: 'Co-worker share', min: 0, max: 100 })],
      ['courtPoints', settingNumber({ label: 'Points for care proceedings', min: 0, max: 50 })],
      ...rows(TRAVEL_BAND_ROWS).flatMap((i): [string, ReturnType<typeof settingNumber>][] => [
        [`band${i}Miles`, optionalNumber({ label: `Distance for travel band ${i}`, min: 1, max: 500, integer: true })],
        [`band${i}Points`, optionalNumber({ label: `Points for travel band ${i}`, min: 0, max: 20 })],
      ]),
    ],
    body,
  );
  const points = { ...DEFAULT_WEIGHTING.points };
  for (const status of WEIGHED_STATUSES) points[status] = r.number(`points_${status}`);
  points.closed = 0;
  const complexity = { ...DEFAULT_WEIGHTING.complexity };
  for (const tier of TIERS) complexity[tier] = r.number(`complexity_${tier}`);
  // The tiers are compared only when every point and multiplier could be read, and one step at a time.
  const pointsRead = !Object.keys(r.errors).some((name) => name.startsWith('points_') || name.startsWith('complexity_'));
  if (pointsRead && complexity[2] < complexity[1]) r.fail('complexity_2', 'Multiplier for tier 2 must be at least the multiplier for tier 1');
  else if (pointsRead && complexity[3] < complexity[2]) r.fail('complexity_3', 'Multiplier for tier 3 must be at least the multiplier for tier 2');
  const siblingShare = r.number('siblingSharePercent') / 100;
  const coWorkerShare = r.number('coWorkerSharePercent') / 100;
  const courtPoints = r.number('courtPoints');
  const travelBands: WeightingRules['travelBands'] = [];
  for (const i of rows(TRAVEL_BAND_ROWS)) {
    const miles = r.optional(`band${i}Miles`);
    const bandPoints = r.optional(`band${i}Points`);
    if (miles === null && bandPoints === null) continue;
    if (miles === null) r.fail(`band${i}Miles`, `Enter the distance for travel band ${i}, or clear its points`);
    else if (bandPoints === null) r.fail(`band${i}Points`, `Enter the points for travel band ${i}, or clear its distance`);
    else travelBands.push({ overMiles: miles, points: bandPoints });
  }
  if (r.ok()) {
    const ascending = [...travelBands].sort((a, b) => a.overMiles - b.overMiles);
    for (let i = 1; i < ascending.length; i++) {
      const row = travelBands.indexOf(ascending[i]!) + 1;
      if (ascending[i]!.overMiles === ascending[i - 1]!.overMiles) r.fail(`band${row}Miles`, 'Each travel band must have a different distance');
      else if (ascending[i]!.points < ascending[i - 1]!.points) r.fail(`band${row}Points`, 'A longer distance must not carry fewer points than a shorter one');
    }
  }
  if (!r.ok()) return { ok: false, errors: r.errors };
  return {
    ok: true,
    value: {
      points,
      complexity,
      siblingShare: round2(siblingShare * 10000) / 10000,
      // The engine takes the first band from the top: the longest distance first.
      travelBands: travelBands.sort((a, b) => b.overMiles - a.overMiles),
      courtPoints,
      coWorkerShare: round2(coWorkerShare * 10000) / 10000,
    },
  };
}

/** What changed between two weighting models, in words, for the audit log. */
export function describeWeightingChanges(before: WeightingRules, after: WeightingRules): string {
  const changes: string[] = [];
  const note = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push(`${what} ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
  };
  for (const status of WEIGHED_STATUSES) note(`${status} points`, before.points[status], after.points[status]);
  for (const tier of TIERS) note(`tier ${tier} multiplier`, before.complexity[tier], after.complexity[tier]);
  note('sibling share', before.siblingShare, after.siblingShare);
  note('co-worker share', before.coWorkerShare, after.coWorkerShare);
  note('court points', before.courtPoints, after.courtPoints);
  note('travel bands', before.travelBands, after.travelBands);
  return changes.length ? changes.join('; ') : 'no figures changed';
}

// ---- Recommended levels ----

export function levelsFormValues(settings: CaseloadSettings): Record<string, string> {
  const values: Record<string, string> = {};
  for (const role of LEVEL_ROLES) {
    const levels = settings.roles[role] ?? DEFAULT_SETTINGS.roles[role] ?? { fullTimePoints: 0, childrenCeiling: 0 };
    values[`role_${role}_points`] = String(levels.fullTimePoints);
    values[`role_${role}_ceiling`] = String(levels.childrenCeiling);
  }
  values.amberPercent = String(settings.amberPercent);
  values.redPercent = String(settings.redPercent);
  values.floorPercent = String(settings.floorPercent);
  values.contractedHoursFullTime = String(settings.contractedHoursFullTime);
  values.planWorkingDays = String(settings.planWorkingDays);
  values.headEscalationDays = String(settings.headEscalationDays);
  values.directorEscalationDays = String(settings.directorEscalationDays);
  values.reopenWithinDays = String(settings.reopenWithinDays);
  const schedule = [...settings.asyeSchedule].sort((a, b) => a.fromDay - b.fromDay);
  for (let i = 0; i < ASYE_ROWS; i++) {
    values[`asyeDay_${i}`] = schedule[i] ? String(schedule[i]!.fromDay) : '';
    values[`asyePercent_${i}`] = schedule[i] ? String(schedule[i]!.percent) : '';
  }
  for (const reason of REDUCTION_REASONS) values[`cap_${reason}`] = String(settings.reductionCaps[reason]);
  return values;
}

/**
 * Recommended levels from the form, over the current settings (what the form
 * does not show is kept). Full-time points 0–500 and children ceilings 0–60
 * per role; floor < amber < red, each 1–300%; the ASYE schedule's rows start
 * at day 0 and rise by day (0–364) with percents 1–100; reduction caps
 * 0–100%; 1–30 working days for a plan and 1–365 days to the head of service,
 * longer than the plan's deadline.
 */
export function readLevelsForm(body: Body, current: CaseloadSettings): ReadResult<CaseloadSettings> {
  const roleLabel = (role: string) => role.replace(/_/g, ' ');
  const r = readNumbers(
    [
      ...LEVEL_ROLES.flatMap((role): [string, ReturnType<typeof settingNumber>][] => [
        [`role_${role}_points`, settingNumber({ label: `Full-time points for a ${roleLabel(role)}`, min: 0, max: 500, integer: true })],
        [`role_${role}_ceiling`, settingNumber({ label: `Children ceiling for a ${roleLabel(role)}`, min: 0, max: 60, integer: true })],
      ]),
      ['floorPercent', settingNumber({ label: 'Floor', min: 1, max: 300, integer: true })],
      ['amberPercent', settingNumber({ label: 'Amber level', min: 1, max: 300, integer: true })],
      ['redPercent', settingNumber({ label: 'Red level', min: 1, max: 300, integer: true })],
      ['contractedHoursFullTime', settingNumber({ label: 'Full-time contracted hours', min: 1, max: 60 })],
      ...rows(ASYE_ROWS).flatMap((step): [string, ReturnType<typeof settingNumber>][] => [
        [`asyeDay_${step - 1}`, optionalNumber({ label: `Day for ASYE step ${step}`, min: 0, max: 364, integer: true })],
        [`asyePercent_${step - 1}`, optionalNumber({ label: `Percentage for ASYE step ${step}`, min: 1, max: 100, integer: true })],
      ]),
      ...REDUCTION_REASONS.map((reason): [string, ReturnType<typeof settingNumber>] => [
        `cap_${reason}`,
        settingNumber({ label: `Cap for ${REDUCTION_REASON_NAMES[reason].toLowerCase()}`, min: 0, max: 100, integer: true }),
      ]),
      ['planWorkingDays', settingNumber({ label: 'Working days to record a plan', min: 1, max: 30, integer: true })],
      ['headEscalationDays', settingNumber({ label: 'Days before the head of service is told', min: 1, max: 365, integer: true })],
      ['directorEscalationDays', settingNumber({ label: 'Days before the director is told', min: 0, max: 730, integer: true })],
      ['reopenWithinDays', settingNumber({ label: 'Days within which a new breach continues the last variance', min: 0, max: 365, integer: true })],
    ],
    body,
  );
  const roles: CaseloadSettings['roles'] = { ...current.roles };
  for (const role of LEVEL_ROLES) {
    roles[role] = { fullTimePoints: r.number(`role_${role}_points`), childrenCeiling: r.number(`role_${role}_ceiling`) };
  }
  const floorPercent = r.number('floorPercent');
  const amberPercent = r.number('amberPercent');
  const redPercent = r.number('redPercent');
  if (!r.errors.amberPercent && !r.errors.redPercent && amberPercent >= redPercent) r.fail('redPercent', 'Red level must be higher than the amber level');
  if (!r.errors.floorPercent && !r.errors.amberPercent && floorPercent >= amberPercent) r.fail('floorPercent', 'Floor must be lower than the amber level');
  const contractedHoursFullTime = r.number('contractedHoursFullTime');

  const asyeSchedule: CaseloadSettings['asyeSchedule'] = [];
  for (let i = 0; i < ASYE_ROWS; i++) {
    const day = r.optional(`asyeDay_${i}`);
    const percent = r.optional(`asyePercent_${i}`);
    if (day === null && percent === null) continue;
    if (day === null) r.fail(`asyeDay_${i}`, `Enter the day for ASYE step ${i + 1}, or clear its percentage`);
    else if (percent === null) r.fail(`asyePercent_${i}`, `Enter the percentage for ASYE step ${i + 1}, or clear its day`);
    else asyeSchedule.push({ fromDay: day, percent });
  }
  // The steps are checked together only when nothing above them on the form is wrong; the caps and days below do not count.
  const belowSchedule = (name: string) => name.startsWith('cap_') || name === 'planWorkingDays' || name === 'headEscalationDays' || name === 'directorEscalationDays' || name === 'reopenWithinDays';
  if (Object.keys(r.errors).every(belowSchedule)) {
    if (asyeSchedule.length === 0) r.fail('asyeDay_0', 'Enter at least one ASYE step, starting at day 0');
    else if (asyeSchedule[0]!.fromDay !== 0) r.fail('asyeDay_0', 'The first ASYE step must start at day 0');
    for (let i = 1; i < asyeSchedule.length; i++) {
      if (asyeSchedule[i]!.fromDay <= asyeSchedule[i - 1]!.fromDay) r.fail(`asyeDay_${i}`, `Day for ASYE step ${i + 1} must be later than the step before`);
    }
  }

  const reductionCaps = { ...current.reductionCaps };
  for (const reason of REDUCTION_REASONS) reductionCaps[reason] = r.number(`cap_${reason}`);
  const planWorkingDays = r.number('planWorkingDays');
  const headEscalationDays = r.number('headEscalationDays');
  if (!r.errors.planWorkingDays && !r.errors.headEscalationDays && headEscalationDays <= planWorkingDays) {
    r.fail('headEscalationDays', 'Days before the head of service is told must be more than the working days to record a plan');
  }
  const directorEscalationDays = r.number('directorEscalationDays');
  if (!r.errors.headEscalationDays && !r.errors.directorEscalationDays && directorEscalationDays !== 0 && directorEscalationDays <= headEscalationDays) {
    r.fail('directorEscalationDays', 'Days before the director is told must be more than the days before the head of service is told, or 0 to stop at the head of service');
  }
  if (!r.ok()) return { ok: false, errors: r.errors };
  return {
    ok: true,
    value: {
      ...current,
      roles,
      amberPercent,
      redPercent,
      floorPercent,
      contractedHoursFullTime,
      asyeSchedule,
      reductionCaps,
      planWorkingDays,
      headEscalationDays,
      directorEscalationDays,
      reopenWithinDays: r.number('reopenWithinDays'),
    },
  };
}

/** What changed between two sets of levels, in words, for the audit log. */
export function describeSettingsChanges(before: CaseloadSettings, after: CaseloadSettings): string {
  const changes: string[] = [];
  for (const key of Object.keys(after) as (keyof CaseloadSettings)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes.push(`${key} ${JSON.stringify(before[key])} → ${JSON.stringify(after[key])}`);
  }
  return changes.length ? changes.join('; ') : 'nothing changed';
}
