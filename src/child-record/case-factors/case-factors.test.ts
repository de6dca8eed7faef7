import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { TEST_TODAY } from '../../../test/support/environment.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { caseloadsFor, reassessWorkers } from '../../workload/index.ts';
import { addChild, allocate } from '../../../test/support/caseload-helpers.ts';

describeEachEngine('case factors on a child’s record', (use) => {
  const t = appForSuite(use);
  let childId: string;
  let workerId: string;
  const db = () => use().db;

  before(async () => {
    const a = await createTeam(db(), 'Factors Team A');
    const b = await createTeam(db(), 'Factors Team B');
    const tm = await createUser(db(), { email: 'tm@factors.example', role: 'team_manager', teamId: a.teamId });
    await createUser(db(), { email: 'ps@factors.example', role: 'practice_supervisor', teamId: a.teamId, lineManagerId: tm });
    await createUser(db(), { email: 'sm@factors.example', role: 'service_manager', serviceId: a.serviceId });
    await createUser(db(), { email: 'tmb@factors.example', role: 'team_manager', teamId: b.teamId });
    await createUser(db(), { email: 'admin@factors.example', role: 'system_admin' });
    workerId = await createUser(db(), { email: 'sw@factors.example', role: 'social_worker', teamId: a.teamId, lineManagerId: tm, qualifiedOn: '2010-01-01' });
    childId = await addChild(db(), { status: 'cp', surname: 'Factorchild' });
    await allocate(db(), { childId, teamId: a.teamId, workerId });
    // 13 more child protection cases: 14 × 7 = 98 points of 100.
    for (let i = 0; i < 13; i++) await allocate(db(), { childId: await addChild(db(), { status: 'cp' }), teamId: a.teamId, workerId });
    await reassessWorkers(db(), [workerId], { today: TEST_TODAY, now: t.clock.now(), trigger: 'allocation', actorId: null });
  });

  const url = () => `/children/${childId}/case-factors`;
  const figures = async () => (await caseloadsFor(db(), { workerIds: [workerId] }, TEST_TODAY)).caseloads[0]!;
  const openVariances = () => db().selectFrom('variances').select(['kind', 'level', 'opened_trigger']).where('worker_id', '=', workerId).where('closed_at', 'is', null).execute();

  test('the team manager sees the tiers explained and a form; the worker holding the child sees them without a form', async () => {
    const manager = await signedIn(t.app, 'tm@factors.example');
    const page = await manager.get(url());
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Complexity Tier 1: typical \(points × 1\)/);
    assert.match(text, /Care proceedings None/);
    assert.match(text, /Tier 3: highly complex .* Points × 1\.5\./);
    assert.match(page.body, /name="_csrf"/);
    const worker = await signedIn(t.app, 'sw@factors.example');
    const readOnly = await worker.get(url());
    assert.equal(readOnly.statusCode, 200);
    assert.doesNotMatch(readOnly.body, /name="complexityTier"/);
    assert.match(textOf(readOnly.body), /team manager, practice supervisor or service manager can change these/);
  });

  test('saving a higher tier changes the worker’s figures and opens a variance in the same request, audited', async () => {
    assert.equal((await figures()).points, 98);
    assert.deepEqual(await openVariances(), []);
    const manager = await signedIn(t.app, 'tm@factors.example');
    await manager.get(url());
    const saved = await manager.post(url(), { complexityTier: '3', courtProceedings: 'no' });
    assert.equal(saved.statusCode, 303);
    assert.equal((await figures()).points, 101.5, '13 × 7 + 7 × 1.5');
    assert.deepEqual(await openVariances(), [{ kind: 'over_capacity', level: 'amber', opened_trigger: 'case factors change' }]);
    const audit = await db().selectFrom('audit_events').select('reason').where('action', '=', 'child.case-factors.update').where('outcome', '=', 'allowed').execute();
    assert.deepEqual(audit.map((a) => a.reason), ['tier 1, care proceedings none → tier 3, care proceedings none']);
  });

  test('care proceedings need a start date, not in the future; with one, the court points count from that date', async () => {
    const supervisor = await signedIn(t.app, 'ps@factors.example');
    await supervisor.get(url());
    const missing = await supervisor.post(url(), { complexityTier: '3', courtProceedings: 'yes' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /href="#courtSince-day">Enter the date care proceedings started/);
    const future = await supervisor.post(url(), { complexityTier: '3', courtProceedings: 'yes', 'courtSince-day': '1', 'courtSince-month': '12', 'courtSince-year': '2026' });
    assert.equal(future.statusCode, 400);
    assert.match(future.body, /must be today or in the past/);
    const none = await supervisor.post(url(), { courtProceedings: 'no' });
    assert.match(none.body, /Select the complexity tier/);
    assert.equal((await figures()).points, 101.5, 'nothing was stored');
    const saved = await supervisor.post(url(), { complexityTier: '3', courtProceedings: 'yes', 'courtSince-day': '2', 'courtSince-month': '11', 'courtSince-year': '2026' });
    assert.equal(saved.statusCode, 303);
    assert.equal((await figures()).points, 104.5, '+ 3 for care proceedings');
    assert.match(textOf((await supervisor.get(`${url()}?saved=1`)).body), /Care proceedings Since 2 November 2026/);
  });

  test('the service manager may change them too; going back to tier 1 closes the variance', async () => {
    const sm = await signedIn(t.app, 'sm@factors.example');
    await sm.get(url());
    assert.equal((await sm.post(url(), { complexityTier: '1', courtProceedings: 'no' })).statusCode, 303);
    assert.equal((await figures()).points, 98);
    assert.deepEqual(await openVariances(), []);
  });

  test('refusals: the worker may not change (403, audited), another team’s manager gets 404, an administrator 403', async () => {
    const worker = await signedIn(t.app, 'sw@factors.example');
    await worker.get(url());
    assert.equal((await worker.post(url(), { complexityTier: '2', courtProceedings: 'no' })).statusCode, 403);
    assert.equal((await figures()).points, 98);
    const denied = await db().selectFrom('audit_events').select('actor_email').where('action', '=', 'child.case-factors.update').where('outcome', '=', 'denied').execute();
    assert.deepEqual(denied.map((d) => d.actor_email), ['sw@factors.example']);
    const other = await signedIn(t.app, 'tmb@factors.example');
    assert.equal((await other.get(url())).statusCode, 404);
    assert.equal((await other.post(url(), { complexityTier: '2', courtProceedings: 'no' })).statusCode, 404);
    const admin = await signedIn(t.app, 'admin@factors.example');
    assert.equal((await admin.get(url())).statusCode, 403);
  });
});
