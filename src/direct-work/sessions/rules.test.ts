import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agesText, suitsAge } from '../toolkits/rules.ts';
import { useTable, yearBefore } from './rules.ts';

test('the twelve months ending today start the day after the same day a year before', () => {
  assert.equal(yearBefore('2026-11-23'), '2025-11-24');
  assert.equal(yearBefore('2026-01-01'), '2025-01-02');
  assert.equal(yearBefore('2028-02-29'), '2027-03-01', 'a leap day: 28 February stands in, so the year starts on 1 March');
  assert.equal(yearBefore('2028-03-01'), '2027-03-02');
});

test('the ages a tool suits, in words, and whether it suits a child', () => {
  assert.equal(agesText(5, 12), 'Ages 5 to 12');
  assert.equal(agesText(8, 8), 'Age 8');
  assert.equal(agesText(0, 25), 'Any age up to 25');
  assert.ok(suitsAge({ age_from: 5, age_to: 12 }, 12));
  assert.ok(!suitsAge({ age_from: 5, age_to: 12 }, 13));
  assert.ok(suitsAge({ age_from: 5, age_to: 12 }, null));
});

test('the count table: one row per group, a column per tool used, with totals; tools never used are left out', () => {
  const tools = [
    { id: 'a', name: 'Alpha' },
    { id: 'b', name: 'Beta' },
    { id: 'c', name: 'Unused' },
  ];
  const table = useTable(
    [
      { tool_id: 'a', tool_name: 'Alpha', group_id: 't2', group_name: 'Team Two', sessions: 2 },
      { tool_id: 'b', tool_name: 'Beta', group_id: 't1', group_name: 'Team One', sessions: 1 },
      { tool_id: 'a', tool_name: 'Alpha', group_id: 't1', group_name: 'Team One', sessions: 3 },
      { tool_id: 'a', tool_name: 'Alpha', group_id: null, group_name: null, sessions: 1 },
    ],
    tools,
  );
  assert.deepEqual(table.tools, ['Alpha', 'Beta']);
  assert.deepEqual(table.rows, [
    { name: 'No team', counts: [1, 0], total: 1 },
    { name: 'Team One', counts: [3, 1], total: 4 },
    { name: 'Team Two', counts: [2, 0], total: 2 },
  ]);
  assert.deepEqual(table.totals, [6, 1]);
  assert.equal(table.total, 7);
});
