// The staff a returns test signs in as, the same in every return's tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/db/database.ts';
import { signedIn } from './app.ts';
import { openTestDatabase, type Engine, type TestDatabase } from './databases.ts';
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

export interface ImportTarget {
  target: TestDatabase;
  /** A scratch folder for the files to import. */
  dir: string;
  close(): Promise<void>;
}

/** An empty migrated database to import a return into, as trip-pa@example.org, a performance analyst: a round trip's other end. */
export async function emptyImportTarget(engine: Engine): Promise<ImportTarget> {
  const target = await openTestDatabase(engine, 'migrated');
  await createUser(target.db, { email: 'trip-pa@example.org', role: 'performance_analyst' });
  const dir = await mkdtemp(join(tmpdir(), 'steadfast-roundtrip-'));
  return {
    target,
    dir,
    close: async () => {
      await target.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
