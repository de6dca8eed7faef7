import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';

// TEST_TODAY is Monday 23 November 2026.
describeEachEngine('IRO caseloads (/care/reviewing): per IRO, against the IRO Handbook’s 50 to 70 looked-after children', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let ivy: Agent;
  let irosManager: Agent;
  let otherManager: Agent;
  let head: Agent;
  let analyst: Agent;
  let worker: Agent;
  let ivyId: string;
  let ianId: string;

  before(async () => {
    const reviewing = await createTeam(db(), 'Independent Reviewing');
    const social = await createTeam(db(), 'Children in Care East');
    ivyId = await createUser(db(), { email: 'rw-ivy@example.org', role: 'iro', name: 'Ivy Reviewer', teamId: reviewing.teamId, serviceId: reviewing.serviceId });
    ianId = await createUser(db(), { email: 'rw-ian@example.org', role: 'iro', name: 'Ian Second', teamId: reviewing.teamId, serviceId: reviewing.serviceId });
    await db().updateTable('users').set({ fte: 0.5 }).where('id', '=', ianId).execute();
    await createUser(db(), { email: 'rw-irom@example.org', role: 'team_manager', name: 'Rae Manager', teamId: reviewing.teamId, serviceId: reviewing.serviceId });
    await createUser(db(), { email: 'rw-tm@example.org', role: 'team_manager', name: 'Tom Other', teamId: social.teamId, serviceId: social.serviceId });
    await createUser(db(), { email: 'rw-head@example.org', role: 'head_of_service', name: 'Hal Head' });
    const analystId = await createUser(db(), { email: 'rw-analyst@example.org', role: 'performance_analyst', name: 'Ana Lyst' });
    const workerId = await createUser(db(), { email: 'rw-sw@example.org', role: 'social_worker', name: 'Sue Worker', teamId: social.teamId, serviceId: social.serviceId });
    const as = (name: string) => signedIn(t.app, `${name}@example.org`);
    ivy = await as('rw-ivy');
    irosManager = await as('rw-irom');
    otherManager = await as('rw-tm');
    head = await as('rw-head');
    analyst = await as('rw-analyst');
    worker = await as('rw-sw');
    const child = async (la: string, forename: string, restricted = false) =>
      (
        await db()
          .insertInto('people')
          .values({ is_child: true, la_child_id: la, forename, surname: 'Caseloadtest', date_of_birth: '2014-02-02', sex: 'M', restricted, restriction_reason: restricted ? 'Staff relative' : null })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const inCare = await child('RW0001', 'Ari');
    const onPlan = await child('RW0002', 'Bo');
    const both = await child('RW0003', 'Cy');
    const hidden = await child('RW0004', 'Dee', true);
    const ians = await child('RW0005', 'Eli');
    for (const id of [inCare, both, hidden, ians]) {
      await db().insertInto('care_episodes').values({ child_id: id, start_date: '2026-01-05', reason_new_episode: 'S', legal_status: 'C2', primary_need: 'N1', placement_type: 'U1' }).execute();
    }
    for (const id of [onPlan, both]) await db().insertInto('cp_plans').values({ child_id: id, start_date: '2026-06-01', initial_category: 'NEG', latest_category: 'NEG' }).execute();
    await db()
      .insertInto('allocations')
      .values([
        ...[inCare, onPlan, both, hidden, ians].map((id) => ({ child_id: id, role: 'lead' as const, team_id: social.teamId, worker_id: workerId, start_date: '2026-01-05' })),
        ...[inCare, onPlan, both, hidden].map((id) => ({ child_id: id, role: 'iro' as const, team_id: reviewing.teamId, worker_id: ivyId, start_date: '2026-01-05' })),
        { child_id: ians, role: 'iro' as const, team_id: reviewing.teamId, worker_id: ianId, start_date: '2026-01-05' },
      ])
      .execute();
    await db().insertInto('restricted_access').values({ child_id: hidden, user_id: analystId, granted_by: null }).execute();
    // A review of Cy on 2 November, with one recommendation overdue and one done.
    const review = await db().insertInto('case_events').values({ child_id: both, kind: 'cla_review', event_date: '2026-11-02', recorded_by: workerId, recorded_at: new Date('2026-11-02T12:00:00Z') }).returning('id').executeTakeFirstOrThrow();
    await db().insertInto('care_reviews').values({ case_event_id: review.id, child_id: both, chair_id: ivyId, chair_was_allocated: true, participation: 'PN1', plan_endorsed: true, recorded_by: ivyId, recorded_at: new Date() }).execute();
    await db()
      .insertInto('review_recommendations')
      .values([
        { review_id: review.id, child_id: both, action: 'Arrange a dentist', owner_other: 'Foster carer', due_date: '2026-11-16', recorded_by: ivyId, recorded_at: new Date() },
        { review_id: review.id, child_id: both, action: 'Update the PEP', owner_id: workerId, due_date: '2026-12-16', recorded_by: ivyId, recorded_at: new Date() },
      ])
      .execute();
  });

  const rowOf = (text: string, name: string) => text.slice(text.indexOf(name)).split(/\s{2,}/).slice(0, 20).join(' ');

  test('the IROs’ manager sees each IRO: looked-after children against the range, children on plans, a child counted once, reviews and recommendations; audited', async () => {
    const res = await irosManager.get('/care/reviewing');
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    assert.match(text, /50 to 70 looked-after children for a full-time IRO/);
    assert.match(text, /IRO Handbook.*para 7\.15/);
    assert.match(text, /2 IROs, 4 children/, 'the restricted child is not counted for someone not named on them');
    // Ivy: Ari and Cy looked after; Bo and Cy on plans; Cy once: 3 children. Cy's one overdue recommendation of two open.
    assert.match(rowOf(text, 'Ivy Reviewer'), /Ivy Reviewer Independent Reviewing 2 Below 50 2 3 \d+ \d+ 2 1/);
    // Ian works half-time: his range is 25 to 35.
    assert.match(rowOf(text, 'Ian Second'), /Ian Second Independent Reviewing, 0\.5 FTE 1 Below 25 0 1/);
    const audited = await db().selectFrom('audit_events').select('reason').where('action', '=', 'care.reviewing.view').execute();
    assert.ok(audited.length >= 1);
  });

  test('a restricted child is counted only for someone named on their record', async () => {
    const text = textOf((await analyst.get('/care/reviewing')).body);
    assert.match(text, /2 IROs, 5 children/);
    assert.match(rowOf(text, 'Ivy Reviewer'), /Ivy Reviewer Independent Reviewing 3 Below 50 2 4/);
  });

  test('an IRO sees their team with their own line highlighted, and their own children named in the drill-down', async () => {
    const res = await ivy.get('/care/reviewing');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /steadfast-table__row--mine/);
    assert.match(textOf(res.body), /Ivy Reviewer\s+You/);
    const mine = textOf((await ivy.get(`/care/reviewing/${ivyId}`)).body);
    assert.match(mine, /Ari Caseloadtest/);
    assert.match(mine, /Cy Caseloadtest/);
    assert.doesNotMatch(mine, /Dee Caseloadtest/, 'the restricted child is not named to an IRO not named on them');
    assert.doesNotMatch(mine, /counted but not named/);
  });

  test('a head of service sees the council’s IROs; children they may not open are counted, not named', async () => {
    const text = textOf((await head.get(`/care/reviewing/${ivyId}`)).body);
    assert.doesNotMatch(text, /Ari Caseloadtest/);
    assert.match(text, /3 more children are counted but not named/);
  });

  test('a team manager of another team sees no IROs and cannot open one; a social worker gets 403; an unknown IRO is not found', async () => {
    assert.match(textOf((await otherManager.get('/care/reviewing')).body), /no independent reviewing officers in your scope/);
    assert.equal((await otherManager.get(`/care/reviewing/${ivyId}`)).statusCode, 404);
    assert.equal((await worker.get('/care/reviewing')).statusCode, 403);
    assert.equal((await irosManager.get('/care/reviewing/not-an-id')).statusCode, 404);
  });
});
