// From stored rows to what weighing a case reads. The caseload engine, the
// trend back-fill and the allocation preview all weigh cases from database
// rows; this is the one place that says which columns become which weighting
// input, so a new weighting factor is one edit here (and a column in each
// query that feeds it).
import type { ChildStatus } from '../../db/schema.ts';
import { distanceMiles } from '../../reference/geography.ts';
import type { CaseForWeighting, CaseRole, ComplexityTier } from './rules.ts';

/** A case as the queries return it: the columns weighting reads. */
export interface StoredCase {
  child_id: string;
  role: CaseRole;
  status: ChildStatus;
  complexity_tier: number | null;
  family_id: string | null;
  placement_postcode: string | null;
  placement_out_of_area: boolean | null;
  court_proceedings_since: string | null;
}

/** Straight-line miles from the worker's team base to an out-of-area placement; null when in area or not known. */
export function placementTravelMiles(c: Pick<StoredCase, 'placement_postcode' | 'placement_out_of_area'>, teamBasePostcode: string | null): number | null {
  return c.placement_out_of_area && c.placement_postcode && teamBasePostcode ? distanceMiles(teamBasePostcode, c.placement_postcode) : null;
}

/** The weighting input of a stored case on `today` (court proceedings count from the day they began). */
export function caseForWeighting(c: StoredCase, travelMiles: number | null, today: string): CaseForWeighting {
  return {
    childId: c.child_id,
    role: c.role,
    status: c.status,
    complexityTier: (c.complexity_tier ?? 1) as ComplexityTier,
    familyId: c.family_id,
    placementPostcode: c.placement_postcode,
    placementOutOfArea: c.placement_out_of_area,
    travelMiles,
    inCourtProceedings: Boolean(c.court_proceedings_since && c.court_proceedings_since <= today),
  };
}
