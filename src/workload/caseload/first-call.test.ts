import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, Agent, signedIn, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createUser } from '../../../test/support/users.ts';
import type { KyselyPlugin } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { dueAcrossCouncil } from '../../timescales/index.ts';
import { teamPage } from './pages.ts';
import { figuresFor } from './service.ts';
import { addChild, allocate } from '../../../test/support/caseload-world.ts';

/**
 * Overdue work and supervision on the caseload pages, on a team worked by
 * hand (today is Monday 23 November 2026; default weighting and levels):
 *
 *   East team, East service. Line manager of everyone: the team manager.
 *   Fay First, FTE 0.2 (20 available points): two children on child
 *     protection plans since 1 February at tier 3 (10.5 points each), never
 *     visited = 21 of 20 = 105%, over amber. One child is restricted and named
 *     only to Fay. Each child has an overdue visit and three other overdue
 *     items (assessment, core group, review conference): 2 visits, 6 other.
 *     The manager's first call. Supervised 10 November: due 10 December.
 *   Gus Green, FTE 0.2: four children in need at tier 3 referred a week ago
 *     and decided that day (6 points each) = 24 of 20 = 120%, over red,
 *     nothing overdue yet.
 *     Supervised 10 November.
 *   Hal Hope, FTE 1: one child in need referred (and decided) a week ago, 4%. Last
 *     supervised 1 September: due 1 October, overdue.
 *   West team, West service: another team manager, for the refusals.
 */
interface World {
  teams: { east: string; west: string };
  services: { east: string; west: string };
  users: Record<'head' | 'analyst' | 'admin' | 'smEast' | 'tmEast' | 'tmWest' | 'fay' | 'gus' | 'hal', { id: string; email: string }>;
  restrictedSurname: string;
}

async function buildWorld(db: Db): Promise<World> {
  const directorate = await db.insertInto('directorates').values({ name: "Children's Services" }).returning('id').executeTakeFirstOrThrow();
  const service = async (name: string) => (await db.insertInto('services').values({ directorate_id: directorate.id, name }).returning('id').executeTakeFirstOrThrow()).id;
  const services = { east: await service('East service'), west: await service('West service') };
  const team = async (name: string, serviceId: string) =>
    (await db.insertInto('teams').values({ name, service_id: serviceId, base_postcode: 'BN21 4AB' }).returning('id').executeTakeFirstOrThrow()).id;
  const teams = { east: await team('East', services.east), west: await team('West', services.west) };
  const users = {} as World['users'];
  const add = async (key: keyof World['users'], role: Role, place: { teamId?: string; serviceId?: string; lineManager?: keyof World['users']; name?: string } = {}) => {
    const email = `${key.toLowerCase()}@first-call.example`;
    const id = await createUser(db, {
      email,
      role,
      name: place.name ?? `Person ${key}`,
      teamId: place.teamId ?? null,
      serviceId: place.serviceId ?? null,
      lineManagerId: place.lineManager ? users[place.lineManager].id : null,
      qualifiedOn: role === 'social_worker' ? '2015-07-01' : null,
    });
    users[key] = { id, email };
  };
  await add('head', 'head_of_service');
  await add('analyst', 'performance_analyst');
  await add('admin', 'system_admin');
  await add('smEast', 'service_manager', { serviceId: services.east, lineManager: 'head' });
  await add('tmEast', 'team_manager', { teamId: teams.east, lineManager: 'smEast' });
  await add('tmWest', 'team_manager', { teamId: teams.west });
  await add('fay', 'social_worker', { teamId: teams.east, lineManager: 'tmEast', name: 'Fay First' });
  await add('gus', 'social_worker', { teamId: teams.east, lineManager: 'tmEast', name: 'Gus Green' });
  await add('hal', 'social_worker', { teamId: teams.east, lineManager: 'tmEast', name: 'Hal Hope' });
  await db.updateTable('users').set({ fte: 0.2 }).where('id', 'in', [users.fay.id, users.gus.id]).execute();

  const restrictedSurname = 'Hiddenfirstcall';
  const fayChildren = [await addChild(db, 'Fchild', 'cp', { tier: 3 }), await addChild(db, restrictedSurname, 'cp', { tier: 3, restricted: true })];
  for (const child of fayChildren) await allocate(db, child, teams.east, users.fay.id);
  await db.insertInto('restricted_access').values({ child_id: fayChildren[1]!, user_id: users.fay.id }).execute();
  const referred: string[] = [];
  for (let n = 1; n <= 4; n++) {
    referred.push(await addChild(db, `Gchild${n}`, 'cin', { tier: 3, referralDate: '2026-11-16' }));
    await allocate(db, referred.at(-1)!, teams.east, users.gus.id);
  }
  referred.push(await addChild(db, 'Hchild', 'cin', { referralDate: '2026-11-16' }));
  await allocate(db, referred.at(-1)!, teams.east, users.hal.id);
  // Each referral was decided the day it came in.
  await db
    .insertInto('case_events')
    .values(referred.map((child_id) => ({ child_id, kind: 'referral_decision' as const, event_date: '2026-11-16', recorded_by: users.tmEast.id, recorded_at: new Date('2026-11-16T15:00:00Z') })))
    .execute();

  const supervised = async (worker: keyof World['users'], heldOn: string) =>
    db
      .insertInto('supervisions')
      .values({
        worker_id: users[worker].id,
        supervisor_id: users.tmEast.id,
        held_on: heldOn,
        kind: 'reflective',
        wellbeing: 'well',
        workload_discussed: false,
        summary: 'Reflective supervision.',
        recorded_by: users.tmEast.id,
        recorded_at: new Date(`${heldOn}T15:00:00Z`),
      })
      .execute();
  await supervised('fay', '2026-11-10');
  await supervised('gus', '2026-11-10');
  await supervised('hal', '2026-09-01');
  return { teams, services, users, restrictedSurname };
}

