import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Viewer } from '../../platform/access/policy.ts';
import { goodOrBetterPercent, gradeCounts, mayObserve, observedOnProblem, periodOf } from './rules.ts';

const worker = { id: 'w', teamId: 't1', serviceId: 's1', lineManagerId: 'ps', chain: ['ps', 'tm', 'sm'] };
const viewer = (id: string, role: Viewer['role'], teamId: string | null = 't1', serviceId: string | null = 's1'): Viewer => ({ id, role, teamId, serviceId });

test('managers and practice leads observe the staff they manage; a head of service anyone; nobody themselves; a worker no one', () => {
  assert.equal(mayObserve(viewer('ps', 'practice_supervisor'), worker), true);
  assert.equal(mayObserve(viewer('other-tm', 'team_manager', 't2'), worker), false, 'another team’s manager');
  assert.equal(mayObserve(viewer('sm2', 'service_manager', null, 's2'), worker), false, 'another service’s manager');
  assert.equal(mayObserve(viewer('sm', 'service_manager', null, 's1'), worker), true);
  assert.equal(mayObserve(viewer('hos', 'head_of_service', null, null), worker), true);
  assert.equal(mayObserve(viewer('w2', 'social_worker'), worker), false);
  assert.equal(mayObserve(viewer('w', 'head_of_service'), worker), false, 'never oneself');
});

test('an observation is not dated in the future nor before the worker started in their role', () => {
  assert.equal(observedOnProblem('2026-12-06', '2026-12-06', '2020-01-01'), null);
  assert.match(observedOnProblem('2026-12-07', '2026-12-06', null)!, /today or in the past/);
  assert.match(observedOnProblem('2019-12-31', '2026-12-06', '2020-01-01')!, /started in their role/);
  assert.equal(observedOnProblem('2019-12-31', '2026-12-06', null), null, 'no start known: no bound');
});

test('the share graded good or better leaves the ungraded out; counts in Ofsted’s order', () => {
  assert.equal(goodOrBetterPercent(['good', 'outstanding', 'requires_improvement', null]), 67);
  assert.equal(goodOrBetterPercent([null]), null);
  assert.deepEqual(gradeCounts(['good', 'good', null]).map((r) => r.count), [0, 2, 0, 0, 1]);
});

test('a period defaults to the twelve months to today and is put the right way round', () => {
  assert.deepEqual(periodOf(null, null, '2026-12-06', '2025-12-07'), { from: '2025-12-07', to: '2026-12-06' });
  assert.deepEqual(periodOf('2026-06-01', '2026-01-01', '2026-12-06', '2025-12-07'), { from: '2026-01-01', to: '2026-06-01' });
});
