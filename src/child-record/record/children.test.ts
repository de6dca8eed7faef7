import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, Agent, textOf } from '../../../test/support/app.ts';
import { buildAccessScenario, type AccessScenario } from '../../../test/support/access-scenario.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { TEST_PASSWORD } from '../../../test/support/users.ts';

describeEachEngine("a child's record", (use) => {
  const t = appForSuite(use);
  let s: AccessScenario;
  before(async () => {
    s = await buildAccessScenario(use().db);
    const db = use().db;
    await db
      .updateTable('people')
      .set({ forename: 'Kaylee', surname: 'Brightwater', nhs_number: '9434765919', other_names: 'Kay' })
      .where('id', '=', s.children.allocated.id)
      .execute();
    await db
      .insertInto('care_episodes')
      .values({
        child_id: s.children.allocated.id,
        start_date: '2025-03-01',
        reason_new_episode: 'S',
        legal_status: 'C2',
        primary_need: 'N1',
        placement_type: 'U4',
        placement_provider: 'PR1',
        placement_postcode: 'TN34 1AA',
        home_postcode: 'BN21 4AB',
        placement_distance_miles: 14.3,
        placement_out_of_area: false,
      })
      .execute();
  });

  const signedIn = async (user: keyof AccessScenario['users']) => {
    const agent = new Agent(t.app);
    const response = await agent.signIn(s.users[user].email, TEST_PASSWORD);
    assert.equal(response.statusCode, 303, `${user} signs in`);
    return agent;
  };
  const auditFor = (childId: string, action: string) =>
    use().db.selectFrom('audit_events').selectAll().where('subject_id', '=', childId).where('action', '=', action).orderBy('id').execute();

  test('the allocated worker sees the summary with the derived legal status and placement, and the view is audited', async () => {
    const agent = await signedIn('worker');
    const page = await agent.get(`/children/${s.children.allocated.id}`);
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Kaylee Brightwater/);
    assert.match(text, /Looked after/);
    assert.match(text, /C2: Full care order/);
    assert.match(text, /14\.3 miles from home/);
    assert.match(text, /Scenario worker/);
    assert.match(page.body, new RegExp(`href="/children/${s.children.allocated.id}/details/edit"`), 'links to change the details');
    assert.match(page.body, new RegExp(`href="/children/${s.children.allocated.id}/case-factors"`), 'links to the case factors');
    const rows = await auditFor(s.children.allocated.id, 'child.view.summary');
    assert.equal(rows.at(-1)?.outcome, 'allowed');
    assert.equal(rows.at(-1)?.actor_user_id, s.users.worker.id);
  });

  test('someone without a relationship gets 404, and the refusal is audited', async () => {
    const agent = await signedIn('teamColleague');
    const page = await agent.get(`/children/${s.children.allocated.id}`);
    assert.equal(page.statusCode, 404);
    assert.doesNotMatch(page.body, /Kaylee/);
    const rows = await auditFor(s.children.allocated.id, 'child.view.summary');
    assert.ok(rows.some((r) => r.outcome === 'denied' && r.actor_user_id === s.users.teamColleague.id));
  });

  test('an administrator may not read case records at all: 403', async () => {
    const agent = await signedIn('admin');
    assert.equal((await agent.get(`/children/${s.children.allocated.id}`)).statusCode, 403);
    assert.equal((await agent.get('/children/search?q=Kaylee')).statusCode, 403);
  });

  test('search tolerates a typo and a partial name, finds by NHS number and LA id, and lists only what the searcher may see', async () => {
    const worker = await signedIn('worker');
    for (const query of ['Kaylee Brightwatter', 'brightw', '943 476 5919', s.children.allocated.laChildId]) {
      const page = await worker.get(`/children/search?q=${encodeURIComponent(query)}`);
      assert.equal(page.statusCode, 200);
      assert.match(textOf(page.body), /1 child found/, `search for ${query}`);
      assert.match(textOf(page.body), /Kaylee Brightwater/);
    }
    const colleague = await signedIn('teamColleague');
    const hidden = await colleague.get('/children/search?q=Kaylee');
    assert.match(textOf(hidden.body), /0 children found/);
    const searches = await use().db.selectFrom('audit_events').selectAll().where('action', '=', 'child.search').execute();
    assert.ok(searches.length >= 5);
  });

  test('search refuses an impossible date of birth with a message naming the field', async () => {
    const agent = await signedIn('worker');
    const page = await agent.get('/children/search?q=&dob-day=31&dob-month=2&dob-year=2015');
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /href="#dob-day"/, "the summary links to the day box, where the date starts");
    assert.match(textOf(page.body), /Date of birth must be a real date/);
  });

  test('search by date of birth alone', async () => {
    const agent = await signedIn('teamManager');
    const page = await agent.get('/children/search?dob-day=1&dob-month=6&dob-year=2015');
    assert.equal(page.statusCode, 200);
    // The team manager sees the allocated child and the team's unallocated child, not the restricted one.
    assert.match(textOf(page.body), /2 children found/);
  });

  test('break-glass: a reason opens the record for a limited time, is audited and reviewed by the line manager', async () => {
    const db = use().db;
    await db.updateTable('users').set({ line_manager_id: s.users.teamManager.id }).where('id', '=', s.users.teamColleague.id).execute();
    const colleague = await signedIn('teamColleague');
    await colleague.get('/access-requests/new');
    const tooShort = await colleague.post('/access-requests', { laChildId: s.children.otherService.laChildId, reason: 'need it', understood: 'yes' });
    assert.equal(tooShort.statusCode, 400);
    assert.match(textOf(tooShort.body), /at least 20 characters/);
    const unknown = await colleague.post('/access-requests', { laChildId: 'NOPE999', reason: 'Duty call from the family about a crisis', understood: 'yes' });
    assert.equal(unknown.statusCode, 400);
    const restricted = await colleague.post('/access-requests', { laChildId: s.children.restricted.laChildId, reason: 'Duty call from the family about a crisis', understood: 'yes' });
    assert.equal(restricted.statusCode, 400);
    assert.equal(textOf(restricted.body).match(/No record that can be opened/)?.length, 1, 'restricted looks the same as unknown');
    assert.equal((await db.selectFrom('access_grants').select('id').execute()).length, 0, 'nothing granted yet');

    const granted = await colleague.post('/access-requests', { laChildId: s.children.otherService.laChildId, reason: 'Duty call from the family about a crisis', understood: 'yes' });
    assert.equal(granted.statusCode, 303);
    assert.equal(granted.headers.location, `/children/${s.children.otherService.id}`);
    const page = await colleague.get(`/children/${s.children.otherService.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(textOf(page.body), /You opened this record with a written reason/);

    const manager = await signedIn('teamManager');
    const reviews = await manager.get('/access-reviews');
    assert.match(textOf(reviews.body), /Duty call from the family about a crisis/);
    const grant = await db.selectFrom('access_grants').selectAll().executeTakeFirstOrThrow();
    assert.equal(grant.reviewer_id, s.users.teamManager.id);
    const reviewed = await manager.post(`/access-reviews/${grant.id}`, { outcome: 'appropriate' });
    assert.equal(reviewed.statusCode, 303);
    const after = await db.selectFrom('access_grants').selectAll().executeTakeFirstOrThrow();
    assert.equal(after.review_outcome, 'appropriate');

    const stranger = await signedIn('otherTeamManager');
    assert.equal((await stranger.post(`/access-reviews/${grant.id}`, { outcome: 'inappropriate' })).statusCode, 404, 'only the reviewer reviews');

    t.clock.advanceMinutes(8 * 60 + 1);
    const again = await signedIn('teamColleague');
    assert.equal((await again.get(`/children/${s.children.otherService.id}`)).statusCode, 404, 'the grant has expired');
    t.clock.set('2026-11-23T09:00:00Z');
  });

  test('the access log shows who looked at the record to those who may see it', async () => {
    const agent = await signedIn('worker');
    await agent.get(`/children/${s.children.allocated.id}`);
    const log = await agent.get(`/children/${s.children.allocated.id}/access-log`);
    assert.equal(log.statusCode, 200);
    assert.match(textOf(log.body), /child\.view\.summary/);
    assert.match(textOf(log.body), /Scenario teamColleague/, 'the earlier refusal is listed');
    const colleague = await signedIn('coWorker');
    assert.equal((await colleague.get(`/children/${s.children.otherService.id}/access-log`)).statusCode, 404);
  });
});
