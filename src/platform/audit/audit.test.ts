import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { recordAudit } from './audit.ts';

describeEachEngine('the audit table', (use) => {
  const context = { actorUserId: null, actorEmail: 'someone@example.org', requestId: 'req-1', ip: '127.0.0.1', at: new Date('2026-11-23T09:00:00Z') };

  test('keeps what is written', async () => {
    await recordAudit(use().db, context, { action: 'test.write', outcome: 'allowed', subjectType: 'thing', subjectId: '1' });
    const row = await use().db.selectFrom('audit_events').selectAll().where('action', '=', 'test.write').executeTakeFirstOrThrow();
    assert.equal(row.outcome, 'allowed');
    assert.equal(row.request_id, 'req-1');
    assert.equal(row.occurred_at.toISOString(), '2026-11-23T09:00:00.000Z');
  });

  test('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    await recordAudit(use().db, context, { action: 'test.protected', outcome: 'denied' });
    await assert.rejects(sql`UPDATE audit_events SET outcome = 'allowed' WHERE action = 'test.protected'`.execute(use().db), /append-only/);
    await assert.rejects(sql`DELETE FROM audit_events WHERE action = 'test.protected'`.execute(use().db), /append-only/);
    await assert.rejects(sql`TRUNCATE audit_events`.execute(use().db), /append-only/);
    const rows = await use().db.selectFrom('audit_events').select('outcome').where('action', '=', 'test.protected').execute();
    assert.deepEqual(rows, [{ outcome: 'denied' }]);
  });

  test('rolls back with the work it records', async () => {
    await assert.rejects(
      use().db.transaction().execute(async (trx) => {
        await recordAudit(trx, context, { action: 'test.rolled-back', outcome: 'allowed' });
        throw new Error('the work failed');
      }),
    );
    const rows = await use().db.selectFrom('audit_events').select('id').where('action', '=', 'test.rolled-back').execute();
    assert.equal(rows.length, 0);
  });

  test('rejects an outcome outside allowed, denied and failed', async () => {
    await assert.rejects(recordAudit(use().db, context, { action: 'test.bad', outcome: 'maybe' as never }));
  });
});
