import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachEngine } from '../../test/support/databases.ts';
import { TEST_TODAY } from '../../test/support/environment.ts';
import { createTeam, createUser } from '../../test/support/users.ts';
import { FakeClock } from '../platform/clock/clock.ts';
import { startScheduler, type SchedulerLog } from '../platform/scheduler/scheduler.ts';
import { workloadJobs } from './jobs.ts';

describeEachEngine('the scheduled daily caseload check', (use) => {
  test('runs once for the day however often it is called, logging one line when it ran', async () => {
    const db = use().db;
    const { teamId } = await createTeam(db, 'Scheduled Team');
    await createUser(db, { email: 'sw@scheduled.example', role: 'social_worker', teamId, qualifiedOn: '2015-01-01' });
    const clock = new FakeClock(`${TEST_TODAY}T09:00:00Z`);
    const lines: string[] = [];
    const errors: string[] = [];
    const log: SchedulerLog = { info: (m) => lines.push(m), error: (m) => errors.push(m) };
    const scheduler = startScheduler(workloadJobs(db, clock), log);
    await scheduler.runNow('caseload daily check');
    await scheduler.runNow('caseload daily check');
    clock.advanceMinutes(15);
    await scheduler.runNow('caseload daily check');
    await scheduler.stop();
    assert.deepEqual(errors, []);
    assert.deepEqual(lines, [`caseload daily check: ran for ${TEST_TODAY}: 1 workers reassessed and snapshotted, 0 variances escalated, 0 workers forecast over red within 4 weeks`]);
    const runs = await db.selectFrom('scheduled_runs').select(['job', 'run_date']).execute();
    assert.deepEqual(runs, [{ job: 'caseload-daily', run_date: TEST_TODAY }]);
    const snapshots = await db.selectFrom('workload_snapshots').select('snapshot_date').execute();
    assert.deepEqual(snapshots, [{ snapshot_date: TEST_TODAY }]);
  });
});
