import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compliance, trainingStatus } from './rules.ts';

const TODAY = '2026-11-23';

test('a course with no renewal period stays current once done; never done is missing', () => {
  assert.deepEqual(trainingStatus('2019-05-01', null, TODAY), { status: 'current', expiresOn: null });
  assert.deepEqual(trainingStatus(null, 36, TODAY), { status: 'missing', expiresOn: null });
});

test('a three-year course done on 10 December 2023 expires on 10 December 2026: within 60 days, so renew soon', () => {
  assert.deepEqual(trainingStatus('2023-12-10', 36, TODAY), { status: 'expiring', expiresOn: '2026-12-10' });
  assert.deepEqual(trainingStatus('2023-11-23', 36, TODAY), { status: 'expired', expiresOn: '2026-11-23' }, 'it expires on the anniversary itself');
  assert.equal(trainingStatus('2024-06-01', 36, TODAY).status, 'current');
});

test('team compliance: required courses held in date, by person and by course', () => {
  const people = [
    { id: 'A', role: 'social_worker' as const },
    { id: 'B', role: 'social_worker' as const },
    { id: 'M', role: 'team_manager' as const },
  ];
  const requirements = [
    { courseId: 'neglect', role: 'social_worker' as const, renewalMonths: 36 },
    { courseId: 'voice', role: 'social_worker' as const, renewalMonths: null },
    { courseId: 'supervision', role: 'team_manager' as const, renewalMonths: 36 },
  ];
  const attended: Record<string, string> = { 'A:neglect': '2025-01-10', 'A:voice': '2020-02-02', 'B:neglect': '2022-03-01', 'M:supervision': '2024-09-09' };
  const result = compliance(people, requirements, (u, c) => attended[`${u}:${c}`] ?? null, TODAY);
  // A: both held; B: neglect expired, voice missing; M: held. 3 of 5.
  assert.equal(result.required, 5);
  assert.equal(result.compliant, 3);
  assert.equal(result.percent, 60);
  assert.deepEqual(result.byCourse.get('neglect'), { required: 2, compliant: 1 });
});
