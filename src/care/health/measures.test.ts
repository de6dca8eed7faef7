import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Db } from '../../db/database.ts';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';

// TEST_TODAY is Monday 23 November 2026: the latest year ended is the year to
// 31 March 2026, and the OC2 cohort for it is the children looked after from
// 1 April 2025 or before and still on 31 March 2026.

async function child(db: Db, v: { surname: string; birth: string; since: string; teamId: string; workerId: string | null; restricted?: boolean; legal?: string }) {
  const row = await db
    .insertInto('people')
    .values({
      is_child: true,
      la_child_id: `CH-${v.surname}`,
      forename: 'Kit',
      surname: v.surname,
      date_of_birth: v.birth,
      sex: 'M',
      restricted: v.restricted ?? false,
      restriction_reason: v.restricted ? 'A relative of a member of staff' : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('care_episodes')
    .values({ child_id: row.id, start_date: v.since, reason_new_episode: 'S', legal_status: v.legal ?? 'C2', primary_need: 'N1', placement_type: 'U4', placement_postcode: 'BN21 4AB' })
    .execute();
  await db.insertInto('allocations').values({ child_id: row.id, role: 'lead', team_id: v.teamId, worker_id: v.workerId, start_date: v.since }).execute();
  return row.id;
}

async function year(db: Db, childId: string, recordedBy: string, v: Partial<{ sdq_score: number | null; sdq_reason: 'SDQ1' | 'SDQ2' | null; health_assessment: boolean; immunisations: boolean; teeth_check: boolean; health_check: boolean | null; substance_misuse: boolean; intervention_received: boolean | null; intervention_offered: boolean | null; convicted: boolean }>) {
  await db
    .insertInto('care_health_years')
    .values({
      child_id: childId,
      year_ending: '2026-03-31',
      sdq_score: null,
      sdq_reason: null,
      convicted: false,
      health_check: null,
      immunisations: true,
      teeth_check: true,
      health_assessment: true,
      substance_misuse: false,
      intervention_received: null,
      intervention_offered: null,
      recorded_by: recordedBy,
      recorded_at: new Date('2026-05-01T10:00:00Z'),
      ...v,
    })
    .execute();
}

describeEachEngine('health and wellbeing across the council (/care/health): the OC2 measures by team', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let manager: Agent;
  let head: Agent;
  let admin: Agent;
  let managerId: string;
  let hidden: string;

  before(async () => {
    const { teamId: east } = await createTeam(db(), 'Health East');
    const { teamId: west } = await createTeam(db(), 'Health West');
    const workerId = await createUser(db(), { email: 'chm-sw@example.org', role: 'social_worker', teamId: east, name: 'Cal Worker' });
    const westWorker = await createUser(db(), { email: 'chm-sw2@example.org', role: 'social_worker', teamId: west, name: 'Wyn Worker' });
    managerId = await createUser(db(), { email: 'chm-tm@example.org', role: 'team_manager', teamId: east, name: 'Tam Manager' });
    await createUser(db(), { email: 'chm-hos@example.org', role: 'head_of_service', name: 'Hal Head' });
    await createUser(db(), { email: 'chm-admin@example.org', role: 'system_admin', name: 'Ada Admin' });
    manager = await signedIn(t.app, 'chm-tm@example.org');
    head = await signedIn(t.app, 'chm-hos@example.org');
    admin = await signedIn(t.app, 'chm-admin@example.org');

    // East: a 12-year-old scoring 18, a 3-year-old with health checks and no teeth check, a 15-year-old
    // with substance misuse who received an intervention and was convicted, and one with no year recorded.
    const a = await child(db(), { surname: 'Able', birth: '2013-06-01', since: '2024-01-01', teamId: east, workerId });
    const b = await child(db(), { surname: 'Baby', birth: '2022-09-01', since: '2024-02-01', teamId: east, workerId });
    const c = await child(db(), { surname: 'Casey', birth: '2010-10-10', since: '2023-05-05', teamId: east, workerId });
    await child(db(), { surname: 'Dawdle', birth: '2012-01-01', since: '2025-01-01', teamId: east, workerId });
    // Not in the cohort: looked after from 2 April 2025 (a year stored anyway, from before the rule), and short breaks only.
    const late = await child(db(), { surname: 'Late', birth: '2012-01-01', since: '2025-04-02', teamId: east, workerId });
    await child(db(), { surname: 'Breaks', birth: '2012-01-01', since: '2020-01-01', teamId: east, workerId, legal: 'V3' });
    // Restricted, in the cohort, no year recorded: counted only for those named on it.
    hidden = await child(db(), { surname: 'Hidden', birth: '2012-01-01', since: '2020-01-01', teamId: east, workerId: null, restricted: true });
    // West: one child scoring 10, teeth not checked.
    const w = await child(db(), { surname: 'Westley', birth: '2014-03-03', since: '2021-01-01', teamId: west, workerId: westWorker });

    await year(db(), a, workerId, { sdq_score: 18 });
    await year(db(), b, workerId, { sdq_reason: 'SDQ1', health_check: true, teeth_check: false, immunisations: false });
    await year(db(), c, workerId, { sdq_score: 15, substance_misuse: true, intervention_received: true, intervention_offered: false, convicted: true, health_assessment: false });
    await year(db(), late, workerId, { sdq_score: 30 });
    await year(db(), w, westWorker, { sdq_score: 10, teeth_check: false });
  });

  test('a team manager: the team’s measures from the children in the cohort only, the council beside them, and the child with no year named', async () => {
    const page = await manager.get('/care/health');
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Year to 31 March 2026/);
    assert.match(text, /4 children in the cohort; 3 with the year recorded, 1 not yet/);
    // Of 3 recorded in East: 2 had the assessment, 2 immunised, 2 teeth; the council adds West's 1 (3 of 4, 3 of 4, 2 of 4).
    assert.match(text, /Annual health assessment 66\.7% 2 of 3 75% 3 of 4/);
    assert.match(text, /Immunisations up to date 66\.7% 2 of 3 75% 3 of 4/);
    assert.match(text, /Teeth checked by a dentist 66\.7% 2 of 3 50% 2 of 4/);
    assert.match(text, /Health checks up to date \(under 5\) 100% 1 of 1 100% 1 of 1/);
    // Aged 5 to 16 and recorded: Able (12) and Casey (15) both scored; the 3-year-old is not in the denominator.
    assert.match(text, /Strengths and difficulties score recorded \(aged 5 to 16\) 100% 2 of 2 100% 3 of 3/);
    assert.match(text, /Score 14 to 16: borderline \(of those scored\) 50% 1 of 2 33\.3% 1 of 3/);
    assert.match(text, /Score 17 or more: a cause for concern \(of those scored\) 50% 1 of 2 33\.3% 1 of 3/);
    assert.match(text, /Substance misuse problem identified 33\.3% 1 of 3 25% 1 of 4/);
    assert.match(text, /Of them, received an intervention 100% 1 of 1/);
    assert.match(text, /Convicted or given a youth caution \(aged 10 or over\) 50% 1 of 2 33\.3% 1 of 3/);
    assert.match(text, /Average strengths and difficulties score \(aged 5 to 16\) 16\.5 2 scored 14\.3 3 scored/);
    assert.match(text, /Kit Dawdle/);
    assert.doesNotMatch(text, /Kit Late|Kit Breaks|Kit Hidden|Kit Able/);
    const audit = await db().selectFrom('audit_events').select(['outcome', 'reason']).where('action', '=', 'care.health.view').where('actor_user_id', '=', managerId).execute();
    assert.deepEqual(audit, [{ outcome: 'allowed', reason: 'year to 31 March 2026: counts, and 1 children listed' }]);
  });

  test('a restricted child is neither counted nor named for someone without access; counted and named for someone named on it', async () => {
    const headText = textOf((await head.get('/care/health')).body);
    assert.match(headText, /5 children in the cohort; 4 with the year recorded, 1 not yet/);
    assert.doesNotMatch(headText, /Hidden/);
    await db().insertInto('restricted_access').values({ child_id: hidden, user_id: managerId, granted_by: null }).execute();
    try {
      const named = textOf((await manager.get('/care/health')).body);
      assert.match(named, /5 children in the cohort; 3 with the year recorded, 2 not yet/);
      assert.match(named, /Kit Hidden/);
      assert.equal(textOf((await head.get('/care/health')).body).match(/\d+ children in the cohort[^.]*/)?.[0], headText.match(/\d+ children in the cohort[^.]*/)?.[0]);
    } finally {
      await db().deleteFrom('restricted_access').where('child_id', '=', hidden).execute();
    }
  });

  test('a head of service sees each team and chooses an earlier year; a year not offered falls back to the latest', async () => {
    const text = textOf((await head.get('/care/health')).body);
    assert.match(text, /Health East Health East service 4 1 66\.7% 2 of 3/);
    assert.match(text, /Health West Health West service 1 0 100% 1 of 1/);
    const earlier = textOf((await head.get('/care/health?year=2025')).body);
    assert.match(earlier, /Year to 31 March 2025/);
    // At 31 March 2025: Able, Baby (from February 2024), Casey, Westley and Breaks-not; none recorded.
    assert.match(earlier, /4 children in the cohort; 0 with the year recorded, 4 not yet/);
    assert.match(textOf((await head.get('/care/health?year=1999')).body), /4 children in the cohort; 3 with|5 children in the cohort; 4 with/);
  });

  test('the figures download as CSV, counts and never names; a system administrator gets 403', async () => {
    const csv = await head.get('/care/health.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const lines = csv.body.trim().split(/\r?\n/);
    assert.equal(lines[0], 'year_ending,team,children_in_cohort,year_recorded,health_assessment,immunisations,teeth_checked,aged_under_5,health_checks_up_to_date,aged_5_to_16,sdq_score_recorded,sdq_average,sdq_14_to_16,sdq_17_or_more,substance_misuse,intervention_received,intervention_refused,aged_10_or_over,convicted_or_cautioned');
    assert.ok(lines.includes('2026-03-31,Health East,4,3,2,2,2,1,1,2,2,16.5,1,1,1,1,0,2,1'), csv.body);
    assert.ok(lines.includes('2026-03-31,The council,5,4,3,3,2,1,1,3,3,14.3,1,1,1,1,0,3,1'), csv.body);
    assert.doesNotMatch(csv.body, /Kit|Dawdle/);
    assert.equal((await admin.get('/care/health')).statusCode, 403);
    assert.equal((await admin.get('/care/health.csv')).statusCode, 403);
  });
});
