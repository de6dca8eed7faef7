import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { field, problem, readForm, sentText, ticked } from '../../platform/http/forms.ts';
import { authorityName, locatePostcode } from '../../reference/geography.ts';
import { seesCouncil } from '../../platform/access/staff.ts';
import { journeyFromBase, presentItem } from '../../timescales/index.ts';
import { describeMinutes, groupTrips, VISIT_KINDS } from '../../timescales/index.ts';
import { addDays } from '../../platform/calendar/dates.ts';
import { dueForChildren } from '../../timescales/index.ts';
import { findCases } from './queries.ts';
import type { CaseScope } from '../../platform/access/case-scope.ts';
import type { Reader } from '../../platform/record-access/viewer.ts';

export interface TripOptions {
  /** Visits due within this many weeks (overdue ones too). */
  weeks: number;
  /** Placements at least this far from the team's base, in straight-line miles, as well as every one outside the council's area. */
  minMiles: number;
  /** Placements within this many miles of the farthest in a group share its trip. */
  groupMiles: number;
  print: boolean;
}

export const DEFAULT_TRIP_OPTIONS: TripOptions = { weeks: 4, minMiles: 20, groupMiles: 15, print: false };

/** A whole number from `min` to `max`; left empty, the planner's default. */
function tripNumber(label: string, min: number, max: number, fallback: number) {
  return field<number>((sent) => {
    const text = sentText(sent).trim();
    if (!text) return fallback;
    if (!/^\d{1,3}$/.test(text) || Number(text) < min || Number(text) > max) return problem(`${label} must be a whole number from ${min} to ${max}`);
    return Number(text);
  });
}

const tripForm = z.object({
  weeks: tripNumber('Weeks ahead', 1, 12, DEFAULT_TRIP_OPTIONS.weeks),
  minMiles: tripNumber('Distance from base', 0, 500, DEFAULT_TRIP_OPTIONS.minMiles),
  groupMiles: tripNumber('Distance between placements on one trip', 1, 100, DEFAULT_TRIP_OPTIONS.groupMiles),
  print: ticked('1'),
});

/** The planner's options from its query string; a number that cannot be used keeps its default and is reported. */
export function readTripOptions(query: Record<string, unknown>): { options: TripOptions; errors: FieldErrors } {
  const { values, errors } = readForm(tripForm, query);
  return { options: { ...DEFAULT_TRIP_OPTIONS, ...values }, errors };
}

/** Whose children the planner looks at: a worker's own, a team manager's team, a service manager's service. */
function scopeOf(r: Reader): { scope: CaseScope; label: string } | null {
  if (r.viewer.role === 'service_manager' && r.viewer.serviceId) return { scope: { serviceId: r.viewer.serviceId }, label: 'your service' };
  if ((r.viewer.role === 'team_manager' || r.viewer.role === 'practice_supervisor') && r.viewer.teamId) return { scope: { teamId: r.viewer.teamId }, label: 'your team' };
  if (seesCouncil(r.viewer)) return null;
  return { scope: { workerId: r.viewer.id }, label: 'the children you hold' };
}

/**
 * Children due a visit in the next N weeks who live far from their team's
 * base, grouped so that one journey can take in several placements.
 */
export async function tripPlan(r: Reader, options: TripOptions) {
  const who = scopeOf(r);
  return r.db.transaction().execute(async (trx: Db) => {
    const cases = who ? await findCases(trx, r.viewer, r.now, who.scope, 'listed') : [];
    const due = await dueForChildren(
      trx,
      cases.map((c) => c.id),
      r.today,
    );
    const horizon = addDays(r.today, options.weeks * 7);
    const stops = [];
    for (const c of cases) {
      const visit = (due.get(c.id) ?? []).find((i) => VISIT_KINDS.includes(i.kind) && i.dueDate <= horizon);
      if (!visit || !c.placement_postcode) continue;
      const journey = journeyFromBase(c.base_postcode, c.placement_postcode);
      const location = locatePostcode(c.placement_postcode);
      if (!journey || !location) continue;
      if (!c.placement_out_of_area && journey.miles < options.minMiles) continue;
      stops.push({
        id: c.id,
        easting: location.easting,
        northing: location.northing,
        milesFromBase: journey.miles,
        childName: `${c.forename} ${c.surname}`,
        laChildId: c.la_child_id,
        workerName: c.worker_name ?? 'Not allocated',
        teamName: c.team_name,
        postcode: c.placement_postcode,
        area: authorityName(location.utlaCode) ?? location.utlaCode,
        journey,
        item: presentItem(c.id, visit),
      });
    }
    const groups = groupTrips(stops, options.groupMiles).map((members, index) => {
      const areas = [...new Set(members.map((m) => m.area))];
      const earliest = members.map((m) => m.item.dueDate).sort()[0]!;
      return {
        number: index + 1,
        title: areas.join(', '),
        farthestMiles: members[0]!.milesFromBase,
        travel: describeMinutes(members[0]!.journey.minutes),
        visitBy: earliest,
        members: [...members].sort((a, b) => (a.item.dueDate < b.item.dueDate ? -1 : 1)),
      };
    });
    await recordAudit(trx, r.context, { action: 'work-due.view.trips', outcome: 'allowed', subjectType: 'user', subjectId: r.viewer.id, reason: `${stops.length} children in ${groups.length} trips` });
    return { scopeLabel: who?.label ?? null, groups, count: stops.length, options, horizon };
  });
}
