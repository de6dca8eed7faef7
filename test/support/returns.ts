// The staff a returns test signs in as, the same in every return's tests.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/db/database.ts';
import { signedIn } from './app.ts';
import { createTeam, createUser } from './users.ts';

/**
 * A team with a social worker (Sam Worker) and its manager, a performance
 * analyst and a head of service, each signed in. Emails are `<prefix>-sw`,
 * `-tm`, `-pa` and `-hos` at example.org, so each suite's are its own.
 */
export async function returnsStaff(app: FastifyInstance, db: Db, prefix: string, teamName: string) {
  const { teamId } = await createTeam(db, teamName);
  const email = (who: string) => `${prefix}-${who}@example.org`;
  const workerId = await createUser(db, { email: email('sw'), role: 'social_worker', teamId, name: 'Sam Worker' });
  await createUser(db, { email: email('tm'), role: 'team_manager', teamId, name: 'Tia Manager' });
  await createUser(db, { email: email('pa'), role: 'performance_analyst', name: 'Pat Analyst' });
  await createUser(db, { email: email('hos'), role: 'head_of_service', name: 'Hal Head' });
  const [analyst, head, worker, manager] = await Promise.all(['pa', 'hos', 'sw', 'tm'].map((who) => signedIn(app, email(who))));
  return { teamId, workerId, analyst: analyst!, head: head!, worker: worker!, manager: manager! };
}
