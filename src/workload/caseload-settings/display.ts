import { ROLE_LABELS } from '../../platform/access/roles.ts';
import type { CaseloadSettings, WeightingRules } from '../caseload/rules.ts';
import { LEVEL_ROLES, REDUCTION_REASON_NAMES, REDUCTION_REASONS, STATUS_NAMES, TIERS, WEIGHED_STATUSES } from './rules.ts';

/** Rows of "what, value, default" for the configuration tables. Pure. */
export interface ConfigRow {
  label: string;
  value: string;
  default: string;
  changed: boolean;
}

const percent = (share: number) => `${Math.round(share * 10000) / 100}%`;
const points = (n: number) => `${n} ${n === 1 ? 'point' : 'points'}`;

function row(label: string, value: string, fallback: string): ConfigRow {
  return { label, value, default: fallback, changed: value !== fallback };
}

export function travelBandsText(bands: WeightingRules['travelBands']): string {
  if (bands.length === 0) return 'None';
  return [...bands]
    .sort((a, b) => a.overMiles - b.overMiles)
    .map((b) => `over ${b.overMiles} miles: + ${b.points}`)
    .join('; ');
}

export function weightingRows(rules: WeightingRules, defaults: WeightingRules): ConfigRow[] {
  return [
    ...WEIGHED_STATUSES.map((s) => row(`${STATUS_NAMES[s]} case`, points(rules.points[s]), points(defaults.points[s]))),
    ...TIERS.map((t) => row(`Complexity tier ${t}`, `× ${rules.complexity[t]}`, `× ${defaults.complexity[t]}`)),
    row('Second and later siblings held by one worker', percent(rules.siblingShare), percent(defaults.siblingShare)),
    row('Co-worker carries', percent(rules.coWorkerShare), percent(defaults.coWorkerShare)),
    row('Care proceedings (once a family)', `+ ${points(rules.courtPoints)}`, `+ ${points(defaults.courtPoints)}`),
    row('Travel to a placement out of the area (once a family and placement)', travelBandsText(rules.travelBands), travelBandsText(defaults.travelBands)),
  ];
}

export function roleRows(settings: CaseloadSettings, defaults: CaseloadSettings) {
  return LEVEL_ROLES.map((role) => {
    const value = settings.roles[role] ?? { fullTimePoints: 0, childrenCeiling: 0 };
    const fallback = defaults.roles[role] ?? { fullTimePoints: 0, childrenCeiling: 0 };
    return {
      role: ROLE_LABELS[role],
      points: row('Full-time points', String(value.fullTimePoints), String(fallback.fullTimePoints)),
      ceiling: row('Children ceiling', String(value.childrenCeiling), String(fallback.childrenCeiling)),
    };
  });
}

export function asyeText(schedule: CaseloadSettings['asyeSchedule']): string {
  return [...schedule]
    .sort((a, b) => a.fromDay - b.fromDay)
    .map((s) => `from day ${s.fromDay}: ${s.percent}%`)
    .join('; ');
}

export function settingsRows(settings: CaseloadSettings, defaults: CaseloadSettings): ConfigRow[] {
  return [
    row('Floor: capacity under-used below', `${settings.floorPercent}%`, `${defaults.floorPercent}%`),
    row('Amber: over the recommended level above', `${settings.amberPercent}%`, `${defaults.amberPercent}%`),
    row('Red: seriously over above', `${settings.redPercent}%`, `${defaults.redPercent}%`),
    row('Full-time contracted hours', String(settings.contractedHoursFullTime), String(defaults.contractedHoursFullTime)),
    row('ASYE protection (share of points by day of the first year)', asyeText(settings.asyeSchedule), asyeText(defaults.asyeSchedule)),
    ...REDUCTION_REASONS.map((r) =>
      row(`Largest reduction for ${REDUCTION_REASON_NAMES[r].toLowerCase()}`, `${settings.reductionCaps[r]}%`, `${defaults.reductionCaps[r]}%`),
    ),
    row('Working days to record an action plan', String(settings.planWorkingDays), String(defaults.planWorkingDays)),
    row('Days open before the head of service is told', String(settings.headEscalationDays), String(defaults.headEscalationDays)),
    row('Days open before the director is told (0: the chain stops at the head of service)', String(settings.directorEscalationDays), String(defaults.directorEscalationDays)),
    row('Days within which a new breach continues the variance that closed', String(settings.reopenWithinDays), String(defaults.reopenWithinDays)),
  ];
}
