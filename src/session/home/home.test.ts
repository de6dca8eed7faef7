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

  test('the menu is in sections, each on a page of its own, and the home page still lists every page', async () => {
    const navigation = (body: string) => /<nav[^>]*govuk-service-navigation[\s\S]*?<\/nav>/.exec(body)?.[0] ?? '';
    const activeHref = (body: string) => /govuk-service-navigation__item--active[^<]*>\s*<a[^>]*href="([^"]+)"/.exec(navigation(body))?.[1];
    const manager = await signedIn(t.app, 'manager@home.example');
    const managerMenu = textOf(navigation(await home('manager')));
    assert.equal(managerMenu.replace(/\s+/g, ' ').trim(), 'Menu Home Find a child Work due Help and care Team Staff Caseloads Practice Returns');
    const staff = await manager.get('/staff');
    assert.equal(staff.statusCode, 200);
    assert.match(textOf(staff.body), /Staff\s+Access to review\s+Supervision\s+Workforce\s+Learning/);
    assert.equal(activeHref(staff.body), '/staff', 'Staff is marked as the section you are in');
    assert.equal(activeHref((await manager.get('/workforce')).body), '/staff', 'and so it is on a page of the section');
    assert.match(textOf((await manager.get('/help-and-care')).body), /Help and care\s+Front door\s+Placement stability\s+Children missing[\s\S]*Help and protection measures/);
    assert.equal(activeHref((await manager.get('/protection/measures')).body), '/help-and-care');
    const practice = textOf((await manager.get('/practice')).body);
    assert.match(practice, /Practice\s+Direct-work toolkits\s+Direct-work tools: use\s+Case audits/);
    assert.doesNotMatch(practice, /Supervision/, 'a manager’s supervision is with their staff');
    // Caseload trends and continuity are reached from the caseloads, registering a child after a search: the menu marks where they come from.
    assert.equal(activeHref((await manager.get(`/trends/teams/${team}`)).body), '/caseload');
    assert.equal(activeHref((await manager.get('/continuity')).body), '/caseload');
    assert.equal(activeHref((await manager.get('/children/new')).body), '/children/search');
    assert.match(textOf(await home('manager')), /Go to\s+Find a child\s+Register a child\s+Work due\s+Front door\s+Team\s+Access to review\s+Caseloads\s+Trends/, 'the home page lists every page');

    const worker = await signedIn(t.app, 'worker@home.example');
    const workerMenu = textOf(navigation(await home('worker')));
    assert.equal(workerMenu.replace(/\s+/g, ' ').trim(), 'Menu Home Find a child My children Work due Help and care My caseload Practice');
    assert.match(textOf((await worker.get('/practice')).body), /Practice\s+Direct-work toolkits\s+Supervision\s+Learning\s+Case audits/, 'a worker’s own supervision and learning are part of their practice');
    assert.equal((await worker.get('/staff')).statusCode, 404, 'a section a role’s menu does not have is not there');
    assert.equal((await worker.get('/settings')).statusCode, 404);
    const iroMenu = textOf(navigation(await home('iro')));
    assert.match(iroMenu, /Help and care/);
    assert.match(textOf((await (await signedIn(t.app, 'iro@home.example')).get('/help-and-care')).body), /Help and care\s+Children missing\s+IRO caseloads/);

    const admin = await signedIn(t.app, 'admin@home.example');
    assert.doesNotMatch(textOf(navigation((await admin.get('/')).body)), /Direct|Practice|Help and care/, 'an administrator reads no records, nor the library');
    assert.equal((await admin.get('/practice')).statusCode, 404);
    assert.match(textOf((await admin.get('/settings')).body), /Settings\s+Supervision standards\s+Timescale standards\s+Caseload settings\s+Training catalogue\s+Local offer for care leavers/);
  });

  test('an administrator sees none of it', async () => {
    const text = textOf(await home('admin'));
    assert.doesNotMatch(text, /You have|waiting for a social worker|Your service’s teams/);
  });
});
