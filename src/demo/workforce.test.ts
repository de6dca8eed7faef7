import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { describeEachEngine } from '../../test/support/databases.ts';
import { TEST_TODAY } from '../../test/support/environment.ts';
import { supervisionOwed } from '../workforce/index.ts';

describeEachEngine(
  'the demo council’s workforce',
  (use) => {
    const db = () => use().db;
    const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db())).rows[0]!;

    test('everyone has a staff record; leavers have census reasons and destinations; numbers are well formed', async () => {
      const missing = await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM users u LEFT JOIN staff_records s ON s.user_id = u.id WHERE s.user_id IS NULL`);
      assert.equal(missing.n, 0);
      const leavers = await one(sql<{ n: number; unexplained: number; disabled_mismatch: number }>`
        SELECT count(*)::int AS n,
               count(*) FILTER (WHERE leaving_reason IS NULL OR leaving_destination IS NULL)::int AS unexplained,
               count(*) FILTER (WHERE u.disabled_at IS NULL)::int AS disabled_mismatch
        FROM staff_records s JOIN users u ON u.id = s.user_id WHERE s.left_on IS NOT NULL`);
      assert.ok(leavers.n > 10, `${leavers.n} leavers`);
      assert.equal(leavers.unexplained, 0);
      assert.equal(leavers.disabled_mismatch, 0, 'every leaver can no longer sign in');
      const bad = await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM staff_records WHERE swe_number IS NOT NULL AND swe_number !~ '^SW[0-9]{1,10}$'`);
      assert.equal(bad.n, 0);
      const later = await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM staff_records WHERE start_in_role > ${TEST_TODAY}::date OR left_on > ${TEST_TODAY}::date`);
      assert.equal(later.n, 0, 'nothing in the future');
    });

    test('agency workers and vacancies are there to see', async () => {
      const agency = await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM staff_records WHERE employment_type = 'agency' AND left_on IS NULL`);
      assert.ok(agency.n > 0);
      const posts = await one(sql<{ funded: number; teams: number }>`
        SELECT sum(funded_fte)::float AS funded, count(DISTINCT team_id)::int AS teams FROM team_establishment e
        WHERE effective_from = (SELECT max(effective_from) FROM team_establishment x WHERE x.team_id = e.team_id)`);
      const inPost = await one(sql<{ fte: number }>`
        SELECT coalesce(sum(u.fte), 0)::float AS fte FROM users u JOIN staff_records s ON s.user_id = u.id
        WHERE s.left_on IS NULL AND s.employment_type <> 'agency' AND u.team_id IN (SELECT team_id FROM team_establishment)`);
      assert.ok(posts.teams > 0);
      assert.ok(posts.funded > inPost.fte, `funded ${posts.funded} FTE, permanent in post ${inPost.fte}`);
    });

    test('supervision history with some overdue, shown to the demo team manager', async () => {
      const tm = await db().selectFrom('users').select(['id', 'role', 'team_id', 'service_id']).where('email', '=', 'team.manager@steadfast.example').executeTakeFirstOrThrow();
      const owed = await supervisionOwed(db(), { id: tm.id, role: tm.role, teamId: tm.team_id, serviceId: tm.service_id }, TEST_TODAY);
      assert.ok(owed && owed.supervisees > 0);
      const head = await db().selectFrom('users').select(['id', 'role', 'team_id', 'service_id']).where('email', '=', 'head.of.service@steadfast.example').executeTakeFirstOrThrow();
      const council = await supervisionOwed(db(), { id: head.id, role: head.role, teamId: head.team_id, serviceId: head.service_id }, TEST_TODAY);
      assert.ok(council && council.belowTotal > 0, 'someone in the council is overdue');
      const counts = await one(sql<{ records: number; workload: number }>`
        SELECT count(*)::int AS records, count(*) FILTER (WHERE workload_as_at IS NOT NULL)::int AS workload FROM supervisions`);
      assert.ok(counts.records > 100);
      assert.ok(counts.workload > 0, 'workload figures attached from the snapshots');
      const oversight = await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM case_supervisions`);
      assert.ok(oversight.n > 0);
    });
  },
  { fixture: 'demo' },
);
