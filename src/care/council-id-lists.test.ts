import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { describeEachEngine } from '../../test/support/databases.ts';
import { decisionsOf } from './adoption/queries.ts';
import { overdueAdviserItems } from './after-care/queries.ts';
import { healthYearsOf } from './health/queries.ts';
import { permanenceOfChildren } from './permanence/queries.ts';
import { openRecommendations } from './reviews/queries.ts';

// PostgreSQL takes at most 65,535 bound values in one statement; a large
// council's looked-after children, read for a council-wide measure, must not
// need one value each.
describeEachEngine('council-wide care measures read more children than a statement takes bound values', (use) => {
  const children = Array.from({ length: 70_000 }, () => randomUUID());

  test('permanence plans, reviews and support for a return home', async () => {
    assert.deepEqual(await permanenceOfChildren(use().db, children), { plans: [], reviews: [], support: [] });
  });

  test('open review recommendations', async () => {
    assert.deepEqual(await openRecommendations(use().db, children), []);
  });

  test('health and wellbeing years', async () => {
    assert.deepEqual(await healthYearsOf(use().db, children, '2026-03-31'), []);
  });

  test('adoption decisions', async () => {
    assert.equal((await decisionsOf(use().db, children)).size, 0);
  });

  test('overdue personal adviser contacts and pathway plan reviews', async () => {
    assert.deepEqual(await overdueAdviserItems(use().db, children, '2026-12-07'), []);
  });
});
