import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { describeEachEngine, type TestDatabase } from '../../../test/support/databases.ts';
import { TEST_TODAY } from '../../../test/support/environment.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { runCli } from '../../cli/cli.ts';
import { addChild, allocate } from '../../../test/support/caseload-helpers.ts';
import { addDays } from '../../platform/calendar/dates.ts';

async function cli(database: TestDatabase, argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    env: {},
    stdin: Readable.from([]),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    openDatabase: async () => ({ ...database, close: async () => {} }),
    now: () => new Date(`${TEST_TODAY}T09:00:00Z`),
  });
  return { code, stdout, stderr };
}

describeEachEngine('caseload commands', (use) => {
  test('caseload backfill fills past weeks and is audited; caseload check runs once a day', async () => {
    const db = use().db;
    const { teamId } = await createTeam(db, 'CLI Team');
    const workerId = await createUser(db, { email: 'sw@cli-caseload.example', role: 'social_worker', teamId, qualifiedOn: '2010-01-01' });
    await allocate(db, { childId: await addChild(db, { status: 'cp' }), teamId, workerId, start: addDays(TEST_TODAY, -30) });

    const backfill = await cli(use(), ['caseload', 'backfill', '--weeks', '8']);
    assert.equal(backfill.code, 0, backfill.stderr);
    assert.match(backfill.stdout, /^Back-filled 8 weeks \(2026-09-28 to 2026-11-16\): \d+ worker snapshots\.\n$/);
    const rows = await db.selectFrom('workload_snapshots').select(['snapshot_date', 'children']).where('worker_id', '=', workerId).orderBy('snapshot_date').execute();
    assert.deepEqual(rows.map((r) => [r.snapshot_date, r.children]), [['2026-10-26', 1], ['2026-11-02', 1], ['2026-11-09', 1], ['2026-11-16', 1]]);
    const audit = await db.selectFrom('audit_events').select(['actor_email', 'reason']).where('action', '=', 'caseload.backfill').executeTakeFirstOrThrow();
    assert.equal(audit.actor_email, 'cli');

    const first = await cli(use(), ['caseload', 'check']);
    assert.equal(first.stdout, `Daily caseload check for ${TEST_TODAY}: 1 workers, 0 variances escalated.\n`);
    const again = await cli(use(), ['caseload', 'check', '--date', TEST_TODAY]);
    assert.equal(again.stdout, `The daily caseload check for ${TEST_TODAY} had already run: nothing was done.\n`);

    const bad = await cli(use(), ['caseload', 'backfill', '--weeks', '0']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /It must be a whole number from 1 to 520/);
  });
});
