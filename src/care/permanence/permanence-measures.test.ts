import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Db } from '../../db/database.ts';
import type { PermanencePlanKind } from '../../db/schema.ts';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';

// TEST_TODAY is Monday 23 November 2026: the latest year ended is the year to 31 March 2026.

async function child(db: Db, v: { surname: string; since: string; until?: string; rec?: string; teamId: string; workerId: string | null; restricted?: boolean }) {
  const row = await db
    .insertInto('people')
    .values({
      is_child: true,
      la_child_id: `PM-${v.surname}`,
      forename: 'Kit',
      surname: v.surname,
      date_of_birth: '2015-01-01',
      sex: 'M',
      restricted: v.restricted ?? false,
      restriction_reason: v.restricted ? 'A relative of a member of staff' : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('care_episodes')
    .values({ child_id: row.id, start_date: v.since, end_date: v.until ?? null, reason_ceased: v.rec ?? null, reason_new_episode: 'S', legal_status: 'C2', primary_need: 'N1', placement_type: 'U4', placement_postcode: 'BN21 4AB' })
    .execute();
  await db.insertInto('allocations').values({ child_id: row.id, role: 'lead', team_id: v.teamId, worker_id: v.workerId, start_date: v.since }).execute();
  return row.id;
}

async function reviews(db: Db, childId: string, by: string, dates: string[]) {
  await db
    .insertInto('case_events')
    .values(dates.map((d) => ({ child_id: childId, kind: 'cla_review' as const, event_date: d, recorded_by: by, recorded_at: new Date(`${d}T12:00:00Z`) })))
    .execute();
}

async function plan(db: Db, childId: string, by: string, decidedOn: string, kind: PermanencePlanKind) {
  await db.insertInto('permanence_plans').values({ child_id: childId, plan: kind, parallel_plan: null, decided_on: decidedOn, review_event_id: null, note: null, recorded_by: by, recorded_at: new Date(`${decidedOn}T12:00:00Z`) }).execute();
}

describeEachEngine('permanence across the council (/care/permanence): the plan by the second review, by team', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let manager: Agent;
  let head: Agent;
  let worker: Agent;
  let westWorkerAgent: Agent;
  let admin: Agent;
  let managerId: string;
  let hidden: string;

  before(async () => {
    const { teamId: east } = await createTeam(db(), 'Permanence East');
    const { teamId: west } = await createTeam(db(), 'Permanence West');
    const workerId = await createUser(db(), { email: 'pm-sw@example.org', role: 'social_worker', teamId: east, name: 'Cal Worker' });
    const westWorker = await createUser(db(), { email: 'pm-sw2@example.org', role: 'social_worker', teamId: west, name: 'Wyn Worker' });
    managerId = await createUser(db(), { email: 'pm-tm@example.org', role: 'team_manager', teamId: east, name: 'Tam Manager' });
    await createUser(db(), { email: 'pm-hos@example.org', role: 'head_of_service', name: 'Hal Head' });
    await createUser(db(), { email: 'pm-admin@example.org', role: 'system_admin', name: 'Ada Admin' });
    manager = await signedIn(t.app, 'pm-tm@example.org');
    head = await signedIn(t.app, 'pm-hos@example.org');
    worker = await signedIn(t.app, 'pm-sw@example.org');
    westWorkerAgent = await signedIn(t.app, 'pm-sw2@example.org');
    admin = await signedIn(t.app, 'pm-admin@example.org');

    // East: Able planned at the second review; Baker with none (second review 25 September 2025, 424 days ago);
    // Homer went home (E4A) in December 2025 with support begun in June.
    const able = await child(db(), { surname: 'Able', since: '2025-05-01', teamId: east, workerId });
    await reviews(db(), able, workerId, ['2025-05-20', '2025-08-20']);
    await plan(db(), able, workerId, '2025-08-20', 'long_term_fostering');
    const baker = await child(db(), { surname: 'Baker', since: '2025-06-02', teamId: east, workerId });
    await reviews(db(), baker, workerId, ['2025-06-25', '2025-09-25']);
    const homer = await child(db(), { surname: 'Homer', since: '2024-01-01', until: '2025-12-01', rec: 'E4A', teamId: east, workerId });
    await plan(db(), homer, workerId, '2024-03-01', 'return_home');
    await db().insertInto('reunification_support').values({ child_id: homer, what: 'Parenting support', provider: 'Family support worker', from_date: '2025-06-01', to_date: null, recorded_by: workerId, recorded_at: new Date('2025-06-01T12:00:00Z') }).execute();
    // Restricted, in East, no plan by the second review: counted and named only for those named on it.
    hidden = await child(db(), { surname: 'Hidden', since: '2025-06-01', teamId: east, workerId: null, restricted: true });
    await reviews(db(), hidden, workerId, ['2025-06-20', '2025-09-20']);
    // West: Westley planned before the second review.
    const westley = await child(db(), { surname: 'Westley', since: '2025-04-10', teamId: west, workerId: westWorker });
    await reviews(db(), westley, westWorker, ['2025-05-01', '2025-08-01']);
    await plan(db(), westley, westWorker, '2025-07-15', 'adoption');
  });

  const PLAN_ROW = /Plan for permanence by the second review \(children who came into care in the year and reached it\) ([^A-Z]*)/;

  test('a team manager sees the team’s figures beside the council’s, and the child with no plan named with days late; the view is audited', async () => {
    const page = await manager.get('/care/permanence');
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Year to 31 March 2026/);
    assert.equal(text.match(PLAN_ROW)?.[1]?.trim(), '50% 1 of 2 66.7% 2 of 3');
    assert.match(text, /Left care to permanence \(of the children who left care in the year\) 100% 1 of 1/);
    assert.match(text, /Went home with a support plan recorded \(of the children who left care to go home\) 100% 1 of 1/);
    assert.match(text, /Long-term fostering 1 0 1/);
    assert.match(text, /Adoption 0 0 1/);
    assert.match(text, /Kit Baker : permanence PM-Baker 2 June 2025 25 September 2025 \(held\) Not yet 424 Cal Worker/);
    assert.doesNotMatch(text, /Kit Hidden|Kit Able|Kit Westley/);
    const audit = await db().selectFrom('audit_events').select(['outcome', 'reason']).where('action', '=', 'care.permanence.view').where('actor_user_id', '=', managerId).execute();
    assert.deepEqual(audit, [{ outcome: 'allowed', reason: 'year to 31 March 2026: counts, and 1 children listed' }]);
  });

  test('a restricted child is neither counted nor named for someone without access; counted and named for someone named on it', async () => {
    const headText = textOf((await head.get('/care/permanence')).body);
    assert.equal(headText.match(PLAN_ROW)?.[1]?.trim(), '66.7% 2 of 3');
    assert.doesNotMatch(headText, /Hidden/);
    await db().insertInto('restricted_access').values({ child_id: hidden, user_id: managerId, granted_by: null }).execute();
    try {
      const named = textOf((await manager.get('/care/permanence')).body);
      assert.equal(named.match(PLAN_ROW)?.[1]?.trim(), '33.3% 1 of 3 50% 2 of 4');
      assert.match(named, /Kit Hidden : permanence/);
      assert.equal(textOf((await head.get('/care/permanence')).body).match(PLAN_ROW)?.[1], headText.match(PLAN_ROW)?.[1]);
    } finally {
      await db().deleteFrom('restricted_access').where('child_id', '=', hidden).execute();
    }
  });

  test('a head of service sees each team; a social worker sees the children they lead, as on the other care measures', async () => {
    const text = textOf((await head.get('/care/permanence')).body);
    assert.match(text, /Permanence East Permanence East service 50% 1 of 2 2 1 100% 1 of 1 100% 1 of 1/);
    assert.match(text, /Permanence West Permanence West service 100% 1 of 1 1 0/);
    const own = await worker.get('/care/permanence');
    assert.equal(own.statusCode, 200);
    const ownText = textOf(own.body);
    assert.match(ownText, /Children you lead/);
    assert.equal(ownText.match(PLAN_ROW)?.[1]?.trim(), '50% 1 of 2 66.7% 2 of 3');
    assert.match(ownText, /Kit Baker : permanence/);
    const westText = textOf((await westWorkerAgent.get('/care/permanence')).body);
    assert.equal(westText.match(PLAN_ROW)?.[1]?.trim(), '100% 1 of 1 66.7% 2 of 3');
    assert.doesNotMatch(westText, /Kit Baker/);
  });

  test('the figures download as CSV, counts and never names; a system administrator gets 403', async () => {
    const csv = await head.get('/care/permanence.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const lines = csv.body.trim().split(/\r?\n/);
    assert.match(lines[0]!, /^year_ending,team,reached_second_review,plan_by_second_review,in_care_at_year_end,plan_return_home,/);
    assert.ok(lines.some((l) => l.startsWith('2026-03-31,The council,3,2,3,')), csv.body);
    assert.doesNotMatch(csv.body, /Kit|Baker/);
    assert.equal((await admin.get('/care/permanence')).statusCode, 403);
    assert.equal((await admin.get('/care/permanence.csv')).statusCode, 403);
  });
});
