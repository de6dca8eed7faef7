import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { describeEachEngine } from '../test/support/databases.ts';
import { createTeam } from '../test/support/users.ts';
import { applicationJobs, PLANNER_STATISTICS } from './app.ts';
import { FakeClock } from './platform/clock/clock.ts';

describeEachEngine('the application’s scheduled jobs', (use, engine) => {
  test('on PGlite, which has no autovacuum, the planner’s statistics are gathered daily; a server gathers its own', async () => {
    const db = use().db;
    const jobs = applicationJobs(db, new FakeClock('2026-11-23T09:00:00Z'), undefined, engine);
    const statistics = jobs.find((job) => job.name === PLANNER_STATISTICS);
    if (engine === 'postgres') {
      assert.equal(statistics, undefined);
      return;
    }
    assert.ok(statistics, 'the job is scheduled on PGlite');
    assert.equal(statistics.everyMs, 24 * 60 * 60_000);
    await createTeam(db, 'Statistics team');
    const before = await sql<{ rows: number }>`SELECT reltuples::int AS rows FROM pg_class WHERE relname = 'teams'`.execute(db);
    assert.ok(before.rows[0]!.rows < 1, 'nothing has counted the teams yet');
    await statistics.run();
    const analysed = await sql<{ rows: number }>`SELECT reltuples::int AS rows FROM pg_class WHERE relname = 'teams'`.execute(db);
    assert.ok(analysed.rows[0]!.rows >= 1, `the planner now counts the teams: ${analysed.rows[0]!.rows}`);
  });
});
