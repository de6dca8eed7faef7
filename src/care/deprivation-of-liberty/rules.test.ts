import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inForceOn, orderProblems } from './rules.ts';

const child = { dateOfBirth: '2010-06-01' };
const today = '2026-11-23';
const order = (o: Partial<Parameters<typeof orderProblems>[0]> = {}) => ({ madeOn: '2026-03-01', startDate: '2026-03-01', endDate: null, reviewBy: null, ...o });

test('an order made and started in the past, in force, alone: no problems', () => {
  assert.deepEqual(orderProblems(order(), [], child, today), {});
  assert.deepEqual(orderProblems(order({ endDate: '2026-09-01', reviewBy: '2026-09-01' }), [], child, today), {});
});

test('dates in the future, before birth, or out of order are refused naming the field', () => {
  assert.deepEqual(orderProblems(order({ madeOn: '2026-11-24', startDate: '2026-11-24' }), [], child, today), {
    madeOn: 'The date the order was made must be today or in the past',
    startDate: 'The date the order started must be today or in the past',
  });
  assert.deepEqual(orderProblems(order({ madeOn: '2010-05-01', startDate: '2010-05-31' }), [], child, today), {
    madeOn: 'The date the order was made must be on or after their date of birth, 1 June 2010',
    startDate: 'The date the order started must be on or after their date of birth, 1 June 2010',
  });
  assert.deepEqual(orderProblems(order({ startDate: '2026-02-28' }), [], child, today), { startDate: 'The order cannot start before it was made, 1 March 2026' });
  assert.deepEqual(orderProblems(order({ endDate: '2026-02-28' }), [], child, today), { endDate: 'The order cannot end before it started, 1 March 2026' });
  assert.deepEqual(orderProblems(order({ endDate: '2026-11-24' }), [], child, today), { endDate: 'The date the order ended must be today or in the past' });
  assert.deepEqual(orderProblems(order({ reviewBy: '2026-01-01' }), [], child, today), { reviewBy: 'The review or expiry date must be on or after the order started, 1 March 2026' });
});

test('orders of one child may not overlap, nor two be in force at once', () => {
  const earlier = { id: 'a', madeOn: '2025-01-10', startDate: '2025-01-10', endDate: '2025-07-10', reviewBy: null };
  const open = { id: 'b', madeOn: '2026-05-01', startDate: '2026-05-01', endDate: null, reviewBy: null };
  assert.deepEqual(orderProblems(order({ madeOn: '2025-07-10', startDate: '2025-07-10', endDate: '2025-08-01' }), [earlier], child, today), {
    startDate: 'Another order covers these dates, from 10 January 2025, to 10 July 2025: end or correct that order first',
  });
  assert.deepEqual(orderProblems(order({ madeOn: '2025-07-11', startDate: '2025-07-11', endDate: '2025-08-01' }), [earlier], child, today), {});
  assert.deepEqual(orderProblems(order(), [open], child, today), { startDate: 'Another order covers these dates, from 1 May 2026, still in force: end or correct that order first' });
  assert.deepEqual(orderProblems(order({ madeOn: '2026-01-01', startDate: '2026-01-01', endDate: '2026-06-01' }), [open], child, today), {
    endDate: 'Another order covers these dates, from 1 May 2026, still in force: end or correct that order first',
  });
});

test('in force on a date: from its start to its end, both included', () => {
  assert.equal(inForceOn({ startDate: '2026-01-01', endDate: '2026-02-01' }, '2026-02-01'), true);
  assert.equal(inForceOn({ startDate: '2026-01-01', endDate: '2026-02-01' }, '2026-02-02'), false);
  assert.equal(inForceOn({ startDate: '2026-01-01', endDate: null }, '2030-01-01'), true);
});
