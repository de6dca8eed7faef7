import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { Db, OpenedDatabase } from '../../src/db/database.ts';
import { DEMO_PASSWORD } from '../../src/demo/accounts.ts';
import { FakeClock } from '../../src/platform/clock/clock.ts';
import { Agent } from '../../test/support/app.ts';

/** The real app on a dataset copy, its clock at 09:00 on the dataset's day, nothing logged. */
export async function startBenchApp(database: OpenedDatabase, today: string): Promise<FastifyInstance> {
  const config = loadConfig({ NODE_ENV: 'test', DEMO: '0', SIGN_IN_RATE_PER_MINUTE: '100000', LOG_LEVEL: 'silent' });
  const app = await buildApp({ config, db: database.db, clock: new FakeClock(`${today}T09:00:00Z`), engine: database.engine });
  await app.ready();
  return app;
}

/** A demo account signed in through the real form. */
export async function signedIn(app: FastifyInstance, email: string): Promise<Agent> {
  const agent = new Agent(app);
  const response = await agent.signIn(email, DEMO_PASSWORD);
  if (response.statusCode !== 303) throw new Error(`${email} could not sign in (status ${response.statusCode})`);
  return agent;
}

export const DEMO_EMAIL = {
  socialWorker: 'social.worker@steadfast.example',
  teamManager: 'team.manager@steadfast.example',
  headOfService: 'head.of.service@steadfast.example',
} as const;

export interface Subjects {
  socialWorker: { id: string; teamId: string };
  teamManager: { id: string; teamId: string };
  /** A child the social worker holds: their summary and name search. */
  workerChild: { id: string; surname: string };
  /** A child held in the team manager's team: the allocation impact preview. */
  teamChild: { id: string };
  /** An assessment of a child the social worker holds, the most recently started: the assessment page. */
  assessment: { childId: string; id: string };
  /** An initial child protection conference of a child held in the team manager's team: the conference record. */
  conference: { childId: string; id: string };
  /** A submitted case audit of a child in the team manager's team, the most recent: the audit page. */
  caseAudit: { id: string };
}

/** The demo accounts and children every run looks at, chosen the same way on every engine. */
export async function findSubjects(db: Db): Promise<Subjects> {
  const user = async (email: string) => {
    const row = await db.selectFrom('users').select(['id', 'team_id']).where('email', '=', email).executeTakeFirstOrThrow();
    return { id: row.id, teamId: row.team_id! };
  };
  const socialWorker = await user(DEMO_EMAIL.socialWorker);
  const teamManager = await user(DEMO_EMAIL.teamManager);
  const held = (column: 'worker_id' | 'team_id', id: string) =>
    db
      .selectFrom('allocations')
      .innerJoin('people', 'people.id', 'allocations.child_id')
      .select(['people.id', 'people.surname'])
      .where(`allocations.${column}`, '=', id)
      .where('allocations.end_date', 'is', null)
      .where('people.restricted', '=', false)
      .orderBy('people.la_child_id')
      .executeTakeFirstOrThrow();
  const workerChild = await held('worker_id', socialWorker.id);
  const teamChild = await held('team_id', teamManager.teamId);
  const assessment = await db
    .selectFrom('assessments')
    .innerJoin('allocations', 'allocations.child_id', 'assessments.child_id')
    .innerJoin('people', 'people.id', 'assessments.child_id')
    .select(['assessments.id', 'assessments.child_id'])
    .where('allocations.worker_id', '=', socialWorker.id)
    .where('allocations.end_date', 'is', null)
    .where('people.restricted', '=', false)
    .orderBy('assessments.start_date', 'desc')
    .orderBy('assessments.id')
    .executeTakeFirstOrThrow();
  const conference = await db
    .selectFrom('child_protection_conferences as cpc')
    .innerJoin('allocations', 'allocations.child_id', 'cpc.child_id')
    .innerJoin('people', 'people.id', 'cpc.child_id')
    .select(['cpc.child_id', 'cpc.case_event_id'])
    .where('allocations.team_id', '=', teamManager.teamId)
    .where('allocations.end_date', 'is', null)
    .where('people.restricted', '=', false)
    .orderBy('people.la_child_id')
    .orderBy('cpc.case_event_id')
    .executeTakeFirstOrThrow();
  const caseAudit = await db
    .selectFrom('case_audits')
    .innerJoin('people', 'people.id', 'case_audits.child_id')
    .select('case_audits.id')
    .where('case_audits.team_id', '=', teamManager.teamId)
    .where('case_audits.submitted_at', 'is not', null)
    .where('people.restricted', '=', false)
    .orderBy('case_audits.month', 'desc')
    .orderBy('case_audits.id')
    .executeTakeFirstOrThrow();
  return {
    socialWorker,
    teamManager,
    workerChild: { id: workerChild.id, surname: workerChild.surname },
    teamChild: { id: teamChild.id },
    assessment: { childId: assessment.child_id, id: assessment.id },
    conference: { childId: conference.child_id, id: conference.case_event_id },
    caseAudit: { id: caseAudit.id },
  };
}
