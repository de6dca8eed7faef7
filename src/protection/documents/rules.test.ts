import assert from 'node:assert/strict';
import { test } from 'node:test';
import { documentDateProblem } from './rules.ts';

test('a document dated in the future is refused', () => {
  assert.equal(documentDateProblem('2026-11-24', '2026-11-23'), 'The date of the document must be today or in the past');
  assert.equal(documentDateProblem('2026-11-23', '2026-11-23'), null);
});
