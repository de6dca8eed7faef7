import assert from 'node:assert/strict';
import { test } from 'node:test';
import { averageListened, complaintState, isPositive, mayExtend, responseDue } from './rules.ts';

// The Children Act 1989 Representations Procedure (England) Regulations 2006 (SI 2006/1738).

test('stage 1, local resolution (regulation 14): 10 working days from receipt, 20 when extended; Christmas, Boxing Day (substitute) and New Year are not working days (regulation 2)', () => {
  assert.equal(responseDue(1, '2026-12-18', false), '2027-01-06');
  assert.equal(responseDue(1, '2026-12-18', true), '2027-01-20');
  assert.equal(responseDue(1, '2026-03-02', false), '2026-03-16', 'two plain weeks');
});

test('stage 1 across Easter: Good Friday and Easter Monday are left out (regulation 2)', () => {
  assert.equal(responseDue(1, '2026-03-27', false), '2026-04-14');
});

test('stage 2, investigation (regulation 17): 25 working days, extendable to 65 at most', () => {
  assert.equal(responseDue(2, '2026-03-02', false), '2026-04-08');
  assert.equal(responseDue(2, '2026-03-02', true), '2026-06-05');
  assert.equal(mayExtend(2), true);
});

test('stage 3, review panel (regulation 19(4)): the panel meets within 30 working days of the request; there is no extension', () => {
  assert.equal(responseDue(3, '2026-04-01', false), '2026-05-18');
  assert.equal(responseDue(3, '2026-04-01', true), '2026-05-18');
  assert.equal(mayExtend(3), false);
});

test('a complaint is open until due, overdue the day after, and a response after the due day is late', () => {
  const c = { response_due: '2026-03-16', responded_on: null };
  assert.equal(complaintState(c, '2026-03-16'), 'open');
  assert.equal(complaintState(c, '2026-03-17'), 'overdue');
  assert.equal(complaintState({ ...c, responded_on: '2026-03-16' }, '2026-04-01'), 'answered');
  assert.equal(complaintState({ ...c, responded_on: '2026-03-17' }, '2026-04-01'), 'answered_late');
});

test('feedback: positive when we listened well and things got better (or it is too early); the average listening score', () => {
  assert.equal(isPositive({ listened: 4, things_better: 'a_little' }), true);
  assert.equal(isPositive({ listened: 5, things_better: 'no' }), false);
  assert.equal(isPositive({ listened: 3, things_better: 'yes' }), false);
  assert.equal(averageListened([5, 4, 4]), 4.3);
  assert.equal(averageListened([]), null);
});
