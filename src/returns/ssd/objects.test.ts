import assert from 'node:assert/strict';
import { test } from 'node:test';
import { modelFields } from './model.ts';
import { SSD_OBJECT_NAMES, SSD_OBJECTS } from './objects.ts';
import { ssdRows, type SsdSources } from './rules.ts';

test('each covered object has the model\'s field names, in the model\'s order (ssd-data-model objects/*.yml)', () => {
  for (const name of SSD_OBJECT_NAMES) assert.deepEqual([...SSD_OBJECTS[name].fields], modelFields(name), name);
});

test('every field of a covered object is either filled from the record or listed as not held, never both', () => {
  const empty = Object.fromEntries(
    ['people', 'disabilities', 'addresses', 'contacts', 'referrals', 'assessments', 'enquiries', 'conferences', 'cpPlans', 'cpReviews', 'cinPlans', 'episodes', 'careReviews', 'missing', 'careLeavers', 'previousPermanence', 'earlyHelp', 'preProceedings', 'allocations', 'professionals', 'teams', 'cinVisits', 'cpVisits', 'claVisits'].map((k) => [k, []]),
  ) as unknown as SsdSources;
  const one = { id: 'x', child_id: 'c', person_id: 'P', referral_id: 'r', start_date: '2025-01-01', end_date: '2025-02-01', reason_new_episode: 'S', legal_status: 'C2', primary_need: 'N1', placement_type: 'U4', placement_provider: 'PR1', placement_postcode: 'BN1 1AA', placement_urn: null, placement_distance_miles: 1, reason_ceased: 'E11', reason_place_change: null };
  const sources = {
    ...empty,
    people: [{ person_id: 'P', forename: 'A', surname: 'B', sex: 'M', ethnicity: 'WBRI', dob: '2015-01-01', nhs_number: null, upn_unknown: null, expected_dob: null, death_date: null }],
    disabilities: [{ person_id: 'P', code: 'HEAR' }],
    addresses: [{ id: 'a', person_id: 'P', line1: '1 Road', town: null, postcode: 'BN1 1AA', start_date: '2020-01-01', end_date: null }],
    contacts: [{ id: 'c', person_id: 'P', contact_date: '2025-01-01', source: '1A', outcome: null }],
    referrals: [{ id: 'r', person_id: 'P', referral_date: '2025-01-01', primary_need: 'N1', source: '1A', nfa: false, close_reason: null, close_date: null, assessed: true, strategy: false, conference: false }],
    assessments: [{ id: 'a', person_id: 'P', referral_id: 'r', start_date: '2025-01-01', child_seen: true, authorised_on: null, outcome: null, team: 'T', worker_id: 'w' }],
    enquiries: [{ id: 's', person_id: 'P', referral_id: 'r', start_date: '2025-01-01', ended_on: null, outcome: null, icpc_required: null, worker_id: null, team: null }],
    conferences: [{ id: 'i', person_id: 'P', enquiry_id: 's', cp_plan_id: 'p', referral_id: 'r', date: '2025-01-10', plan_decided: true, worker_id: 'w', team: 'T' }],
    cpPlans: [{ id: 'p', person_id: 'P', referral_id: 'r', icpc_id: 'i', start_date: '2025-01-10', end_date: null, initial_category: 'NEG', latest_category: 'NEG' }],
    cpReviews: [{ id: 'v', person_id: 'P', plan_id: 'p', date: '2025-04-10', decision: 'continue' }],
    cinPlans: [{ id: 'n', person_id: 'P', referral_id: 'r', start_date: '2025-01-10', end_date: null, worker_id: 'w', team: 'T' }],
    episodes: [one],
    careReviews: [{ id: 'cr', child_id: 'c', date: '2025-01-20', participation: 'PN1' }],
    missing: [{ id: 'm', person_id: 'P', kind: 'M', start_date: '2025-01-02', end_date: null, offered_on: null, interview_outcome: null }],
    careLeavers: [{ child_id: 'c', person_id: 'P', category: 'relevant', in_touch: 'YES', latest_contact: null, accommodation: 'B1', activity: 'F1', pathway_review: null, adviser_id: null, team: null, worker_id: null }],
    previousPermanence: [{ id: 'pp', person_id: 'P', order_on: null, option: 'P1', la_code: null }],
    earlyHelp: [{ id: 'e', person_id: 'P', start_date: '2024-01-01', end_date: null, reason: 'Parenting', end_reason: null, lead: 'School' }],
    preProceedings: [{ id: 'pr', person_id: 'P', decision_date: '2025-01-01', letter_date: null, initial_meeting_date: null, review_meetings: 0, outcome: null, outcome_date: null }],
    allocations: [{ id: 'al', person_id: 'P', worker_id: 'w', role: 'lead', team: 'T', start_date: '2025-01-01', end_date: null, end_reason: null, referral_id: 'r' }],
    professionals: [{ id: 'w', name: 'W', swe_number: null, role: 'social_worker', caseload: 3, team: 'T', fte: 1, employment_type: 'permanent' }],
    teams: [{ id: 't', name: 'T', parent_id: 's', parent_name: 'S' }],
    cinVisits: [{ id: 'v1', person_id: 'P', plan_id: 'n', date: '2025-02-01', seen: true, seen_alone: null, bedroom: null }],
    cpVisits: [{ id: 'v2', person_id: 'P', plan_id: 'p', date: '2025-02-01', seen: true, seen_alone: true, bedroom: true }],
    claVisits: [{ id: 'v3', person_id: 'P', plan_id: 'x', date: '2025-01-05', seen: true, seen_alone: false, bedroom: null }],
  } satisfies SsdSources;
  const rows = ssdRows(sources);
  for (const name of SSD_OBJECT_NAMES) {
    const filled = Object.keys(rows[name][0] ?? {});
    assert.ok(filled.length > 0, `${name} has a row`);
    const notHeld: readonly string[] = SSD_OBJECTS[name].notHeld;
    assert.deepEqual([...filled, ...notHeld].sort(), [...SSD_OBJECTS[name].fields].sort(), name);
  }
});
