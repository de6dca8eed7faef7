import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { sql } from 'kysely';
import { anyOf } from '../platform/db/any-of.ts';
import { describeEachEngine } from '../../test/support/databases.ts';
import { statementName } from './database.ts';

describeEachEngine('queries with a few values are prepared once per connection and reused by name', (use) => {
  test('a query with a few values is a named statement on its connection; a long list of values is sent plainly', async () => {
    await use()
      .db.transaction()
      .execute(async (trx) => {
        const few = trx.selectFrom('users').select('id').where('email', '=', 'nobody@example.org');
        const many = trx.selectFrom('users').select('id').where('email', 'in', Array.from({ length: 40 }, (_, i) => `nobody${i}@example.org`));
        assert.deepEqual(await few.execute(), []);
        assert.deepEqual(await few.execute(), [], 'executed again by name');
        assert.deepEqual(await many.execute(), []);
        const prepared = await sql<{ name: string }>`SELECT name FROM pg_prepared_statements`.execute(trx);
        const names = prepared.rows.map((r) => r.name);
        assert.ok(names.includes(statementName(few.compile().sql)), 'the short query is prepared');
        assert.ok(!names.includes(statementName(many.compile().sql)), 'the long list is not');
      });
  });

  test('a list bound as one value counts as its length: planned for its ids when long, prepared when short', async () => {
    await use()
      .db.transaction()
      .execute(async (trx) => {
        const byIds = (count: number) => trx.selectFrom('users').select('id').where('id', '=', anyOf(Array.from({ length: count }, () => randomUUID())));
        const preparedNames = async () => (await sql<{ name: string }>`SELECT name FROM pg_prepared_statements`.execute(trx)).rows.map((r) => r.name);
        const name = statementName(byIds(1).compile().sql);
        assert.deepEqual(await byIds(40).execute(), []);
        assert.ok(!(await preparedNames()).includes(name), 'forty ids are sent plainly');
        assert.deepEqual(await byIds(3).execute(), []);
        assert.ok((await preparedNames()).includes(name), 'three ids, the same text, are prepared');
      });
  });
});

test('a statement’s name depends on its text alone', () => {
  assert.equal(statementName('SELECT 1 WHERE $1'), statementName('SELECT 1 WHERE $1'));
  assert.notEqual(statementName('SELECT 1 WHERE $1'), statementName('SELECT 2 WHERE $1'));
  assert.ok(statementName('x').length <= 63, 'within PostgreSQL’s identifier length');
});
