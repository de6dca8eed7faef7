import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';

// TEST_TODAY is Monday 23 November 2026.
// A care leaver of 19 has no lead social worker any more: their personal
// adviser leads the case, so their overdue work must reach the adviser, the
// leaving care team, its service and the council on every page that counts it.
describeEachEngine('work due: a care leaver’s overdue work is counted for whoever leads the case', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let leavingCare: string;
  let service: string;
  let adviser: Agent;
  let manager: Agent;
  let serviceManager: Agent;
  let head: Agent;
  let youngPerson: string;
  let adviserId: string;

  before(async () => {
    ({ teamId: leavingCare, serviceId: service } = await createTeam(db(), 'Leaving Care East'));
    const { teamId: children } = await createTeam(db(), 'Children in Care East');
    const socialWorker = await createUser(db(), { email: 'clw-sw@example.org', role: 'social_worker', teamId: children, name: 'Sol Worker' });
    adviserId = await createUser(db(), { email: 'clw-pa@example.org', role: 'personal_adviser', teamId: leavingCare, name: 'Ada Adviser' });
    await createUser(db(), { email: 'clw-tm@example.org', role: 'team_manager', teamId: leavingCare, name: 'Tess Manager' });
    await createUser(db(), { email: 'clw-sm@example.org', role: 'service_manager', serviceId: service, name: 'Seb Service' });
    await createUser(db(), { email: 'clw-hos@example.org', role: 'head_of_service', name: 'Hana Head' });
    adviser = await signedIn(t.app, 'clw-pa@example.org');
    manager = await signedIn(t.app, 'clw-tm@example.org');
    serviceManager = await signedIn(t.app, 'clw-sm@example.org');
    head = await signedIn(t.app, 'clw-hos@example.org');

    youngPerson = (
      await db()
        .insertInto('people')
        .values({ is_child: true, la_child_id: 'CLW001', forename: 'Rory', surname: 'Leftcare', date_of_birth: '2007-05-02', sex: 'M' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    // In care from 13 to 18; the social worker's allocation ended on the 18th birthday, the adviser's began at 17.
    await db()
      .insertInto('care_episodes')
      .values({ child_id: youngPerson, start_date: '2020-09-07', end_date: '2025-05-02', reason_ceased: 'E17', reason_new_episode: 'S', legal_status: 'C2', primary_need: 'N1', placement_type: 'U3', placement_provider: 'PR1', placement_postcode: 'BN21 4AB' })
      .execute();
    await db().insertInto('care_leavers').values({ child_id: youngPerson, category: 'former_relevant' }).execute();
    await db()
      .insertInto('allocations')
      .values([
        { child_id: youngPerson, role: 'lead', team_id: children, worker_id: socialWorker, start_date: '2020-09-07', end_date: '2025-05-02', end_reason: 'Case closed' },
        { child_id: youngPerson, role: 'personal_adviser', team_id: leavingCare, worker_id: adviserId, start_date: '2024-06-03' },
      ])
      .execute();
    await db()
      .insertInto('case_events')
      .values({ child_id: youngPerson, kind: 'needs_assessment', event_date: '2023-06-01', recorded_by: socialWorker, recorded_at: new Date('2023-06-01T12:00:00Z') })
      .execute();
    await db()
      .insertInto('visits')
      .values({ child_id: youngPerson, kind: 'personal_adviser', visit_date: '2026-08-20', visitor_id: adviserId, child_seen: true, seen_alone: true, note: 'Met at his flat.', recorded_by: adviserId, recorded_at: new Date('2026-08-20T15:00:00Z') })
      .execute();
  });

  test('the adviser’s own work due lists the care leaver’s overdue contact, and their caseload page counts it', async () => {
    const work = textOf((await adviser.get('/work')).body);
    assert.match(work, /Rory Leftcare\s+CLW001\s+Personal adviser contact/);
    assert.doesNotMatch(work, /Overdue \(0\)/);
    const caseload = textOf((await adviser.get(`/caseload/workers/${adviserId}`)).body);
    assert.match(caseload, /Overdue work [1-9]\d* overdue visits? and \d+ other overdue items? on the children you lead/);
  });

  test('the care leaver’s record names the adviser as the one who leads the case', async () => {
    const summary = textOf((await adviser.get(`/children/${youngPerson}`)).body);
    assert.match(summary, /Personal adviser Ada Adviser \(Leaving Care East\)/);
  });

  test('the record shows what the care history says beside the category recorded, and warns when they differ', async () => {
    const timeline = textOf((await adviser.get(`/children/${youngPerson}/timeline`)).body);
    assert.match(timeline, /From the care history: Former relevant \(an eligible child from 2 May 2023, 18 on 2 May 2025\)/);
    assert.doesNotMatch(timeline, /differs from what the care history shows/);
    await db().updateTable('care_leavers').set({ category: 'qualifying' }).where('child_id', '=', youngPerson).execute();
    const differing = textOf((await adviser.get(`/children/${youngPerson}/timeline`)).body);
    assert.match(differing, /The category recorded differs from what the care history shows/);
    await db().updateTable('care_leavers').set({ category: 'former_relevant' }).where('child_id', '=', youngPerson).execute();
  });

  test('an eligible child with no personal adviser allocated is flagged on the record until one is (Children Act 1989 Sch 2 para 19C)', async () => {
    const worker = await db().selectFrom('users').select(['id', 'team_id']).where('email', '=', 'clw-sw@example.org').executeTakeFirstOrThrow();
    const eligible = (
      await db()
        .insertInto('people')
        .values({ is_child: true, la_child_id: 'CLW002', forename: 'Nell', surname: 'Stillincare', date_of_birth: '2009-06-01', sex: 'F' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await db()
      .insertInto('care_episodes')
      .values({ child_id: eligible, start_date: '2021-02-01', reason_new_episode: 'S', legal_status: 'C2', primary_need: 'N1', placement_type: 'U3', placement_provider: 'PR1', placement_postcode: 'BN21 4AB' })
      .execute();
    await db().insertInto('allocations').values({ child_id: eligible, role: 'lead', team_id: worker.team_id!, worker_id: worker.id, start_date: '2021-02-01' }).execute();
    const socialWorker = await signedIn(t.app, 'clw-sw@example.org');
    const unallocated = textOf((await socialWorker.get(`/children/${eligible}/timeline`)).body);
    assert.match(unallocated, /From the care history: Eligible \(looked after for 13 weeks since turning 14, from 1 June 2025\)/);
    assert.match(unallocated, /No personal adviser is allocated/);
    await db().insertInto('allocations').values({ child_id: eligible, role: 'personal_adviser', team_id: leavingCare, worker_id: adviserId, start_date: '2026-11-02' }).execute();
    assert.doesNotMatch(textOf((await socialWorker.get(`/children/${eligible}/timeline`)).body), /No personal adviser is allocated/);
  });

  test('the leaving care team, its service and the council count it as overdue', async () => {
    const team = textOf((await manager.get(`/work/teams/${leavingCare}?status=overdue`)).body);
    assert.match(team, /Personal adviser contact\s+[1-9]/);
    assert.match(team, /Rory Leftcare/);
    const byTeam = textOf((await serviceManager.get(`/work/services/${service}`)).body);
    assert.match(byTeam, /Leaving Care East\s+[1-9]/);
    const council = textOf((await head.get('/work/council')).body);
    assert.doesNotMatch(council, /In all: 0 overdue/);
    assert.match(council, /In all: [1-9]\d* overdue/);
  });

  test('the team’s caseload page counts the care leaver’s overdue work against the adviser', async () => {
    const caseload = textOf((await manager.get(`/caseload/teams/${leavingCare}`)).body);
    assert.match(caseload, /Overdue work [1-9]\d* visits? and \d+ other items? – work due here/);
    assert.match(caseload, /Ada Adviser Personal adviser [\d ()]+ of 100 \d+% Under floor 0 [1-9]\d* visits?, \d+ other/);
  });

  test('the timeliness measures count the adviser’s contact for the leaving care team, which led the case when it fell due', async () => {
    const page = textOf((await manager.get('/work/timeliness')).body);
    // Seen on 20 August, so contact fell due again on 20 October and was missed.
    assert.match(page, /2026-09 0 0 0 0 0 0 \d+ \d+ 2026-10 1 0 /);
  });

  test('a move on the address history brings the adviser’s next visit forward to within 7 days (Care Leavers (England) Regulations 2010 reg 8(2)(a))', async () => {
    await db()
      .insertInto('visits')
      .values({ child_id: youngPerson, kind: 'personal_adviser', visit_date: '2026-11-18', visitor_id: adviserId, child_seen: true, seen_alone: true, note: 'Talked about moving.', recorded_by: adviserId, recorded_at: new Date('2026-11-18T15:00:00Z') })
      .execute();
    assert.doesNotMatch(textOf((await adviser.get('/work')).body), /Personal adviser contact/, 'seen on 18 November: next due in January, beyond the 4 weeks shown');
    await db().insertInto('addresses').values({ person_id: youngPerson, line1: '4 Station Road', town: 'Lewes', postcode: 'BN7 2AA', start_date: '2026-11-20' }).execute();
    const work = textOf((await adviser.get('/work')).body);
    assert.match(work, /Due this week \(1\)[\s\S]*?Personal adviser contact\s+Personal adviser visits within 7 days of the young person moving to new accommodation[\s\S]*?27 November 2026/);
  });
});
