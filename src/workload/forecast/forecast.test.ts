import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Db } from '../../db/database.ts';
import { textOf } from '../../../test/support/app.ts';
import { addChild, allocate, caseloadWorldForSuite } from '../../../test/support/caseload-world.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { findWorkers } from '../caseload/queries.ts';
import { CASE_HOLDING_ROLES, figuresFor } from '../caseload/service.ts';
import { forecastsFor, forecastsFromFigures, notifyForecastRed } from './service.ts';

// Monday 23 November 2026: the forecast's weeks are today and the Mondays from 30 November.
const TODAY = '2026-11-23';
const NOW = new Date('2026-11-23T09:00:00Z');

let serial = 0;
async function child(db: Db, status: 'cin' | 'cla', dateOfBirth = '2016-01-01') {
  serial += 1;
  const { id } = await db.insertInto('people').values({ is_child: true, la_child_id: `FC${serial}`, forename: 'Fay', surname: `Forecast${serial}`, date_of_birth: dateOfBirth }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('referrals').values({ child_id: id, referral_date: '2026-08-01', source: '1A', primary_need: 'N1' }).execute();
  if (status === 'cla') {
    await db.insertInto('care_episodes').values({ child_id: id, start_date: '2026-08-01', reason_new_episode: 'S', legal_status: 'C2', primary_need: 'N1', placement_type: 'U4', placement_postcode: null, placement_out_of_area: false }).execute();
  }
  return id;
}

describeEachEngine('the caseload forecast', (use) => {
  let teamId: string;
  let managerId: string;
  let ashId: string;
  let benId: string;
  before(async () => {
    const db = use().db;
    ({ teamId } = await createTeam(db, 'Forecast Team'));
    managerId = await createUser(db, { email: 'tm@forecast.example', role: 'team_manager', teamId });
    ashId = await createUser(db, { email: 'ash@forecast.example', role: 'social_worker', teamId, lineManagerId: managerId, qualifiedOn: '2015-07-01' });
    benId = await createUser(db, { email: 'ben@forecast.example', role: 'social_worker', teamId, lineManagerId: managerId, qualifiedOn: '2015-07-01' });
    const give = async (childId: string, workerId: string, startDate: string) =>
      db.insertInto('allocations').values({ child_id: childId, role: 'lead', team_id: teamId, worker_id: workerId, start_date: startDate }).execute();
    // Ash: 17 looked-after children (102 points, over amber), all allocated in the last 12 weeks.
    for (let i = 0; i < 17; i++) await give(await child(db, 'cla'), ashId, '2026-09-07');
    // Ben: 7 children in need allocated in the last 12 weeks, one of them 18 on 1 December; one more allocated long ago.
    await give(await child(db, 'cin', '2008-12-01'), benId, '2026-10-01');
    for (let i = 0; i < 6; i++) await give(await child(db, 'cin'), benId, '2026-10-01');
    await give(await child(db, 'cin'), benId, '2025-01-01');
  });

  test('each worker week by week, from the team’s allocation rate and the children’s birthdays', async () => {
    const workers = await findWorkers(use().db, { teamId, roles: CASE_HOLDING_ROLES });
    const { byWorker, trends } = await forecastsFor(use().db, workers, TODAY);
    // 24 allocations in the 12 weeks before today, shared by the 2 social workers (the manager takes none): 1 a worker a week.
    assert.deepEqual(trends.get(teamId), { perWorkerPerWeek: 1, pointsPerCase: 4 });
    const ash = byWorker.get(ashId)!;
    assert.deepEqual(ash.weeks.map((w) => w.points), [102, 106, 110, 114, 118, 122, 126, 130, 134]);
    assert.equal(ash.redCrossing?.date, '2026-12-14', 'exactly 110% on 7 December is not over red; 114% on 14 December is, within 4 weeks');
    const ben = byWorker.get(benId)!;
    assert.deepEqual(ben.weeks.map((w) => w.knownCases), [8, 8, 7, 7, 7, 7, 7, 7, 7]);
    assert.deepEqual(ben.weeks.slice(0, 3).map((w) => w.points), [32, 36, 36], 'the 18-year-old’s case closes in the week of 7 December as a new one is expected');
    assert.equal(ben.redCrossing, null);
    assert.deepEqual(byWorker.get(managerId)!.weeks.map((w) => w.points), [0, 0, 0, 0, 0, 0, 0, 0, 0], 'a manager holding nothing takes no new allocations');
  });

  test('the daily check tells the line manager once about a worker forecast over red, naming the week of the crossing', async () => {
    assert.equal(await notifyForecastRed(use().db, { today: TODAY, now: NOW }), 1);
    assert.equal(await notifyForecastRed(use().db, { today: TODAY, now: NOW }), 1);
    const sent = await use().db.selectFrom('notifications').select(['user_id', 'kind', 'event_key', 'link']).where('kind', '=', 'forecast-red').execute();
    assert.deepEqual(sent, [{ user_id: managerId, kind: 'forecast-red', event_key: `forecast-red:${ashId}:2026-12-14`, link: `/caseload/workers/${ashId}#forecast` }]);
    // A day later the same crossing is still in view: no second notification.
    await notifyForecastRed(use().db, { today: '2026-11-24', now: new Date('2026-11-24T09:00:00Z') });
    assert.equal((await use().db.selectFrom('notifications').select('id').where('kind', '=', 'forecast-red').execute()).length, 1);
  });

  test('the team page’s forecast, kept with the figures, is the one worked out afresh, and follows a change to a child at once', async () => {
    const db = use().db;
    const storedAndFresh = async () => {
      const { context, figures } = await figuresFor(db, { teamId }, TODAY, { withForecast: true });
      const stored = await forecastsFromFigures(db, figures, context);
      const fresh = await forecastsFor(db, await findWorkers(db, { teamId, roles: CASE_HOLDING_ROLES }), TODAY);
      return { stored: Object.fromEntries(stored.byWorker), fresh: Object.fromEntries(fresh.byWorker) };
    };
    const before = await storedAndFresh();
    assert.deepEqual(before.stored, before.fresh);
    assert.deepEqual(before.stored[ashId]!.weeks.map((w) => w.points), [102, 106, 110, 114, 118, 122, 126, 130, 134]);
    // One of Ash's looked-after children turns out to be 18 on 1 December: they leave care then, and the case steps down.
    const [{ child_id }] = await db.selectFrom('allocations').select('child_id').where('worker_id', '=', ashId).limit(1).execute() as [{ child_id: string }];
    await db.updateTable('people').set({ date_of_birth: '2008-12-01' }).where('id', '=', child_id).execute();
    const after = await storedAndFresh();
    assert.deepEqual(after.stored, after.fresh);
    assert.notDeepEqual(after.stored[ashId]!.weeks.map((w) => w.points), before.stored[ashId]!.weeks.map((w) => w.points));
    assert.ok(after.stored[ashId]!.weeks[2]!.changes.some((c) => c.kind === 'leaves_care'), 'the stored forecast has the step down by Monday 7 December');
  });
});

describeEachEngine('the forecast on the caseload pages', (use) => {
  const { w, as } = caseloadWorldForSuite(use);
  before(async () => {
    // A restricted child of worker A's, 18 in the forecast's weeks: the team page counts the case, never names it.
    const db = use().db;
    const id = await addChild(db, 'Secretname', 'cin', { restricted: true });
    await db.updateTable('people').set({ date_of_birth: '2008-12-10' }).where('id', '=', id).execute();
    await allocate(db, id, w.teams.northA, w.users.workerA.id);
  });

  test('the team page shows the chart, the figures and the reasons as counts; no child is named or identified', async () => {
    for (const user of ['tmA', 'head'] as const) {
      const page = await (await as(user)).get(`/caseload/teams/${w.teams.northA}`);
      assert.equal(page.statusCode, 200, user);
      const text = textOf(page.body);
      assert.match(text, /Forecast for the next 8 weeks/);
      assert.match(page.body, /<svg[^>]*role="img"/);
      assert.match(text, /1 case closing: 18th birthday/);
      assert.match(text, /No worker is forecast to go over the red level of 110% within 4 weeks/);
      assert.doesNotMatch(page.body, /Secretname/);
      for (const childId of Object.values(w.children).flat()) assert.ok(!page.body.includes(childId), `${user}: no child id on the team page`);
    }
  });

  test('the worker page shows their forecast with the figures behind it', async () => {
    const page = await (await as('tmA')).get(`/caseload/workers/${w.users.workerA.id}`);
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Forecast for the next 8 weeks/);
    assert.match(text, /The forecast, week by week, and what changes/);
    assert.match(text, /1 case closing: 18th birthday/);
  });
});
