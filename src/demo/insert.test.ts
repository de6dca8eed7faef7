import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, type Db } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { availableEngines, describeEachEngine, openTestDatabase } from '../../test/support/databases.ts';
import { generateDemo } from './generate.ts';
import { insertRows, loadPathFor, onRowsLoaded } from './insert.ts';

const AWKWARD_NAMES = ['Plain', 'A "quoted", comma-separated name', 'Two\nlines and a \\ backslash', 'Ünïcödé — dash', '', '\\N'];

describeEachEngine('Bulk inserts of demo rows', (use, engine) => {
  test('choose COPY on a server and JSON batches on PGlite', async () => {
    assert.equal(await loadPathFor(use().db), engine === 'postgres' ? 'copy' : 'json');
  });

  test('store every value exactly, quotes, commas, new lines, backslashes and empty text included, and a missing key as NULL', async () => {
    const { db } = use();
    const directorate = await db.insertInto('directorates').values({ name: 'Bulk insert test' }).returning('id').executeTakeFirstOrThrow();
    const service = await db.insertInto('services').values({ directorate_id: directorate.id, name: 'Bulk insert service' }).returning('id').executeTakeFirstOrThrow();
    const rows = AWKWARD_NAMES.map((name, i) => ({
      service_id: service.id,
      name: `${name} ${i}`,
      base_postcode: 'BN21 4AB',
      created_at: new Date(Date.UTC(2026, 0, i + 1, 12)),
    }));
    await insertRows(db, 'teams', [...rows, { service_id: service.id, name: 'No postcode', created_at: new Date(Date.UTC(2026, 1, 1)) } as never]);
    const stored = await db.selectFrom('teams').select(['name', 'base_postcode', 'created_at']).where('service_id', '=', service.id).orderBy('created_at').execute();
    assert.deepEqual(
      stored.slice(0, rows.length).map((r) => r.name),
      rows.map((r) => r.name),
    );
    assert.equal(new Date(stored[0]!.created_at as unknown as string).toISOString(), '2026-01-01T12:00:00.000Z');
    const missing = stored.find((r) => r.name === 'No postcode');
    assert.equal(missing?.base_postcode, null);
  });

  test('write inside the caller’s transaction, so a rollback leaves nothing, and report each batch', async () => {
    const { db } = use();
    const seen: number[] = [];
    const stop = onRowsLoaded((table, batch) => {
      if (table === 'directorates') seen.push(batch.length);
    });
    try {
      await assert.rejects(
        db.transaction().execute(async (trx) => {
          await insertRows(trx, 'directorates', Array.from({ length: 2500 }, (_, i) => ({ name: `Rolled back ${i}` })));
          const inside = await trx.selectFrom('directorates').select('id').where('name', 'like', 'Rolled back %').execute();
          assert.equal(inside.length, 2500);
          throw new Error('roll back');
        }),
        /roll back/,
      );
    } finally {
      stop();
    }
    const after = await db.selectFrom('directorates').select('id').where('name', 'like', 'Rolled back %').execute();
    assert.equal(after.length, 0);
    assert.equal(
      seen.reduce((a, b) => a + b, 0),
      2500,
    );
  });
});

/** Staff are made with database-issued ids, so the columns naming them differ between any two runs. */
const CHILD_TABLES = ['people', 'addresses', 'families', 'family_members', 'relationships', 'contacts', 'referrals', 'cp_plans', 'care_episodes', 'care_leavers', 'case_notes'];

async function contentDigest(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of CHILD_TABLES) {
    const row = sql`(to_jsonb(x) - 'recorded_by' - 'author_id' - 'holder_id' - 'decided_by' - 'signed_off_by')::text`;
    const { rows } = await sql<{ digest: string }>`SELECT md5(string_agg(${row}, '|' ORDER BY ${row})) AS digest FROM ${sql.table(table)} x`.execute(db);
    out[table] = rows[0]!.digest;
  }
  return out;
}

test('the same seed makes the same children through COPY on a server as through JSON batches on PGlite', { skip: !availableEngines().includes('postgres') && 'no PostgreSQL server' }, async () => {
  const options = { scale: 0.05, seed: 11, today: '2026-03-02' };
  const embedded = await openDatabase({ dataDir: 'memory://' });
  let viaJson: Record<string, string>;
  try {
    await migrateToLatest(embedded.db);
    await generateDemo(embedded.db, options);
    viaJson = await contentDigest(embedded.db);
  } finally {
    await embedded.close();
  }
  const server = await openTestDatabase('postgres', 'migrated');
  try {
    await generateDemo(server.db, options);
    assert.equal(await loadPathFor(server.db), 'copy');
    assert.deepEqual(await contentDigest(server.db), viaJson);
  } finally {
    await server.close();
  }
});
