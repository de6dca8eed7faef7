import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { adviserBand, adviserCaseload, birthdayChecks, checkWindow, lastAgeChecked, measuresOf, outcomeProblems, percent, type OutcomeInput } from './rules.ts';

const context = { dateOfBirth: '2007-12-10', supportUntil: null, agesRecorded: [] as number[], today: '2026-11-23' };
const check = (overrides: Partial<OutcomeInput> = {}): OutcomeInput => ({
  birthdayAge: 19,
  gatheredOn: '2026-11-20',
  inTouch: 'YES',
  activity: 'F2',
  accommodation: 'U1',
  stayingClose: false,
  bursaryPaid: null,
  ...overrides,
});

// DfE SSDA903 guide, OC3: "information should be from the period three months before to one month after the young person's birthday".
test('DfE SSDA903 guide: the information is from three months before to one month after the birthday', () => {
  assert.deepEqual(checkWindow('2007-12-10', 19), { opens: '2026-09-10', birthday: '2026-12-10', closes: '2027-01-10' });
  assert.deepEqual(outcomeProblems(check({ gatheredOn: '2026-09-10' }), context), {});
  assert.match(outcomeProblems(check({ gatheredOn: '2026-09-09' }), context)['gatheredOn-day'] ?? '', /from 3 months before to 1 month after the 19th birthday/);
  assert.match(outcomeProblems(check({ gatheredOn: '2027-01-11' }), { ...context, today: '2027-02-01' })['gatheredOn-day'] ?? '', /between 10\/9\/2026 and 10\/1\/2027/);
  // A 29 February birthday is 1 March in a common year, as the calendar rules reckon it.
  assert.equal(checkWindow('2008-02-29', 19).birthday, '2027-03-01');
});

test('a date in the future or before birth is refused, and one birthday is checked once', () => {
  assert.match(outcomeProblems(check({ gatheredOn: '2026-11-24' }), context)['gatheredOn-day'] ?? '', /today or in the past/);
  assert.match(outcomeProblems(check({ birthdayAge: 17, gatheredOn: '2007-01-01' }), context)['gatheredOn-day'] ?? '', /after the young person’s date of birth/);
  assert.match(outcomeProblems(check(), { ...context, agesRecorded: [19] }).birthdayAge ?? '', /already checked/);
});

// DfE SSDA903 guide, OC3: activity and accommodation are "0" (not known) where the young person is not in touch, has died,
// or has returned home to live with parents or someone with parental responsibility for 6 months or more.
test('DfE SSDA903 guide: activity and accommodation are 0 when not in touch, died or returned home, and known when in touch', () => {
  for (const inTouch of ['NO', 'DIED', 'RHOM']) {
    assert.deepEqual(outcomeProblems(check({ inTouch, activity: '0', accommodation: '0' }), context), {}, inTouch);
    const errors = outcomeProblems(check({ inTouch }), context);
    assert.ok(errors.activity && errors.accommodationKind, inTouch);
  }
  const inTouch = outcomeProblems(check({ activity: '0', accommodation: '0' }), context);
  assert.ok(inTouch.activity && inTouch.accommodationKind);
  // Refusing contact or no longer needing services: what is known may be recorded, or not.
  assert.deepEqual(outcomeProblems(check({ inTouch: 'REFU', activity: '0', accommodation: '0' }), context), {});
  assert.deepEqual(outcomeProblems(check({ inTouch: 'NREQ' }), context), {});
});

// DfE SSDA903 guide, OC3: Z, with former foster carers, is for young people fostered immediately before 18 who stay on (staying put).
test('DfE SSDA903 guide: staying put (Z) is not for a 17-year-old, and is not staying close', () => {
  const at17 = { ...context, today: '2024-12-20' };
  assert.match(outcomeProblems(check({ birthdayAge: 17, gatheredOn: '2024-12-10', accommodation: 'Z1' }), at17).accommodationKind ?? '', /not for a 17-year-old/);
  assert.deepEqual(outcomeProblems(check({ birthdayAge: 18, gatheredOn: '2025-12-10', accommodation: 'Z1' }), context), {});
  assert.ok(outcomeProblems(check({ accommodation: 'Z1', stayingClose: true }), context).stayingClose);
  assert.deepEqual(outcomeProblems(check({ accommodation: 'D1', stayingClose: true }), context), {});
});

