import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, Agent, signedIn } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';

/**
 * Every refusal is audited, whether the feature that refused wrote its own
 * row or simply answered 403: a reviewer of the audit log sees each one once.
 */
describeEachEngine('every refusal is audited once', (use) => {
  const t = appForSuite(use);
  let workerId: string;
  let worker: Agent;

  before(async () => {
    const { teamId } = await createTeam(use().db, 'Denials team');
    workerId = await createUser(use().db, { email: 'denied-worker@example.org', role: 'social_worker', teamId });
    worker = await signedIn(t.app, 'denied-worker@example.org');
  });

  const denials = () =>
    use().db.selectFrom('audit_events').select(['action', 'subject_id', 'reason']).where('actor_user_id', '=', workerId).where('outcome', '=', 'denied').orderBy('id').execute();

  test('a refusal decided inside a feature, with no row of its own, is recorded by the error handler', async () => {
    const before = (await denials()).length;
    assert.equal((await worker.get('/workforce/census')).statusCode, 403);
    const rows = (await denials()).slice(before);
    assert.deepEqual(
      rows.map((r) => [r.action, r.subject_id]),
      [['route.access', 'GET /workforce/census']],
    );
    assert.match(rows[0]!.reason ?? '', /census return is for heads of service/);
  });

  test('a refusal that wrote its own row is not recorded twice', async () => {
    const before = (await denials()).length;
    assert.equal((await worker.get('/admin/users')).statusCode, 403);
    assert.equal((await denials()).length - before, 1);
  });
});
