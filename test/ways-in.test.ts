import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../src/demo/accounts.ts';
import type { Role } from '../src/db/schema.ts';
import { Agent, appForSuite } from './support/app.ts';
import { describeEachEngine } from './support/databases.ts';

/**
 * Pages that people reach only by a link: each is linked from where its users
 * look for it, to them and not to those it would refuse.
 */
describeEachEngine(
  'ways in to pages without a menu entry',
  (use) => {
    const t = appForSuite(use);
    const signedInAs = async (role: Role) => {
      const account = DEMO_ACCOUNTS.find((a) => a.role === role)!;
      const agent = new Agent(t.app);
      assert.equal((await agent.signIn(account.email, DEMO_PASSWORD)).statusCode, 303, account.email);
      return { agent, account };
    };
    const linksOn = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

    test('search results offer registering a new child to those who may register one, and to no one else', async () => {
      const { agent: worker } = await signedInAs('social_worker');
      const results = await worker.get('/children/search?q=a');
      assert.equal(results.statusCode, 200);
      assert.ok(linksOn(results.body).includes('/children/new'), 'a social worker is offered registration');
      assert.equal((await worker.get('/children/new')).statusCode, 200);

      const { agent: adviser } = await signedInAs('personal_adviser');
      const theirs = await adviser.get('/children/search?q=a');
      assert.equal(theirs.statusCode, 200);
      assert.ok(!linksOn(theirs.body).includes('/children/new'), 'a personal adviser, who may not register, is not offered it');
      assert.equal((await adviser.get('/children/new')).statusCode, 403);
    });

    test("the council's trends lead to each service's, and a service's to each of its teams'", async () => {
      const { agent } = await signedInAs('head_of_service');
      const db = use().db;
      const council = await agent.get('/trends');
      assert.equal(council.statusCode, 200);
      const services = await db.selectFrom('services').innerJoin('teams', 'teams.service_id', 'services.id').select('services.id').distinct().execute();
      const serviceLinks = linksOn(council.body).filter((href) => href.startsWith('/trends/services/'));
      assert.deepEqual(serviceLinks.sort(), services.map((s) => `/trends/services/${s.id}`).sort());

      const service = await agent.get(serviceLinks[0]!);
      assert.equal(service.statusCode, 200);
      const serviceId = serviceLinks[0]!.split('/').pop()!;
      const teams = await db.selectFrom('teams').select('id').where('service_id', '=', serviceId).execute();
      const teamLinks = linksOn(service.body).filter((href) => href.startsWith('/trends/teams/'));
      assert.deepEqual(teamLinks.sort(), teams.map((team) => `/trends/teams/${team.id}`).sort());
      assert.equal((await agent.get(teamLinks[0]!)).statusCode, 200);
    });

    test("a child's allocation page links the allocation preview for those who decide allocations", async () => {
      const { agent: manager, account } = await signedInAs('team_manager');
      const db = use().db;
      const child = await db
        .selectFrom('allocations')
        .innerJoin('users', 'users.team_id', 'allocations.team_id')
        .select('allocations.child_id')
        .where('users.email', '=', account.email)
        .where('allocations.role', '=', 'lead')
        .where('allocations.end_date', 'is', null)
        .executeTakeFirstOrThrow();
      const preview = `/children/${child.child_id}/allocation-preview`;
      const page = await manager.get(`/children/${child.child_id}/allocations`);
      assert.equal(page.statusCode, 200);
      assert.ok(linksOn(page.body).includes(preview), 'the manager is offered the preview');
      assert.equal((await manager.get(preview)).statusCode, 200);

      const { agent: worker, account: workerAccount } = await signedInAs('social_worker');
      const held = await db
        .selectFrom('allocations')
        .innerJoin('users', 'users.id', 'allocations.worker_id')
        .select('allocations.child_id')
        .where('users.email', '=', workerAccount.email)
        .where('allocations.end_date', 'is', null)
        .executeTakeFirstOrThrow();
      const own = await worker.get(`/children/${held.child_id}/allocations`);
      assert.equal(own.statusCode, 200);
      assert.ok(!linksOn(own.body).some((href) => href.endsWith('/allocation-preview')), 'a social worker does not decide allocations');
    });
  },
  { fixture: 'demo' },
);
