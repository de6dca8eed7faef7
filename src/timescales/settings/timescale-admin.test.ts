import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, Agent, signedIn, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';

/**
 * The council's local timescale standards. TEST_TODAY is Monday 23 November
 * 2026. A child's child protection plan started on Monday 2 November and
 * sets no visiting frequency, and nobody has visited: with the default of
 * every 10 working days the first visit was due on 16 November.
 */
describeEachEngine('local timescale standards', (use) => {
  const t = appForSuite(use);
  let onPlan: string;
  const agents = new Map<string, Agent>();
  const db = () => use().db;

  before(async () => {
    const { teamId, serviceId } = await createTeam(db(), 'Standards team');
    const workerId = await createUser(db(), { email: 'ts-worker@example.org', role: 'social_worker', teamId, name: 'Wren Worker' });
    await createUser(db(), { email: 'ts-manager@example.org', role: 'team_manager', teamId, name: 'Tam Manager' });
    await createUser(db(), { email: 'ts-head@example.org', role: 'head_of_service', serviceId, name: 'Hedda Head' });
    await createUser(db(), { email: 'ts-admin@example.org', role: 'system_admin', name: 'Ada Admin' });
    await createUser(db(), { email: 'ts-analyst@example.org', role: 'performance_analyst', name: 'Ana Analyst' });
    onPlan = (
      await db()
        .insertInto('people')
        .values({ is_child: true, la_child_id: 'TS0001', forename: 'Sky', surname: 'Standards', date_of_birth: '2015-03-04', sex: 'F' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await db().insertInto('allocations').values({ child_id: onPlan, role: 'lead', team_id: teamId, worker_id: workerId, start_date: '2026-10-01' }).execute();
    await db().insertInto('referrals').values({ child_id: onPlan, referral_date: '2026-10-01', source: '6', primary_need: 'N1' }).execute();
    await db().insertInto('cp_plans').values({ child_id: onPlan, start_date: '2026-11-02', initial_category: 'NEG', latest_category: 'NEG' }).execute();
  });

  async function as(who: string): Promise<Agent> {
    let agent = agents.get(who);
    if (!agent) {
      agent = await signedIn(t.app, `ts-${who}@example.org`);
      agents.set(who, agent);
    }
    return agent;
  }

  const defaults = {
    cpVisitEvery: '10',
    cpVisitUnit: 'working_days',
    cinVisitEvery: '20',
    cinVisitUnit: 'working_days',
    shortBreakVisitEvery: '3',
    shortBreakVisitUnit: 'months',
    coreGroupWorkingDays: '10',
    pepFromAge: '3',
    'termEnd1-day': '31',
    'termEnd1-month': '3',
    'termEnd2-day': '31',
    'termEnd2-month': '8',
    'termEnd3-day': '31',
    'termEnd3-month': '12',
  };
  const stored = async () => db().selectFrom('timescale_settings').select('settings').executeTakeFirst();

  test('everyone but heads of service and administrators is refused, and nothing is stored', async () => {
    for (const who of ['worker', 'manager', 'analyst']) {
      const agent = await as(who);
      assert.equal((await agent.get('/admin/timescales')).statusCode, 403, who);
      assert.equal((await agent.post('/admin/timescales', { ...defaults, cpVisitEvery: '1' })).statusCode, 403, who);
    }
    assert.equal((await new Agent(t.app).get('/admin/timescales')).headers.location, '/sign-in');
    assert.equal(await stored(), undefined);
    const denied = await db().selectFrom('audit_events').select('reason').where('action', '=', 'route.access').where('subject_id', '=', 'POST /admin/timescales').execute();
    assert.equal(denied.length, 3);
  });

  test('the page shows the local standards with their defaults, and only those', async () => {
    for (const who of ['head', 'admin']) {
      const page = await (await as(who)).get('/admin/timescales');
      assert.equal(page.statusCode, 200, who);
      const text = textOf(page.body);
      assert.match(text, /Local timescale standards/);
      assert.match(text, /Visits to a child on a child protection plan.*Default every 10 working days/);
      assert.match(text, /Spring term ends.*Default 31 March/);
      assert.match(page.body, /name="_csrf"/);
      assert.doesNotMatch(page.body, /name="paContact/);
    }
  });

  test('bad input is refused with an error summary naming each field, and nothing is stored', async () => {
    const head = await as('head');
    const bad = await head.post('/admin/timescales', {
      ...defaults,
      cpVisitEvery: '0',
      cinVisitEvery: '200',
      shortBreakVisitUnit: 'fortnights',
      coreGroupWorkingDays: 'soon',
      pepFromAge: '7',
      'termEnd1-day': '29',
      'termEnd1-month': '2',
      'termEnd3-day': '1',
      'termEnd3-month': '8',
    });
    assert.equal(bad.statusCode, 400);
    const text = textOf(bad.body);
    assert.match(text, /There is a problem/);
    assert.match(text, /Visits to a child on a child protection plan must be every 1 to 130 working days, a whole number/);
    assert.match(text, /Visits to a child in need must be every 1 to 130 working days, a whole number/);
    assert.match(text, /Choose working days, days, weeks or months for visits to a child in a series of short breaks/);
    assert.match(text, /The first core group must be within a whole number of working days from 1 to 30/);
    assert.match(text, /Personal education plans must start from an age from 0 to 5/);
    assert.match(text, /Spring term must end on a real day and month, like 31 3 \(not 29 February\)/);
    assert.match(text, /Autumn term must end after the summer term/);
    assert.match(bad.body, /href="#cpVisitEvery"/);
    assert.match(bad.body, /value="soon"/);
    assert.equal(await stored(), undefined);
    const refused = await db().selectFrom('audit_events').select('reason').where('action', '=', 'timescales.settings.update').where('outcome', '=', 'failed').executeTakeFirstOrThrow();
    assert.match(refused.reason ?? '', /^refused, nothing stored: /);
  });

  test('a changed local standard moves a child’s due date at once, and the change is audited with old and new values', async () => {
    const worker = await as('worker');
    let visits = textOf((await worker.get(`/children/${onPlan}/visits`)).body);
    assert.match(visits, /Visit \(child protection plan\)[\s\S]*?16 November 2026\s+Overdue by 7 days/);

    const head = await as('head');
    const saved = await head.post('/admin/timescales', { ...defaults, cpVisitEvery: '4', cpVisitUnit: 'weeks', coreGroupWorkingDays: '5', 'termEnd2-day': '22', 'termEnd2-month': '7' });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/admin/timescales?done=saved');
    assert.match(textOf((await head.get('/admin/timescales?done=saved')).body), /Local timescale standards saved/);

    // Plan started Monday 2 November; four weeks later is Monday 30 November.
    visits = textOf((await worker.get(`/children/${onPlan}/visits`)).body);
    assert.match(visits, /Visit \(child protection plan\)[\s\S]*?30 November 2026\s+Due in the next 4 weeks/);
    assert.match(visits, /child protection every 4 weeks/);
    assert.match(visits, /First core group[\s\S]*?9 November 2026[\s\S]*?First core group within 5 working days of the initial conference/);

    const row = await stored();
    assert.deepEqual((row?.settings as { cpVisit: unknown }).cpVisit, { everyN: 4, unit: 'weeks' });
    const audit = await db().selectFrom('audit_events').select(['reason', 'actor_email']).where('action', '=', 'timescales.settings.update').where('outcome', '=', 'allowed').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.reason, 'cpVisit every 10 working days -> every 4 weeks; coreGroupWorkingDays 10 working days -> 5 working days; termEnds 31 March, 31 August, 31 December -> 31 March, 22 July, 31 December');
    assert.equal(audit[0]!.actor_email, 'ts-head@example.org');

    // An administrator may change them too; putting the default back restores the date.
    assert.equal((await (await as('admin')).post('/admin/timescales', defaults)).statusCode, 303);
    visits = textOf((await worker.get(`/children/${onPlan}/visits`)).body);
    assert.match(visits, /Visit \(child protection plan\)[\s\S]*?16 November 2026\s+Overdue by 7 days/);
  });
});
