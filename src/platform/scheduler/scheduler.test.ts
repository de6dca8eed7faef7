import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { TEST_TODAY } from '../../../test/support/environment.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { FakeClock } from '../clock/clock.ts';
import { applicationJobs } from './jobs.ts';
import { startScheduler, type SchedulerLog } from './scheduler.ts';

function memoryLog() {
  const lines: string[] = [];
  const errors: string[] = [];
  const log: SchedulerLog = { info: (m) => lines.push(m), error: (m) => errors.push(m) };
  return { log, lines, errors };
}

describe('the in-process scheduler', () => {
  test('runs a job soon after start and then once each interval, and not after stop', async () => {
    let runs = 0;
    const { log, lines } = memoryLog();
    const scheduler = startScheduler([{ name: 'counter', everyMs: 50, firstAfterMs: 10, run: async () => `run ${++runs}` }], log);
    await sleep(5);
    assert.equal(runs, 0, 'not before its first time');
    await sleep(250); // first at 10 ms, then at 60, 110, 160, 210: five runs, give or take a timer's slack
    await scheduler.stop();
    assert.ok(runs >= 4 && runs <= 6, `ran ${runs} times`);
    assert.equal(lines[0], 'counter: run 1', 'one line for each run that did something');
    const stoppedAt = runs;
    await sleep(120);
    assert.equal(runs, stoppedAt, 'no run after stop');
  });

  test('a run still going when the next is due is skipped, never overlapped, and stop waits for it to finish', async () => {
    let active = 0;
    let most = 0;
    let finished = 0;
    const scheduler = startScheduler(
      [
        {
          name: 'slow',
          everyMs: 10,
          firstAfterMs: 0,
          run: async () => {
            active += 1;
            most = Math.max(most, active);
            await sleep(60);
            active -= 1;
            finished += 1;
            return null;
          },
        },
      ],
      memoryLog().log,
    );
    await sleep(100);
    await scheduler.stop();
    assert.equal(most, 1, 'never two runs at once');
    assert.equal(active, 0, 'stop resolved only once the run in flight had finished');
    assert.ok(finished >= 1 && finished <= 2, `finished ${finished}`);
  });

  test('a failing job is logged and tried again at its next time', async () => {
    let runs = 0;
    const { log, errors } = memoryLog();
    const scheduler = startScheduler(
      [
        {
          name: 'flaky',
          everyMs: 30,
          firstAfterMs: 0,
          run: async () => {
            runs += 1;
            if (runs === 1) throw new Error('database away');
            return null;
          },
        },
      ],
      log,
    );
    await sleep(80);
    await scheduler.stop();
    assert.deepEqual(errors.slice(0, 1), ['flaky failed; it will be tried again at its next time']);
    assert.ok(runs >= 2, `ran ${runs} times`);
  });
});

describeEachEngine('the scheduled daily caseload check', (use) => {
  test('runs once for the day however often it is called, logging one line when it ran', async () => {
    const db = use().db;
    const { teamId } = await createTeam(db, 'Scheduled Team');
    await createUser(db, { email: 'sw@scheduled.example', role: 'social_worker', teamId, qualifiedOn: '2015-01-01' });
    const clock = new FakeClock(`${TEST_TODAY}T09:00:00Z`);
    const { log, lines, errors } = memoryLog();
    const scheduler = startScheduler(applicationJobs(db, clock), log);
    await scheduler.runNow('caseload daily check');
    await scheduler.runNow('caseload daily check');
    clock.advanceMinutes(15);
    await scheduler.runNow('caseload daily check');
    await scheduler.stop();
    assert.deepEqual(errors, []);
    assert.deepEqual(lines, [`caseload daily check: ran for ${TEST_TODAY}: 1 workers reassessed and snapshotted, 0 variances escalated`]);
    const runs = await db.selectFrom('scheduled_runs').select(['job', 'run_date']).execute();
    assert.deepEqual(runs, [{ job: 'caseload-daily', run_date: TEST_TODAY }]);
    const snapshots = await db.selectFrom('workload_snapshots').select('snapshot_date').execute();
    assert.deepEqual(snapshots, [{ snapshot_date: TEST_TODAY }]);
  });
});
