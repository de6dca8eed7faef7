import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { TEST_TODAY } from '../../../test/support/environment.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';

describeEachEngine('team and service pages', (use) => {
  const t = appForSuite(use);
  let db: Db;
  const teams = { north: '', east: '', south: '' };
  let serviceId = '';
  const users: Record<string, string> = {};
  const children: Record<string, string> = {};

  before(async () => {
    db = use().db;
    const north = await createTeam(db, 'Team North');
    serviceId = north.serviceId;
    const east = await db.insertInto('teams').values({ service_id: serviceId, name: 'Team East' }).returning('id').executeTakeFirstOrThrow();
    const south = await createTeam(db, 'Team South');
    Object.assign(teams, { north: north.teamId, east: east.id, south: south.teamId });

    const add = async (key: string, role: Role, teamId: string | null, name: string, service: string | null = null) => {
      users[key] = await createUser(db, { email: `${key}@teams.example`, role, teamId, serviceId: service, name });
    };
    await add('northManager', 'team_manager', teams.north, 'Nora North');
    await add('northSupervisor', 'practice_supervisor', teams.north, 'Pat Practice');
    await add('serviceManager', 'service_manager', null, 'Sam Service', serviceId);
    await add('southManager', 'team_manager', teams.south, 'Sol South');
    await add('head', 'head_of_service', null, 'Hal Head');
    await add('analyst', 'performance_analyst', null, 'Ana Analyst');
    await add('amy', 'social_worker', teams.north, 'Amy Ash');
    await add('ben', 'social_worker', teams.north, 'Ben Birch');
    await add('eve', 'social_worker', teams.east, 'Eve Elm');
    await add('sue', 'social_worker', teams.south, 'Sue Spruce');

    let serial = 0;
    const child = async (key: string, surname: string, leads: [string | null, string, string, string | null, string | null][], extra: { restricted?: boolean } = {}) => {
      serial += 1;
      const row = await db
        .insertInto('people')
        .values({
          is_child: true,
          la_child_id: `TMS${serial}`,
          forename: 'Kid',
          surname,
          date_of_birth: '2016-11-24',
          restricted: extra.restricted ?? false,
          restriction_reason: extra.restricted ? 'Adoption' : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      children[key] = row.id;
      for (const [worker, team, start, end, reason] of leads) {
        await db
          .insertInto('allocations')
          .values({ child_id: row.id, role: 'lead', team_id: team, worker_id: worker, start_date: start, end_date: end, end_reason: reason })
          .execute();
      }
    };
    await child('c1', 'Applewood', [[users.amy!, teams.north, '2026-01-01', null, null]]);
    await child('c2', 'Blackthorn', [[users.ben!, teams.north, '2025-10-01', null, null]]);
    await child('c4', 'Cherrytree', [
      [users.eve!, teams.east, '2025-12-01', '2026-03-01', 'TSPROC'],
      [users.amy!, teams.north, '2026-03-01', '2026-08-01', 'LEFTRL'],
      [users.ben!, teams.north, '2026-08-01', null, null],
    ]);
    await child('q1', 'Queueton', [[null, teams.north, '2026-11-03', null, null]]);
    await child('q2', 'Waitley', [[null, teams.north, '2026-11-18', null, null]]);
    await child('q3', 'Hiddenhurst', [[null, teams.north, '2026-10-24', null, null]], { restricted: true });
    await child('e1', 'Eastwood', [[users.eve!, teams.east, '2026-06-01', null, null]]);
    await child('s1', 'Southgate', [[users.sue!, teams.south, '2026-02-01', null, null]]);
    await db
      .insertInto('care_episodes')
      .values({ child_id: children.c1!, start_date: '2026-01-01', reason_new_episode: 'S', legal_status: 'C2', primary_need: 'N1', placement_type: 'U4' })
      .execute();
    await db.insertInto('referrals').values({ child_id: children.c2!, referral_date: '2025-09-20', source: '1A' }).execute();
  });

  const signedInAs = async (key: string) => signedIn(t.app, `${key}@teams.example`);

  test('the unallocated queue: longest wait first, days counted from the clock, restricted records counted but not named', async () => {
    const manager = await signedInAs('northManager');
    const page = await manager.get(`/teams/${teams.north}/unallocated`);
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /3 children are waiting for a social worker; the longest has waited 30 days/);
    assert.match(text, /Kid Queueton TMS4 9 Case closed 3 November 2026 20 Allocate/);
    assert.match(text, /Kid Waitley TMS5 9 Case closed 18 November 2026 5 Allocate/);
    assert.ok(text.indexOf('Queueton') < text.indexOf('Waitley'), 'longest wait first');
    assert.doesNotMatch(page.body, /Hiddenhurst/);
    assert.match(page.body, new RegExp(`href="/children/${children.q1}/allocations/change\\?role=lead"`));

    t.clock.set('2026-11-30T09:00:00Z');
    try {
      // A week on, the old session has ended: sign in again.
      const later = textOf((await (await signedInAs('northManager')).get(`/teams/${teams.north}/unallocated`)).body);
      assert.match(later, /the longest has waited 37 days/);
      assert.match(later, /Kid Queueton .* 27 Allocate/);
    } finally {
      t.clock.set(`${TEST_TODAY}T09:00:00Z`);
    }
  });

  test("the team's children: worker, status and time with the worker, counts per worker, and filters", async () => {
    const supervisor = await signedInAs('northSupervisor');
    const page = await supervisor.get(`/teams/${teams.north}/children`);
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /The team holds 6 children; 3 waiting in the unallocated queue/);
    assert.match(text, /Amy Ash Social worker 1 0 0/);
    assert.match(text, /Ben Birch Social worker 2 0 0/);
    assert.match(text, /Unallocated queue 3/);
    assert.match(text, /5 children/, 'every child the supervisor may open, not the restricted one');
    assert.match(text, /Kid Applewood TMS1 9 Looked after Amy Ash 10 months/); // 326 days
    assert.match(text, /Kid Blackthorn TMS2 9 Child in need Ben Birch 1 year 1 month/); // 418 days
    assert.match(text, /Kid Cherrytree TMS3 \d+ Case closed Ben Birch 3 months/); // 114 days
    assert.doesNotMatch(page.body, /Hiddenhurst|Eastwood|Southgate/);

    const byWorker = textOf((await supervisor.get(`/teams/${teams.north}/children?worker=${users.amy}`)).body);
    assert.match(byWorker, /1 child matching the filters/);
    assert.match(byWorker, /Applewood/);
    assert.doesNotMatch(byWorker, /Blackthorn|Queueton/);
    const byStatus = textOf((await supervisor.get(`/teams/${teams.north}/children?status=child_in_need`)).body);
    assert.match(byStatus, /1 child matching the filters/);
    assert.match(byStatus, /Blackthorn/);
    const queued = textOf((await supervisor.get(`/teams/${teams.north}/children?worker=unallocated`)).body);
    assert.match(queued, /2 children matching the filters/);
    assert.match(queued, /Queueton.*Waitley/);
  });

  test("a manager of another team gets 404 for the team's pages, audited; a social worker gets 403", async () => {
    const south = await signedInAs('southManager');
    for (const url of [`/teams/${teams.north}/children`, `/teams/${teams.north}/unallocated`, `/continuity?team=${teams.north}`, `/continuity?service=${serviceId}`, '/teams/not-a-team/children']) {
      const response = await south.get(url);
      assert.equal(response.statusCode, 404, url);
      assert.doesNotMatch(response.body, /Applewood|Queueton/);
    }
    const denied = await db.selectFrom('audit_events').select('action').where('actor_user_id', '=', users.southManager!).where('outcome', '=', 'denied').execute();
    assert.equal(denied.length, 5);
    const worker = await signedInAs('amy');
    assert.equal((await worker.get(`/teams/${teams.north}/children`)).statusCode, 403);
    assert.equal((await worker.get('/teams')).statusCode, 403);
    assert.equal((await worker.get('/continuity')).statusCode, 403);
  });

  test("the service manager's teams: children, unallocated, longest wait and average time with the worker, for their service only", async () => {
    const manager = await signedInAs('serviceManager');
    const page = await manager.get('/teams');
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    // North: 6 children, 3 waiting (longest 30 days); average of 326, 418 and 114 days = 286 days.
    assert.match(text, /Team North 6 3 unallocated in Team North 30 days 9 months/);
    assert.match(text, /Team East 1 0 – 5 months/); // Eve since 1 June: 175 days
    assert.doesNotMatch(text, /Team South/);
    assert.equal((await manager.get(`/teams/${teams.east}/children`)).statusCode, 200);
    assert.equal((await manager.get(`/teams/${teams.south}/children`)).statusCode, 404);

    const teamManager = await signedInAs('northManager');
    const landing = await teamManager.get('/teams');
    assert.equal(landing.statusCode, 302);
    assert.equal(landing.headers.location, `/teams/${teams.north}/children`);
  });

  test('continuity for a team from a hand-made history, with children named only for those who may open them', async () => {
    const manager = await signedInAs('northManager');
    const page = await manager.get('/continuity');
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Continuity of social worker: Team North/);
    assert.match(text, /Children 6 \(3 with a social worker, 3 unallocated\)/);
    // Only Blackthorn was first allocated a year or more ago, and kept Ben throughout.
    assert.match(text, /Kept their social worker for 12 months or more 100%: 1 of the 1 allocated children/);
    assert.match(text, /Children with 3 or more social workers in the last 12 months 1/);
    assert.match(text, /Changes of social worker in the last 12 months 2/);
    assert.match(text, /Under 3 months 0 0% 3 to 6 months 1 33% 6 to 12 months 1 33% 1 to 2 years 1 33% 2 years or more 0 0%/);
    assert.match(text, /Transfer between teams as part of the usual process.* 1/);
    assert.match(text, /Social worker left the role or the local authority 1/);
    assert.match(text, /Kid Cherrytree TMS3 3/, 'the team manager may open the record, so the child is named');

    const head = await signedInAs('head');
    const headView = await head.get(`/continuity?team=${teams.north}`);
    assert.equal(headView.statusCode, 200);
    assert.match(textOf(headView.body), /Children with 3 or more social workers in the last 12 months 1/);
    assert.doesNotMatch(headView.body, /Cherrytree|Applewood|Queueton/, 'aggregates only for a head of service');
  });

  test('continuity for the service and the council: each part broken down, no names for an analyst', async () => {
    const service = textOf((await (await signedInAs('serviceManager')).get('/continuity')).body);
    assert.match(service, /Continuity of social worker: Team North service/);
    assert.match(service, /Children 7 \(4 with a social worker, 3 unallocated\)/);
    assert.match(service, /Team East 1 0 – 0 0 Team North 6 3 100% 1 2/);

    const analyst = await signedInAs('analyst');
    const council = await analyst.get('/continuity');
    assert.equal(council.statusCode, 200);
    const text = textOf(council.body);
    assert.match(text, /Continuity of social worker: the council/);
    assert.match(text, /Children 8 \(5 with a social worker, 3 unallocated\)/);
    assert.match(text, /Team North service 7 3 100% 1 2 Team South service 1 0 – 0 0/);
    assert.doesNotMatch(council.body, /Cherrytree|Applewood|Southgate/);
  });
});
