import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { Migrator } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { migrations } from '../../db/migrations/index.ts';
import { availableEngines, describeEachEngine, testRunId, urlWithDatabase } from '../../../test/support/databases.ts';
import { recordBatteryFigure } from '../../../test/support/figures.ts';
import { postgresAdminUrl } from '../../../test/support/environment.ts';
import { assertRefused, runCliOn } from '../../../test/support/cli.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { recordAudit, type AuditContext } from './audit.ts';
import { verifyAuditChain } from './chain.ts';

const context: AuditContext = { actorUserId: null, actorEmail: 'chain@example.org', requestId: 'req-chain', ip: '127.0.0.1', at: new Date('2026-11-23T09:00:00Z') };

/** As an owner who switches the protective trigger off for one statement: what the chain exists to expose. */
async function tamper(db: Db, statement: ReturnType<typeof sql>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_or_delete`.execute(trx);
    await statement.execute(trx);
    await sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_or_delete`.execute(trx);
  });
}

const rowCount = async (db: Db) => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events`.execute(db)).rows[0]!.n);

describeEachEngine(
  'the audit hash chain',
  (use, engine) => {
    const db = () => use().db;

    test('a fresh chain verifies', async () => {
      await recordAudit(db(), context, { action: 'test.chain', outcome: 'allowed', subjectType: 'thing', subjectId: 'ä €' });
      await recordAudit(db(), context, { action: 'test.chain', outcome: 'denied', reason: 'a reason with \'quotes\', commas and a\nnew line' });
      const rows = await rowCount(db());
      const run = await runCliOn(use(), ['audit', 'verify']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`^audit chain verified: ${rows} rows$`, 'm'));
      const links = await sql<{ chain_position: number }>`SELECT chain_position FROM audit_events ORDER BY chain_position`.execute(db());
      assert.deepEqual(
        links.rows.map((r) => Number(r.chain_position)),
        Array.from({ length: rows }, (_, i) => i + 1),
        'links numbered 1..N without gaps',
      );
    });

    test('the application cannot set the link itself: the database overwrites it as the row commits', async () => {
      await sql`INSERT INTO audit_events (occurred_at, action, outcome, chain_position, prev_hash, hash)
                VALUES (now(), 'test.forged-link', 'allowed', 999999, '\\x00', '\\x00')`.execute(db());
      const row = await sql<{ chain_position: number; hash: Buffer }>`SELECT chain_position, hash FROM audit_events WHERE action = 'test.forged-link'`.execute(db());
      assert.equal(Number(row.rows[0]!.chain_position), await rowCount(db()));
      assert.equal(row.rows[0]!.hash.length, 32);
      assert.equal((await verifyAuditChain(db())).ok, true);
    });

    test('concurrent transactions, each writing two rows, still chain in order', async () => {
      const before = await rowCount(db());
      await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          db()
            .transaction()
            .execute(async (trx) => {
              await recordAudit(trx, { ...context, requestId: `concurrent-${i}` }, { action: 'test.concurrent', outcome: 'allowed' });
              await sql`SELECT count(*) FROM audit_events`.execute(trx);
              await recordAudit(trx, { ...context, requestId: `concurrent-${i}` }, { action: 'test.concurrent', outcome: 'allowed' });
            }),
        ),
      );
      const result = await verifyAuditChain(db());
      assert.deepEqual(result.ok && result.rows, before + 48);
      recordBatteryFigure({ check: `audit chain written by concurrent transactions [${engine}]`, tried: '24 transactions of two rows each, at once', found: `chain verified: ${before + 48} rows in order`, pass: true });
    });

    if (engine === 'postgres') {
      test('a transaction that audits and then waits for a row another holds does not deadlock with it', async () => {
        const { teamId } = await createTeam(db(), 'Chain Team');
        const userId = await createUser(db(), { email: 'chain.worker@example.org', role: 'social_worker', teamId });
        let holdsRow!: () => void;
        const rowHeld = new Promise<void>((resolve) => (holdsRow = resolve));
        let letGo!: () => void;
        const otherWaiting = new Promise<void>((resolve) => (letGo = resolve));
        // First: locks the user's row, then (once the second waits for that row) audits and commits.
        const first = db()
          .transaction()
          .execute(async (trx) => {
            await trx.updateTable('users').set({ name: 'Held' }).where('id', '=', userId).execute();
            holdsRow();
            await otherWaiting;
            await recordAudit(trx, context, { action: 'test.first', outcome: 'allowed' });
          });
        await rowHeld;
        // Second: audits first, then waits for the row the first holds.
        const second = db()
          .transaction()
          .execute(async (trx) => {
            await recordAudit(trx, context, { action: 'test.second', outcome: 'allowed' });
            await trx.updateTable('users').set({ name: 'Then changed' }).where('id', '=', userId).execute();
          });
        for (;;) {
          const waiting = await sql<{ n: number }>`
            SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(db());
          if (waiting.rows[0]!.n > 0) break;
          await new Promise((resolve) => setImmediate(resolve));
        }
        letGo();
        await Promise.all([first, second]);
        const user = await db().selectFrom('users').select('name').where('id', '=', userId).executeTakeFirstOrThrow();
        assert.equal(user.name, 'Then changed');
        assert.equal((await verifyAuditChain(db())).ok, true);
      });
    }

    test('a changed row is named as the first broken link, with its time; undoing the change mends it', async () => {
      const { rows } = await sql<{ id: number; reason: string | null }>`
        SELECT id, reason FROM audit_events WHERE action = 'test.concurrent' ORDER BY chain_position LIMIT 1 OFFSET 5`.execute(db());
      const target = rows[0]!;
      await tamper(db(), sql`UPDATE audit_events SET reason = 'nothing to see' WHERE id = ${target.id}`);
      const run = await runCliOn(use(), ['audit', 'verify']);
      assertRefused(run, new RegExp(`^steadfast: audit chain broken at row ${target.id} \\(2026-11-23T09:00:00\\.000000Z\\): its content does not match its hash`));
      assert.equal(run.code, 1);
      await tamper(db(), sql`UPDATE audit_events SET reason = ${target.reason} WHERE id = ${target.id}`);
      assert.equal((await runCliOn(use(), ['audit', 'verify'])).code, 0);
      recordBatteryFigure({ check: `audit chain tampered with [${engine}]`, tried: 'one row changed behind the application', found: 'named as the first broken link; mended when undone', pass: true });
    });

    test('a removed row breaks the chain at the row after it', async () => {
      const { rows } = await sql<{ id: number; chain_position: number }>`
        SELECT id, chain_position FROM audit_events WHERE action = 'test.concurrent' ORDER BY chain_position LIMIT 2 OFFSET 10`.execute(db());
      await tamper(db(), sql`DELETE FROM audit_events WHERE id = ${rows[0]!.id}`);
      const result = await verifyAuditChain(db());
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.brokenAt.id, Number(rows[1]!.id));
      assert.match(!result.ok ? result.brokenAt.problem : '', /missing \(a row was removed\)/);
    });
  },
  { fixture: 'demo' },
);

