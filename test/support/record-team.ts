/**
 * The people most record tests start from: a team with a social worker who
 * will hold the test's children, and a colleague in the same team who holds
 * none of them (the outsider, who must get 404), both signed in.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/db/database.ts';
import { signedIn, type Agent } from './app.ts';
import { createTeam, createUser } from './users.ts';

export interface RecordTeam {
  teamId: string;
  workerId: string;
  worker: Agent;
  outsider: Agent;
}

/**
 * `prefix` makes the emails (`<prefix>-worker@example.org`,
 * `<prefix>-outsider@example.org`) unique to the suite.
 */
export async function recordTeam(
  app: FastifyInstance,
  db: Db,
  names: { prefix: string; team: string; worker: string; outsider: string },
): Promise<RecordTeam> {
  const { teamId } = await createTeam(db, names.team);
  const workerEmail = `${names.prefix}-worker@example.org`;
  const outsiderEmail = `${names.prefix}-outsider@example.org`;
  const workerId = await createUser(db, { email: workerEmail, role: 'social_worker', teamId, name: names.worker });
  await createUser(db, { email: outsiderEmail, role: 'social_worker', teamId, name: names.outsider });
  return { teamId, workerId, worker: await signedIn(app, workerEmail), outsider: await signedIn(app, outsiderEmail) };
}
