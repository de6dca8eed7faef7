import assert from 'node:assert/strict';
import { test } from 'node:test';
import { textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { addChild, allocate, caseloadWorldForSuite, type WorldUser } from '../../../test/support/caseload-world.ts';

describeEachEngine('caseload pages', (use) => {
  const { w, as } = caseloadWorldForSuite(use);

  const workerUrl = (user: WorldUser) => `/caseload/workers/${w.users[user].id}`;
  const db = () => use().db;

  test("a worker's page shows both measures, each case's points and why, and the available points explained", async () => {
    const page = await (await as('workerA')).get(workerUrl('workerA'));
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Your caseload/);
    assert.match(text, /Children allocated 4 Recommended ceiling 18/);
    assert.match(text, /Weighted capacity 21% Under floor 21 case points of 100 available points/);
    assert.match(text, /100 points full time × 1 FTE = 100/);
    assert.match(text, /child protection plan: 7 points/);
    assert.match(text, /looked after: 6 points/);
    assert.match(text, new RegExp(w.surnames.restricted), 'the worker is named on the restricted record, so sees the name');
    assert.match(text, /4 cases, 21 points in all/);
  });

  test('a manager not named on a restricted record sees the case and its points, never the name', async () => {
    const page = await (await as('tmA')).get(workerUrl('workerA'));
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, new RegExp(w.surnames.cp));
    assert.doesNotMatch(page.body, new RegExp(w.surnames.restricted));
    assert.match(text, /Restricted or not shared with you Lead social worker Child in need 4 child in need: 4 points/);
    assert.match(text, /21 case points of 100/, 'the restricted case still counts');
  });

  test('heads of service and analysts see the figures but no child names; the service manager sees them', async () => {
    for (const user of ['head', 'analyst'] as const) {
      const page = await (await as(user)).get(workerUrl('workerA'));
      assert.equal(page.statusCode, 200, user);
      for (const surname of Object.values(w.surnames)) assert.doesNotMatch(page.body, new RegExp(surname), `${user} sees ${surname}`);
      assert.equal((textOf(page.body).match(/Restricted or not shared with you/g) ?? []).length, 4);
    }
    const sm = await (await as('smNorth')).get(workerUrl('workerA'));
    assert.equal(sm.statusCode, 200);
    assert.match(sm.body, new RegExp(w.surnames.cla));
  });

  test("others get 404 for a worker's page; administrators 403", async () => {
    for (const user of ['tmB', 'smSouth', 'workerB', 'tmSouth'] as const) {
      assert.equal((await (await as(user)).get(workerUrl('workerA'))).statusCode, 404, user);
    }
    assert.equal((await (await as('admin')).get(workerUrl('workerA'))).statusCode, 403);
    const tm = await as('tmA');
    assert.equal((await tm.get('/caseload/workers/00000000-0000-4000-8000-000000000000')).statusCode, 404);
    assert.equal((await tm.get('/caseload/workers/not-an-id')).statusCode, 404);
    assert.equal((await tm.get(`/caseload/workers/${w.users.smNorth.id}`)).statusCode, 404, 'a service manager holds no caseload');
  });

  test('an ASYE worker shows the protection and the child protection case they should not lead', async () => {
    const text = textOf((await (await as('tmA')).get(workerUrl('workerC'))).body);
    assert.match(text, /ASYE – first year in practice Protected at 60%/);
    assert.match(text, /ASYE protection, day 84 of the first year: 60%/);
    assert.match(text, /11\.7%/);
    assert.match(text, /ASYE should not lead/);
    assert.match(text, /1 case is flagged/);
  });

  test('Caseloads lands each role on its own level', async () => {
    const landing = async (user: WorldUser) => (await (await as(user)).get('/caseload')).headers.location;
    assert.equal(await landing('tmA'), `/caseload/teams/${w.teams.northA}`);
    assert.equal(await landing('psA'), `/caseload/teams/${w.teams.northA}`);
    assert.equal(await landing('smNorth'), `/caseload/services/${w.services.north}`);
    assert.equal(await landing('workerA'), workerUrl('workerA'));
    assert.equal((await (await as('head')).get('/caseload')).statusCode, 200);
    assert.equal((await (await as('analyst')).get('/caseload')).statusCode, 200);
    assert.equal((await (await as('admin')).get('/caseload')).statusCode, 403);
    const nav = (await (await as('tmA')).get('/')).body;
    assert.match(nav, /href="\/caseload"[^>]*>\s*Caseloads/);
    assert.match((await (await as('workerA')).get('/')).body, /href="\/caseload"[^>]*>\s*My caseload/);
  });

  test('the team page: case holders and FTE, children, the DfE average per FTE and the distribution, worked by hand', async () => {
    const page = await (await as('tmA')).get(`/caseload/teams/${w.teams.northA}`);
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    // A 4 + B 2 + C 1 + R 9 = 16 children over 1 + 0.5 + 1 + 1 = 3.5 FTE.
    assert.match(text, /Case holders 4 workers, 3\.5 FTE/);
    assert.match(text, /Children allocated 16/);
    assert.match(text, /Average caseload per case-holding FTE 4\.6 children per FTE/);
    // Measured: the practice supervisor (0%), A 21%, B 20%, C 11.7% under the floor; R 94.5% within.
    assert.match(text, /5 workers by capacity/);
    assert.match(text, /Under the floor \(below 60%\) 4 80%/);
    assert.match(text, /Floor to amber \(60% to 100%\) 1 20%/);
    assert.match(text, /Over the amber level \(over 100%\) 0 workers/);
    assert.match(text, /Rae Reed Social worker 1 9 \(18\) 94\.5 of 100 94\.5% Within level/);
    assert.match(text, /Bea Baker Social worker 0\.5 2 \(9\) 10 of 50 20% Under floor/);
    // Trends and continuity are not in the menu of their own: each caseload page leads to its level's, and they open for the same person.
    const manager = await as('tmA');
    for (const href of [`/trends/teams/${w.teams.northA}`, `/continuity?team=${w.teams.northA}`]) {
      assert.ok(page.body.includes(`href="${href.replace('&', '&amp;')}"`), `the team page links to ${href}`);
      assert.equal((await manager.get(href)).statusCode, 200, href);
    }
    const own = await (await as('workerA')).get(workerUrl('workerA'));
    const trends = /href="(\/trends\/workers\/[^"]+)">Your caseload over time/.exec(own.body)?.[1];
    assert.ok(trends, 'a worker’s page leads to their caseload over time');
    assert.equal((await (await as('workerA')).get(trends)).statusCode, 200);
  });

  test('the service and council pages add up their teams from one list of workers', async () => {
    const service = await (await as('smNorth')).get(`/caseload/services/${w.services.north}`);
    assert.equal(service.statusCode, 200);
    const text = textOf(service.body);
    // North A (16 children, 3.5 FTE) and North B (worker D: 1 child, 1 FTE): 17 over 4.5 = 3.8.
    assert.match(text, /Case holders 5 workers, 4\.5 FTE/);
    assert.match(text, /Average caseload per case-holding FTE 3\.8 children per FTE/);
    assert.match(text, /North A 4 \(3\.5\) 16 4\.6 4 1 0 0 0 0/);
    assert.match(text, /North B 1 \(1\) 1 1 1 0 0 0 0 0/);
    const council = textOf((await (await as('head')).get('/caseload')).body);
    assert.match(council, /Case holders 5 workers, 4\.5 FTE/, 'the south team holds no children');
    assert.match(council, /North service 5 \(4\.5\) 17 3\.8/);
    assert.match(council, /South service 0 \(0\) 0 –/);
    assert.match(council, /Teams with workers over the amber level No team has a worker over the amber level/);
    assert.match(service.body, new RegExp(`href="/trends/services/${w.services.north}">Caseload trends`));
    assert.match((await (await as('head')).get('/caseload')).body, /href="\/trends">Caseload trends<\/a> ·\s*<a class="govuk-link" href="\/continuity">Continuity of social worker/);
  });

  test('no one sees a level above their own, or another team or service', async () => {
    const status = async (user: WorldUser, url: string) => (await (await as(user)).get(url)).statusCode;
    assert.equal(await status('tmA', `/caseload/services/${w.services.north}`), 404);
    assert.equal(await status('smNorth', '/caseload/services/' + w.services.south), 404);
    assert.equal(await status('tmB', `/caseload/teams/${w.teams.northA}`), 404);
    assert.equal(await status('smSouth', `/caseload/teams/${w.teams.northA}`), 404);
    assert.equal(await status('workerA', `/caseload/teams/${w.teams.northA}`), 404);
    assert.equal(await status('smNorth', `/caseload/teams/${w.teams.northA}`), 200);
    assert.equal(await status('analyst', `/caseload/teams/${w.teams.south}`), 200);
    assert.equal(await status('admin', `/caseload/teams/${w.teams.northA}`), 403);
    assert.equal(await status('head', '/caseload/teams/00000000-0000-4000-8000-000000000000'), 404);
  });

  test('adding a reduction lowers available points and opens a variance in the same request; ending it closes it', async () => {
    const tm = await as('tmA');
    await tm.get(`${workerUrl('workerR')}/reductions/new`);
    const added = await tm.post(`${workerUrl('workerR')}/reductions/new`, {
      reason: 'special_duties',
      percent: '20',
      hoursPerWeek: '',
      'startDate-day': '1',
      'startDate-month': '11',
      'startDate-year': '2026',
      'endDate-day': '28',
      'endDate-month': '2',
      'endDate-year': '2027',
      note: 'Leading the practice week',
    });
    assert.equal(added.statusCode, 303);
    const open = await db().selectFrom('variances').selectAll().where('worker_id', '=', w.users.workerR.id).where('closed_at', 'is', null).execute();
    assert.deepEqual(open.map((v) => [v.kind, v.level, v.opened_trigger]), [['over_capacity', 'red', 'reduction']], '94.5 ÷ 80 = 118.1%');
    assert.equal(Number(open[0]!.current_value), 118.1);
    assert.equal(open[0]!.manager_id, w.users.tmA.id);
    const audit = await db().selectFrom('audit_events').selectAll().where('action', '=', 'caseload.reduction.add').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.subject_id, w.users.workerR.id);
    assert.equal(audit[0]!.actor_user_id, w.users.tmA.id);

    const page = textOf((await tm.get(String(added.headers.location))).body);
    assert.match(page, /Reduction added/);
    assert.match(page, /118\.1% Over red level 94\.5 case points of 80 available points/);
    assert.match(page, /special duties until 2027-02-28: − 20%/);
    assert.match(page, /Special duties Leading the practice week 20% of working time 1 November 2026 28 February 2027 In force/);

    const reduction = await db().selectFrom('workload_reductions').select('id').where('user_id', '=', w.users.workerR.id).executeTakeFirstOrThrow();
    const ended = await tm.post(`${workerUrl('workerR')}/reductions/${reduction.id}/end`);
    assert.equal(ended.statusCode, 303);
    const closed = await db().selectFrom('variances').selectAll().where('id', '=', open[0]!.id).executeTakeFirstOrThrow();
    assert.equal(closed.closed_on, '2026-11-23');
    assert.equal(closed.closed_trigger, 'reduction');
    const row = await db().selectFrom('workload_reductions').select('end_date').where('id', '=', reduction.id).executeTakeFirstOrThrow();
    assert.equal(row.end_date, '2026-11-22', 'in force until yesterday');
    const after = textOf((await tm.get(workerUrl('workerR'))).body);
    assert.match(after, /94\.5% Within level/);
    assert.equal((await db().selectFrom('audit_events').select('id').where('action', '=', 'caseload.reduction.end').execute()).length, 1);

    await tm.post(`${workerUrl('workerR')}/reductions/new`, {
      reason: 'leave',
      percent: '10',
      hoursPerWeek: '',
      'startDate-day': '4',
      'startDate-month': '1',
      'startDate-year': '2027',
      'endDate-day': '8',
      'endDate-month': '1',
      'endDate-year': '2027',
    });
    const both = textOf((await tm.get(workerUrl('workerR'))).body);
    assert.match(both, /Leave 10% of working time 4 January 2027 8 January 2027 Not begun .*Special duties Leading the practice week 20% of working time 1 November 2026 22 November 2026 Ended/, 'the latest first');
  });

  test("a reduction that has not begun is withdrawn; hours count against the worker's contracted hours", async () => {
    const tm = await as('tmA');
    await tm.get(`${workerUrl('workerA')}/reductions/new`);
    const added = await tm.post(`${workerUrl('workerA')}/reductions/new`, {
      reason: 'leave',
      percent: '',
      hoursPerWeek: '18.5',
      'startDate-day': '23',
      'startDate-month': '11',
      'startDate-year': '2026',
      'endDate-day': '4',
      'endDate-month': '12',
      'endDate-year': '2026',
    });
    assert.equal(added.statusCode, 303);
    const page = textOf((await tm.get(workerUrl('workerA'))).body);
    assert.match(page, /42% Under floor 21 case points of 50 available points/, '18.5 of 37 hours is half');
    const reduction = await db().selectFrom('workload_reductions').select('id').where('user_id', '=', w.users.workerA.id).executeTakeFirstOrThrow();
    const ended = await tm.post(`${workerUrl('workerA')}/reductions/${reduction.id}/end`);
    assert.match(String(ended.headers.location), /done=reduction-withdrawn/);
    assert.equal((await db().selectFrom('workload_reductions').select('id').where('id', '=', reduction.id).execute()).length, 0);
  });

  test('only the worker’s managers change reductions: the worker and a head get 403, another team 404, nothing stored', async () => {
    const count = async () => (await db().selectFrom('workload_reductions').select('id').execute()).length;
    const before = await count();
    const form = {
      reason: 'leave',
      percent: '10',
      'startDate-day': '1',
      'startDate-month': '12',
      'startDate-year': '2026',
      'endDate-day': '2',
      'endDate-month': '12',
      'endDate-year': '2026',
    };
    for (const [user, status] of [['workerA', 403], ['head', 403], ['analyst', 403], ['tmB', 404], ['admin', 403]] as const) {
      const agent = await as(user);
      await agent.get('/');
      assert.equal((await agent.get(`${workerUrl('workerA')}/reductions/new`)).statusCode, status, `${user} GET`);
      assert.equal((await agent.post(`${workerUrl('workerA')}/reductions/new`, form)).statusCode, status, `${user} POST`);
    }
    assert.equal(await count(), before);
    const denied = await db().selectFrom('audit_events').selectAll().where('action', '=', 'caseload.reduction.add').where('outcome', '=', 'denied').execute();
    assert.ok(denied.some((d) => d.actor_user_id === w.users.workerA.id));
    for (const user of ['psA', 'smNorth'] as const) {
      assert.equal((await (await as(user)).get(`${workerUrl('workerA')}/reductions/new`)).statusCode, 200, user);
    }
  });

  test('a bad reduction is shown again with every problem, and nothing is stored', async () => {
    const tm = await as('tmA');
    const count = async () => (await db().selectFrom('workload_reductions').select('id').execute()).length;
    const before = await count();
    const dates = { 'startDate-day': '1', 'startDate-month': '12', 'startDate-year': '2026', 'endDate-day': '31', 'endDate-month': '12', 'endDate-year': '2026' };
    const cases: [Record<string, string>, RegExp][] = [
      [{ ...dates, percent: '10' }, /Select the reason for the reduction/],
      [{ ...dates, reason: 'leave' }, /Enter the percentage of working time or the hours a week/],
      [{ ...dates, reason: 'leave', percent: '10', hoursPerWeek: '5' }, /Enter a percentage or hours a week, not both/],
      [{ ...dates, reason: 'leave', percent: '0' }, /Percentage must be between 1 and 100/],
      [{ ...dates, reason: 'leave', percent: '101' }, /Percentage must be between 1 and 100/],
      [{ ...dates, reason: 'leave', percent: 'lots' }, /Percentage must be a number, like 20/],
      [{ ...dates, reason: 'leave', hoursPerWeek: '0.25' }, /Hours a week must be between 0.5 and 60/],
      [{ ...dates, reason: 'leave', hoursPerWeek: '61' }, /Hours a week must be between 0.5 and 60/],
      [{ ...dates, reason: 'holiday', percent: '10' }, /Select the reason for the reduction/],
      [{ ...dates, reason: 'leave', percent: '10', 'endDate-day': '30', 'endDate-month': '11' }, /End date must be the same as or after the start date/],
      [{ ...dates, reason: 'leave', percent: '10', 'startDate-day': '31', 'startDate-month': '2' }, /Start date must be a real date/],
      [{ reason: 'leave', percent: '10' }, /Enter start date.*Enter end date/],
      [{ ...dates, reason: 'leave', percent: '10', note: 'x'.repeat(501) }, /Note must be 500 characters or fewer/],
    ];
    for (const [form, message] of cases) {
      await tm.get(`${workerUrl('workerB')}/reductions/new`);
      const response = await tm.post(`${workerUrl('workerB')}/reductions/new`, form);
      assert.equal(response.statusCode, 400, JSON.stringify(form).slice(0, 120));
      assert.match(textOf(response.body), /There is a problem/);
      assert.match(textOf(response.body), message);
    }
    assert.equal(await count(), before);
  });

  test('ending an unknown reduction, or another worker’s, is 404', async () => {
    const tm = await as('tmA');
    await tm.get(workerUrl('workerB'));
    assert.equal((await tm.post(`${workerUrl('workerB')}/reductions/00000000-0000-4000-8000-000000000000/end`)).statusCode, 404);
    await db()
      .insertInto('workload_reductions')
      .values({ user_id: w.users.workerD.id, reason: 'leave', percent: 10, start_date: '2026-11-01', end_date: '2026-12-31' })
      .execute();
    const other = await db().selectFrom('workload_reductions').select('id').where('user_id', '=', w.users.workerD.id).executeTakeFirstOrThrow();
    assert.equal((await tm.post(`${workerUrl('workerB')}/reductions/${other.id}/end`)).statusCode, 404);
    const kept = await db().selectFrom('workload_reductions').select('end_date').where('id', '=', other.id).executeTakeFirstOrThrow();
    assert.equal(kept.end_date, '2026-12-31');
  });

  test('the council page lists the teams with workers over the amber level, with their service, so no service needs opening to find them', async () => {
    // Two more child protection cases at tier 3 take Rae Reed from 94.5 to 115.5 points: over red.
    for (const n of [20, 21]) await allocate(db(), await addChild(db(), `Overchild${n}`, 'cp', { tier: 3 }), w.teams.northA, w.users.workerR.id);
    const council = textOf((await (await as('head')).get('/caseload')).body);
    assert.match(council, /Teams with workers over the amber level Teams with at least one worker over 100% capacity, most over red first Team Service Over amber \(over 100%\) Of whom over red \(over 110%\) Open variances North A North service 1 1 \d+/);
    assert.doesNotMatch(council.split('Teams with workers over the amber level')[1]!.split('Services')[0]!, /North B|South/, 'only the teams over amber');
  });
});
