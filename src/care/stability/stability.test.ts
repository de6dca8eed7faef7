import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Db } from '../../db/database.ts';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';

// TEST_TODAY is Monday 23 November 2026: the latest 31 March is 31 March
// 2026, and the year to today began on 24 November 2025.

interface Step {
  start: string;
  type?: string;
  legal?: string;
  rne?: string;
  reasonPlaceChange?: string | null;
  postcode?: string;
}

/** A child looked after since the first step, through these episodes; the last is open. */
async function childInCare(db: Db, values: { surname: string; birth: string; restricted?: boolean; teamId: string; workerId: string | null }, steps: Step[]) {
  const child = await db
    .insertInto('people')
    .values({
      is_child: true,
      la_child_id: `PS-${values.surname}`,
      forename: 'Sam',
      surname: values.surname,
      date_of_birth: values.birth,
      sex: 'F',
      restricted: values.restricted ?? false,
      restriction_reason: values.restricted ? 'A relative of a member of staff' : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('care_episodes')
    .values(
      steps.map((s, i) => {
        const next = steps[i + 1];
        return {
          child_id: child.id,
          start_date: s.start,
          end_date: next?.start ?? null,
          reason_new_episode: s.rne ?? (i === 0 ? 'S' : 'P'),
          legal_status: s.legal ?? 'C2',
          primary_need: 'N1',
          placement_type: s.type ?? 'U6',
          placement_provider: 'PR1',
          placement_postcode: s.postcode ?? `BN2${i} 1AA`,
          placement_distance_miles: 4.5,
          placement_out_of_area: false,
          reason_ceased: next ? 'X1' : null,
          reason_place_change: next ? (next.reasonPlaceChange ?? null) : null,
        };
      }),
    )
    .execute();
  await db.insertInto('allocations').values({ child_id: child.id, role: 'lead', team_id: values.teamId, worker_id: values.workerId, start_date: steps[0]!.start }).execute();
  return child.id;
}

/** Three placements in the year to 31 March 2026, and three more in the year to today. */
const MOVING: Step[] = [
  { start: '2025-05-01' },
  { start: '2025-08-01', reasonPlaceChange: 'CREQB' },
  { start: '2026-01-10', reasonPlaceChange: 'ALLEG' },
  { start: '2026-06-01', reasonPlaceChange: 'CARPL' },
];

/** Looked after since 2022, in one placement: a change of legal status only in 2022. */
const SETTLED: Step[] = [
  { start: '2022-01-01', legal: 'C1', postcode: 'BN3 1AA' },
  { start: '2022-06-01', legal: 'C2', rne: 'L', postcode: 'BN3 1AA' },
];

describeEachEngine('placement stability: the measures page and a child’s placements', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let worker: Agent;
  let otherWorker: Agent;
  let manager: Agent;
  let head: Agent;
  let mover: string;
  let restricted: string;
  let managerId: string;

  before(async () => {
    const { teamId: east } = await createTeam(db(), 'Children in Care East');
    const { teamId: west } = await createTeam(db(), 'Children in Care West');
    const workerId = await createUser(db(), { email: 'ps-sw@example.org', role: 'social_worker', teamId: east, name: 'Sol Worker' });
    const westWorker = await createUser(db(), { email: 'ps-sw2@example.org', role: 'social_worker', teamId: west, name: 'Wes Worker' });
    managerId = await createUser(db(), { email: 'ps-tm@example.org', role: 'team_manager', teamId: east, name: 'Tess Manager' });
    await createUser(db(), { email: 'ps-hos@example.org', role: 'head_of_service', name: 'Hana Head' });
    worker = await signedIn(t.app, 'ps-sw@example.org');
    otherWorker = await signedIn(t.app, 'ps-sw2@example.org');
    manager = await signedIn(t.app, 'ps-tm@example.org');
    head = await signedIn(t.app, 'ps-hos@example.org');

    mover = await childInCare(db(), { surname: 'Mover', birth: '2012-04-01', teamId: east, workerId }, MOVING);
    await childInCare(db(), { surname: 'Settled', birth: '2014-09-01', teamId: east, workerId }, SETTLED);
    restricted = await childInCare(db(), { surname: 'Hidden', birth: '2013-02-01', restricted: true, teamId: east, workerId: null }, MOVING);
    await childInCare(db(), { surname: 'Westerly', birth: '2011-01-01', teamId: west, workerId: westWorker }, MOVING);
  });

  test('a team manager sees the team’s measures with the children counted, and the children who moved 3 or more times', async () => {
    const page = await manager.get('/care/stability');
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Children in Care East/);
    // East: the mover (3 placements in each year) and the settled child; the restricted child is not counted.
    assert.match(text, /Children in Care East 50% 1 of 2 50% 1 of 2 100% 1 of 1 100% 1 of 1/);
    // The council, for comparison: the west child too.
    assert.match(text, /The council For comparison 66\.7% 2 of 3 66\.7% 2 of 3 100% 1 of 1 100% 1 of 1/);
    assert.match(text, /Sam Mover/);
    assert.doesNotMatch(text, /Hidden|Westerly/);
    const audit = await db().selectFrom('audit_events').select(['outcome', 'reason']).where('action', '=', 'care.stability.view').where('actor_user_id', '=', managerId).execute();
    assert.deepEqual(audit, [{ outcome: 'allowed', reason: 'counts, and 1 children listed' }]);
  });

  test('a restricted child changes no figure for someone without access, and counts for someone named on it', async () => {
    const before = textOf((await head.get('/care/stability')).body);
    assert.match(before, /The council in all 66\.7% 2 of 3/);
    assert.doesNotMatch(before, /Hidden/);
    await db().insertInto('restricted_access').values({ child_id: restricted, user_id: managerId, granted_by: null }).execute();
    try {
      const named = textOf((await manager.get('/care/stability')).body);
      assert.match(named, /Children in Care East 66\.7% 2 of 3/);
      assert.match(named, /Sam Hidden/);
      const head2 = textOf((await head.get('/care/stability')).body);
      assert.equal(head2.match(/The council in all [^A-Za-z]*/)?.[0], before.match(/The council in all [^A-Za-z]*/)?.[0], 'the head of service is not named: nothing changes');
    } finally {
      await db().deleteFrom('restricted_access').where('child_id', '=', restricted).execute();
    }
  });

  test('a head of service sees every team and the council, with a trend over five year ends', async () => {
    const text = textOf((await head.get('/care/stability')).body);
    assert.match(text, /Children in Care East Children in Care East service 50% 1 of 2/);
    assert.match(text, /Children in Care West Children in Care West service 100% 1 of 1/);
    for (const year of [2022, 2023, 2024, 2025, 2026]) assert.match(text, new RegExp(`31 March ${year}`));
    assert.match((await head.get('/care/stability')).body, /<svg[^>]*role="img"/);
  });

  test('a social worker sees the children they lead', async () => {
    const text = textOf((await worker.get('/care/stability')).body);
    assert.match(text, /Children you lead 50% 1 of 2/);
    assert.match(text, /Sam Mover/);
  });

  test('a child’s placements: each placement with how it ended and why, and the moves counted', async () => {
    const page = await worker.get(`/children/${mover}/care/placements`);
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Moves in the last 12 months 2/);
    assert.match(text, /Moves in this period of care 3/);
    assert.match(text, /Placements in the year to today 3 3 or more/);
    assert.match(text, /Carer\(s\) request placement end due to child's behavior|Carer\(s\) request placement end due to child&#39;s behavior/);
    assert.match(text, /Allegation \(s47\)/);
    assert.match(text, /Change to\/implementing care plan/);
    assert.match(text, /U6: Foster placement with other foster carer/);
    const audit = await db().selectFrom('audit_events').select(['outcome']).where('action', '=', 'child.view.placements').where('subject_id', '=', mover).execute();
    assert.deepEqual(audit, [{ outcome: 'allowed' }]);
  });

  test('a worker with no relationship to the child gets 404, and the refusal is audited', async () => {
    const page = await otherWorker.get(`/children/${mover}/care/placements`);
    assert.equal(page.statusCode, 404);
    const denied = await db().selectFrom('audit_events').select('outcome').where('action', '=', 'child.view.placements').where('outcome', '=', 'denied').execute();
    assert.equal(denied.length, 1);
  });
});
