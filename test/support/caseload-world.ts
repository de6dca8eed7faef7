import type { Db } from '../../src/db/database.ts';
import type { Role } from '../../src/db/schema.ts';
import type { FastifyInstance } from 'fastify';
import { before } from 'node:test';
import { Agent, appForSuite, type TestApp } from './app.ts';
import type { TestDatabase } from './databases.ts';
import { createUser, TEST_PASSWORD } from './users.ts';

/**
 * A small council for the caseload and variance route tests, with figures
 * that can be worked out by hand (default weighting: CIN 4, CP 7, looked
 * after 6 points; complexity tier 3 × 1.5).
 *
 *   North service: North A (team manager, practice supervisor, workers A, B,
 *   C, R) and North B (team manager, worker D). South service: South (team
 *   manager, worker E). A head of service, an analyst and an administrator.
 *
 *   A: FTE 1, CP + looked after + CIN + a restricted CIN child named only to
 *      A = 21 points, 4 children, 21%.
 *   B: FTE 0.5, CIN + looked after = 10 points of 50, 2 children, 20%.
 *   C: ASYE (qualified 2026-09-01: 60%), one CP case as lead = 7 of 60, 11.7%.
 *   R: FTE 1, nine CP cases at tier 3 = 94.5 points, 9 children, 94.5%.
 *   Practice supervisor: no cases, 0% of 50. Team manager: no cases, not measured.
 *   North A: 4 case holders, 3.5 FTE, 16 children, 4.6 per FTE.
 */
export interface CaseloadWorld {
  services: { north: string; south: string };
  teams: { northA: string; northB: string; south: string };
  users: Record<WorldUser, { id: string; email: string }>;
  children: { cp: string; cla: string; cin: string; restricted: string; bCin: string; bCla: string; cCp: string; r: string[]; dCin: string };
  surnames: { cp: string; cla: string; cin: string; restricted: string };
}

export type WorldUser =
  | 'head'
  | 'analyst'
  | 'admin'
  | 'smNorth'
  | 'smSouth'
  | 'tmA'
  | 'psA'
  | 'tmB'
  | 'tmSouth'
  | 'workerA'
  | 'workerB'
  | 'workerC'
  | 'workerR'
  | 'workerD'
  | 'workerE';

let serial = 0;

