import type { Db } from '../../src/db/database.ts';
import type { AllocationRole, Role } from '../../src/db/schema.ts';
import type { Viewer } from '../../src/platform/access/policy.ts';
import { createUser } from './users.ts';

/**
 * A small council with one person in every role and children in every
 * relationship the access policy distinguishes. Used by the policy tests and
 * by the route-by-route authorisation matrix.
 */
export interface AccessScenario {
  users: Record<ScenarioUser, Viewer & { email: string }>;
  children: Record<ScenarioChild, { id: string; laChildId: string }>;
  teams: { a1: string; a2: string; b1: string; pa: string; iro: string };
}

export type ScenarioUser =
  | 'worker'
  | 'coWorker'
  | 'teamColleague'
  | 'supervisor'
  | 'teamManager'
  | 'otherTeamManager'
  | 'serviceManager'
  | 'otherServiceManager'
  | 'headOfService'
  | 'personalAdviser'
  | 'iro'
  | 'analyst'
  | 'admin'
  | 'namedOutsider';

export type ScenarioChild =
  /** lead: worker; co-worker: coWorker; IRO: iro — in team A1 */
  | 'allocated'
  /** in team A1's unallocated queue */
  | 'unallocatedA1'
  /** lead: a worker of team A2 (same service A) */
  | 'otherTeamSameService'
  /** lead: a worker of team B1 (service B) */
  | 'otherService'
  /** restricted, in team A1 with lead worker; named: worker and namedOutsider only */
  | 'restricted'
  /** care leaver with personalAdviser */
  | 'careLeaver'
  /** no open allocation at all */
  | 'closed';

/** A surname no page would print by chance, so a leak of a child's name can be searched for. */
export function scenarioSurname(key: ScenarioChild): string {
  return `Scn${key.charAt(0).toUpperCase()}${key.slice(1)}`;
}

export async function buildAccessScenario(db: Db): Promise<AccessScenario> {
  const directorate = await db.insertInto('directorates').values({ name: 'Scenario directorate' }).returning('id').executeTakeFirstOrThrow();
  const service = async (name: string) =>
    (await db.insertInto('services').values({ directorate_id: directorate.id, name }).returning('id').executeTakeFirstOrThrow()).id;
  const serviceA = await service('Scenario service A');
  const serviceB = await service('Scenario service B');
  const team = async (name: string, serviceId: string) =>
    (await db.insertInto('teams').values({ name, service_id: serviceId, base_postcode: 'BN21 4AB' }).returning('id').executeTakeFirstOrThrow()).id;
  const teams = {
    a1: await team('Scenario A1', serviceA),
    a2: await team('Scenario A2', serviceA),
    b1: await team('Scenario B1', serviceB),
    pa: await team('Scenario Leaving Care', serviceA),
    iro: await team('Scenario Reviewing', serviceB),
  };

  const users = {} as AccessScenario['users'];
  const add = async (key: ScenarioUser, role: Role, teamId: string | null, serviceId: string | null) => {
    const email = `${key.toLowerCase()}@scenario.example`;
    const id = await createUser(db, { email, role, teamId, serviceId, name: `Scenario ${key}` });
    users[key] = { id, role, teamId, serviceId: serviceId ?? (teamId ? (teamId === teams.b1 || teamId === teams.iro ? serviceB : serviceA) : null), email };
  };
  await add('headOfService', 'head_of_service', null, null);
  await add('serviceManager', 'service_manager', null, serviceA);
  await add('otherServiceManager', 'service_manager', null, serviceB);
  await add('teamManager', 'team_manager', teams.a1, null);
  await add('otherTeamManager', 'team_manager', teams.a2, null);
  await add('supervisor', 'practice_supervisor', teams.a1, null);
  await add('worker', 'social_worker', teams.a1, null);
  await add('coWorker', 'social_worker', teams.a1, null);
  await add('teamColleague', 'social_worker', teams.a1, null);
  await add('personalAdviser', 'personal_adviser', teams.pa, null);
  await add('iro', 'iro', teams.iro, null);
  await add('analyst', 'performance_analyst', null, null);
  await add('admin', 'system_admin', null, null);
  await add('namedOutsider', 'social_worker', teams.b1, null);
  // The users table holds the service only for service-level roles.
  const a2Worker = await createUser(db, { email: 'a2worker@scenario.example', role: 'social_worker', teamId: teams.a2 });
  const b1Worker = await createUser(db, { email: 'b1worker@scenario.example', role: 'social_worker', teamId: teams.b1 });

  const children = {} as AccessScenario['children'];
  let serial = 0;
  const child = async (key: ScenarioChild, extra: { restricted?: boolean } = {}) => {
    serial += 1;
    const laChildId = `SCN${String(serial).padStart(4, '0')}`;
    const row = await db
      .insertInto('people')
      .values({
        is_child: true,
        la_child_id: laChildId,
        forename: 'Scenario',
        surname: scenarioSurname(key),
        date_of_birth: '2015-06-01',
        sex: 'F',
        restricted: extra.restricted ?? false,
        restriction_reason: extra.restricted ? 'Adoption' : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    children[key] = { id: row.id, laChildId };
    return row.id;
  };
  const allocate = (childId: string, role: AllocationRole, teamId: string, workerId: string | null) =>
    db.insertInto('allocations').values({ child_id: childId, role, team_id: teamId, worker_id: workerId, start_date: '2025-01-06' }).execute();

  const allocated = await child('allocated');
  await allocate(allocated, 'lead', teams.a1, users.worker.id);
  await allocate(allocated, 'co_worker', teams.a1, users.coWorker.id);
  await allocate(allocated, 'iro', teams.iro, users.iro.id);
  await allocate(await child('unallocatedA1'), 'lead', teams.a1, null);
  await allocate(await child('otherTeamSameService'), 'lead', teams.a2, a2Worker);
  await allocate(await child('otherService'), 'lead', teams.b1, b1Worker);
  const restricted = await child('restricted', { restricted: true });
  await allocate(restricted, 'lead', teams.a1, users.worker.id);
  for (const named of [users.worker.id, users.namedOutsider.id]) {
    await db.insertInto('restricted_access').values({ child_id: restricted, user_id: named }).execute();
  }
  await allocate(await child('careLeaver'), 'personal_adviser', teams.pa, users.personalAdviser.id);
  await child('closed');
  return { users, children, teams };
}

/**
 * Who may see each child without a reason, by the rules in docs/access.md.
 * The tests compare the policy's SQL against this table.
 */
export const EXPECTED_VISIBILITY: Record<ScenarioUser, ScenarioChild[]> = {
  worker: ['allocated', 'restricted'],
  coWorker: ['allocated'],
  teamColleague: [],
  supervisor: ['allocated', 'unallocatedA1'],
  teamManager: ['allocated', 'unallocatedA1'],
  otherTeamManager: ['otherTeamSameService'],
  serviceManager: ['allocated', 'unallocatedA1', 'otherTeamSameService', 'careLeaver'],
  otherServiceManager: ['otherService', 'allocated'],
  headOfService: [],
  personalAdviser: ['careLeaver'],
  iro: ['allocated'],
  analyst: [],
  admin: [],
  namedOutsider: ['restricted'],
};
