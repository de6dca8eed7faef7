import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { reassessWorkers } from '../caseload/service.ts';
import { addChild, allocate, caseloadWorldForSuite, type WorldUser } from '../../../test/support/caseload-world.ts';

const TODAY = '2026-11-23';
const NOW = new Date('2026-11-23T09:00:00Z');

describeEachEngine('variance register, plans and promptness', (use) => {
  const { t, w, as } = caseloadWorldForSuite(use);
  let varianceId: string;
  const db = () => use().db;

  before(async () => {
    // Two more CP cases at tier 3 take worker R from 94.5 to 115.5 points: over red.
    for (const n of [10, 11]) await allocate(db(), await addChild(db(), `Rchild${n}`, 'cp', { tier: 3 }), w.teams.northA, w.users.workerR.id);
    await reassessWorkers(db(), [w.users.workerR.id], { today: TODAY, now: NOW, trigger: 'allocation', actorId: w.users.tmA.id });
    const opened = await db().selectFrom('variances').selectAll().where('worker_id', '=', w.users.workerR.id).execute();
    assert.deepEqual(opened.map((v) => [v.kind, v.level]), [['over_capacity', 'red']]);
    varianceId = opened[0]!.id;
  });

  const dueIn = (day: string, month = '12', year = '2026') => ({ 'dueOn-day': day, 'dueOn-month': month, 'dueOn-year': year });

  test('the register lists what the viewer may see, and nothing else', async () => {
    const listed = async (user: WorldUser) => textOf((await (await as(user)).get('/variances')).body);
    for (const user of ['tmA', 'psA', 'smNorth', 'head', 'analyst', 'workerR'] as const) {
      assert.match(await listed(user), /Rae Reed North A Over capacity, red/, user);
    }
    for (const user of ['tmB', 'smSouth', 'workerA'] as const) {
      assert.match(await listed(user), /No variances match/, user);
    }
    assert.equal((await (await as('admin')).get('/variances')).statusCode, 403);
    assert.equal((await (await as('tmB')).get(`/variances/${varianceId}`)).statusCode, 404);
    assert.equal((await (await as('workerA')).get(`/variances/${varianceId}`)).statusCode, 404);
    assert.equal((await (await as('tmA')).get('/variances/00000000-0000-4000-8000-000000000000')).statusCode, 404);
  });

  test('the register filters by state, kind, level, team, late plan and escalation', async () => {
    const tm = await as('head');
    const rows = async (query: string) => (textOf((await tm.get(`/variances?${query}`)).body).match(/Rae Reed North A/g) ?? []).length;
    assert.equal(await rows('state=open'), 1);
    assert.equal(await rows('state=closed'), 0);
    assert.equal(await rows('kind=over_capacity&level=red'), 1);
    assert.equal(await rows('kind=under_floor'), 0);
    assert.equal(await rows('level=amber'), 0);
    assert.equal(await rows(`team=${w.teams.northA}`), 1);
    assert.equal(await rows(`team=${w.teams.northB}`), 0);
    assert.equal(await rows(`service=${w.services.south}`), 0);
    assert.equal(await rows('overdue=yes'), 0, 'due 30 November');
    assert.equal(await rows('escalated=yes'), 0);
    assert.equal(await rows('kind=nonsense&state=maybe&team=x&page=-3'), 1, 'unreadable filters are ignored');
  });

  test('the worker sees their variance but may not plan for it; other managers are refused and nothing is stored', async () => {
    const worker = await as('workerR');
    const page = await worker.get(`/variances/${varianceId}`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /Record an action plan/);
    assert.equal((await worker.get(`/variances/${varianceId}/actions/new`)).statusCode, 403);
    const form = { actionType: 'temporary_support', description: 'Me', ownerId: w.users.workerR.id, ...dueIn('1') };
    assert.equal((await worker.post(`/variances/${varianceId}/actions/new`, form)).statusCode, 403);
    for (const user of ['analyst'] as const) {
      const agent = await as(user);
      await agent.get('/');
      assert.equal((await agent.post(`/variances/${varianceId}/actions/new`, form)).statusCode, 403, user);
    }
    const tmB = await as('tmB');
    await tmB.get('/');
    assert.equal((await tmB.post(`/variances/${varianceId}/actions/new`, form)).statusCode, 404);
    assert.equal((await db().selectFrom('variance_actions').select('id').execute()).length, 0);
    const denied = await db().selectFrom('audit_events').selectAll().where('action', '=', 'variance.action.add').where('outcome', '=', 'denied').execute();
    assert.ok(denied.some((d) => d.actor_user_id === w.users.workerR.id));
  });

  test('each bad action is shown again with its message, and nothing is stored', async () => {
    const tm = await as('tmA');
    const good = { actionType: 'temporary_support', description: 'Duty cover for two weeks', ownerId: w.users.psA.id, ...dueIn('4') };
    const cases: [Record<string, string | string[]>, RegExp][] = [
      [{ ...good, actionType: '' }, /Select the kind of action/],
      [{ ...good, actionType: 'pray' }, /Select the kind of action/],
      [{ ...good, description: '  ' }, /Describe the action/],
      [{ ...good, description: 'x'.repeat(1001) }, /Description must be 1000 characters or fewer/],
      [{ ...good, ownerId: '' }, /Select who will do it/],
      [{ ...good, ownerId: w.users.workerE.id }, /Select who will do it/],
      [{ ...good, ownerId: w.users.admin.id }, /Select who will do it/],
      [{ ...good, 'dueOn-day': '' , 'dueOn-month': '', 'dueOn-year': '' }, /Enter due date/],
      [{ ...good, ...dueIn('20', '11') }, /Due date must be today or in the future/],
      [{ ...good, ...dueIn('31', '11') }, /Due date must be a real date/],
      [{ ...good, actionType: 'reallocate_children' }, /Select the children to reallocate/],
      [{ ...good, actionType: 'reallocate_children', childIds: w.children.cp }, /Select children from the worker’s current cases/],
    ];
    for (const [form, message] of cases) {
      await tm.get(`/variances/${varianceId}/actions/new`);
      const response = await tm.post(`/variances/${varianceId}/actions/new`, form);
      assert.equal(response.statusCode, 400, String(message));
      assert.match(textOf(response.body), /There is a problem/);
      assert.match(textOf(response.body), message);
    }
    assert.equal((await db().selectFrom('variance_actions').select('id').execute()).length, 0);
    const variance = await db().selectFrom('variances').selectAll().where('id', '=', varianceId).executeTakeFirstOrThrow();
    assert.equal(variance.plan_recorded_at, null);
  });

  test('the first action records the plan: plan_recorded_at and first_action_at, history and audit in one go', async () => {
    const tm = await as('tmA');
    const form = await tm.get(`/variances/${varianceId}/actions/new`);
    assert.equal(form.statusCode, 200);
    assert.match(textOf(form.body), /Kit Rchild10 – 10\.5 points/);
    const response = await tm.post(`/variances/${varianceId}/actions/new`, {
      actionType: 'reallocate_children',
      childIds: [w.children.r[0]!, w.children.r[1]!],
      description: 'Move two cases to Bea when she returns to full time',
      ownerId: w.users.psA.id,
      ...dueIn('4'),
    });
    assert.equal(response.statusCode, 303);
    const variance = await db().selectFrom('variances').selectAll().where('id', '=', varianceId).executeTakeFirstOrThrow();
    assert.equal(variance.plan_recorded_at?.toISOString(), NOW.toISOString());
    assert.equal(variance.first_action_at?.toISOString(), NOW.toISOString());
    const events = await db().selectFrom('variance_events').selectAll().where('variance_id', '=', varianceId).orderBy('id').execute();
    assert.deepEqual(events.map((e) => e.kind), ['opened', 'plan_recorded', 'action_added']);
    assert.match(events[2]!.detail, /^Reallocate named children \(2 children\), owner Person psA, due 2026-12-04: Move two cases/);
    assert.doesNotMatch(events[2]!.detail, /Rchild/, 'no child is named in the history');
    const audit = await db().selectFrom('audit_events').selectAll().where('action', '=', 'variance.action.add').where('outcome', '=', 'allowed').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.subject_id, varianceId);
    const named = await db().selectFrom('variance_action_children').select('child_id').execute();
    assert.deepEqual(named.map((n) => n.child_id).sort(), [w.children.r[0]!, w.children.r[1]!].sort());

    const page = textOf((await tm.get(String(response.headers.location))).body);
    assert.match(page, /Action added to the plan/);
    assert.match(page, /Reallocate named children Kit Rchild1 Kit Rchild2 Move two cases/);
    assert.match(page, /Action plan recorded with its first action/);
  });

  test('a later action leaves the plan time alone; the head of service may add one too', async () => {
    t.clock.advanceMinutes(5);
    const head = await as('head');
    await head.get(`/variances/${varianceId}/actions/new`);
    const response = await head.post(`/variances/${varianceId}/actions/new`, {
      actionType: 'stop_new_allocations',
      description: 'No new allocations until below amber',
      ownerId: w.users.tmA.id,
      ...dueIn('23', '11'),
    });
    assert.equal(response.statusCode, 303);
    const variance = await db().selectFrom('variances').selectAll().where('id', '=', varianceId).executeTakeFirstOrThrow();
    assert.equal(variance.plan_recorded_at?.toISOString(), NOW.toISOString());
    const kinds = (await db().selectFrom('variance_events').select('kind').where('variance_id', '=', varianceId).orderBy('id').execute()).map((e) => e.kind);
    assert.deepEqual(kinds, ['opened', 'plan_recorded', 'action_added', 'action_added']);
    // The head of service sees no child names: the reallocation lists its children without them.
    const page = (await head.get(`/variances/${varianceId}`)).body;
    assert.doesNotMatch(page, /Rchild/);
    assert.equal((textOf(page).match(/Restricted or not shared with you/g) ?? []).length, 2);
  });

  test("a manager not named on a restricted child chooses it without its name; those named see it", async () => {
    await allocate(db(), w.children.restricted, w.teams.northA, w.users.workerR.id, 'co_worker');
    const tm = await as('tmA');
    const html = (await tm.get(`/variances/${varianceId}/actions/new`)).body;
    const form = textOf(html);
    assert.match(form, /A child not shared with you – 2 points/);
    assert.doesNotMatch(form, new RegExp(w.surnames.restricted));
    assert.ok(!html.includes(w.children.restricted), 'the page never hands out the id of a child the viewer may not see');
    const token = /name="childIds" type="checkbox" value="(case-[^"]+)"/.exec(html)?.[1];
    assert.ok(token, 'the child is offered by an opaque token');
    const byId = await tm.post(`/variances/${varianceId}/actions/new`, {
      actionType: 'reallocate_children',
      childIds: w.children.restricted,
      description: 'End the co-working',
      ownerId: w.users.tmA.id,
      ...dueIn('1'),
    });
    assert.equal(byId.statusCode, 400, "the hidden child's id is not accepted in place of its token");
    assert.match(byId.body, /Select children from the worker’s current cases/);
    const response = await tm.post(`/variances/${varianceId}/actions/new`, {
      actionType: 'reallocate_children',
      childIds: token,
      description: 'End the co-working',
      ownerId: w.users.tmA.id,
      ...dueIn('1'),
    });
    assert.equal(response.statusCode, 303);
    const named = await db().selectFrom('variance_action_children').select('child_id').where('child_id', '=', w.children.restricted).execute();
    assert.equal(named.length, 1, 'the token named the restricted child on the plan');
    assert.doesNotMatch((await tm.get(`/variances/${varianceId}`)).body, new RegExp(w.surnames.restricted));
    await db().insertInto('restricted_access').values({ child_id: w.children.restricted, user_id: w.users.tmA.id }).execute();
    assert.match((await tm.get(`/variances/${varianceId}`)).body, new RegExp(w.surnames.restricted));
    await db().deleteFrom('restricted_access').where('child_id', '=', w.children.restricted).where('user_id', '=', w.users.tmA.id).execute();
  });

  test("an action's owner or a manager changes its status, with history and audit; others may not", async () => {
    const action = await db()
      .selectFrom('variance_actions')
      .selectAll()
      .where('variance_id', '=', varianceId)
      .where('action_type', '=', 'reallocate_children')
      .orderBy('created_at')
      .executeTakeFirstOrThrow();
    const url = `/variances/${varianceId}/actions/${action.id}/status`;
    const worker = await as('workerR');
    await worker.get(`/variances/${varianceId}`);
    assert.equal((await worker.post(url, { status: 'done' })).statusCode, 403, 'the worker neither owns it nor manages');

    const owner = await as('psA');
    await owner.get(`/variances/${varianceId}`);
    const bad = await owner.post(url, { status: 'finished' });
    assert.equal(bad.statusCode, 400);
    assert.match(textOf(bad.body), /Choose done, cancelled or open/);
    const done = await owner.post(url, { status: 'done' });
    assert.equal(done.statusCode, 303);
    let row = await db().selectFrom('variance_actions').selectAll().where('id', '=', action.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'done');
    assert.ok(row.completed_at);
    await owner.get(`/variances/${varianceId}`);
    assert.match(String((await owner.post(url, { status: 'done' })).headers.location), /done=unchanged/);
    await owner.get(`/variances/${varianceId}`);
    await owner.post(url, { status: 'open' });
    row = await db().selectFrom('variance_actions').selectAll().where('id', '=', action.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'open');
    assert.equal(row.completed_at, null);
    const events = await db().selectFrom('variance_events').selectAll().where('variance_id', '=', varianceId).where('kind', '=', 'action_status').orderBy('id').execute();
    assert.deepEqual(events.map((e) => e.detail.split(': ')[1]), ['open → done', 'done → open']);
    const audit = await db().selectFrom('audit_events').selectAll().where('action', '=', 'variance.action.status').execute();
    assert.deepEqual(audit.map((a) => a.outcome).sort(), ['allowed', 'allowed', 'denied']);
  });

  test('what each manager owes shows on their home page, overdue first', async () => {
    // A second variance for worker A, due a week ago with no plan and escalated to the service manager.
    const late = await db()
      .insertInto('variances')
      .values({
        worker_id: w.users.workerA.id,
        team_id: w.teams.northA,
        kind: 'under_floor',
        opened_at: new Date('2026-11-06T09:00:00Z'),
        opened_on: '2026-11-06',
        opened_trigger: 'daily check',
        opened_value: 21,
        threshold: 60,
        current_value: 21,
        manager_id: w.users.tmA.id,
        plan_due_on: '2026-11-13',
        escalated_to_service_at: new Date('2026-11-14T06:00:00Z'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const other = await db()
      .insertInto('variances')
      .values({
        worker_id: w.users.workerB.id,
        team_id: w.teams.northA,
        kind: 'under_floor',
        opened_at: NOW,
        opened_on: TODAY,
        opened_trigger: 'daily check',
        opened_value: 20,
        threshold: 60,
        current_value: 20,
        manager_id: w.users.psA.id,
        plan_due_on: '2026-11-30',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const tmHome = textOf((await (await as('tmA')).get('/')).body);
    assert.match(tmHome, /Action plans to record Alex Able: Under the floor – Overdue was due 13 November 2026 Bea Baker: Under the floor – due 30 November 2026/);
    assert.doesNotMatch(tmHome, /Rae Reed: Over capacity/, 'its plan is recorded');
    assert.match(tmHome, /Your open actions (.*)Stop new allocations for Rae Reed – due 23 November 2026/);
    const smHome = textOf((await (await as('smNorth')).get('/')).body);
    assert.match(smHome, /Escalated to you Alex Able: Under the floor – open since 6 November 2026/);
    const psHome = textOf((await (await as('psA')).get('/')).body);
    assert.match(psHome, /Bea Baker: Under the floor – due 30 November 2026/);
    assert.match(psHome, /Reallocate named children for Rae Reed – Overdue was due|Reallocate named children for Rae Reed – due 4 December 2026/);
    assert.doesNotMatch(textOf((await (await as('tmB')).get('/')).body), /What you owe.*Alex Able/);
    const overdueOnly = textOf((await (await as('tmA')).get('/variances?overdue=yes')).body);
    assert.match(overdueOnly, /Showing 1 to 1 of 1 variance/);
    const escalated = textOf((await (await as('tmA')).get('/variances?escalated=yes')).body);
    assert.match(escalated, /Alex Able North A Under the floor/);
    await db().deleteFrom('variance_events').where('variance_id', 'in', [late.id, other.id]).execute();
    await db().deleteFrom('variances').where('id', 'in', [late.id, other.id]).execute();
  });

  test('promptness measures on a hand-made set of variances, by month and by team', async () => {
    // A fresh team so the figures hold only these variances.
    const teamId = (await db().insertInto('teams').values({ name: 'Measured', service_id: w.services.south }).returning('id').executeTakeFirstOrThrow()).id;
    const make = async (v: { kind: 'over_capacity' | 'under_floor' | 'over_children_ceiling' | 'asye_protection'; worker: WorldUser; opened: string; due: string; plan?: string; closed?: string }) => {
      await db()
        .insertInto('variances')
        .values({
          worker_id: w.users[v.worker].id,
          team_id: teamId,
          kind: v.kind,
          opened_at: new Date(`${v.opened}T09:00:00Z`),
          opened_on: v.opened,
          opened_trigger: 'allocation',
          opened_value: 1,
          threshold: 1,
          current_value: 1,
          plan_due_on: v.due,
          plan_recorded_at: v.plan ? new Date(`${v.plan}T10:00:00Z`) : null,
          first_action_at: v.plan ? new Date(`${v.plan}T10:00:00Z`) : null,
          closed_at: v.closed ? new Date(`${v.closed}T09:00:00Z`) : null,
          closed_on: v.closed ?? null,
        })
        .execute();
    };
    // November: plan in 2 working days, closed after 10 days; plan after 8 working days (late), open; opened a week ago, not yet due.
    await make({ kind: 'over_capacity', worker: 'workerE', opened: '2026-11-02', due: '2026-11-09', plan: '2026-11-04', closed: '2026-11-12' });
    await make({ kind: 'under_floor', worker: 'workerE', opened: '2026-11-03', due: '2026-11-10', plan: '2026-11-13' });
    await make({ kind: 'over_children_ceiling', worker: 'workerE', opened: '2026-11-16', due: '2026-11-23' });
    // October: closed after 3 days before its deadline, no plan owed; no plan and still open, late.
    await make({ kind: 'over_capacity', worker: 'workerE', opened: '2026-10-05', due: '2026-10-12', closed: '2026-10-08' });
    await make({ kind: 'asye_protection', worker: 'workerE', opened: '2026-10-06', due: '2026-10-13' });
    // Thirteen months ago: outside the table.
    await make({ kind: 'over_capacity', worker: 'workerE', opened: '2025-10-01', due: '2025-10-08', closed: '2025-10-02' });

    const page = await (await as('smSouth')).get(`/variances/measures?team=${teamId}`);
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /November 2026 3 5 5 10 10 50% \(1 of 2\)/);
    assert.match(text, /October 2026 2 – – 3 3 0% \(0 of 1\)/);
    assert.match(text, /September 2026 0 – – – – –/);
    assert.match(text, /All 12 months 5 5 5 6\.5 6\.5 33% \(1 of 3\)/);
    assert.doesNotMatch(text, /October 2025/);

    const service = textOf((await (await as('smSouth')).get('/variances/measures')).body);
    assert.match(service, /South service/);
    assert.match(service, /By team, all 12 months Team .* Measured 5 5 5 6\.5 6\.5 33% \(1 of 3\)/);
    assert.match(service, /South 0 – – – – –/);
    const council = textOf((await (await as('analyst')).get('/variances/measures')).body);
    assert.match(council, /South service 5 5 5 6\.5 6\.5 33% \(1 of 3\)/);
    const chosen = await (await as('analyst')).get(`/variances/measures?scope=team:${teamId}`);
    assert.match(textOf(chosen.body), /November 2026 3 5 5 10 10 50%/);

    assert.equal((await (await as('smNorth')).get(`/variances/measures?team=${teamId}`)).statusCode, 404, 'another service');
    assert.equal((await (await as('tmA')).get(`/variances/measures?service=${w.services.north}`)).statusCode, 404, 'above their level');
    assert.equal((await (await as('workerA')).get('/variances/measures')).statusCode, 404);
    assert.equal((await (await as('admin')).get('/variances/measures')).statusCode, 403);
    assert.equal((await (await as('tmA')).get('/variances/measures')).statusCode, 200);
  });
});
