import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chosenYear, yearInProgress, yearsOffered } from './years.ts';

test('a collection year runs from 1 April to 31 March and is named by the year it ends in', () => {
  assert.equal(yearInProgress('2026-03-31'), 2026);
  assert.equal(yearInProgress('2026-04-01'), 2027);
  assert.equal(yearInProgress('2026-12-06'), 2027);
});

test('the last finished year is made unless another is asked for; only the year in progress and the five before it are offered', () => {
  assert.equal(chosenYear(undefined, '2026-12-06'), 2026);
  assert.equal(chosenYear('2027', '2026-12-06'), 2027);
  assert.equal(chosenYear('2022', '2026-12-06'), 2022);
  assert.equal(chosenYear('2021', '2026-12-06'), null);
  assert.equal(chosenYear('2028', '2026-12-06'), null);
  assert.equal(chosenYear('26', '2026-12-06'), null);
  assert.deepEqual(yearsOffered('2026-12-06')[0], { yearEnd: 2027, label: '2026 to 2027 (so far)' });
});
