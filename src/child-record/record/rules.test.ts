import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allocationAlerts } from './rules.ts';

const TODAY = '2026-11-23';

test('an open case without a social worker is flagged; a closed one is not', () => {
  assert.deepEqual(allocationAlerts({ status: 'child_in_need', worker_id: null, date_of_birth: '2015-01-01' }, [], TODAY), ['No allocated social worker']);
  assert.deepEqual(allocationAlerts({ status: 'child_protection', worker_id: 'w', date_of_birth: '2015-01-01' }, [], TODAY), []);
  assert.deepEqual(allocationAlerts({ status: 'closed', worker_id: null, date_of_birth: '2015-01-01' }, [], TODAY), []);
});

test('a care leaver of 18 or over needs a personal adviser, not a social worker', () => {
  const adult = { status: 'care_leaver', worker_id: null, date_of_birth: '2007-11-23' } as const;
  assert.deepEqual(allocationAlerts(adult, ['personal_adviser'], TODAY), []);
  assert.deepEqual(allocationAlerts(adult, [], TODAY), ['No personal adviser']);
});

test('a care leaver under 18 needs both', () => {
  const relevant = { status: 'care_leaver', worker_id: null, date_of_birth: '2008-11-24' } as const; // 18 tomorrow
  assert.deepEqual(allocationAlerts(relevant, [], TODAY), ['No allocated social worker', 'No personal adviser']);
  assert.deepEqual(allocationAlerts({ ...relevant, worker_id: 'w' }, ['personal_adviser'], TODAY), []);
});
