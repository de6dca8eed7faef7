import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';

describeEachEngine('the direct-work library: read by everyone who reads records, kept by heads of service and practice supervisors', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let head: Agent;
  let supervisor: Agent;
  let worker: Agent;
  let manager: Agent;
  let admin: Agent;
  let courseId: string;

  before(async () => {
    const { teamId } = await createTeam(db(), 'Library team');
    await createUser(db(), { email: 'dl-head@example.org', role: 'head_of_service', name: 'Hana Head' });
    await createUser(db(), { email: 'dl-ps@example.org', role: 'practice_supervisor', teamId, name: 'Pat Supervisor' });
    await createUser(db(), { email: 'dl-worker@example.org', role: 'social_worker', teamId, name: 'Wren Worker' });
    await createUser(db(), { email: 'dl-tm@example.org', role: 'team_manager', teamId, name: 'Tam Manager' });
    await createUser(db(), { email: 'dl-admin@example.org', role: 'system_admin', name: 'Ada Admin' });
    head = await signedIn(t.app, 'dl-head@example.org');
    supervisor = await signedIn(t.app, 'dl-ps@example.org');
    worker = await signedIn(t.app, 'dl-worker@example.org');
    manager = await signedIn(t.app, 'dl-tm@example.org');
    admin = await signedIn(t.app, 'dl-admin@example.org');
    courseId = (await db().insertInto('training_courses').values({ name: 'Direct work: feelings and wishes', category: 'direct_work_toolkit', description: null, renewal_months: null }).returning('id').executeTakeFirstOrThrow()).id;
  });

  const tool = (overrides: Record<string, string> = {}) => ({
    name: 'Three houses',
    kind: 'communication',
    purpose: 'Helps a child say what worries them, what is going well and what they hope for.',
    ageFrom: '5',
    ageTo: '12',
    suitsNeeds: 'Children who find talking face to face hard.',
    guidance: 'Draw three houses together.\nLet the child lead.',
    courseId: '',
    ...overrides,
  });
  const tools = () => db().selectFrom('direct_work_tools').selectAll().orderBy('name').execute();
  const audits = (action: string, outcome: 'allowed' | 'failed' | 'denied') => db().selectFrom('audit_events').select(['reason', 'subject_id']).where('action', '=', action).where('outcome', '=', outcome).execute();

  test('a head of service adds a tool with a course; it shows in the library and on its own page; audited', async () => {
    await head.get('/direct-work/toolkits/new');
    const response = await head.post('/direct-work/toolkits/new', tool({ courseId }));
    assert.equal(response.statusCode, 303, textOf(response.body).slice(0, 400));
    const [stored] = await tools();
    assert.deepEqual([stored!.name, stored!.kind, stored!.age_from, stored!.age_to, stored!.course_id, stored!.retired_on], ['Three houses', 'communication', 5, 12, courseId, null]);
    assert.equal(stored!.guidance, 'Draw three houses together.\nLet the child lead.');
    assert.equal(response.headers.location, `/direct-work/toolkits/${stored!.id}?done=added`);
    const library = textOf((await worker.get('/direct-work/toolkits')).body);
    assert.match(library, /Communication and participation Tool Ages Purpose Three houses Ages 5 to 12 Helps a child say what worries them/);
    assert.doesNotMatch(library, /How often each tool is used/, 'the count of use is for managers');
    assert.match((await manager.get('/direct-work/toolkits')).body, /href="\/direct-work\/use"/);
    const page = textOf((await worker.get(`/direct-work/toolkits/${stored!.id}`)).body);
    assert.match(page, /Training it needs Direct work: feelings and wishes/);
    assert.doesNotMatch(page, /Retire this tool/, 'a worker is not offered the library’s changes');
    assert.equal((await audits('direct-work.tool.create', 'allowed')).length, 1);
  });

  test('a practice supervisor changes a tool; audited with what changed', async () => {
    const [stored] = await tools();
    await supervisor.get(`/direct-work/toolkits/${stored!.id}/edit`);
    const response = await supervisor.post(`/direct-work/toolkits/${stored!.id}/edit`, tool({ ageTo: '14', courseId }));
    assert.equal(response.statusCode, 303);
    assert.equal((await tools())[0]!.age_to, 14);
    const [audit] = await audits('direct-work.tool.update', 'allowed');
    assert.equal(audit!.reason, 'changed age_to');
  });

  test('everyone else is refused with 403, audited; an administrator may not even read it', async () => {
    const [stored] = await tools();
    const before = (await audits('route.access', 'denied')).length;
    for (const agent of [worker, manager]) {
      await agent.get('/direct-work/toolkits');
      assert.equal((await agent.get('/direct-work/toolkits/new')).statusCode, 403);
      assert.equal((await agent.post('/direct-work/toolkits/new', tool({ name: 'Sneaky' }))).statusCode, 403);
      assert.equal((await agent.post(`/direct-work/toolkits/${stored!.id}/edit`, tool({ name: 'Renamed' }))).statusCode, 403);
      assert.equal((await agent.post(`/direct-work/toolkits/${stored!.id}/retire`)).statusCode, 403);
    }
    assert.equal((await admin.get('/direct-work/toolkits')).statusCode, 403);
    assert.ok((await audits('route.access', 'denied')).length >= before + 8, 'each refusal is audited');
    const [after] = await tools();
    assert.deepEqual([after!.name, after!.retired_on], ['Three houses', null]);
    assert.equal((await tools()).length, 1);
  });

  test('the form refuses missing and wrong answers with the error summary; nothing stored; audited as failed', async () => {
    await head.get('/direct-work/toolkits/new');
    const cases: [Record<string, string>, string, RegExp][] = [
      [tool({ name: '' }), 'name', /Enter the name of the tool/],
      [tool({ name: 'three HOUSES' }), 'name', /There is already a tool with this name/],
      [tool({ name: 'New', kind: 'magic' }), 'kind', /Kind of tool must be one of the options listed/],
      [tool({ name: 'New', ageFrom: '12', ageTo: '5' }), 'ageTo', /The oldest age must be the same as or more than the youngest age/],
      [tool({ name: 'New', ageFrom: 'six' }), 'ageFrom', /Youngest age must be a whole number from 0 to 25/],
      [tool({ name: 'New', guidance: ' ' }), 'guidance', /Enter guidance for the worker/],
      [tool({ name: 'New', courseId: '00000000-0000-4000-8000-000000000000' }), 'courseId', /Training it needs must be one of the options listed/],
    ];
    for (const [form, field, message] of cases) {
      const response = await head.post('/direct-work/toolkits/new', form);
      assert.equal(response.statusCode, 400, field);
      assert.match(response.body, /govuk-error-summary/);
      assert.match(response.body, new RegExp(`href="#${field}"`), field);
      assert.match(textOf(response.body), message);
    }
    assert.equal((await tools()).length, 1, 'nothing stored');
    assert.equal((await audits('direct-work.tool.create', 'failed')).length, cases.length);
  });

  test('a tool is retired, never deleted: it moves to the retired list, and can be brought back', async () => {
    const [stored] = await tools();
    await head.get(`/direct-work/toolkits/${stored!.id}`);
    const response = await head.post(`/direct-work/toolkits/${stored!.id}/retire`);
    assert.equal(response.statusCode, 303);
    assert.equal((await tools())[0]!.retired_on, '2026-11-23');
    const library = textOf((await worker.get('/direct-work/toolkits')).body);
    assert.match(library, /Retired tools Tool Ages Purpose Three houses Retired on 23 November 2026/);
    assert.equal((await audits('direct-work.tool.retire', 'allowed')).length, 1);
    await head.get(`/direct-work/toolkits/${stored!.id}`);
    assert.equal((await head.post(`/direct-work/toolkits/${stored!.id}/reinstate`)).statusCode, 303);
    assert.equal((await tools())[0]!.retired_on, null);
    assert.equal((await worker.get('/direct-work/toolkits/not-a-tool')).statusCode, 404);
  });
});
