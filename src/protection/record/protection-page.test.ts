import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';

// TEST_TODAY is Monday 23 November 2026.
describeEachEngine('protection: the help and protection page of a child’s record', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let socialWorker: Agent;
  let outsider: Agent;
  let child: string;

  before(async () => {
    const { teamId: locality } = await createTeam(db(), 'Locality Hastings');
    const { teamId: elsewhere } = await createTeam(db(), 'Locality Wealden');
    const workerId = await createUser(db(), { email: 'pp-sw@example.org', role: 'social_worker', teamId: locality, name: 'Sam Worker' });
    await createUser(db(), { email: 'pp-out@example.org', role: 'social_worker', teamId: elsewhere, name: 'Oli Outside' });
    socialWorker = await signedIn(t.app, 'pp-sw@example.org');
    outsider = await signedIn(t.app, 'pp-out@example.org');
    child = (await db().insertInto('people').values({ is_child: true, la_child_id: 'PRO001', forename: 'Mia', surname: 'Protecttest', date_of_birth: '2018-05-04', sex: 'F' }).returning('id').executeTakeFirstOrThrow()).id;
    await db().insertInto('allocations').values({ child_id: child, role: 'lead', team_id: locality, worker_id: workerId, start_date: '2026-10-01' }).execute();
    const referral = await db().insertInto('referrals').values({ child_id: child, referral_date: '2026-10-01', source: '6', primary_need: 'N1' }).returning('id').executeTakeFirstOrThrow();
    const at = new Date('2026-10-05T12:00:00Z');
    await db()
      .insertInto('case_events')
      .values([
        { child_id: child, kind: 'strategy_discussion', event_date: '2026-10-02', s47_started: true, recorded_by: workerId, recorded_at: at },
        { child_id: child, kind: 'icpc', event_date: '2026-10-20', recorded_by: workerId, recorded_at: at },
      ])
      .execute();
    await db().insertInto('cp_plans').values({ child_id: child, referral_id: referral.id, start_date: '2026-10-20', initial_category: 'NEG', latest_category: 'EMO' }).execute();
  });

  test('shows the referral, the steps of the enquiry, the plan and what is due next', async () => {
    const res = await socialWorker.get(`/children/${child}/protection`);
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    assert.match(text, /1 October 2026 POLICE Abuse or neglect Open/);
    assert.match(text, /2 October 2026: Strategy discussion \(section 47 enquiry started\)/);
    assert.match(text, /20 October 2026: Initial child protection conference/);
    assert.match(text, /From 20 October 2026 \(open\): Emotional abuse \(first Neglect\)/);
    // Working Together 2023: the first review conference within 3 months of the initial conference.
    assert.match(text, /Child protection review conference 20 January 2027/);
  });

  test('is refused, unnamed, to a worker in another team', async () => {
    const res = await outsider.get(`/children/${child}/protection`);
    assert.equal(res.statusCode, 404);
    assert.doesNotMatch(res.body, /Protecttest/);
  });
});
