import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { availablePoints, capacityPercent, DEFAULT_SETTINGS, DEFAULT_WEIGHTING, escalationStage, planDueOn, reconcileVariances, unsuitableForAsye, varianceConditions, weighCases, type CaseForWeighting, type WorkerFigures } from './rules.ts';
import { caseForWeighting } from './weighting-input.ts';
import { asyeWarning } from '../allocation-preview/rules.ts';

const aCase = (overrides: Partial<CaseForWeighting> = {}): CaseForWeighting => ({
  childId: 'c1',
  role: 'lead',
  status: 'child_in_need',
  complexityTier: 1,
  familyId: null,
  placementPostcode: null,
  placementOutOfArea: null,
  travelMiles: null,
  inCourtProceedings: false,
  ...overrides,
});

test('points by status and tier, with the reasons written out', () => {
  const [cp] = weighCases([aCase({ status: 'child_protection', complexityTier: 3 })], DEFAULT_WEIGHTING);
  assert.equal(cp!.points, 10.5, '7 × 1.5');
  assert.deepEqual(cp!.reasons, ['child protection plan: 7 points', 'complexity tier 3: × 1.5']);
});

test('second and later siblings with the same worker count half; travel and court count once per family', () => {
  const family = { familyId: 'f1', status: 'looked_after' as const, placementOutOfArea: true, travelMiles: 62, placementPostcode: 'ME1 1AA', inCourtProceedings: true };
  const weighed = weighCases(
    [aCase({ ...family, childId: 'a' }), aCase({ ...family, childId: 'b' }), aCase({ childId: 'c', status: 'looked_after' })],
    DEFAULT_WEIGHTING,
  );
  // a: 6 + 2 travel (over 50 miles) + 3 court = 11; b: 6 × 0.5 = 3 (same trip, same proceedings); c: 6.
  assert.deepEqual(weighed.map((w) => w.points), [11, 3, 6]);
  assert.ok(weighed[1]!.reasons.some((r) => r.startsWith('sibling')));
});

test('siblings placed apart each cost a trip', () => {
  const weighed = weighCases(
    [
      aCase({ childId: 'a', familyId: 'f', status: 'looked_after', placementOutOfArea: true, travelMiles: 25, placementPostcode: 'TN1 1AA' }),
      aCase({ childId: 'b', familyId: 'f', status: 'looked_after', placementOutOfArea: true, travelMiles: 120, placementPostcode: 'M1 1AE' }),
    ],
    DEFAULT_WEIGHTING,
  );
  assert.deepEqual(weighed.map((w) => w.points), [7, 6], 'a: 6 + 1 (over 20 miles); b: 6 × 0.5 + 3 (over 100 miles)');
});

test('a co-worker carries half of the case', () => {
  assert.equal(weighCases([aCase({ role: 'co_worker', status: 'child_protection' })], DEFAULT_WEIGHTING)[0]!.points, 3.5);
});

// Councils' procedures and the LGA's standard protect an ASYE worker's caseload: about 12 children in the
// first months, rising through the year (docs/caseload.md). The ceiling follows the protection schedule.
test('ASYE children ceiling: about 12 in the first months, rising with the schedule through the year from the ASYE start', () => {
  const ceilingFrom = (asyeStartedOn: string) => availablePoints({ role: 'social_worker', fte: 1, asyeStartedOn, reductions: [] }, DEFAULT_SETTINGS, '2026-11-23').childrenCeiling;
  assert.equal(ceilingFrom('2026-11-23'), 10.8, 'day 1: 60% of 18');
  assert.equal(ceilingFrom('2026-08-24'), 12.6, 'from day 92: 70%');
  assert.equal(ceilingFrom('2026-05-25'), 14.4, 'from day 183: 80%');
  assert.equal(ceilingFrom('2025-11-24'), 16.2, 'the last day of the year: 90%');
  assert.equal(ceilingFrom('2025-11-23'), 18, 'a year on, the full ceiling');
});

test('available points: role default × FTE, ASYE schedule, reductions capped', () => {
  const full = availablePoints({ role: 'social_worker', fte: 0.8, asyeStartedOn: '2015-09-01', reductions: [] }, DEFAULT_SETTINGS, '2026-11-23');
  assert.equal(full.available, 80);
  assert.equal(full.childrenCeiling, 14.4);
  const asye = availablePoints({ role: 'social_worker', fte: 1, asyeStartedOn: '2026-09-01', reductions: [] }, DEFAULT_SETTINGS, '2026-11-23');
  assert.equal(asye.asyePercent, 60, 'day 84 of the first year');
  assert.equal(asye.available, 60);
  const laterAsye = availablePoints({ role: 'social_worker', fte: 1, asyeStartedOn: '2026-01-05', reductions: [] }, DEFAULT_SETTINGS, '2026-11-23');
  assert.equal(laterAsye.asyePercent, 90);
  const reduced = availablePoints(
    {
      role: 'social_worker',
      fte: 1,
      asyeStartedOn: '2010-01-01',
      reductions: [
        { reason: 'special_duties', percent: 50, hoursPerWeek: null, startDate: '2026-11-01', endDate: '2027-01-31' },
        { reason: 'other', percent: null, hoursPerWeek: 3.7, startDate: '2026-11-01', endDate: '2026-11-30' },
        { reason: 'leave', percent: 100, hoursPerWeek: null, startDate: '2026-12-01', endDate: '2026-12-31' },
      ],
    },
    DEFAULT_SETTINGS,
    '2026-11-23',
  );
  assert.deepEqual(reduced.reductions.map((r) => r.percent), [30, 10], 'special duties capped at 30%; 3.7 of 37 hours = 10%; leave not started');
  assert.equal(reduced.available, 60);
});

