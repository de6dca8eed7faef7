import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { caseloadWorldForSuite } from '../../../test/support/caseload-world.ts';

/**
 * Recording one-to-one supervision and management oversight, who may see
 * what, and overdue supervision on the supervisor's and their manager's home
 * pages. The test day is Monday 23 November 2026; Alex Able (worker A, line
 * managed by North A's team manager) was last supervised on 1 October, so his
 * monthly supervision was due on 1 November.
 */
describeEachEngine('supervision and management oversight', (use) => {
  const { w, as } = caseloadWorldForSuite(use);
  const db = () => use().db;

  before(async () => {
    await db()
      .insertInto('supervisions')
      .values({
        worker_id: w.users.workerA.id,
        supervisor_id: w.users.tmA.id,
        held_on: '2026-10-01',
        kind: 'reflective',
        wellbeing: 'well',
        workload_discussed: false,
        summary: 'Earlier supervision',
        recorded_by: w.users.tmA.id,
        recorded_at: new Date('2026-10-01T15:00:00Z'),
      })
      .execute();
  });

  const count = async (table: 'supervisions' | 'supervision_actions' | 'case_supervisions') =>
    Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const workerA = () => `/supervision/workers/${w.users.workerA.id}`;

  const goodForm = () => ({
    'heldOn-day': '23',
    'heldOn-month': '11',
    'heldOn-year': '2026',
    kind: 'reflective',
    wellbeing: 'some_pressure',
    workloadDiscussed: 'yes',
    summary: 'Talked through the week and the court deadline.',
    privateReflection: 'Feeling the strain of the court work; wants mentoring.',
    action1Description: 'Book a day of court skills training',
    action1Owner: w.users.workerA.id,
    'action1Due-day': '4',
    'action1Due-month': '12',
    'action1Due-year': '2026',
    action2Description: 'Find a mentor from another team',
    action2Owner: w.users.tmA.id,
    'action2Due-day': '18',
    'action2Due-month': '12',
    'action2Due-year': '2026',
  });

  test('overdue supervision shows on the supervisor’s home page and their manager’s, not on others’', async () => {
    const tm = textOf((await (await as('tmA')).get('/')).body);
    assert.match(tm, /Supervision you owe.*Alex Able – Overdue was due 1 November 2026/);
    const sm = textOf((await (await as('smNorth')).get('/')).body);
    assert.match(sm, /Overdue supervision by managers below you \(\d+\).*Alex Able \(supervised by Person tmA\) – was due 1 November 2026/);
    const tmB = textOf((await (await as('tmB')).get('/')).body);
    assert.doesNotMatch(tmB, /Alex Able/);
    const worker = textOf((await (await as('workerA')).get('/')).body);
    assert.doesNotMatch(worker, /Supervision you owe/);
  });

  test('the worker, their managers and heads of service see the worker’s supervision; colleagues elsewhere get 404, administrators 403', async () => {
    for (const user of ['workerA', 'tmA', 'psA', 'smNorth', 'head'] as const) {
      const page = await (await as(user)).get(workerA());
      assert.equal(page.statusCode, 200, user);
      assert.match(textOf(page.body), /Last supervision 1 October 2026 Next due 1 November 2026 Overdue/, user);
    }
    for (const user of ['workerB', 'workerD', 'tmB', 'smSouth', 'analyst'] as const) {
      assert.equal((await (await as(user)).get(workerA())).statusCode, 404, user);
    }
    assert.equal((await (await as('admin')).get(workerA())).statusCode, 403);
    assert.equal((await (await as('tmA')).get('/supervision/workers/00000000-0000-4000-8000-000000000000')).statusCode, 404);
    assert.equal((await (await as('tmA')).get('/supervision/workers/not-an-id')).statusCode, 404);
  });

  test('bad input is refused with an error summary naming each field, and nothing is stored', async () => {
    const tm = await as('tmA');
    assert.equal((await tm.get(`${workerA()}/new`)).statusCode, 200);
    const before = [await count('supervisions'), await count('supervision_actions')];
    const response = await tm.post(`${workerA()}/new`, {
      'heldOn-day': '24',
      'heldOn-month': '11',
      'heldOn-year': '2026',
      kind: 'gossip',
      summary: '',
      action1Description: 'Half an action',
      'action1Due-day': '1',
      'action1Due-month': '11',
      'action1Due-year': '2026',
    });
    assert.equal(response.statusCode, 400);
    const text = textOf(response.body);
    assert.match(text, /There is a problem/);
    for (const message of [
      'Date of the supervision must be today or in the past',
      'Type of supervision must be one of the types listed',
      'Select how the worker is',
      'Select whether workload was discussed',
      'Enter what was discussed and agreed',
      'Select who owns action 1',
      'Due date of action 1 must be on or after the date of the supervision',
    ]) {
      assert.ok(text.includes(message), message);
    }
    assert.deepEqual([await count('supervisions'), await count('supervision_actions')], before);
    const failed = await db().selectFrom('audit_events').select('reason').where('action', '=', 'supervision.create').where('outcome', '=', 'failed').execute();
    assert.equal(failed.length, 1);
  });

  test('the worker, and managers outside the worker’s line and team, may not record supervision', async () => {
    const before = await count('supervisions');
    const worker = await as('workerA');
    assert.equal((await worker.get(`${workerA()}/new`)).statusCode, 403);
    assert.equal((await worker.post(`${workerA()}/new`, goodForm())).statusCode, 403);
    assert.equal((await (await as('tmB')).post(`${workerA()}/new`, goodForm())).statusCode, 404);
    assert.equal((await (await as('head')).get(`/supervision/workers/${w.users.head.id}/new`)).statusCode, 403, 'never about oneself');
    assert.equal(await count('supervisions'), before);
    const denied = await db().selectFrom('audit_events').select('action').where('outcome', '=', 'denied').where('subject_id', '=', w.users.workerA.id).execute();
    assert.ok(denied.length >= 2);
  });

  test('a supervisor records supervision: workload figures attached, actions with owners and dates, and the overdue item goes', async () => {
    const tm = await as('tmA');
    const form = await tm.get(`${workerA()}/new`);
    assert.match(textOf(form.body), /Children held 4 Caseload points 21 Capacity 21%/);
    const response = await tm.post(`${workerA()}/new`, goodForm());
    assert.equal(response.statusCode, 303);
    const location = String(response.headers.location);
    assert.match(location, /^\/supervision\/records\/[0-9a-f-]{36}\?done=recorded$/);

    const stored = await db().selectFrom('supervisions').selectAll().where('held_on', '=', '2026-11-23').executeTakeFirstOrThrow();
    assert.deepEqual(
      [stored.worker_id, stored.supervisor_id, stored.workload_as_at, stored.workload_children, stored.workload_points, stored.workload_capacity_percent],
      [w.users.workerA.id, w.users.tmA.id, '2026-11-23', 4, 21, 21],
    );
    const actions = await db().selectFrom('supervision_actions').selectAll().where('supervision_id', '=', stored.id).orderBy('due_on').execute();
    assert.deepEqual(actions.map((a) => [a.owner_id, a.due_on]), [[w.users.workerA.id, '2026-12-04'], [w.users.tmA.id, '2026-12-18']]);
    const audit = await db().selectFrom('audit_events').select(['outcome', 'subject_type']).where('action', '=', 'supervision.create').where('subject_id', '=', stored.id).execute();
    assert.deepEqual(audit, [{ outcome: 'allowed', subject_type: 'supervision' }]);

    const record = textOf((await tm.get(location)).body);
    assert.match(record, /Workload 4 children, 21 points, 21% of capacity \(figures as at 23 November 2026\)/);
    assert.match(record, /Book a day of court skills training Alex Able 4 December 2026/);

    const tmHome = textOf((await tm.get('/')).body);
    assert.doesNotMatch(tmHome, /Alex Able – Overdue/);
    const smHome = textOf((await (await as('smNorth')).get('/')).body);
    assert.doesNotMatch(smHome, /Alex Able \(supervised by/);
    const page = textOf((await tm.get(workerA())).body);
    assert.match(page, /Last supervision 23 November 2026 Next due 23 December 2026 On track/);
  });

  test('private reflection is read only by the pair and the worker’s line managers', async () => {
    const stored = await db().selectFrom('supervisions').select('id').where('held_on', '=', '2026-11-23').executeTakeFirstOrThrow();
    const url = `/supervision/records/${stored.id}`;
    for (const user of ['workerA', 'tmA', 'smNorth', 'head'] as const) {
      assert.match(textOf((await (await as(user)).get(url)).body), /wants mentoring/, user);
    }
    const ps = await (await as('psA')).get(url);
    assert.equal(ps.statusCode, 200, 'the team’s practice supervisor sees the record');
    assert.doesNotMatch(ps.body, /wants mentoring/);
    assert.match(textOf(ps.body), /A private reflection was recorded/);
    for (const user of ['workerB', 'tmB', 'analyst'] as const) {
      const response = await (await as(user)).get(url);
      assert.equal(response.statusCode, 404, user);
      assert.doesNotMatch(response.body, /wants mentoring/);
    }
  });

  test('an action is marked done by its owner; someone outside the line cannot', async () => {
    const action = await db().selectFrom('supervision_actions').select(['id', 'supervision_id']).where('owner_id', '=', w.users.workerA.id).executeTakeFirstOrThrow();
    assert.equal((await (await as('workerD')).post(`/supervision/actions/${action.id}/done`)).statusCode, 404);
    const worker = await as('workerA');
    await worker.get(`/supervision/records/${action.supervision_id}`);
    const response = await worker.post(`/supervision/actions/${action.id}/done`);
    assert.equal(response.statusCode, 303);
    const done = await db().selectFrom('supervision_actions').select('done_on').where('id', '=', action.id).executeTakeFirstOrThrow();
    assert.equal(done.done_on, '2026-11-23');
  });

  test('the team page shows each worker’s supervision and oversight; other teams’ managers get 404', async () => {
    const page = await (await as('tmA')).get(`/supervision/teams/${w.teams.northA}`);
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Alex Able .*On track/);
    assert.match(text, /of 16 open cases have had management oversight in time/);
    assert.equal((await (await as('smNorth')).get(`/supervision/teams/${w.teams.northA}`)).statusCode, 200);
    assert.equal((await (await as('tmB')).get(`/supervision/teams/${w.teams.northA}`)).statusCode, 404);
    assert.equal((await (await as('workerA')).get(`/supervision/teams/${w.teams.northA}`)).statusCode, 404);
  });

  test('management oversight on a child’s record: a manager records it, it joins the chronology; a worker may read but not record', async () => {
    const child = w.children.cp;
    const worker = await as('workerA');
    const read = await worker.get(`/children/${child}/oversight`);
    assert.equal(read.statusCode, 200);
    assert.doesNotMatch(read.body, /Record management oversight/);
    const before = await count('case_supervisions');
    const form = { 'heldOn-day': '20', 'heldOn-month': '11', 'heldOn-year': '2026', decision: 'Plan to stay at child protection.', direction: 'Visit weekly and update the plan by 4 December.' };
    assert.equal((await worker.post(`/children/${child}/oversight`, form)).statusCode, 403);
    assert.equal((await (await as('tmB')).post(`/children/${child}/oversight`, form)).statusCode, 404);

    const tm = await as('tmA');
    await tm.get(`/children/${child}/oversight`);
    const bad = await tm.post(`/children/${child}/oversight`, { 'heldOn-day': '20', 'heldOn-month': '11', 'heldOn-year': '2026', decision: '', direction: '' });
    assert.equal(bad.statusCode, 400);
    assert.match(textOf(bad.body), /There is a problem.*Enter the decision made.*Enter the direction given to the worker/);
    assert.equal(await count('case_supervisions'), before);

    const saved = await tm.post(`/children/${child}/oversight`, form);
    assert.equal(saved.statusCode, 303);
    assert.equal(await count('case_supervisions'), before + 1);
    const stored = await db().selectFrom('case_supervisions').selectAll().where('child_id', '=', child).executeTakeFirstOrThrow();
    assert.equal(stored.worker_id, w.users.workerA.id, 'the lead worker at the time');
    const oversight = textOf((await tm.get(`/children/${child}/oversight`)).body);
    assert.match(oversight, /Oversight is due at least every 4 weeks for this child\. Next due 18 December 2026 On track/);
    const chronology = textOf((await worker.get(`/children/${child}/chronology`)).body);
    assert.match(chronology, /20 November 2026 Management oversight by Person tmA Decision: Plan to stay at child protection\. Direction: Visit weekly/);
  });

  test('the standards are settings: a head of service changes them, others are refused, bad values are not stored', async () => {
    assert.equal((await (await as('tmA')).get('/admin/supervision')).statusCode, 403);
    assert.equal((await (await as('workerA')).post('/admin/supervision', { oversightWeeksCp: '2' })).statusCode, 403);
    const head = await as('head');
    const form = await head.get('/admin/supervision');
    assert.equal(form.statusCode, 200);
    const values = { asyeWeeklyForWeeks: '6', asyeFortnightlyUntilMonths: '6', experiencedIntervalMonths: '1', dueSoonDays: '7', oversightWeeksCp: '2', oversightWeeksOther: '6' };
    const bad = await head.post('/admin/supervision', { ...values, oversightWeeksCp: '0', dueSoonDays: 'soon' });
    assert.equal(bad.statusCode, 400);
    assert.match(textOf(bad.body), /There is a problem.*Show as due soon within must be a whole number of days from 0 to 28.*at least every must be a whole number of weeks from 1 to 12/);
    assert.equal(await db().selectFrom('supervision_settings').select('id').executeTakeFirst(), undefined);
    assert.equal((await head.post('/admin/supervision', values)).statusCode, 303);
    // Oversight of the CP child on 20 November is now due every two weeks: 4 December.
    const oversight = textOf((await (await as('tmA')).get(`/children/${w.children.cp}/oversight`)).body);
    assert.match(oversight, /at least every 2 weeks for this child\. Next due 4 December 2026/);
    const audit = await db().selectFrom('audit_events').select('reason').where('action', '=', 'supervision.settings.update').where('outcome', '=', 'allowed').executeTakeFirstOrThrow();
    assert.equal(audit.reason, 'oversightWeeksCp 4 -> 2');
  });
});
