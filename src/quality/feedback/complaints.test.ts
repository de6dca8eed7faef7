import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';

// Timescales from the Children Act 1989 Representations Procedure (England) Regulations 2006: see rules.test.ts.
describeEachEngine('compliments and complaints: logged by staff against a team, complaints followed through their stages by the team’s managers', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let worker: Agent;
  let manager: Agent;
  let otherManager: Agent;
  let head: Agent;
  let analyst: Agent;
  let teamId: string;

  before(async () => {
    const a = await createTeam(db(), 'Complaints team');
    const b = await createTeam(db(), 'Elsewhere team');
    teamId = a.teamId;
    await createUser(db(), { email: 'cc-w@example.org', role: 'social_worker', teamId: a.teamId, name: 'Willa Worker' });
    await createUser(db(), { email: 'cc-tm@example.org', role: 'team_manager', teamId: a.teamId, name: 'Max Manager' });
    await createUser(db(), { email: 'cc-otm@example.org', role: 'team_manager', teamId: b.teamId, name: 'Oona Other' });
    await createUser(db(), { email: 'cc-hos@example.org', role: 'head_of_service', name: 'Hedda Head' });
    await createUser(db(), { email: 'cc-pa@example.org', role: 'performance_analyst', name: 'Ana Lyst' });
    worker = await signedIn(t.app, 'cc-w@example.org');
    manager = await signedIn(t.app, 'cc-tm@example.org');
    otherManager = await signedIn(t.app, 'cc-otm@example.org');
    head = await signedIn(t.app, 'cc-hos@example.org');
    analyst = await signedIn(t.app, 'cc-pa@example.org');
  });

  const entry = (overrides: Record<string, string> = {}) => ({
    kind: 'complaint',
    teamId,
    'receivedOn-day': '2',
    'receivedOn-month': '11',
    'receivedOn-year': '2026',
    fromCategory: 'parent_carer',
    summary: 'Visits were cancelled twice without notice.',
    stage: '1',
    ...overrides,
  });
  const entries = () => db().selectFrom('compliments_complaints').selectAll().orderBy('recorded_at').orderBy('stage').execute();

  test('a worker logs a stage 1 complaint, due 10 working days after receipt, and a compliment; audited', async () => {
    await worker.get('/quality/complaints/new');
    const complaint = await worker.post('/quality/complaints/new', entry());
    assert.equal(complaint.statusCode, 303, textOf(complaint.body).slice(0, 400));
    const compliment = await worker.post('/quality/complaints/new', entry({ kind: 'compliment', stage: '2', fromCategory: 'child', summary: 'A young person thanked the team for listening.' }));
    assert.equal(compliment.statusCode, 303);
    const [c, p] = await entries();
    assert.deepEqual([c!.kind, c!.stage, c!.response_due, c!.extended], ['complaint', 1, '2026-11-16', false]);
    assert.deepEqual([p!.kind, p!.stage, p!.response_due], ['compliment', null, null], 'a compliment has no stage, whatever was sent');
    const logged = await db().selectFrom('audit_events').select('reason').where('action', '=', 'quality.complaint.log').where('outcome', '=', 'allowed').execute();
    assert.deepEqual(logged.map((l) => l.reason).sort(), ['complaint, stage 1', 'compliment']);
  });

  test('bad input is refused with every problem named, and nothing stored', async () => {
    const before = (await entries()).length;
    const response = await worker.post('/quality/complaints/new', entry({ kind: 'complaint', stage: '', 'receivedOn-day': '24', summary: '', fromCategory: 'martian' }));
    assert.equal(response.statusCode, 400);
    const text = textOf(response.body);
    assert.match(text, /There is a problem/);
    assert.match(text, /Date received must be today or in the past/);
    assert.match(text, /Who it is from must be one of the options listed/);
    assert.match(text, /Enter a summary/);
    assert.match(text, /Select the stage of the complaint/);
    assert.equal((await worker.post('/quality/complaints/new', entry({ kind: '' }))).statusCode, 400);
    assert.equal((await entries()).length, before);
  });

  test('the team’s manager sees the complaint overdue on their list; another team’s manager neither sees it nor may open it; an analyst may not use the log', async () => {
    const list = textOf((await manager.get('/quality/complaints')).body);
    assert.match(list, /Complaints team/);
    assert.match(list, /1 overdue/);
    assert.match(list, /Complaint Stage 1: local resolution Complaints team A parent or carer 16 November 2026 Overdue/);
    assert.doesNotMatch(textOf((await otherManager.get('/quality/complaints')).body), /Complaints team/);
    assert.match(textOf((await head.get('/quality/complaints')).body), /The council.*1 compliment/);
    const [c] = await entries();
    assert.equal((await otherManager.get(`/quality/complaints/${c!.id}`)).statusCode, 404);
    assert.equal((await analyst.get('/quality/complaints')).statusCode, 403);
    assert.equal((await worker.get(`/quality/complaints/${c!.id}`)).statusCode, 200, 'who logged it reads it');
  });

  test('only the team’s managers extend, answer and move a complaint on: the worker who logged it is refused (403), another team’s manager too (404)', async () => {
    const [c] = await entries();
    for (const [path, form] of [['extend', {}], ['response', { 'respondedOn-day': '20', 'respondedOn-month': '11', 'respondedOn-year': '2026', outcome: 'upheld' }]] as const) {
      assert.equal((await worker.post(`/quality/complaints/${c!.id}/${path}`, form)).statusCode, 403);
      assert.equal((await otherManager.post(`/quality/complaints/${c!.id}/${path}`, form)).statusCode, 404);
    }
    const [after] = await entries();
    assert.deepEqual([after!.extended, after!.responded_on], [false, null]);
  });

  test('the manager extends stage 1 to 20 working days, once; records the response (not before receipt, not in the future); the complainant asks for stage 2, due 25 working days from the request over Christmas', async () => {
    const [c] = await entries();
    await manager.get(`/quality/complaints/${c!.id}`);
    assert.equal((await manager.post(`/quality/complaints/${c!.id}/extend`)).statusCode, 303);
    assert.equal((await entries())[0]!.response_due, '2026-11-30');
    assert.equal((await manager.post(`/quality/complaints/${c!.id}/extend`)).statusCode, 403, 'extended once only');
    const early = await manager.post(`/quality/complaints/${c!.id}/response`, { 'respondedOn-day': '1', 'respondedOn-month': '11', 'respondedOn-year': '2026', outcome: '' });
    assert.equal(early.statusCode, 400);
    assert.match(textOf(early.body), /on or after the date the complaint was received.*Select the outcome/);
    const future = await manager.post(`/quality/complaints/${c!.id}/response`, { 'respondedOn-day': '24', 'respondedOn-month': '11', 'respondedOn-year': '2026', outcome: 'upheld' });
    assert.match(textOf(future.body), /must be today or in the past/);
    const done = await manager.post(`/quality/complaints/${c!.id}/response`, { 'respondedOn-day': '20', 'respondedOn-month': '11', 'respondedOn-year': '2026', outcome: 'partly_upheld' });
    assert.equal(done.statusCode, 303);
    assert.match(textOf((await manager.get(`/quality/complaints/${c!.id}`)).body), /Responded 20 November 2026 Outcome Partly upheld/);
    const next = await manager.post(`/quality/complaints/${c!.id}/next-stage`, { 'requestedOn-day': '23', 'requestedOn-month': '11', 'requestedOn-year': '2026' });
    assert.equal(next.statusCode, 303);
    const stage2 = (await entries()).find((e) => e.stage === 2)!;
    assert.deepEqual([stage2.follows_id, stage2.received_on, stage2.response_due, stage2.team_id], [c!.id, '2026-11-23', '2026-12-30', teamId]);
    assert.equal((await manager.post(`/quality/complaints/${c!.id}/next-stage`, { 'requestedOn-day': '23', 'requestedOn-month': '11', 'requestedOn-year': '2026' })).statusCode, 400, 'a stage moves on once');
    assert.equal((await entries()).filter((e) => e.stage === 2).length, 1);
  });
});