test('capacity % and the variances it opens', () => {
  const figures = (points: number, children: number, extra: Partial<WorkerFigures> = {}): WorkerFigures => ({
    role: 'social_worker',
    children,
    points,
    available: availablePoints({ role: 'social_worker', fte: 1, asyeStartedOn: '2010-01-01', reductions: [] }, DEFAULT_SETTINGS, '2026-11-23'),
    asyeUnsuitableLeads: 0,
    ...extra,
  });
  assert.equal(capacityPercent(104, 100), 104);
  assert.deepEqual(varianceConditions(figures(100, 18), DEFAULT_SETTINGS), [], 'exactly at the levels is within them');
  assert.deepEqual(varianceConditions(figures(104, 18), DEFAULT_SETTINGS).map((c) => [c.kind, c.level]), [['over_capacity', 'amber']]);
  assert.deepEqual(varianceConditions(figures(111, 19), DEFAULT_SETTINGS).map((c) => [c.kind, c.level]), [['over_capacity', 'red'], ['over_children_ceiling', null]]);
  assert.deepEqual(varianceConditions(figures(40, 8), DEFAULT_SETTINGS).map((c) => c.kind), ['under_floor']);
  assert.deepEqual(varianceConditions({ ...figures(0, 0), role: 'team_manager' }, DEFAULT_SETTINGS), [], 'a manager holding no cases is within their level');
});

// DfE children's social work workforce census: cases are counted for every case holder, managers included
// (DOMAIN.md, "Caseloads"); LGA Standards for Employers, Standard 3: safe workloads for everyone who holds cases.
test('census case holders and LGA Standard 3: a team manager who holds cases has a level of none, so holding any opens a red variance with the usual lifecycle', () => {
  const manager: WorkerFigures = {
    role: 'team_manager',
    children: 2,
    points: 14,
    available: availablePoints({ role: 'team_manager', fte: 1, asyeStartedOn: '2010-01-01', reductions: [] }, DEFAULT_SETTINGS, '2026-11-23'),
    asyeUnsuitableLeads: 0,
  };
  const conditions = varianceConditions(manager, DEFAULT_SETTINGS);
  assert.deepEqual(conditions.map((c) => [c.kind, c.level]), [['over_capacity', 'red'], ['over_children_ceiling', null]]);
  assert.match(conditions[0]!.description, /no caseload allowed for the role/);
  assert.deepEqual(reconcileVariances([], conditions).open.map((c) => c.kind), ['over_capacity', 'over_children_ceiling'], 'they open as anyone’s do');
});

test('variances open, update and close against what is true now', () => {
  const open = [{ id: 'v1', kind: 'over_capacity' as const, level: 'amber' as const }, { id: 'v2', kind: 'under_floor' as const, level: null }];
  const now = [{ kind: 'over_capacity' as const, level: 'red' as const, value: 112, threshold: 110, description: '' }, { kind: 'over_children_ceiling' as const, level: null, value: 20, threshold: 18, description: '' }];
  const changes = reconcileVariances(open, now);
  assert.deepEqual(changes.open.map((c) => c.kind), ['over_children_ceiling']);
  assert.deepEqual(changes.close.map((v) => v.id), ['v2']);
  assert.deepEqual(changes.update.map((u) => [u.variance.id, u.condition.level]), [['v1', 'red']]);
});

test('a plan is due in 5 working days; escalation to the service manager, then the head of service', () => {
  assert.equal(planDueOn('2026-12-22', DEFAULT_SETTINGS), '2026-12-31');
  const variance = { openedOn: '2026-11-02', planDueOn: '2026-11-09', planRecorded: false };
  assert.equal(escalationStage(variance, DEFAULT_SETTINGS, '2026-11-09'), 'none', 'the due day itself is in time');
  assert.equal(escalationStage(variance, DEFAULT_SETTINGS, '2026-11-10'), 'service_manager');
  assert.equal(escalationStage({ ...variance, planRecorded: true }, DEFAULT_SETTINGS, '2026-11-10'), 'none');
  assert.equal(escalationStage({ ...variance, planRecorded: true }, DEFAULT_SETTINGS, '2026-11-30'), 'head_of_service', '4 weeks unresolved');
});

