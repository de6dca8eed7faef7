import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { recordTeam } from '../../../test/support/record-team.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';

// TEST_TODAY is Monday 23 November 2026.
describeEachEngine('direct-work sessions on a child’s record, their chronology and the count of each tool’s use', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let worker: Agent;
  let outsider: Agent;
  let manager: Agent;
  let head: Agent;
  let child: string;
  let secret: string;
  let threeHouses: string;
  let retired: string;

  before(async () => {
    let teamId: string;
    let workerId: string;
    ({ teamId, workerId, worker, outsider } = await recordTeam(t.app, db(), { prefix: 'dw', team: 'Direct work team', worker: 'Dee Worker', outsider: 'Otto Outsider' }));
    await createUser(db(), { email: 'dw-manager@example.org', role: 'team_manager', teamId, name: 'Mo Manager' });
    await createUser(db(), { email: 'dw-head@example.org', role: 'head_of_service', name: 'Hana Head' });
    manager = await signedIn(t.app, 'dw-manager@example.org');
    head = await signedIn(t.app, 'dw-head@example.org');
    const person = async (la: string, forename: string, restricted = false) =>
      (await db().insertInto('people').values({ is_child: true, la_child_id: la, forename, surname: 'Dwtest', date_of_birth: '2018-05-01', sex: 'F', restricted, restriction_reason: restricted ? 'Adoption placement' : null }).returning('id').executeTakeFirstOrThrow()).id;
    child = await person('DW0001', 'Dana');
    secret = await person('DW0002', 'Sky', true);
    await db().insertInto('allocations').values([child, secret].map((id) => ({ child_id: id, role: 'lead' as const, team_id: teamId, worker_id: workerId, start_date: '2025-01-05' }))).execute();
    await db().insertInto('restricted_access').values([{ child_id: secret, user_id: workerId, granted_by: null }]).execute();
    const tool = (name: string, kind: 'communication' | 'digital' | 'neglect', retiredOn: string | null = null) =>
      db().insertInto('direct_work_tools').values({ name, kind, purpose: 'A purpose.', age_from: 4, age_to: 12, suits_needs: 'Needs.', guidance: 'Guidance.', course_id: null, retired_on: retiredOn }).returning('id').executeTakeFirstOrThrow();
    threeHouses = (await tool('Three houses', 'communication')).id;
    retired = (await tool('Old worry cards', 'communication', '2026-01-01')).id;
    // Another team's worker's session: not counted for this team's manager.
    const { teamId: otherTeam } = await createTeam(db(), 'Far team');
    const farWorker = await createUser(db(), { email: 'dw-far@example.org', role: 'social_worker', teamId: otherTeam, name: 'Fay Far' });
    await db().insertInto('direct_work_sessions').values({ child_id: child, session_date: '2026-10-01', tool_id: threeHouses, took_part: 'Dana and Fay', childs_words: 'I like my room.', analysis: 'Settled.', what_changed: 'Nothing yet.', recorded_by: farWorker, recorded_at: new Date('2026-10-01T10:00:00Z') }).execute();
  });

  const session = (overrides: Record<string, string> = {}) => ({
    ...dateFields('sessionDate', '2026-11-20'),
    toolId: threeHouses,
    tookPart: 'Dana and her social worker, at school',
    childsWords: 'My worry house has the shouting in it.\nMy good house has my cat Biscuit.',
    analysis: 'Dana names arguments at home as her main worry; her cat is a source of comfort.',
    whatChanged: 'Raised at the core group; a family support worker will visit.',
    ...overrides,
  });
  const sessions = (childId: string) => db().selectFrom('direct_work_sessions').selectAll().where('child_id', '=', childId).orderBy('session_date').execute();
  const audits = (childId: string, action: string, outcome: 'allowed' | 'failed' | 'denied') =>
    db().selectFrom('audit_events').select(['reason']).where('subject_id', '=', childId).where('action', '=', action).where('outcome', '=', outcome).execute();

  test('a worker records a session: the child’s words are kept apart from the analysis, shown on the Direct work tab and audited', async () => {
    const form = await worker.get(`/children/${child}/direct-work/new`);
    assert.equal(form.statusCode, 200);
    assert.match(textOf(form.body), /Three houses \(Communication and participation, ages 4 to 12\)/);
    assert.doesNotMatch(form.body, /Old worry cards/, 'a retired tool is not offered');
    const response = await worker.post(`/children/${child}/direct-work/new`, session());
    assert.equal(response.statusCode, 303, textOf(response.body).slice(0, 500));
    assert.equal(response.headers.location, `/children/${child}/direct-work?done=recorded`);
    const stored = (await sessions(child)).at(-1)!;
    assert.equal(stored.childs_words, 'My worry house has the shouting in it.\nMy good house has my cat Biscuit.');
    assert.equal(stored.analysis, 'Dana names arguments at home as her main worry; her cat is a source of comfort.');
    assert.equal(stored.session_date, '2026-11-20');
    const page = textOf((await worker.get(`/children/${child}/direct-work`)).body);
    assert.match(page, /20 November 2026: Three houses Tool Three houses \(Communication and participation\) Who took part Dana and her social worker, at school Dana’s words My worry house has the shouting in it. My good house has my cat Biscuit. Worker’s analysis Dana names arguments/);
    assert.equal((await audits(child, 'child.direct-work.record', 'allowed')).length, 1);
  });

  test('it is on the child’s chronology, without the child’s words', async () => {
    const chronology = textOf((await worker.get(`/children/${child}/chronology`)).body);
    assert.match(chronology, /20 November 2026 Direct work: Three houses Communication and participation tool, with Dana and her social worker, at school; recorded by Dee Worker Direct work/);
    assert.doesNotMatch(chronology, /shouting/);
  });

  test('refused: a date in the future, a date before birth, a retired tool, no words from the child; the error summary shows each, nothing is stored', async () => {
    const before = await sessions(child);
    const failed = (await audits(child, 'child.direct-work.record', 'failed')).length;
    await worker.get(`/children/${child}/direct-work/new`);
    const cases: [Record<string, string>, string, RegExp][] = [
      [session(dateFields('sessionDate', '2026-11-24')), 'sessionDate-day', /The date of the session must be today or in the past/],
      [session(dateFields('sessionDate', '2018-04-30')), 'sessionDate-day', /The date of the session must be on or after the child's date of birth, 1 May 2018/],
      [session({ toolId: retired }), 'toolId', /Select a tool that is in use in the library/],
      [session({ childsWords: '  ' }), 'childsWords', /Enter the child’s words as they said them/],
      [session({ toolId: '' }), 'toolId', /Select the tool used/],
    ];
    for (const [form, field, message] of cases) {
      const response = await worker.post(`/children/${child}/direct-work/new`, form);
      assert.equal(response.statusCode, 400, field);
      assert.match(response.body, /govuk-error-summary/);
      assert.match(response.body, new RegExp(`href="#${field}"`), field);
      assert.match(textOf(response.body), message);
    }
    assert.deepEqual(await sessions(child), before, 'nothing stored');
    assert.equal((await audits(child, 'child.direct-work.record', 'failed')).length, failed + cases.length);
  });

  test('an outsider gets 404 on every page, and may not record', async () => {
    for (const url of [`/children/${child}/direct-work`, `/children/${child}/direct-work/new`, `/children/${secret}/direct-work`]) {
      const response = await outsider.get(url);
      assert.equal(response.statusCode, 404, url);
      assert.doesNotMatch(response.body, /Dana|Sky/);
    }
    await outsider.get('/');
    const before = await sessions(child);
    assert.equal((await outsider.post(`/children/${child}/direct-work/new`, session())).statusCode, 404);
    assert.deepEqual(await sessions(child), before);
  });

  test('the count of each tool’s use: a team manager their team, a head of service the council; a restricted child counted only for those who may see it', async () => {
    await worker.get(`/children/${secret}/direct-work/new`);
    assert.equal((await worker.post(`/children/${secret}/direct-work/new`, session({ tookPart: 'Sky and her worker' }))).statusCode, 303);
    const team = textOf((await manager.get('/direct-work/use')).body);
    assert.match(team, /Direct work team Direct-work tools: use/);
    assert.match(team, /By team Team Three houses All tools Direct work team 1 1 Total 1 1/, 'the restricted child’s session is not counted: the manager is not named on it');
    assert.match(team, /By worker Worker Three houses All tools Dee Worker 1 1 Total 1 1/);
    assert.doesNotMatch(team, /Fay Far|Dana|Sky/);
    const council = textOf((await head.get('/direct-work/use')).body);
    assert.match(council, /By team Team Three houses All tools Direct work team 1 1 Far team 1 1 Total 2 2/);
    await db().insertInto('restricted_access').values({ child_id: secret, user_id: (await db().selectFrom('users').select('id').where('email', '=', 'dw-manager@example.org').executeTakeFirstOrThrow()).id, granted_by: null }).execute();
    assert.match(textOf((await manager.get('/direct-work/use')).body), /By team Team Three houses All tools Direct work team 2 2 Total 2 2/, 'named on the restricted record, the manager counts it');
    assert.equal((await worker.get('/direct-work/use')).statusCode, 403);
  });

  test('a service manager counts their service’s teams only', async () => {
    const team = await db().selectFrom('teams').select(['id', 'service_id']).where('name', '=', 'Direct work team').executeTakeFirstOrThrow();
    await createUser(db(), { email: 'dw-sm@example.org', role: 'service_manager', serviceId: team.service_id, name: 'Sam Service' });
    const serviceManager = await signedIn(t.app, 'dw-sm@example.org');
    const page = textOf((await serviceManager.get('/direct-work/use')).body);
    assert.match(page, /Direct work team service Direct-work tools: use/);
    assert.match(page, /By team Team Three houses All tools Direct work team 1 1 Total 1 1/, 'not the far team’s session, nor the restricted child’s');
    assert.doesNotMatch(page, /Far team|Fay Far/);
  });
});
