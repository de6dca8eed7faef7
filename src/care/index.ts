// Children in care and care leavers: what the council follows for them beyond
// the legal-status timeline (stability, missing episodes, health and
// education, life after care) and the measures built on it.
import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../platform/area.ts';
import { leaverMeasuresRoutes } from './after-care/routes.ts';
import { healthMeasuresRoutes } from './health/routes.ts';
import { localOfferRoutes } from './local-offer/routes.ts';
import { missingRoutes } from './missing/routes.ts';
import { stabilityRoutes } from './stability/routes.ts';
import { adoptionRoutes } from './adoption/routes.ts';
import { reviewingRoutes } from './reviews/routes.ts';
import { permanenceMeasuresRoutes } from './permanence/routes.ts';

/** Mounted by the child's record, which owns /children/:childId/... */
export { careRecordRoutes } from './record/routes.ts';
export { goalsRoutes } from './goals/routes.ts';
export { healthRoutes } from './health/routes.ts';
export { placementRecordRoutes } from './stability/routes.ts';
export { missingRecordRoutes } from './missing/routes.ts';
export { afterCareRoutes } from './after-care/routes.ts';
export { adoptionRecordRoutes } from './adoption/routes.ts';
export { permanenceRoutes } from './permanence/routes.ts';
export { reviewsRoutes } from './reviews/routes.ts';
export { dolRecordRoutes } from './deprivation-of-liberty/routes.ts';
/** What the child's chronology shows of each. */
export { missingChronologyEntries } from './missing/service.ts';
export { afterCareChronology } from './after-care/service.ts';
export { goalsChronology } from './goals/service.ts';
export { adoptionChronology } from './adoption/service.ts';
export { dolChronology } from './deprivation-of-liberty/service.ts';
/** The SSDA903 rows adoption fills (AD1, PlacedAdoption, PrevPerm), for the returns. */
export { adoptionAd1Rows, placedAdoptionRows, prevPermRows, AD1_COLUMNS, PLACED_ADOPTION_COLUMNS, PREV_PERM_COLUMNS, collectionYear, returnDate } from './adoption/ssda903.ts';
/** The SSDA903 OC2 cohort test (looked after continuously for 12 months at 31 March), for the demo and the returns. */
export { oc2Cohort } from './health/rules.ts';
/** The SSDA903 tables built from what the care area records, for the returns. */
export { oc2Rows, OC2_COLUMNS, type Oc2Child, type Oc2Row } from './health/ssda903.ts';
export { oc3Rows, OC3_COLUMNS, type Oc3YoungPerson, type Oc3Row } from './after-care/ssda903.ts';
export { missingRows, MISSING_COLUMNS, type MissingChild, type MissingRow } from './missing/ssda903.ts';
export { doloRows, DOLO_COLUMNS, type DoloChild, type DoloRow } from './deprivation-of-liberty/ssda903.ts';
export { permanenceChronology } from './permanence/service.ts';
/** A child's periods of care and placements from their SSDA903 episodes: pure, for the demo council to build on. */
export { carePeriods, type StabilityEpisode } from './stability/rules.ts';
export { findEpisodesByChild } from './stability/queries.ts';
/** How care ending with each SSDA903 reason achieved permanence, for the demo council. */
export { OUTCOME_OF_REC } from './permanence/rules.ts';
export { reviewsChronology } from './reviews/service.ts';

export async function careArea(app: FastifyInstance, deps: AreaDeps) {
  await app.register(localOfferRoutes, deps);
  await app.register(stabilityRoutes, deps);
  await app.register(missingRoutes, deps);
  await app.register(leaverMeasuresRoutes, deps);
  await app.register(adoptionRoutes, deps);
  await app.register(healthMeasuresRoutes, deps);
  await app.register(reviewingRoutes, deps);
  await app.register(permanenceMeasuresRoutes, deps);
}
