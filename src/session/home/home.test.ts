import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { insertChild } from '../../../test/support/records.ts';
import { allocate } from '../../../test/support/caseload-helpers.ts';

describeEachEngine('home page: children and allocation for each role', (use) => {
  const t = appForSuite(use);
  let db: Db;
  const users: Record<string, string> = {};
  let team = '';

  before(async () => {
    db = use().db;
    const first = await createTeam(db, 'Home Hill');
    team = first.teamId;
    const second = await db.insertInto('teams').values({ service_id: first.serviceId, name: 'Home Vale' }).returning('id').executeTakeFirstOrThrow();
    const add = async (key: string, role: Role, teamId: string | null, serviceId: string | null = null) => {
      users[key] = await createUser(db, { email: `${key}@home.example`, role, teamId, serviceId, name: key });
    };
    await add('worker', 'social_worker', team);
    await add('manager', 'team_manager', team);
    await add('serviceManager', 'service_manager', null, first.serviceId);
    await add('iro', 'iro', team);
    await add('admin', 'system_admin', null);
    let serial = 0;
    const child = async (teamId: string, worker: string | null, start: string) => {
      serial += 1;
      const childId = await insertChild(db, { laChildId: `HOME${serial}`, forename: 'Home', surname: `Child${serial}`, dateOfBirth: '2015-01-01' });
      await allocate(db, { childId, teamId, workerId: worker, start });
    };
    await child(team, users.worker!, '2026-01-01');
    await child(team, users.worker!, '2026-02-01');
    await child(team, null, '2026-11-09');
    await child(team, null, '2026-11-20');
    await child(second.id, null, '2026-11-22');
  });

  const home = async (key: string) => {
    const agent = await signedIn(t.app, `${key}@home.example`);
    const page = await agent.get('/');
    assert.equal(page.statusCode, 200);
    return page.body;
  };

  test('a social worker sees how many children they have, linking to their list', async () => {
    const body = await home('worker');
    assert.match(body, /<a class="govuk-link" href="\/my-children">You have 2 children<\/a>/);
    assert.match(body, /href="\/my-children"[^>]*>\s*My children/, 'in the navigation');
  });

  test('an IRO with no children is told they have none', async () => {
    assert.match(textOf(await home('iro')), /You have 0 children/);
  });

  test("a team manager sees the team's children, the queue and the longest wait, linking to the team pages", async () => {
    const body = await home('manager');
    const text = textOf(body);
    assert.match(text, /Home Hill 4 children in the team 2 waiting for a social worker ?: the longest has waited 14 days/);
    assert.match(body, new RegExp(`href="/teams/${team}/unallocated"`));
    assert.doesNotMatch(text, /You have \d+ child/, 'a manager holding no cases is not told about their own children');
  });

  test("a service manager sees each team's figures", async () => {
    const text = textOf(await home('serviceManager'));
    assert.match(text, /Home Hill 4 2 unallocated in Home Hill 14 days Home Vale 1 1 unallocated in Home Vale 1 day/);
  });

  test('a manager’s menu groups their staff pages under Staff, on a page of their own; a worker’s menu keeps its few', async () => {
    const navigation = (body: string) => /<nav[^>]*govuk-service-navigation[\s\S]*?<\/nav>/.exec(body)?.[0] ?? '';
    const managerMenu = textOf(navigation(await home('manager')));
    assert.match(managerMenu, /Staff/);
    assert.doesNotMatch(managerMenu, /Supervision|Workforce|Access to review/, 'grouped, not listed one by one');
    const manager = await signedIn(t.app, 'manager@home.example');
    const staff = await manager.get('/staff');
    assert.equal(staff.statusCode, 200);
    assert.match(textOf(staff.body), /Staff\s+Access to review\s+Supervision\s+Workforce\s+Learning/);
    assert.match(navigation(staff.body), /govuk-service-navigation__item--active[^<]*>\s*<a[^>]*href="\/staff"/, 'Staff is marked as the section you are in');
    assert.match(navigation((await manager.get('/workforce')).body), /govuk-service-navigation__item--active[^<]*>\s*<a[^>]*href="\/staff"/, 'and so it is on a page of the group');
    assert.match(textOf(await home('manager')), /Go to[\s\S]*Supervision[\s\S]*Workforce/, 'the home page still lists every page');
    const workerMenu = textOf(navigation(await home('worker')));
    assert.match(workerMenu, /Supervision[\s\S]*Learning/, 'two staff pages stay in the menu');
    const worker = await signedIn(t.app, 'worker@home.example');
    assert.equal((await worker.get('/staff')).statusCode, 404);
    assert.equal((await worker.get('/settings')).statusCode, 404);
    // Help and protection is one page for a manager so far: in the menu itself, and its group page is not there yet.
    assert.match(managerMenu, /Help and protection measures/);
    assert.doesNotMatch(textOf(navigation(await home('worker'))), /Help and protection measures/);
    assert.equal((await manager.get('/protection')).statusCode, 404);
    // Direct work: the library for everyone who reads records; with each tool's use, one Direct work item for a manager.
    assert.match(managerMenu, /Direct work/);
    assert.doesNotMatch(managerMenu, /Direct-work toolkits/, 'grouped');
    const directWork = await manager.get('/direct-work');
    assert.equal(directWork.statusCode, 200);
    assert.match(textOf(directWork.body), /Direct work\s+Direct-work toolkits\s+Direct-work tools: use/);
    assert.match(navigation((await manager.get('/direct-work/toolkits')).body), /govuk-service-navigation__item--active[^<]*>\s*<a[^>]*href="\/direct-work"/, 'Direct work is marked as the section you are in');
    assert.match(workerMenu, /Direct-work toolkits/, 'a worker has the library itself in the menu');
    assert.doesNotMatch(workerMenu, /tools: use/);
    assert.equal((await worker.get('/direct-work')).statusCode, 404);
    const admin = await signedIn(t.app, 'admin@home.example');
    assert.doesNotMatch(textOf(navigation((await admin.get('/')).body)), /Direct/, 'an administrator reads no records, nor the library');
    assert.match(textOf((await admin.get('/settings')).body), /Settings\s+Supervision standards\s+Timescale standards\s+Caseload settings\s+Training catalogue\s+Local offer for care leavers/);
  });

  test('an administrator sees none of it', async () => {
    const text = textOf(await home('admin'));
    assert.doesNotMatch(text, /You have|waiting for a social worker|Your service’s teams/);
  });
});
