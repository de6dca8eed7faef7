import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Viewer } from '../../platform/access/policy.ts';
import type { SwReason } from '../../reference/codes.ts';
import { childContinuity, type AllocationSpell } from '../allocation/continuity.ts';
import { continuityFigures, seesService, seesTeam } from './rules.ts';

const TODAY = '2026-11-23';
const daysAgo = (days: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
const allocatedFor = (days: number) => childContinuity([{ workerId: 'W', start: daysAgo(days), end: null, reason: null }], TODAY);

test('bands of time with the current worker: each boundary day starts the next band', () => {
  const figures = continuityFigures([90, 91, 182, 183, 364, 365, 729, 730].map(allocatedFor));
  assert.deepEqual(
    figures.bands.map((b) => [b.label, b.count]),
    [
      ['Under 3 months', 1],
      ['3 to 6 months', 2],
      ['6 to 12 months', 2],
      ['1 to 2 years', 2],
      ['2 years or more', 1],
    ],
  );
  assert.equal(figures.averageRelationshipDays, Math.round((90 + 91 + 182 + 183 + 364 + 365 + 729 + 730) / 8));
});

test('unallocated children count apart and leave the bands and the average alone', () => {
  const waiting = childContinuity([{ workerId: null, start: daysAgo(10), end: null, reason: null }], TODAY);
  const figures = continuityFigures([waiting, allocatedFor(400)]);
  assert.equal(figures.unallocated, 1);
  assert.equal(figures.averageRelationshipDays, 400);
  assert.deepEqual(figures.bands.map((b) => b.percent), [0, 0, 0, 100, 0]);
  assert.deepEqual(continuityFigures([]).bands.map((b) => b.percent), [null, null, null, null, null]);
});

test('reasons are described and the most common comes first', () => {
  const spells = (reasons: SwReason[]): AllocationSpell[] => [
    ...reasons.map((reason, i) => ({ workerId: `W${i}`, start: daysAgo(300 - i * 50), end: daysAgo(250 - i * 50), reason })),
    { workerId: 'Z', start: daysAgo(10), end: null, reason: null },
  ];
  const figures = continuityFigures([childContinuity(spells(['MANAGE', 'LEFTRL', 'LEFTRL']), TODAY)]);
  assert.deepEqual(
    figures.reasons.map((r) => [r.code, r.count]),
    [
      ['LEFTRL', 2],
      ['MANAGE', 1],
    ],
  );
  assert.match(figures.reasons[0]!.label, /left the role/);
});

test('who sees a team: its managers, its service manager, heads of service and analysts; nobody else', () => {
  const team = { id: 'T1', serviceId: 'S1' };
  const viewer = (role: Viewer['role'], teamId: string | null, serviceId: string | null): Viewer => ({ id: 'u', role, teamId, serviceId });
  assert.equal(seesTeam(viewer('team_manager', 'T1', null), team), true);
  assert.equal(seesTeam(viewer('practice_supervisor', 'T1', null), team), true);
  assert.equal(seesTeam(viewer('team_manager', 'T2', null), team), false);
  assert.equal(seesTeam(viewer('service_manager', null, 'S1'), team), true);
  assert.equal(seesTeam(viewer('service_manager', null, 'S2'), team), false);
  assert.equal(seesTeam(viewer('head_of_service', null, null), team), true);
  assert.equal(seesTeam(viewer('social_worker', 'T1', null), team), false);
  assert.equal(seesService(viewer('service_manager', null, 'S1'), 'S1'), true);
  assert.equal(seesService(viewer('team_manager', 'T1', 'S1'), 'S1'), false);
});