test('the higher education bursary goes with higher education (F1, P1) only', () => {
  assert.deepEqual(outcomeProblems(check({ activity: 'P1', bursaryPaid: true }), context), {});
  assert.deepEqual(outcomeProblems(check({ activity: 'F1', bursaryPaid: false }), context), {});
  assert.ok(outcomeProblems(check({ activity: 'F5', bursaryPaid: false }), context).bursaryPaid);
});

test('birthdays are checked from 17 to 21, and later while supported, never past 25', () => {
  assert.equal(lastAgeChecked('2007-12-10', null), 21);
  assert.equal(lastAgeChecked('2007-12-10', '2030-12-09'), 22);
  assert.equal(lastAgeChecked('2007-12-10', '2030-12-10'), 23);
  assert.equal(lastAgeChecked('2007-12-10', '2040-01-01'), 25);
  assert.match(outcomeProblems(check({ birthdayAge: 22 }), context).birthdayAge ?? '', /only while the council supports/);
  const states = (leftCareOn: string | null) => birthdayChecks('2007-12-10', null, [18], '2026-11-23', leftCareOn).map((b) => `${b.age} ${b.state}`);
  assert.deepEqual(states('2024-06-30'), ['17 missed', '18 recorded', '19 open', '20 later', '21 later'], 'left care at 16');
  assert.deepEqual(states('2025-12-10'), ['17 looked_after', '18 recorded', '19 open', '20 later', '21 later'], 'in care until 18: not asked at 17');
});

test('the measures: in touch, in education, employment or training, higher education, suitable accommodation, and staying put at 18 to 20', () => {
  const m = measuresOf([
    { birthdayAge: 19, inTouch: 'YES', activity: 'F1', accommodation: 'U1' },
    { birthdayAge: 20, inTouch: 'YES', activity: 'G5', accommodation: 'Z1' },
    { birthdayAge: 21, inTouch: 'YES', activity: 'P4', accommodation: 'S2' },
    { birthdayAge: 21, inTouch: 'NO', activity: '0', accommodation: '0' },
  ]);
  assert.deepEqual(m, { young: 4, inTouch: 3, inEet: 2, inHigherEducation: 1, suitablyHoused: 2, stayingPut: 1, stayingPutBase: 2 });
  assert.equal(percent(1, 3), 33);
  assert.equal(percent(0, 0), null);
});

// A personal adviser's caseload by the ages the duties follow: 16 and 17
// (eligible and relevant children, Children Act 1989 Sch 2 para 19B, s23A),
// 18 to 20 (former relevant, s23C), 21 to 25 (supported on request, s23CA).
describe('a personal adviser’s caseload', () => {
  test('age bands at the edges of each duty', () => {
    assert.equal(adviserBand(15), null);
    assert.equal(adviserBand(16), '16-17');
    assert.equal(adviserBand(17), '16-17');
    assert.equal(adviserBand(18), '18-20');
    assert.equal(adviserBand(20), '18-20');
    assert.equal(adviserBand(21), '21-25');
    assert.equal(adviserBand(25), '21-25');
    assert.equal(adviserBand(26), null);
  });
  test('in touch counts the latest check of those checked; overdue work is counted once per young person', () => {
    const c = adviserCaseload([
      { age: 17, latestInTouch: 'YES', overdueContact: true, overduePathwayPlan: false },
      { age: 19, latestInTouch: 'NO', overdueContact: true, overduePathwayPlan: true },
      { age: 23, latestInTouch: null, overdueContact: false, overduePathwayPlan: false },
      { age: null, latestInTouch: 'YES', overdueContact: false, overduePathwayPlan: false },
    ]);
    assert.deepEqual(c, { youngPeople: 4, byBand: { '16-17': 1, '18-20': 1, '21-25': 1, other: 1 }, inTouch: 2, checked: 3, overdueContacts: 2, overduePathwayPlans: 1 });
  });
});
