import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { describeEachEngine } from '../../test/support/databases.ts';
import type { Db } from './database.ts';
import { statementName } from './database.ts';
import { withGenericPlans } from './transactions.ts';

async function planCacheMode(db: Db) {
  return (await sql<{ mode: string }>`SELECT current_setting('plan_cache_mode') AS mode`.execute(db)).rows[0]!.mode;
}

/** How often PostgreSQL used the generic and the custom plan of the statement a query becomes, on this connection. */
async function plansUsed(db: Db, text: string) {
  const found = await sql<{ generic_plans: string; custom_plans: string }>`
    SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = ${statementName(text)}`.execute(db);
  const row = found.rows[0];
  return row ? { generic: Number(row.generic_plans), custom: Number(row.custom_plans) } : { generic: 0, custom: 0 };
}

describeEachEngine('reads with generic plans', (use) => {
  // A statement of its own (no other code sends this text), so its plan counts start here.
  const byEmail = (db: Db, email: string) => db.selectFrom('users').select('id as generic_plan_test_id').where('email', '=', email);

  test('a prepared statement read through withGenericPlans uses its generic plan; the same read outside it is planned afresh', async () => {
    const { db } = use();
    await db.connection().execute(async (connection) => {
      const text = byEmail(connection, 'x').compile().sql;
      const before = await plansUsed(connection, text);
      await withGenericPlans(connection, async (reads) => {
        assert.equal(await planCacheMode(reads), 'force_generic_plan');
        assert.deepEqual(await byEmail(reads, 'nobody@example.org').execute(), []);
      });
      const inside = await plansUsed(connection, text);
      assert.equal(inside.generic - before.generic, 1, 'the generic plan was used');
      assert.equal(inside.custom - before.custom, 0, 'no plan was made for the values');

      assert.equal(await planCacheMode(connection), 'auto', 'the setting ended with the reads’ transaction');
      assert.deepEqual(await byEmail(connection, 'nobody@example.org').execute(), []);
      const outside = await plansUsed(connection, text);
      assert.equal(outside.custom - inside.custom, 1, 'outside, PostgreSQL chooses as it always does (a plan for the values, at first)');
    });
  });

  test('inside the caller’s transaction the reads run as they are, and nothing is changed for the rest of it', async () => {
    await use()
      .db.transaction()
      .execute(async (trx) => {
        const seen = await withGenericPlans(trx, async (reads) => {
          assert.equal(reads, trx, 'the caller’s own transaction');
          return planCacheMode(reads);
        });
        assert.equal(seen, 'auto');
        assert.equal(await planCacheMode(trx), 'auto');
      });
  });

  test('a failed read ends the transaction and the failure reaches the caller', async () => {
    const { db } = use();
    await db.connection().execute(async (connection) => {
      await assert.rejects(
        withGenericPlans(connection, (reads) => sql`SELECT 1 / 0`.execute(reads)),
        /division by zero/,
      );
      assert.equal(await planCacheMode(connection), 'auto');
    });
  });
});
