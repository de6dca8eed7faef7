import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caseForWeighting, placementTravelMiles, type StoredCase } from './weighting-input.ts';

const stored: StoredCase = {
  child_id: 'c1',
  role: 'lead',
  status: 'looked_after',
  complexity_tier: null,
  family_id: 'f1',
  placement_postcode: 'TN34 1AA',
  placement_out_of_area: true,
  court_proceedings_since: '2026-03-02',
};

test('a stored case becomes the weighting input: tier 1 when not set, court proceedings from the day they began', () => {
  assert.deepEqual(caseForWeighting(stored, 14.8, '2026-03-02'), {
    childId: 'c1',
    role: 'lead',
    status: 'looked_after',
    complexityTier: 1,
    familyId: 'f1',
    placementPostcode: 'TN34 1AA',
    placementOutOfArea: true,
    travelMiles: 14.8,
    inCourtProceedings: true,
  });
  assert.equal(caseForWeighting(stored, null, '2026-03-01').inCourtProceedings, false, 'the day before proceedings began');
  assert.equal(caseForWeighting({ ...stored, complexity_tier: 3 }, null, '2026-03-01').complexityTier, 3);
});

test('travel counts only for a placement out of area, from a known team base', () => {
  assert.equal(placementTravelMiles(stored, 'BN21 4AB'), 14.8);
  assert.equal(placementTravelMiles({ ...stored, placement_out_of_area: false }, 'BN21 4AB'), null);
  assert.equal(placementTravelMiles(stored, null), null);
  assert.equal(placementTravelMiles({ ...stored, placement_postcode: null }, 'BN21 4AB'), null);
});
