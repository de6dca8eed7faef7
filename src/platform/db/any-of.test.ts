import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { anyOf } from './any-of.ts';

describeEachEngine('a list of ids as one bound value', (use) => {
  test('finds the rows among more ids than PostgreSQL takes bound values in a statement (65,535)', async () => {
    const { db } = use();
    const directorate = await db.insertInto('directorates').values({ name: 'Any-of test' }).returning('id').executeTakeFirstOrThrow();
    const others = Array.from({ length: 70_000 }, () => randomUUID());
    const found = await db
      .selectFrom('directorates')
      .select('id')
      .where('id', '=', anyOf([...others, directorate.id]))
      .execute();
    assert.deepEqual(found, [{ id: directorate.id }]);
  });

  test('an empty list finds nothing', async () => {
    assert.deepEqual(await use().db.selectFrom('directorates').select('id').where('id', '=', anyOf([])).execute(), []);
  });
});