describeEachEngine('audit verify --includes on an intact chain', (use) => {
  test('passes through a hash it printed; refuses one it never had', async () => {
    await recordAudit(use().db, context, { action: 'test.anchor', outcome: 'allowed' });
    const first = await runCliOn(use(), ['audit', 'verify']);
    const hash = /Last hash: ([0-9a-f]{64})/.exec(first.stdout)![1]!;
    await recordAudit(use().db, context, { action: 'test.after-anchor', outcome: 'allowed' });
    const later = await runCliOn(use(), ['audit', 'verify', '--includes', hash]);
    assert.equal(later.code, 0, later.stderr);
    assert.match(later.stdout, /It passes through the given hash at link \d+/);
    assertRefused(await runCliOn(use(), ['audit', 'verify', '--includes', 'f'.repeat(64)]), /does not pass through f{64}: rows up to that point were rewritten or removed/);
  });
});

describe('migration 0010_audit_chain', () => {
  for (const engine of availableEngines()) {
    test(`chains the rows written before it, in the order written [${engine}]`, async () => {
      const name = `steadfast_test_${testRunId()}_suite_chain_migration`;
      const admin = engine === 'postgres' ? new pg.Client({ connectionString: postgresAdminUrl() }) : undefined;
      await admin?.connect();
      await admin?.query(`CREATE DATABASE ${name}`);
      const opened = await openDatabase(engine === 'postgres' ? { databaseUrl: urlWithDatabase(postgresAdminUrl()!, name), poolSize: 2 } : { dataDir: 'memory://' });
      try {
        const before = new Migrator({ db: opened.db, provider: { getMigrations: async () => migrations } });
        const upTo = await before.migrateTo('0009_worker_figures');
        assert.equal(upTo.error, undefined);
        for (let i = 0; i < 5; i++) await recordAudit(opened.db, { ...context, requestId: `old-${i}` }, { action: 'test.before-chain', outcome: 'allowed', reason: `row ${i}` });
        await migrateToLatest(opened.db);
        const { rows } = await sql<{ request_id: string; chain_position: number }>`
          SELECT request_id, chain_position FROM audit_events ORDER BY chain_position`.execute(opened.db);
        assert.deepEqual(
          rows.map((r) => [r.request_id, Number(r.chain_position)]),
          [0, 1, 2, 3, 4].map((i) => [`old-${i}`, i + 1]),
        );
        const result = await verifyAuditChain(opened.db);
        assert.deepEqual(result.ok && result.rows, 5);
      } finally {
        await opened.close();
        await admin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin?.end();
      }
    });
  }
});
