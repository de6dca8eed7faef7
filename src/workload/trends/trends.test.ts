import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { appForSuite, signedIn, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { TEST_TODAY } from '../../../test/support/environment.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { addChild, allocate } from '../../../test/support/caseload-helpers.ts';
import { lineChart } from '../../platform/views/chart.ts';
import { addDays } from '../../platform/calendar/dates.ts';
import { backfillDates, onePerWeek } from './rules.ts';
import { backfillSnapshots } from './service.ts';

const ago = (weeks: number) => addDays(TEST_TODAY, -7 * weeks);

describe('trend rules and charts', () => {
  test('back-fill dates are weekly, oldest first, ending a week before today', () => {
    assert.deepEqual(backfillDates('2026-11-23', 3), ['2026-11-02', '2026-11-09', '2026-11-16']);
  });

  test('one point a week keeps the latest snapshot of each week', () => {
    const rows = ['2026-11-02', '2026-11-16', '2026-11-17', '2026-11-19', '2026-11-23'].map((snapshot_date) => ({ snapshot_date }));
    assert.deepEqual(onePerWeek(rows).map((r) => r.snapshot_date), ['2026-11-02', '2026-11-19', '2026-11-23']);
  });

  test('a chart is an SVG image with its title and description, escaped', () => {
    const svg = lineChart({
      id: 'c1',
      title: 'Children <per> FTE',
      description: 'went from 1 to 2',
      dates: ['2026-11-02', '2026-11-09'],
      series: [{ name: 'Per FTE', colour: '#1d70b8', values: [1, 2] }],
    });
    assert.match(svg, /^<svg [^>]*role="img" aria-labelledby="c1-title c1-desc"/);
    assert.match(svg, /<title id="c1-title">Children &lt;per&gt; FTE<\/title><desc id="c1-desc">went from 1 to 2<\/desc>/);
    assert.match(svg, /<path d="M[\d.,]+L[\d.,]+" fill="none" stroke="#1d70b8"/);
    assert.doesNotMatch(svg, /style=/, 'no inline styles: the content security policy forbids them');
  });
});

/**
 * A worker allocated three children 10 weeks ago and two more 4 weeks ago;
 * a sixth held only from 9 weeks ago to 8 weeks ago. One child's CIN became
 * a CP plan 6 weeks ago; a weighting version from 3 weeks ago counts CIN as 5.
 */
describeEachEngine('trends', (use) => {
  const t = appForSuite(use);
  const ids = {} as Record<'teamA' | 'teamB' | 'serviceA' | 'worker' | 'other' | 'newcomer', string>;
  const db = () => use().db;

  before(async () => {
    const a = await createTeam(db(), 'Trend Team A');
    const b = await createTeam(db(), 'Trend Team B');
    ids.teamA = a.teamId;
    ids.serviceA = a.serviceId;
    ids.teamB = b.teamId;
    const manager = await createUser(db(), { email: 'tm@trends.example', role: 'team_manager', teamId: a.teamId });
    await createUser(db(), { email: 'tmb@trends.example', role: 'team_manager', teamId: b.teamId });
    await createUser(db(), { email: 'head@trends.example', role: 'head_of_service' });
    await createUser(db(), { email: 'analyst@trends.example', role: 'performance_analyst' });
    await createUser(db(), { email: 'admin@trends.example', role: 'system_admin' });
    ids.worker = await createUser(db(), { email: 'sw@trends.example', name: 'Tess Trend', role: 'social_worker', teamId: a.teamId, lineManagerId: manager, qualifiedOn: '2010-01-01' });
    ids.other = await createUser(db(), { email: 'other@trends.example', role: 'social_worker', teamId: b.teamId, qualifiedOn: '2010-01-01' });
    await db().updateTable('users').set({ created_at: sql<never>`'2025-01-01T09:00:00Z'::timestamptz` }).where('id', '=', ids.other).execute();
    ids.newcomer = await createUser(db(), { email: 'new@trends.example', role: 'social_worker', teamId: b.teamId, qualifiedOn: '2010-01-01' });
    await db().updateTable('users').set({ created_at: sql<never>`${`${TEST_TODAY}T08:00:00Z`}::timestamptz` }).where('id', '=', ids.newcomer).execute();
    const early = [await addChild(db(), { status: 'cin' }), await addChild(db(), { status: 'cin' }), await addChild(db(), { status: 'cin' })];
    await db().insertInto('cp_plans').values({ child_id: early[0]!, start_date: ago(6), initial_category: 'NEG', latest_category: 'NEG' }).execute();
    for (const childId of early) await allocate(db(), { childId, teamId: a.teamId, workerId: ids.worker, start: ago(10) });
    for (let i = 0; i < 2; i++) await allocate(db(), { childId: await addChild(db(), { status: 'cin' }), teamId: a.teamId, workerId: ids.worker, start: ago(4) });
    await allocate(db(), { childId: await addChild(db(), { status: 'cin' }), teamId: a.teamId, workerId: ids.worker, start: ago(9), end: ago(8) });
    await db()
      .insertInto('weighting_models')
      .values({ effective_from: ago(3), rules: JSON.stringify({ points: { child_in_need: 5 } }), note: 'CIN work grew' })
      .execute();
  });

  const snapshots = () =>
    db().selectFrom('workload_snapshots').select(['snapshot_date', 'children', 'points', 'capacity_percent']).where('worker_id', '=', ids.worker).orderBy('snapshot_date').execute();

  test('back-fill works out each week from the allocation history, the status on the day and the weighting then in force', async () => {
    const result = await backfillSnapshots(db(), { today: TEST_TODAY, weeks: 12 });
    assert.equal(result.dates.length, 12);
    const rows = await snapshots();
    assert.deepEqual(
      rows.map((r) => [r.snapshot_date, r.children, Number(r.points)]),
      [
        [ago(10), 3, 12],
        [ago(9), 4, 16],
        [ago(8), 3, 12],
        [ago(7), 3, 12],
        [ago(6), 3, 15],
        [ago(5), 3, 15],
        [ago(4), 5, 23],
        [ago(3), 5, 27],
        [ago(2), 5, 27],
        [ago(1), 5, 27],
      ],
      'nothing before the first allocation; 3, then 5 children; the CP plan from 6 weeks ago; CIN at 5 points from 3 weeks ago',
    );
    const other = await db().selectFrom('workload_snapshots').select('snapshot_date').where('worker_id', '=', ids.other).execute();
    assert.equal(other.length, 12, 'a worker in post all along (by account) counts each week, with nothing held');
    const newcomer = await db().selectFrom('workload_snapshots').select('snapshot_date').where('worker_id', '=', ids.newcomer).execute();
    assert.equal(newcomer.length, 0, 'an account made today, with no allocations, is not counted in the past');
    await backfillSnapshots(db(), { today: TEST_TODAY, weeks: 12 });
    assert.equal((await snapshots()).length, 10, 'run again, it replaces rather than adds');
  });

  test('trend pages draw SVG charts with a title and description, and the table of figures behind them', async () => {
    const head = await signedIn(t.app, 'head@trends.example');
    const council = await head.get('/trends');
    assert.equal(council.statusCode, 200);
    assert.match(council.body, /<svg [^>]*role="img" aria-labelledby="chart-per-fte-title chart-per-fte-desc"/);
    assert.match(council.body, /<title id="chart-capacity-title">Average weighted capacity in the council, week by week<\/title>/);
    assert.match(council.body, /<summary class="govuk-details__summary">\s*<span class="govuk-details__summary-text">\s*Show the data/);
    const table = textOf(council.body);
    assert.match(table, /Week of Case holders Their FTE Children Children per FTE Average capacity Over amber Over red/);
    assert.match(table, /16 November 2026 1 1 5 5 13\.5% 0 0/, 'one case holder with 5 children; capacity averaged with the empty caseload of team B: (27 + 0) ÷ 2');

    const manager = await signedIn(t.app, 'tm@trends.example');
    const team = await manager.get(`/trends/teams/${ids.teamA}`);
    assert.equal(team.statusCode, 200);
    assert.match(textOf(team.body), /Caseload trends: Trend Team A .* 14 September 2026 1 1 3 3 12%/);
    const worker = await manager.get(`/trends/workers/${ids.worker}`);
    assert.equal(worker.statusCode, 200);
    assert.match(worker.body, /<title id="chart-children-title">Children allocated to Tess Trend, week by week<\/title>/);
    assert.match(textOf(worker.body), /19 October 2026 3 18 15 100 15%/);

    const self = await signedIn(t.app, 'sw@trends.example');
    const landing = await self.get('/trends');
    assert.equal(landing.statusCode, 302);
    assert.equal(landing.headers.location, `/trends/workers/${ids.worker}`);
    assert.match((await self.get(`/trends/workers/${ids.worker}`)).body, /Your caseload trend/);

    const analyst = await signedIn(t.app, 'analyst@trends.example');
    assert.equal((await analyst.get(`/trends/services/${ids.serviceA}`)).statusCode, 200);
  });

  test('refusals: other teams and workers answer 404, a worker’s colleague 404, an administrator 403', async () => {
    const otherManager = await signedIn(t.app, 'tmb@trends.example');
    assert.equal((await otherManager.get(`/trends/teams/${ids.teamA}`)).statusCode, 404);
    assert.equal((await otherManager.get(`/trends/workers/${ids.worker}`)).statusCode, 404);
    assert.equal((await otherManager.get(`/trends/services/${ids.serviceA}`)).statusCode, 404);
    assert.equal((await otherManager.get('/trends/teams/not-a-team')).statusCode, 404);
    const colleague = await signedIn(t.app, 'other@trends.example');
    assert.equal((await colleague.get(`/trends/workers/${ids.worker}`)).statusCode, 404);
    const manager = await signedIn(t.app, 'tm@trends.example');
    assert.equal((await manager.get('/trends')).statusCode, 302, 'a team manager lands on their team');
    const admin = await signedIn(t.app, 'admin@trends.example');
    assert.equal((await admin.get('/trends')).statusCode, 403);
    assert.equal((await admin.get(`/trends/workers/${ids.worker}`)).statusCode, 403);
  });
});
