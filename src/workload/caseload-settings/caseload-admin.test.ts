import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { TEST_TODAY } from '../../../test/support/environment.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { caseloadsFor, reassessWorkers } from '../caseload/service.ts';
import { levelsFormValues, weightingFormValues } from './rules.ts';
import { DEFAULT_SETTINGS, DEFAULT_WEIGHTING } from '../caseload/rules.ts';
import { addChild, allocate } from '../../../test/support/caseload-helpers.ts';

const TOMORROW = '2026-11-24';

describeEachEngine('caseload weighting and levels administration', (use) => {
  const t = appForSuite(use);
  let workerId: string;
  let teamId: string;
  const db = () => use().db;

  before(async () => {
    ({ teamId } = await createTeam(db(), 'Admin Test Team'));
    const manager = await createUser(db(), { email: 'tm@admin.example', role: 'team_manager', teamId });
    workerId = await createUser(db(), { email: 'sw@admin.example', role: 'social_worker', teamId, lineManagerId: manager, qualifiedOn: '2012-09-01' });
    await createUser(db(), { email: 'admin@admin.example', role: 'system_admin' });
    await createUser(db(), { email: 'head@admin.example', role: 'head_of_service' });
    // 13 child protection cases: 13 × 7 = 91 points of 100, within every level.
    for (let i = 0; i < 13; i++) await allocate(db(), { childId: await addChild(db(), { status: 'cp' }), teamId, workerId });
    await reassessWorkers(db(), [workerId], { today: TEST_TODAY, now: t.clock.now(), trigger: 'allocation', actorId: null });
  });

  const capacity = async () => (await caseloadsFor(db(), { workerIds: [workerId] }, TEST_TODAY)).caseloads[0]!.capacityPercent;
  const openVariances = () => db().selectFrom('variances').selectAll().where('worker_id', '=', workerId).where('closed_at', 'is', null).execute();
  const weightingForm = (date: string, cpPoints: number) => ({
    ...weightingFormValues(DEFAULT_WEIGHTING),
    points_child_protection: String(cpPoints),
    ...dateFields('effectiveFrom', date),
    note: 'Child protection work takes longer than we thought',
  });

  test('the overview shows the model and levels in force beside their defaults, to administrators and heads of service', async () => {
    assert.equal(await capacity(), 91);
    assert.deepEqual(await openVariances(), []);
    for (const email of ['admin@admin.example', 'head@admin.example']) {
      const page = await (await signedIn(t.app, email)).get('/admin/caseload');
      assert.equal(page.statusCode, 200, email);
      const text = textOf(page.body);
      assert.match(text, /The built-in defaults are in force/);
      assert.match(text, /Child protection plan case 7 points 7 points/);
      assert.match(text, /Amber: over the recommended level above 100% 100%/);
      assert.match(text, /from day 0: 60%; from day 91: 70%; from day 182: 80%; from day 274: 90%/);
      assert.equal(page.body.includes('href="/admin/caseload/weighting/new"'), email.startsWith('admin'), 'only administrators are offered changes');
    }
  });

  test('a version effective today changes the worker’s capacity and opens a variance in the same request, audited', async () => {
    const admin = await signedIn(t.app, 'admin@admin.example');
    await admin.get('/admin/caseload/weighting/new');
    const saved = await admin.post('/admin/caseload/weighting/new', weightingForm(TEST_TODAY, 8));
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/admin/caseload?done=weighting-today');
    assert.equal(await capacity(), 104, '13 × 8 = 104 points of 100');
    const open = await openVariances();
    assert.deepEqual(open.map((v) => [v.kind, v.level, v.opened_trigger]), [['over_capacity', 'amber', 'weighting change']]);
    const audit = await db().selectFrom('audit_events').selectAll().where('action', '=', 'caseload.weighting.create').execute();
    assert.equal(audit.length, 1);
    assert.match(audit[0]!.reason!, /child_protection points 7 → 8/);
    const overview = textOf((await admin.get('/admin/caseload?done=weighting-today')).body);
    assert.match(overview, /Child protection plan case 8 points Changed 7 points/);
    assert.match(overview, /Reason: Child protection work takes longer than we thought/);
  });

  test('a version effective tomorrow leaves today’s figures as they are', async () => {
    const admin = await signedIn(t.app, 'admin@admin.example');
    await admin.get('/admin/caseload/weighting/new');
    const saved = await admin.post('/admin/caseload/weighting/new', weightingForm(TOMORROW, 10));
    assert.equal(saved.headers.location, '/admin/caseload?done=weighting-later');
    assert.equal(await capacity(), 104);
    assert.equal((await openVariances())[0]!.level, 'amber', 'not red until tomorrow');
    assert.equal((await caseloadsFor(db(), { workerIds: [workerId] }, TOMORROW)).caseloads[0]!.capacityPercent, 130);
    assert.match(textOf((await admin.get('/admin/caseload')).body), /Versions that will apply later From 24 November 2026/);
  });

  test('saved versions are never changed: no edit route, and a second version for the same date is refused with a field error', async () => {
    const paths = t.app.routeTable.filter((r) => r.url.startsWith('/admin/caseload/weighting')).map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(paths.sort(), ['GET /admin/caseload/weighting/:modelId', 'GET /admin/caseload/weighting/new', 'POST /admin/caseload/weighting/new']);
    const admin = await signedIn(t.app, 'admin@admin.example');
    await admin.get('/admin/caseload/weighting/new');
    const refused = await admin.post('/admin/caseload/weighting/new', weightingForm(TOMORROW, 12));
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /govuk-error-summary/);
    assert.match(refused.body, /href="#effectiveFrom-day">There is already a version of the weighting model from this date/);
    const past = await admin.post('/admin/caseload/weighting/new', weightingForm('2026-11-22', 12));
    assert.equal(past.statusCode, 400);
    assert.match(past.body, /must be today or in the future/);
    const bad = await admin.post('/admin/caseload/weighting/new', { ...weightingForm('2026-12-01', 12), complexity_3: '1.1', band2Miles: '' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Multiplier for tier 3 must be at least the multiplier for tier 2/);
    assert.match(bad.body, /Enter the distance for travel band 2, or clear its points/);
    const models = await db().selectFrom('weighting_models').select(['effective_from', 'rules']).orderBy('effective_from').execute();
    assert.deepEqual(models.map((m) => [m.effective_from, (m.rules as { points: { child_protection: number } }).points.child_protection]), [
      [TEST_TODAY, 8],
      [TOMORROW, 10],
    ]);
    const version = await admin.get(`/admin/caseload/weighting/${(await db().selectFrom('weighting_models').select('id').where('effective_from', '=', TEST_TODAY).executeTakeFirstOrThrow()).id}`);
    assert.equal(version.statusCode, 200);
    assert.match(textOf(version.body), /Applied from 23 November 2026 .* Child protection plan case 8 points/);
    assert.equal((await admin.get('/admin/caseload/weighting/00000000-0000-4000-8000-000000000000')).statusCode, 404);
  });

  test('levels are validated (amber below red, floor below amber, the ASYE schedule from day 0 rising) and nothing is stored when refused', async () => {
    const admin = await signedIn(t.app, 'admin@admin.example');
    await admin.get('/admin/caseload/levels');
    const form = levelsFormValues(DEFAULT_SETTINGS);
    const cases: [Record<string, string>, RegExp][] = [
      [{ amberPercent: '110', redPercent: '110' }, /href="#redPercent">Red level must be higher than the amber level/],
      [{ floorPercent: '100' }, /href="#floorPercent">Floor must be lower than the amber level/],
      [{ asyeDay_0: '10' }, /href="#asyeDay_0">The first ASYE step must start at day 0/],
      [{ asyeDay_2: '50' }, /href="#asyeDay_2">Day for ASYE step 3 must be later than the step before/],
      [{ asyePercent_1: '120' }, /Percentage for ASYE step 2 must be between 1 and 100/],
      [{ role_social_worker_points: 'lots' }, /Full-time points for a social worker must be a number/],
      [{ cap_leave: '' }, /Enter cap for leave/],
      [{ headEscalationDays: '3' }, /must be more than the working days to record a plan/],
    ];
    for (const [change, message] of cases) {
      const refused = await admin.post('/admin/caseload/levels', { ...form, ...change });
      assert.equal(refused.statusCode, 400, JSON.stringify(change));
      assert.match(refused.body, message);
    }
    assert.equal(await db().selectFrom('caseload_settings').select('id').executeTakeFirst(), undefined);
  });

  test('saved levels apply at once: the variance closes in the same request, and the change is audited', async () => {
    const admin = await signedIn(t.app, 'admin@admin.example');
    await admin.get('/admin/caseload/levels');
    const saved = await admin.post('/admin/caseload/levels', { ...levelsFormValues(DEFAULT_SETTINGS), amberPercent: '105', redPercent: '120', asyeDay_3: '', asyePercent_3: '' });
    assert.equal(saved.statusCode, 303);
    assert.deepEqual(await openVariances(), []);
    const closed = await db().selectFrom('variances').selectAll().where('worker_id', '=', workerId).executeTakeFirstOrThrow();
    assert.equal(closed.closed_trigger, 'weighting change');
    const row = await db().selectFrom('caseload_settings').select('settings').executeTakeFirstOrThrow();
    assert.deepEqual((row.settings as { asyeSchedule: unknown }).asyeSchedule, [
      { fromDay: 0, percent: 60 },
      { fromDay: 91, percent: 70 },
      { fromDay: 182, percent: 80 },
    ]);
    const audit = await db().selectFrom('audit_events').select('reason').where('action', '=', 'caseload.settings.update').executeTakeFirstOrThrow();
    assert.match(audit.reason!, /amberPercent 100 → 105; redPercent 110 → 120/);
  });

  test('others are refused: a social worker and a head of service changing anything get 403, and a form without its token is refused', async () => {
    const worker = await signedIn(t.app, 'sw@admin.example');
    assert.equal((await worker.get('/admin/caseload')).statusCode, 403);
    const head = await signedIn(t.app, 'head@admin.example');
    assert.equal((await head.get('/admin/caseload/weighting/new')).statusCode, 403);
    assert.equal((await head.get('/admin/caseload/levels')).statusCode, 403);
    assert.equal((await head.post('/admin/caseload/levels', levelsFormValues(DEFAULT_SETTINGS))).statusCode, 403);
    const admin = await signedIn(t.app, 'admin@admin.example');
    assert.equal((await admin.post('/admin/caseload/weighting/new', { ...weightingForm('2026-12-02', 9), _csrf: 'wrong' })).statusCode, 403);
    assert.equal(await db().selectFrom('weighting_models').select('id').where('effective_from', '=', '2026-12-02').executeTakeFirst(), undefined);
  });
});
