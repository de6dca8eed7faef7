// Timescales: the engine that works out every statutory and local due date
// from a child's record, the store that keeps its results for the day, and
// the local standards' settings.
import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../platform/area.ts';
import { timescaleAdminRoutes } from './settings/routes.ts';

export { timescalesJobs } from './jobs.ts';
export { journeyFromBase, presentItem, STATUS_LABELS, type PresentedItem } from './engine/present.ts';
export { MISSING_GUIDANCE } from './engine/rules.ts';
export { loadTimelines, statutoryVisit } from './engine/queries.ts';
export {
  birthdayCheckWindow,
  lastBirthdayChecked,
  leftCareOn,
  currentPlacementStart,
  describeInterval,
  describeMinutes,
  DUE_KIND_LABELS,
  dueItems,
  groupTrips,
  lastMonths,
  leavingCareFromHistory,
  LONGEST_PLAN_INTERVAL,
  longerThan,
  secondReviewOf,
  s47Enquiries,
  workingDaysAfter,
  type S47Enquiry,
  MEASURE_GROUPS,
  timelinessByMonth,
  VISIT_KINDS,
  type ChildTimeline,
  type DueKind,
  type DueStatus,
  type MonthFigure,
  type Occurrence,
  type PlacementTerms,
} from './engine/rules.ts';
export { dueAcrossCouncil, dueForChildren, occurrencesForChildren, timelineOf, timescaleSettings } from './engine/service.ts';
export { ensureDueStored, ensureScopeStored } from './engine/store.ts';
export { scopeComputedOn } from './engine/queries.ts';

export async function timescalesArea(app: FastifyInstance, deps: AreaDeps) {
  await app.register(timescaleAdminRoutes, deps);
}