describeEachEngine('caseload pages: overdue work and supervision beside capacity', (use) => {
  const t = appForSuite(use);
  let w: World;
  const agents = new Map<keyof World['users'], Agent>();

  before(async () => {
    w = await buildWorld(use().db);
  });

  async function as(user: keyof World['users']): Promise<Agent> {
    let agent = agents.get(user);
    if (!agent) {
      agent = await signedIn(t.app, w.users[user].email);
      agents.set(user, agent);
    }
    return agent;
  }
  const teamUrl = () => `/caseload/teams/${w.teams.east}`;
  /** The text of one worker's row of the team page's table. */
  const rowOf = (body: string, name: string) => {
    const row = body.split('<tr class="govuk-table__row">').find((r) => r.includes(`>${name}</a>`));
    assert.ok(row, `a row for ${name}`);
    return textOf(row);
  };

  test('the team page shows each worker’s overdue work beside capacity, the first call, and supervision', async () => {
    const page = await (await as('tmEast')).get(teamUrl());
    assert.equal(page.statusCode, 200);
    const fay = rowOf(page.body, 'Fay First');
    assert.match(fay, /First call/);
    assert.match(fay, /105% Over amber level/);
    assert.match(fay, /2 visits, 6 other Work due for Fay First/, 'the restricted child’s overdue work counts');
    assert.match(fay, /On track Last 10 November 2026 Due 10 December 2026/);
    assert.match(page.body, new RegExp(`href="/work/teams/${w.teams.east}\\?worker=${w.users.fay.id}&amp;status=overdue"`));
    assert.doesNotMatch(page.body, new RegExp(w.restrictedSurname), 'never named');

    const gus = rowOf(page.body, 'Gus Green');
    assert.match(gus, /120% Over red level/);
    assert.match(gus, /0 visits, 0 other/);
    assert.doesNotMatch(gus, /First call/, 'over amber with nothing overdue is not the first call');

    const hal = rowOf(page.body, 'Hal Hope');
    assert.match(hal, /4% Under floor/);
    assert.match(hal, /Overdue Last 1 September 2026 Was due 1 October 2026/);
    assert.doesNotMatch(hal, /First call/);

    const text = textOf(page.body);
    assert.match(text, /Overdue work 2 visits and 6 other items/);
    assert.match(text, /First call 1 worker with overdue visits and capacity over 100%/);
    assert.match(text, /Supervision overdue 1 worker/);
  });

  test('the work due page agrees on the first call', async () => {
    const page = await (await as('tmEast')).get(`/work/teams/${w.teams.east}`);
    assert.equal(page.statusCode, 200);
    assert.match(rowOf(page.body, 'Fay First'), /First call/);
  });

  test('the service and council pages count overdue work, first calls and overdue supervision per team and service', async () => {
    // Case holders Fay, Gus, Hal: 1.4 FTE, 7 children (5 per FTE); bands 1 0 1 1; no variances; 2 visits, 6 other; 1 first call; 1 supervision overdue.
    const service = await (await as('smEast')).get(`/caseload/services/${w.services.east}`);
    assert.equal(service.statusCode, 200);
    assert.match(textOf(service.body), /East 3 \(1\.4\) 7 5 1 0 1 1 0 0 2 6 1 1/);
    assert.match(textOf(service.body), /First call 1 worker/);
    const council = textOf((await (await as('head')).get('/caseload')).body);
    assert.match(council, /East service 3 \(1\.4\) 7 5 1 0 1 1 0 0 2 6 1 1/);
    assert.match(council, /West service 0 \(0\) 0 – 0 0 0 0 0 0 0 0 0 0/);
    assert.match(council, /Supervision overdue 1 worker/);
  });

  test('a worker’s page shows their overdue work and links to it', async () => {
    const manager = textOf((await (await as('tmEast')).get(`/caseload/workers/${w.users.fay.id}`)).body);
    assert.match(manager, /2 overdue visits and 6 other overdue items on the children they lead\. First call/);
    assert.match(manager, /Work due for Fay First/);
    const own = await (await as('fay')).get(`/caseload/workers/${w.users.fay.id}`);
    assert.match(textOf(own.body), /on the children you lead/);
    assert.match(own.body, /href="\/work">Your work due/);
    const gus = textOf((await (await as('tmEast')).get(`/caseload/workers/${w.users.gus.id}`)).body);
    assert.match(gus, /0 overdue visits and 0 other overdue items/);
    assert.doesNotMatch(gus, /First call/);
  });

  test('analysts see the counts but not a worker’s supervision dates', async () => {
    const page = await (await as('analyst')).get(teamUrl());
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Supervision overdue 1 worker/);
    assert.match(rowOf(page.body, 'Fay First'), /First call/);
    assert.doesNotMatch(text, /1 September 2026/);
    assert.doesNotMatch(page.body, /scope="col" class="govuk-table__header">Supervision</);
  });

  test('the refusals still hold', async () => {
    const status = async (user: keyof World['users'], url: string) => (await (await as(user)).get(url)).statusCode;
    assert.equal(await status('tmWest', teamUrl()), 404);
    assert.equal(await status('fay', teamUrl()), 404);
    assert.equal(await status('tmEast', `/caseload/services/${w.services.east}`), 404);
    assert.equal(await status('tmWest', `/caseload/workers/${w.users.fay.id}`), 404);
    assert.equal(await status('gus', `/caseload/workers/${w.users.fay.id}`), 404);
    assert.equal(await status('admin', teamUrl()), 403);
    assert.equal(await status('admin', '/caseload'), 403);
  });

  test('a team page makes as many queries for a team of twelve as for a team of four', async () => {
    const db = use().db;
    const queriesFor = async (teamId: string) => {
      let queries = 0;
      const counter: KyselyPlugin = {
        transformQuery: (args) => {
          queries += 1;
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      const head = { id: w.users.head.id, role: 'head_of_service' as const, teamId: null, serviceId: null };
      await teamPage(db.withPlugin(counter), head, teamId, '2026-11-23', new Date('2026-11-23T09:00:00Z'));
      return queries;
    };
    const big = (await db.insertInto('teams').values({ name: 'Large', service_id: w.services.west, base_postcode: 'BN21 4AB' }).returning('id').executeTakeFirstOrThrow()).id;
    for (let n = 1; n <= 12; n++) {
      const worker = await createUser(db, { email: `large${n}@first-call.example`, role: 'social_worker', teamId: big, qualifiedOn: '2015-07-01' });
      await allocate(db, await addChild(db, `Lchild${n}`, n % 2 ? 'cp' : 'cin'), big, worker);
    }
    // Each team's children and workers worked out for the day first (the nightly jobs' work), so both are counted as a
    // manager finds them, whatever earlier tests left stored.
    await dueAcrossCouncil(db, '2026-11-23');
    await figuresFor(db, {}, '2026-11-23');
    const east = await queriesFor(w.teams.east);
    assert.ok(east > 5, `the counter sees the page's queries (${east})`);
    assert.equal(await queriesFor(big), east);
  });
});
