import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Viewer } from '../../platform/access/policy.ts';
import { inLineAbove, mayEditStaff, mayReadPrivateReflection, mayRecordSupervision, mayViewStaff, seesHrFields, type StaffSubject } from '../../platform/access/staff.ts';

/**
 * A worker W in team T of service S, line-managed by practice supervisor P,
 * whose manager is team manager M, whose manager is service manager SM,
 * whose manager is head of service H. In the same team, another practice
 * supervisor Q (not in W's line); in another team, team manager X; a
 * colleague C in W's team; an analyst A.
 */
const W: StaffSubject = { id: 'W', teamId: 'T', serviceId: 'S', lineManagerId: 'P', chain: ['P', 'M', 'SM', 'H'] };
const viewer = (id: string, role: Viewer['role'], teamId: string | null = null, serviceId: string | null = null): Viewer => ({ id, role, teamId, serviceId });
const P = viewer('P', 'practice_supervisor', 'T', 'S');
const M = viewer('M', 'team_manager', 'T', 'S');
const SM = viewer('SM', 'service_manager', null, 'S');
const H = viewer('H', 'head_of_service');
const Q = viewer('Q', 'practice_supervisor', 'T', 'S');
const X = viewer('X', 'team_manager', 'T2', 'S');
const C = viewer('C', 'social_worker', 'T', 'S');
const A = viewer('A', 'performance_analyst');
const self = viewer('W', 'social_worker', 'T', 'S');

test('who sees a worker’s supervision and staff record', () => {
  for (const v of [self, P, M, SM, H, Q]) assert.equal(mayViewStaff(v, W), true, v.id);
  for (const v of [X, C, A]) assert.equal(mayViewStaff(v, W), false, v.id);
  assert.equal(inLineAbove(SM, W), true);
  assert.equal(inLineAbove(Q, W), false);
});

test('who records supervision: the worker’s managers, never the worker', () => {
  for (const v of [P, M, SM, H, Q]) assert.equal(mayRecordSupervision(v, W), true, v.id);
  for (const v of [self, X, C, A]) assert.equal(mayRecordSupervision(v, W), false, v.id);
});

test('private reflection: the pair and the line above, not a same-team supervisor outside the line', () => {
  const byQ = { supervisor_id: 'Q' };
  const byP = { supervisor_id: 'P' };
  for (const v of [self, P, M, SM, H]) assert.equal(mayReadPrivateReflection(v, W, byP), true, v.id);
  assert.equal(mayReadPrivateReflection(Q, W, byP), false, 'Q did not supervise this time');
  assert.equal(mayReadPrivateReflection(Q, W, byQ), true, 'Q was the supervisor');
  assert.equal(mayReadPrivateReflection(C, W, byP), false);
});

test('HR fields and changes: managers only, never the person themselves', () => {
  for (const v of [P, M, SM, H, Q]) assert.equal(seesHrFields(v, W), true, v.id);
  for (const v of [self, X, C, A]) assert.equal(seesHrFields(v, W), false, v.id);
  assert.equal(mayEditStaff(self, W), false);
  assert.equal(mayEditStaff(M, W), true);
});