const caseArbitrary = fc.record({
  childId: fc.uuid(),
  role: fc.constantFrom('lead' as const, 'co_worker' as const),
  status: fc.constantFrom('child_in_need' as const, 'child_protection' as const, 'looked_after' as const, 'care_leaver' as const),
  complexityTier: fc.constantFrom(1 as const, 2 as const, 3 as const),
  familyId: fc.option(fc.constantFrom('f1', 'f2', 'f3'), { nil: null }),
  placementPostcode: fc.option(fc.constantFrom('ME1 1AA', 'TN1 1AA'), { nil: null }),
  placementOutOfArea: fc.option(fc.boolean(), { nil: null }),
  travelMiles: fc.option(fc.integer({ min: 0, max: 300 }), { nil: null }),
  inCourtProceedings: fc.boolean(),
});

test('property: allocating a case never lowers a worker’s points or capacity %', () => {
  fc.assert(
    fc.property(fc.uniqueArray(caseArbitrary, { selector: (c) => c.childId, maxLength: 25 }), caseArbitrary, (cases, extra) => {
      fc.pre(!cases.some((c) => c.childId === extra.childId));
      const total = (list: CaseForWeighting[]) => weighCases(list, DEFAULT_WEIGHTING).reduce((sum, w) => sum + w.points, 0);
      return total([...cases, extra]) >= total(cases) - 1e-9;
    }),
  );
});

test('property: a worker within every level has no open variance after reconciling', () => {
  fc.assert(
    fc.property(fc.integer({ min: 60, max: 100 }), fc.integer({ min: 0, max: 18 }), (points, children) => {
      const available = availablePoints({ role: 'social_worker', fte: 1, asyeStartedOn: '2010-01-01', reductions: [] }, DEFAULT_SETTINGS, '2026-11-23');
      const conditions = varianceConditions({ role: 'social_worker', children, points, available, asyeUnsuitableLeads: 0 }, DEFAULT_SETTINGS);
      const open = [{ id: 'x', kind: 'over_capacity' as const, level: 'red' as const }, { id: 'y', kind: 'over_children_ceiling' as const, level: null }];
      const changes = reconcileVariances(open, conditions);
      return conditions.length === 0 && changes.close.length === 2 && changes.open.length === 0;
    }),
  );
});

// Skills for Care, ASYE framework (DOMAIN.md, "ASYE protected caseload"): no lead on child protection or court
// work in the first year. Court work is care proceedings that have begun; a start date still to come is not yet court work.
test('ASYE (Skills for Care): a lead in care proceedings counts against the protection only once the proceedings have begun', () => {
  const lead = { role: 'lead' as const, status: 'child_in_need' as const };
  assert.equal(unsuitableForAsye({ ...lead, inCourtProceedings: true }, DEFAULT_SETTINGS), true);
  assert.equal(unsuitableForAsye({ ...lead, inCourtProceedings: false }, DEFAULT_SETTINGS), false, 'proceedings not started');
  assert.equal(unsuitableForAsye({ role: 'co_worker', status: 'child_protection', inCourtProceedings: true }, DEFAULT_SETTINGS), false, 'co-working is how an ASYE worker learns it');
  const input = (since: string | null) =>
    caseForWeighting({ child_id: 'c', role: 'lead', status: 'child_in_need', complexity_tier: 1, family_id: null, placement_postcode: null, placement_out_of_area: null, court_proceedings_since: since }, null, '2026-11-23');
  assert.equal(unsuitableForAsye(input('2026-12-01'), DEFAULT_SETTINGS), false, 'issued next week: not yet');
  assert.equal(unsuitableForAsye(input('2026-11-23'), DEFAULT_SETTINGS), true, 'issued today');
  assert.equal(asyeWarning(true, { status: 'child_in_need', courtProceedingsSince: '2026-12-01' }, DEFAULT_SETTINGS, '2026-11-23'), null);
  assert.equal(asyeWarning(true, { status: 'child_in_need', courtProceedingsSince: '2026-11-02' }, DEFAULT_SETTINGS, '2026-11-23'), 'In their first year (ASYE): should not lead care proceedings');
});

// LGA Standards for Employers of Social Workers in England, Standard 3: when demand exceeds capacity,
// contingency action with a written plan, and escalation that reaches the director.
test('LGA Standard 3: a variance still unresolved after 8 weeks goes on to the director; a council may stop the chain at the head of service', () => {
  const variance = { openedOn: '2026-11-02', planDueOn: '2026-11-09', planRecorded: true };
  assert.equal(escalationStage(variance, DEFAULT_SETTINGS, '2026-12-27'), 'head_of_service', '55 days');
  assert.equal(escalationStage(variance, DEFAULT_SETTINGS, '2026-12-28'), 'director', '56 days');
  assert.equal(escalationStage(variance, { ...DEFAULT_SETTINGS, directorEscalationDays: 0 }, '2027-03-01'), 'head_of_service');
});
