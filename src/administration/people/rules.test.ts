import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { accountStatus, describeChanges, lineManagerProblem, personSchema, placementProblems, qualifiedOnProblem, type PersonSummary } from './rules.ts';
import { containsPattern } from '../../db/like.ts';
import { pageNumber } from '../../platform/http/paging.ts';

const TEAM = '11111111-1111-4111-8111-111111111111';
const SERVICE = '22222222-2222-4222-8222-222222222222';

const valid = { email: ' Jo.Bloggs@Example.ORG ', name: ' Jo Bloggs ', role: 'social_worker', teamId: TEAM, serviceId: '', lineManagerId: '', qualifiedOn: '', fte: '' };

function fieldsInError(input: Record<string, unknown>): string[] {
  const result = personSchema.safeParse(input);
  return result.success ? [] : [...new Set(result.error.issues.map((i) => String(i.path[0])))];
}

describe('person fields', () => {
  test('a complete form is tidied: email trimmed and lower case, blanks are null, blank FTE is full time', () => {
    const result = personSchema.parse(valid);
    assert.equal(result.email, 'jo.bloggs@example.org');
    assert.equal(result.name, 'Jo Bloggs');
    assert.equal(result.serviceId, null);
    assert.equal(result.lineManagerId, null);
    assert.equal(result.qualifiedOn, null);
    assert.equal(result.fte, 1);
  });

  test('each bad field is named', () => {
    assert.deepEqual(fieldsInError({ ...valid, email: 'not-an-email' }), ['email']);
    assert.deepEqual(fieldsInError({ ...valid, email: '' }), ['email']);
    assert.deepEqual(fieldsInError({ ...valid, name: '   ' }), ['name']);
    assert.deepEqual(fieldsInError({ ...valid, role: 'director' }), ['role']);
    assert.deepEqual(fieldsInError({ ...valid, role: undefined }), ['role']);
    assert.deepEqual(fieldsInError({ ...valid, teamId: 'Locality' }), ['teamId']);
    assert.deepEqual(fieldsInError({ ...valid, lineManagerId: "1' or '1'='1" }), ['lineManagerId']);
    assert.deepEqual(fieldsInError({ ...valid, qualifiedOn: '2023-02-30' }), ['qualifiedOn']);
  });

  test('FTE is from 0.1 to 1.0 with at most two decimal places', () => {
    for (const ok of ['0.1', '0.5', '0.75', '1', '1.0', '.8']) assert.deepEqual(fieldsInError({ ...valid, fte: ok }), [], ok);
    for (const bad of ['0', '0.05', '1.01', '2', '-0.5', 'full', '0.333', '1e0']) {
      assert.deepEqual(fieldsInError({ ...valid, fte: bad }), ['fte'], bad);
    }
  });
});

describe('placement by role', () => {
  test('team roles need a team and no separate service', () => {
    for (const role of ['social_worker', 'practice_supervisor', 'team_manager', 'personal_adviser', 'iro'] as const) {
      assert.deepEqual(Object.keys(placementProblems(role, null, null)), ['teamId'], role);
      assert.deepEqual(placementProblems(role, TEAM, null), {}, role);
      assert.deepEqual(Object.keys(placementProblems(role, TEAM, SERVICE)), ['serviceId'], role);
    }
    assert.equal(placementProblems('iro', null, null).teamId, 'Select a team for an independent reviewing officer');
  });

  test('a service manager needs a service and no team', () => {
    assert.deepEqual(Object.keys(placementProblems('service_manager', null, null)), ['serviceId']);
    assert.deepEqual(placementProblems('service_manager', null, SERVICE), {});
    assert.deepEqual(Object.keys(placementProblems('service_manager', TEAM, SERVICE)), ['teamId']);
  });

  test('heads of service, analysts and administrators need neither, and are never in a team', () => {
    for (const role of ['head_of_service', 'performance_analyst', 'system_admin'] as const) {
      assert.deepEqual(placementProblems(role, null, null), {}, role);
      assert.deepEqual(placementProblems(role, null, SERVICE), {}, role);
      assert.deepEqual(Object.keys(placementProblems(role, TEAM, null)), ['teamId'], role);
    }
  });
});

describe('other rules', () => {
  test('a qualification date may be today but not tomorrow', () => {
    assert.equal(qualifiedOnProblem('2026-11-23', '2026-11-23'), null);
    assert.equal(qualifiedOnProblem(null, '2026-11-23'), null);
    assert.match(qualifiedOnProblem('2026-11-24', '2026-11-23')!, /today or in the past/);
  });

  test('line management may not loop', () => {
    const [a, b, c] = ['a', 'b', 'c'];
    assert.match(lineManagerProblem(a, a, [a])!, /own line manager/);
    // b is managed by a: a may not be managed by b, nor by c whom b manages.
    assert.match(lineManagerProblem(a, b, [b, a])!, /already manage/);
    assert.match(lineManagerProblem(a, c, [c, b, a])!, /already manage/);
    assert.equal(lineManagerProblem(a, c, [c, b]), null);
    assert.equal(lineManagerProblem(null, c, []), null, 'a new person manages nobody');
  });

  test('account status: disabled wins over locked; an old lock has expired', () => {
    const now = new Date('2026-11-23T09:00:00Z');
    const later = new Date('2026-11-23T09:10:00Z');
    const earlier = new Date('2026-11-23T08:50:00Z');
    assert.equal(accountStatus({ disabled_at: null, locked_until: null }, now), 'active');
    assert.equal(accountStatus({ disabled_at: null, locked_until: later }, now), 'locked');
    assert.equal(accountStatus({ disabled_at: null, locked_until: earlier }, now), 'active');
    assert.equal(accountStatus({ disabled_at: earlier, locked_until: later }, now), 'disabled');
  });

  test('a change is described field by field with role labels', () => {
    const before: PersonSummary = {
      email: 'jo@example.org',
      name: 'Jo',
      role: 'social_worker',
      team: 'Team A',
      service: null,
      lineManager: null,
      qualifiedOn: null,
      fte: 1,
    };
    assert.equal(describeChanges(before, { ...before }), '');
    assert.equal(
      describeChanges(before, { ...before, role: 'team_manager', fte: 0.8, lineManager: 'Sam' }),
      'role: Social worker → Team manager; line manager: none → Sam; FTE: 1 → 0.8',
    );
  });

  test('search text is matched literally', () => {
    assert.equal(containsPattern('50%_off\\'), '%50\\%\\_off\\\\%');
  });

  test('page numbers default to 1', () => {
    assert.equal(pageNumber('3'), 3);
    assert.equal(pageNumber(undefined), 1);
    assert.equal(pageNumber('0'), 1);
    assert.equal(pageNumber('-2'), 1);
    assert.equal(pageNumber('1; drop table'), 1);
  });
});