export async function addChild(
  db: Db,
  surname: string,
  status: 'cin' | 'cp' | 'cla',
  options: { restricted?: boolean; tier?: 1 | 2 | 3; referralDate?: string } = {},
): Promise<string> {
  serial += 1;
  const child = await db
    .insertInto('people')
    .values({
      is_child: true,
      la_child_id: `CW${String(serial).padStart(5, '0')}`,
      forename: 'Kit',
      surname,
      date_of_birth: '2016-01-01',
      restricted: options.restricted ?? false,
      restriction_reason: options.restricted ? 'Adoption' : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('referrals').values({ child_id: child.id, referral_date: options.referralDate ?? '2026-01-05', source: '1A', primary_need: 'N1' }).execute();
  if (status === 'cp') {
    await db.insertInto('cp_plans').values({ child_id: child.id, start_date: '2026-02-01', initial_category: 'NEG', latest_category: 'NEG' }).execute();
  }
  if (status === 'cla') {
    await db
      .insertInto('care_episodes')
      .values({
        child_id: child.id,
        start_date: '2026-03-01',
        reason_new_episode: 'S',
        legal_status: 'C2',
        primary_need: 'N1',
        placement_type: 'U4',
        placement_postcode: 'BN21 4AB',
        placement_out_of_area: false,
      })
      .execute();
  }
  if (options.tier && options.tier !== 1) {
    await db.insertInto('case_factors').values({ child_id: child.id, complexity_tier: options.tier }).execute();
  }
  return child.id;
}

export async function allocate(db: Db, childId: string, teamId: string, workerId: string, role: 'lead' | 'co_worker' | 'personal_adviser' = 'lead') {
  await db.insertInto('allocations').values({ child_id: childId, role, team_id: teamId, worker_id: workerId, start_date: '2026-06-01' }).execute();
}

export async function buildCaseloadWorld(db: Db): Promise<CaseloadWorld> {
  const directorate =
    (await db.selectFrom('directorates').select('id').executeTakeFirst()) ??
    (await db.insertInto('directorates').values({ name: "Children's Services" }).returning('id').executeTakeFirstOrThrow());
  const service = async (name: string) =>
    (await db.insertInto('services').values({ directorate_id: directorate.id, name }).returning('id').executeTakeFirstOrThrow()).id;
  const services = { north: await service('North service'), south: await service('South service') };
  const team = async (name: string, serviceId: string) =>
    (await db.insertInto('teams').values({ name, service_id: serviceId, base_postcode: 'BN21 4AB' }).returning('id').executeTakeFirstOrThrow()).id;
  const teams = { northA: await team('North A', services.north), northB: await team('North B', services.north), south: await team('South', services.south) };

  const users = {} as CaseloadWorld['users'];
  const add = async (key: WorldUser, role: Role, place: { teamId?: string; serviceId?: string; lineManager?: WorldUser; qualifiedOn?: string; name?: string }) => {
    const email = `${key.toLowerCase()}@caseload.example`;
    const id = await createUser(db, {
      email,
      role,
      name: place.name ?? `Person ${key}`,
      teamId: place.teamId ?? null,
      serviceId: place.serviceId ?? null,
      lineManagerId: place.lineManager ? users[place.lineManager].id : null,
      qualifiedOn: place.qualifiedOn ?? null,
    });
    users[key] = { id, email };
  };
  await add('head', 'head_of_service', {});
  await add('analyst', 'performance_analyst', {});
  await add('admin', 'system_admin', {});
  await add('smNorth', 'service_manager', { serviceId: services.north, lineManager: 'head' });
  await add('smSouth', 'service_manager', { serviceId: services.south, lineManager: 'head' });
  await add('tmA', 'team_manager', { teamId: teams.northA, lineManager: 'smNorth' });
  await add('psA', 'practice_supervisor', { teamId: teams.northA, lineManager: 'tmA' });
  await add('tmB', 'team_manager', { teamId: teams.northB, lineManager: 'smNorth' });
  await add('tmSouth', 'team_manager', { teamId: teams.south, lineManager: 'smSouth' });
  await add('workerA', 'social_worker', { teamId: teams.northA, lineManager: 'tmA', qualifiedOn: '2015-07-01', name: 'Alex Able' });
  await add('workerB', 'social_worker', { teamId: teams.northA, lineManager: 'psA', qualifiedOn: '2012-07-01', name: 'Bea Baker' });
  await add('workerC', 'social_worker', { teamId: teams.northA, lineManager: 'tmA', qualifiedOn: '2026-09-01', name: 'Cal Cole' });
  await add('workerR', 'social_worker', { teamId: teams.northA, lineManager: 'tmA', qualifiedOn: '2010-07-01', name: 'Rae Reed' });
  await add('workerD', 'social_worker', { teamId: teams.northB, lineManager: 'tmB', qualifiedOn: '2014-07-01', name: 'Dee Dunn' });
  await add('workerE', 'social_worker', { teamId: teams.south, lineManager: 'tmSouth', qualifiedOn: '2014-07-01', name: 'Eli East' });
  await db.updateTable('users').set({ fte: 0.5 }).where('id', '=', users.workerB.id).execute();

  const surnames = { cp: 'Protectedchild', cla: 'Lookedafterchild', cin: 'Inneedchild', restricted: 'Hiddenchild' };
  const children = {
    cp: await addChild(db, surnames.cp, 'cp'),
    cla: await addChild(db, surnames.cla, 'cla'),
    cin: await addChild(db, surnames.cin, 'cin'),
    restricted: await addChild(db, surnames.restricted, 'cin', { restricted: true }),
    bCin: await addChild(db, 'Bchildone', 'cin'),
    bCla: await addChild(db, 'Bchildtwo', 'cla'),
    cCp: await addChild(db, 'Cchild', 'cp'),
    r: [] as string[],
    dCin: await addChild(db, 'Dchild', 'cin'),
  };
  for (const id of [children.cp, children.cla, children.cin, children.restricted]) await allocate(db, id, teams.northA, users.workerA.id);
  await db.insertInto('restricted_access').values({ child_id: children.restricted, user_id: users.workerA.id }).execute();
  await allocate(db, children.bCin, teams.northA, users.workerB.id);
  await allocate(db, children.bCla, teams.northA, users.workerB.id);
  await allocate(db, children.cCp, teams.northA, users.workerC.id);
  for (let n = 1; n <= 9; n++) {
    const id = await addChild(db, `Rchild${n}`, 'cp', { tier: 3 });
    children.r.push(id);
    await allocate(db, id, teams.northA, users.workerR.id);
  }
  await allocate(db, children.dCin, teams.northB, users.workerD.id);
  return { services, teams, users, children, surnames };
}

/**
 * The app on a freshly built caseload world for the tests of one suite, and
 * `as(user)` (see `worldAgents`). Like `appForSuite`, the objects are filled
 * in when the suite starts, so read them only in hooks and tests.
 */
export function caseloadWorldForSuite(use: () => TestDatabase): { t: TestApp; w: CaseloadWorld; as: (user: WorldUser) => Promise<Agent> } {
  const t = appForSuite(use);
  const w = {} as CaseloadWorld;
  before(async () => {
    Object.assign(w, await buildCaseloadWorld(use().db));
  });
  return { t, w, as: worldAgents(() => t.app, () => w) };
}

/**
 * The neglect direct-work toolkit in the training catalogue, required of
 * social workers every 36 months, with who attended it when. Returns the
 * course's id.
 */
export async function addNeglectToolkit(db: Db, attended: { userId: string; on: string }[]): Promise<string> {
  const course = await db
    .insertInto('training_courses')
    .values({ name: 'Direct-work toolkit: neglect', category: 'direct_work_toolkit', description: 'Neglect', renewal_months: 36 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('training_requirements').values({ course_id: course.id, role: 'social_worker' }).execute();
  if (attended.length > 0) {
    await db
      .insertInto('training_attendance')
      .values(attended.map((a) => ({ user_id: a.userId, course_id: course.id, attended_on: a.on })))
      .execute();
  }
  return course.id;
}

/**
 * `as(user)`: that person of the world signed in through the form, once, on
 * first use. Pass getters, since the app and the world are made in `before`.
 */
export function worldAgents(app: () => FastifyInstance, world: () => CaseloadWorld): (user: WorldUser) => Promise<Agent> {
  const agents = new Map<WorldUser, Agent>();
  return async (user) => {
    let agent = agents.get(user);
    if (!agent) {
      agent = new Agent(app());
      const response = await agent.signIn(world().users[user].email, TEST_PASSWORD);
      if (response.statusCode !== 303) throw new Error(`${user} could not sign in: ${response.statusCode}`);
      agents.set(user, agent);
    }
    return agent;
  };
}
