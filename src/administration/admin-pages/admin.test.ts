import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { ROLE_LABELS, ROLES } from '../../platform/access/roles.ts';
import { appForSuite, Agent, signedIn, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser, TEST_PASSWORD } from '../../../test/support/users.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';

/** The value attribute of the input with this id, as the browser would show it. */
function inputValue(html: string, id: string): string | undefined {
  const tag = new RegExp(`<input[^>]*\\sid="${id}"[^>]*>`).exec(html)?.[0];
  return tag ? (/\svalue="([^"]*)"/.exec(tag)?.[1] ?? '') : undefined;
}

/** The text of the page's tables only: not the header, which names the signed-in administrator. */
function tablesText(html: string): string {
  return (html.match(/<table[\s\S]*?<\/table>/g) ?? []).map(textOf).join(' ');
}

describeEachEngine('admin: people', (use) => {
  const t = appForSuite(use, { SIGN_IN_RATE_PER_MINUTE: '1000' });
  let admin: Agent;
  let adminId: string;
  let managerId: string;
  let teamId: string;
  let serviceId: string;
  let otherTeamId: string;

  before(async () => {
    const db = use().db;
    ({ teamId, serviceId } = await createTeam(db, 'Locality Hastings'));
    ({ teamId: otherTeamId } = await createTeam(db, 'Assessment Lewes'));
    adminId = await createUser(db, { email: 'admin@example.org', name: 'Alex Admin', role: 'system_admin' });
    managerId = await createUser(db, { email: 'manager@example.org', name: 'Tess Manager', role: 'team_manager', teamId });
    admin = await signedIn(t.app, 'admin@example.org');
  });

  const db = () => use().db;
  const userCount = async () => Number((await db().selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const userByEmail = (email: string) => db().selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  const auditRows = (action: string, subjectId?: string) => {
    let query = db().selectFrom('audit_events').selectAll().where('action', '=', action);
    if (subjectId) query = query.where('subject_id', '=', subjectId);
    return query.orderBy('id').execute();
  };

  function newUser(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      email: 'new.worker@example.org',
      name: 'Nia Worker',
      role: 'social_worker',
      teamId,
      serviceId: '',
      lineManagerId: managerId,
      'qualifiedOn-day': '27',
      'qualifiedOn-month': '3',
      'qualifiedOn-year': '2020',
      fte: '0.8',
      ...overrides,
    };
  }

  test('the add form offers every role with its label, the teams and active line managers', async () => {
    const page = await admin.get('/admin/users/new');
    assert.equal(page.statusCode, 200);
    for (const role of ROLES) {
      assert.match(page.body, new RegExp(`name="role" type="radio" value="${role}"`));
      assert.ok(textOf(page.body).includes(ROLE_LABELS[role]), role);
    }
    assert.match(textOf(page.body), /Locality Hastings \(Locality Hastings service\)/);
    assert.match(textOf(page.body), /Tess Manager – Team manager, Locality Hastings/);
    assert.match(page.body, /name="_csrf" value="[^"]+"/);
  });

  test('an administrator adds a person, who is invited by email to choose their own password; the change is audited with the request', async () => {
    await admin.get('/admin/users/new');
    const response = await admin.post('/admin/users/new', newUser());
    assert.equal(response.statusCode, 303);
    const created = await userByEmail('new.worker@example.org');
    assert.ok(created);
    assert.equal(response.headers.location, `/admin/users/${created.id}?done=created`);
    assert.deepEqual([created.role, created.team_id, created.line_manager_id, created.qualified_on, created.fte], ['social_worker', teamId, managerId, '2020-03-27', 0.8]);

    const page = await admin.get(String(response.headers.location));
    assert.match(textOf(page.body), /Account created/);
    assert.match(textOf(page.body), /Nia Worker/);
    assert.match(textOf(page.body), /Tess Manager/);

    const rows = await auditRows('user.create', created.id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.actor_user_id, adminId);
    assert.ok(rows[0]!.request_id && rows[0]!.ip);
    assert.equal((await auditRows('user.invite', created.id)).length, 1);
    assert.match(textOf(page.body), /Not yet chosen \(invited\)/);
    assert.match(textOf(page.body), /has not yet chosen a password\. The invitation sent .* works until/);

    // No mail server in this test: the invitation waits in the outbox, and its link is shown to administrators.
    const emails = await admin.get('/admin/emails');
    assert.equal(emails.statusCode, 200);
    assert.match(textOf(emails.body), /No mail server is configured/);
    assert.match(emails.body, /href="http:\/\/localhost:3000\/account\/invitation\?token=[\w-]+">Link for new.worker@example.org/);
    assert.ok(!emails.body.includes('Hello Nia Worker'), 'no message body is shown');
    const noPassword = await new Agent(t.app).signIn('new.worker@example.org', '');
    assert.equal(noPassword.statusCode, 400, 'nobody can sign in before choosing a password');
  });

  const refusals: { why: string; form: Record<string, string>; field: string; message: RegExp }[] = [
    { why: 'a malformed email', form: { email: 'not an email' }, field: 'email', message: /correct format/ },
    { why: 'an email someone has, in another case', form: { email: 'MANAGER@example.org' }, field: 'email', message: /already has this email/ },
    { why: 'no name', form: { name: '  ' }, field: 'name', message: /Enter a full name/ },
    { why: 'no role', form: { role: '' }, field: 'role', message: /Select a role/ },
    { why: 'a made-up role', form: { role: 'director' }, field: 'role', message: /Select a role/ },
    { why: 'a team role without a team', form: { teamId: '' }, field: 'teamId', message: /Select a team for a social worker/ },
    { why: 'a service manager without a service', form: { role: 'service_manager', teamId: '' }, field: 'serviceId', message: /Select a service/ },
    { why: 'a team that does not exist', form: { teamId: MISSING }, field: 'teamId', message: /from the list/ },
    { why: 'a qualification date in the future', form: { 'qualifiedOn-day': '24', 'qualifiedOn-month': '11', 'qualifiedOn-year': '2026' }, field: 'qualifiedOn-day', message: /today or in the past/ },
    { why: 'a date that does not exist', form: { 'qualifiedOn-day': '30', 'qualifiedOn-month': '2', 'qualifiedOn-year': '2020' }, field: 'qualifiedOn-day', message: /must be a real date/ },
    { why: 'half a date', form: { 'qualifiedOn-day': '', 'qualifiedOn-year': '' }, field: 'qualifiedOn-day', message: /must include a day and year/ },
    { why: 'FTE above 1', form: { fte: '1.5' }, field: 'fte', message: /from 0.1 to 1.0/ },
    { why: 'FTE of nothing', form: { fte: '0' }, field: 'fte', message: /from 0.1 to 1.0/ },
  ];
  for (const refusal of refusals) {
    test(`adding a person with ${refusal.why} is refused naming the field; values kept, nothing stored`, async () => {
      const count = await userCount();
      await admin.get('/admin/users/new');
      const form = newUser({ name: 'Keep Me Please', ...refusal.form });
      const response = await admin.post('/admin/users/new', form);
      assert.equal(response.statusCode, 400);
      const text = textOf(response.body);
      assert.match(text, /There is a problem/);
      assert.match(response.body, new RegExp(`href="#${refusal.field}"`), `the error summary links to ${refusal.field}`);
      assert.match(text, refusal.message);
      assert.equal(inputValue(response.body, 'name'), form.name, 'the name typed is kept');
      assert.equal(inputValue(response.body, 'email'), form.email, 'the email typed is kept');
      assert.equal(await userCount(), count, 'nothing was stored');
    });
  }

  test('the list shows role label, team, line manager and status, and filters by text, role and team', async () => {
    const list = await admin.get('/admin/users');
    assert.equal(list.statusCode, 200);
    const text = textOf(list.body);
    assert.match(text, /Tess Manager manager@example\.org Team manager Locality Hastings None Active/);
    assert.match(text, /Nia Worker new\.worker@example\.org Social worker Locality Hastings Tess Manager Active/);

    await createUser(db(), { email: 'lewes.worker@example.org', name: 'Lou Lewes', role: 'social_worker', teamId: otherTeamId });
    const byText = tablesText((await admin.get('/admin/users?q=LEWES')).body);
    assert.match(byText, /Lou Lewes/);
    assert.doesNotMatch(byText, /Tess Manager|Nia Worker|Alex Admin/);
    const byRole = tablesText((await admin.get('/admin/users?role=team_manager')).body);
    assert.match(byRole, /Tess Manager/);
    assert.doesNotMatch(byRole, /Lou Lewes|Nia Worker/);
    const byTeam = tablesText((await admin.get(`/admin/users?team=${otherTeamId}`)).body);
    assert.match(byTeam, /Lou Lewes/);
    assert.doesNotMatch(byTeam, /Tess Manager|Nia Worker/);
    const none = textOf((await admin.get('/admin/users?q=nobody-at-all')).body);
    assert.match(none, /No people match/);
  });

  test('the list is paginated 50 a page, keeping the filters in the page links', async () => {
    for (let i = 0; i < 55; i++) {
      await createUser(db(), { email: `bulk${String(i).padStart(2, '0')}@example.org`, name: `Bulk Person ${String(i).padStart(2, '0')}`, role: 'iro', teamId: otherTeamId });
    }
    const first = await admin.get('/admin/users?role=iro');
    assert.match(textOf(first.body), /Showing 1 to 50 of 55 people/);
    assert.equal((first.body.match(/href="\/admin\/users\/[0-9a-f-]{36}"/g) ?? []).length, 50);
    assert.match(first.body, /href="\/admin\/users\?role=iro&amp;page=2"/);
    const second = await admin.get('/admin/users?role=iro&page=2');
    assert.match(textOf(second.body), /Showing 51 to 55 of 55 people/);
    assert.match(textOf(second.body), /Bulk Person 54/);
    assert.doesNotMatch(textOf(second.body), /Bulk Person 00/);
  });

  test('changing details saves and audits what changed; a loop in line management is refused', async () => {
    const nia = (await userByEmail('new.worker@example.org'))!;
    const edit = await admin.get(`/admin/users/${nia.id}/edit`);
    assert.equal(edit.statusCode, 200);
    assert.equal(inputValue(edit.body, 'qualifiedOn-day'), '27');
    assert.equal(inputValue(edit.body, 'qualifiedOn-year'), '2020');
    assert.equal(inputValue(edit.body, 'fte'), '0.8');
    const response = await admin.post(`/admin/users/${nia.id}/edit`, newUser({ role: 'practice_supervisor', teamId: otherTeamId, fte: '1' }));
    assert.equal(response.statusCode, 303);
    const row = (await userByEmail('new.worker@example.org'))!;
    assert.deepEqual([row.role, row.team_id, row.fte], ['practice_supervisor', otherTeamId, 1]);
    const audit = await auditRows('user.update', nia.id);
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.reason, 'role: Social worker → Practice supervisor / senior practitioner; team: Locality Hastings → Assessment Lewes; FTE: 0.8 → 1');

    // Nia is managed by Tess: Tess may not be managed by Nia.
    await admin.get(`/admin/users/${managerId}/edit`);
    const loop = await admin.post(`/admin/users/${managerId}/edit`, {
      email: 'manager@example.org',
      name: 'Tess Manager',
      role: 'team_manager',
      teamId,
      lineManagerId: nia.id,
      fte: '1',
    });
    assert.equal(loop.statusCode, 400);
    assert.match(loop.body, /href="#lineManagerId"/);
    assert.equal((await userByEmail('manager@example.org'))!.line_manager_id, null);
    assert.equal((await auditRows('user.update', managerId)).length, 0);
  });

  test('disabling ends the person’s session at once; enabling lets them back in', async () => {
    const id = await createUser(db(), { email: 'leaver@example.org', name: 'Lee Leaver', role: 'social_worker', teamId });
    const leaver = new Agent(t.app);
    await leaver.signIn('leaver@example.org', TEST_PASSWORD);
    assert.equal((await leaver.get('/')).statusCode, 200);

    const page = await admin.get(`/admin/users/${id}`);
    assert.match(page.body, /action="\/admin\/users\/[0-9a-f-]+\/disable"/);
    assert.match(textOf(page.body), /Disable Lee Leaver's account/);
    const disabled = await admin.post(`/admin/users/${id}/disable`);
    assert.equal(disabled.statusCode, 303);
    assert.equal((await leaver.get('/')).statusCode, 302, 'the existing session stopped working');
    assert.equal((await new Agent(t.app).signIn('leaver@example.org', TEST_PASSWORD)).statusCode, 401);
    assert.equal(disabled.headers.location, `/admin/users/${id}?done=disabled`);
    assert.match(textOf((await admin.get(String(disabled.headers.location))).body), /Account disabled/);
    assert.match(textOf((await admin.get('/admin/users?q=leaver')).body), /Lee Leaver .* Disabled/);
    const audit = await auditRows('user.disable', id);
    assert.equal(audit.length, 1);
    assert.match(audit[0]!.reason!, /1 session ended/);

    assert.equal((await admin.post(`/admin/users/${id}/enable`)).statusCode, 303);
    assert.equal((await new Agent(t.app).signIn('leaver@example.org', TEST_PASSWORD)).statusCode, 303);
    assert.equal((await auditRows('user.enable', id)).length, 1);
  });

  test('a line manager whose account was disabled stays on the form and through a save, until changed', async () => {
    const boss = await createUser(db(), { email: 'boss@example.org', name: 'Bo Boss', role: 'team_manager', teamId });
    const report = await createUser(db(), { email: 'report@example.org', name: 'Rae Report', role: 'social_worker', teamId, lineManagerId: boss });
    await db().updateTable('users').set({ disabled_at: new Date('2026-11-01T00:00:00Z') }).where('id', '=', boss).execute();
    const edit = await admin.get(`/admin/users/${report}/edit`);
    assert.match(edit.body, new RegExp(`<option value="${boss}" selected>Bo Boss – Team manager, Locality Hastings \\(account disabled\\)</option>`));
    const form = { email: 'report@example.org', name: 'Rae Report', role: 'social_worker', teamId, lineManagerId: boss, fte: '0.5' };
    assert.equal((await admin.post(`/admin/users/${report}/edit`, form)).statusCode, 303);
    const row = (await userByEmail('report@example.org'))!;
    assert.deepEqual([row.line_manager_id, row.fte], [boss, 0.5]);
    // Nobody else may be given the disabled manager.
    await admin.get(`/admin/users/${managerId}/edit`);
    const other = await admin.post(`/admin/users/${managerId}/edit`, { email: 'manager@example.org', name: 'Tess Manager', role: 'team_manager', teamId, lineManagerId: boss, fte: '1' });
    assert.equal(other.statusCode, 400);
    assert.match(other.body, /href="#lineManagerId"/);
  });

  test('a filter given twice uses the first value rather than failing', async () => {
    const response = await admin.get('/admin/users?q=tess&q=nobody&role=team_manager&role=iro');
    assert.equal(response.statusCode, 200);
    assert.match(tablesText(response.body), /Tess Manager/);
  });

  test('an administrator cannot disable their own account', async () => {
    await admin.get(`/admin/users/${adminId}`);
    const response = await admin.post(`/admin/users/${adminId}/disable`);
    assert.equal(response.statusCode, 400);
    assert.match(textOf(response.body), /You cannot disable your own account/);
    assert.equal((await userByEmail('admin@example.org'))!.disabled_at, null);
  });

  test('an account made to wait after wrong passwords says so, with the time, and can be unlocked', async () => {
    const id = await createUser(db(), { email: 'forgetful@example.org', name: 'Fran Forgetful', role: 'social_worker', teamId });
    const person = new Agent(t.app, '192.0.2.20');
    for (let i = 0; i < 5; i++) await person.signIn('forgetful@example.org', `wrong password ${i}`);
    assert.equal((await person.signIn('forgetful@example.org', TEST_PASSWORD)).statusCode, 401, 'made to wait before any password is checked');
    assert.match(textOf((await admin.get('/admin/users?q=forgetful')).body), /Fran Forgetful .* Sign-in paused/);

    const page = textOf((await admin.get(`/admin/users/${id}`)).body);
    assert.match(page, /Active, but after wrong passwords the next try must wait until \d+ \w+ \d{4}, \d\d:\d\d/);
    assert.match(page, /Unlocking lets Fran Forgetful try again at once/);
    assert.equal((await admin.post(`/admin/users/${id}/unlock`)).statusCode, 303);
    const row = (await userByEmail('forgetful@example.org'))!;
    assert.deepEqual([row.locked_until, row.failed_sign_ins], [null, 0]);
    // From another address (that one's own count still makes it wait), unlocking lets them straight in.
    assert.equal((await new Agent(t.app, '192.0.2.21').signIn('forgetful@example.org', TEST_PASSWORD)).statusCode, 303);
    assert.equal((await auditRows('user.unlock', id)).length, 1);
  });

  test('no page lets an administrator set or read a password; a person who has chosen one is offered no invitation', async () => {
    assert.deepEqual(t.app.routeTable.filter((r) => /password/.test(r.url) && r.url.startsWith('/admin')), []);
    const id = await createUser(db(), { email: 'renewed@example.org', name: 'Ren Renewed', role: 'social_worker', teamId });
    const page = await admin.get(`/admin/users/${id}`);
    assert.doesNotMatch(page.body, /type="password"|Set a new password/);
    assert.match(textOf(page.body), /Password Chosen by them/);
    assert.doesNotMatch(page.body, /action="\/admin\/users\/[^"]+\/invite"/);
    const refused = await admin.post(`/admin/users/${id}/invite`);
    assert.equal(refused.statusCode, 400);
    assert.match(textOf(refused.body), /already chosen a password/);
  });

  test('a person who does not exist is 404 on every page and action', async () => {
    for (const url of [`/admin/users/${MISSING}`, '/admin/users/not-an-id', `/admin/users/${MISSING}/edit`]) {
      assert.equal((await admin.get(url)).statusCode, 404, url);
    }
    await admin.get('/admin/users');
    for (const action of ['disable', 'enable', 'unlock', 'invite', 'revoke-invitation', 'edit']) {
      assert.equal((await admin.post(`/admin/users/${MISSING}/${action}`)).statusCode, 404, action);
    }
  });

  test('anyone but a system administrator gets 403 on every admin route, and each refusal is audited', async () => {
    const routes = t.app.routeTable.filter((r) => r.url.startsWith('/admin'));
    assert.ok(routes.length >= 15, `admin routes: ${routes.length}`);
    const manager = new Agent(t.app);
    await manager.signIn('manager@example.org', TEST_PASSWORD);
    await manager.get('/');
    const before = await db().selectFrom('users').select('id').execute();
    for (const route of routes) {
      const url = route.url.replace(':id', route.url.startsWith('/admin/teams') ? teamId : adminId);
      const response = route.method === 'GET' ? await manager.get(url) : await manager.post(url, { email: 'x@example.org' });
      assert.equal(response.statusCode, 403, `${route.method} ${route.url}`);
      const denied = await db()
        .selectFrom('audit_events')
        .select('id')
        .where('action', '=', 'route.access')
        .where('outcome', '=', 'denied')
        .where('actor_user_id', '=', managerId)
        .where('subject_id', '=', `${route.method} ${route.url}`)
        .execute();
      assert.equal(denied.length, 1, `the refusal of ${route.method} ${route.url} is audited`);
    }
    assert.equal((await db().selectFrom('users').select('id').execute()).length, before.length);
    assert.equal((await userByEmail('admin@example.org'))!.disabled_at, null);
  });

  test('a signed-out visitor is sent to sign in', async () => {
    const response = await new Agent(t.app).get('/admin/users');
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, '/sign-in');
  });

  test('the service for a service manager is used and shown', async () => {
    await admin.get('/admin/users/new');
    const response = await admin.post(
      '/admin/users/new',
      newUser({ email: 'sm@example.org', name: 'Sol Service', role: 'service_manager', teamId: '', serviceId, lineManagerId: '' }),
    );
    assert.equal(response.statusCode, 303);
    const page = await admin.get(String(response.headers.location));
    assert.match(textOf(page.body), /Service Locality Hastings service/);
  });
});

describeEachEngine('admin: teams and services', (use) => {
  const t = appForSuite(use, { SIGN_IN_RATE_PER_MINUTE: '1000' });
  let admin: Agent;
  let serviceId: string;
  let teamId: string;

  before(async () => {
    await createUser(use().db, { email: 'admin@example.org', role: 'system_admin' });
    admin = new Agent(t.app);
    await admin.signIn('admin@example.org', TEST_PASSWORD);
  });

  const db = () => use().db;
  const teamCount = async () => Number((await db().selectFrom('teams').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  describe('with no directorate yet', () => {
    test('the first service creates the default directorate, both audited', async () => {
      const form = await admin.get('/admin/services/new');
      assert.match(textOf(form.body), /new directorate called Children's Services/);
      const blank = await admin.post('/admin/services/new', { name: '' });
      assert.equal(blank.statusCode, 400);
      assert.match(blank.body, /href="#name"/);
      assert.equal((await db().selectFrom('directorates').select('id').execute()).length, 0, 'nothing stored on a refusal');

      const response = await admin.post('/admin/services/new', { name: 'Locality Social Work' });
      assert.equal(response.statusCode, 303);
      const directorates = await db().selectFrom('directorates').selectAll().execute();
      assert.deepEqual(directorates.map((d) => d.name), ["Children's Services"]);
      const service = await db().selectFrom('services').selectAll().executeTakeFirstOrThrow();
      serviceId = service.id;
      assert.equal(service.directorate_id, directorates[0]!.id);
      const audit = await db().selectFrom('audit_events').select(['action', 'subject_id']).where('action', 'in', ['directorate.create', 'service.create']).orderBy('id').execute();
      assert.deepEqual(audit, [
        { action: 'directorate.create', subject_id: directorates[0]!.id },
        { action: 'service.create', subject_id: service.id },
      ]);

      await admin.get('/admin/services/new');
      const duplicate = await admin.post('/admin/services/new', { name: 'locality social work', directorateId: directorates[0]!.id });
      assert.equal(duplicate.statusCode, 400);
      assert.match(textOf(duplicate.body), /already a service with this name/);
    });
  });

  test('a team is created with its postcode normalised, and audited', async () => {
    await admin.get('/admin/teams/new');
    const response = await admin.post('/admin/teams/new', { name: 'Locality Hastings', serviceId, basePostcode: ' tn34 1aa ' });
    assert.equal(response.statusCode, 303);
    const team = await db().selectFrom('teams').selectAll().where('name', '=', 'Locality Hastings').executeTakeFirstOrThrow();
    teamId = team.id;
    assert.equal(team.base_postcode, 'TN34 1AA');
    assert.equal(team.service_id, serviceId);
    const audit = await db().selectFrom('audit_events').selectAll().where('action', '=', 'team.create').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.subject_id, team.id);
  });

  const teamRefusals: { why: string; form: Record<string, string>; field: string }[] = [
    { why: 'a name another team has, in another case', form: { name: 'LOCALITY HASTINGS' }, field: 'name' },
    { why: 'no name', form: { name: '' }, field: 'name' },
    { why: 'a malformed postcode', form: { basePostcode: 'TN34' }, field: 'basePostcode' },
    { why: 'no postcode', form: { basePostcode: '' }, field: 'basePostcode' },
    { why: 'no service', form: { serviceId: '' }, field: 'serviceId' },
    { why: 'a service that does not exist', form: { serviceId: MISSING }, field: 'serviceId' },
  ];
  for (const refusal of teamRefusals) {
    test(`a team with ${refusal.why} is refused naming the field, nothing stored`, async () => {
      const count = await teamCount();
      await admin.get('/admin/teams/new');
      const response = await admin.post('/admin/teams/new', { name: 'Assessment Lewes', serviceId, basePostcode: 'BN7 1UE', ...refusal.form });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, new RegExp(`href="#${refusal.field}"`));
      assert.equal(await teamCount(), count);
    });
  }

  test('the teams page groups teams by service with headcount of active people', async () => {
    await createUser(db(), { email: 'a@example.org', role: 'social_worker', teamId });
    await createUser(db(), { email: 'b@example.org', role: 'social_worker', teamId });
    const gone = await createUser(db(), { email: 'c@example.org', role: 'social_worker', teamId });
    await db().updateTable('users').set({ disabled_at: new Date() }).where('id', '=', gone).execute();
    const page = await admin.get('/admin/teams');
    assert.equal(page.statusCode, 200);
    assert.match(textOf(page.body), /Locality Social Work Children's Services .*Locality Hastings TN34 1AA 2/);
  });

  test('a team is changed and the change audited; a missing team is 404', async () => {
    const form = await admin.get(`/admin/teams/${teamId}`);
    assert.equal(inputValue(form.body, 'basePostcode'), 'TN34 1AA');
    const response = await admin.post(`/admin/teams/${teamId}`, { name: 'Locality Hastings and Rother', serviceId, basePostcode: 'tn341ab' });
    assert.equal(response.statusCode, 303);
    const team = await db().selectFrom('teams').selectAll().where('id', '=', teamId).executeTakeFirstOrThrow();
    assert.deepEqual([team.name, team.base_postcode], ['Locality Hastings and Rother', 'TN34 1AB']);
    const audit = await db().selectFrom('audit_events').selectAll().where('action', '=', 'team.update').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.reason, 'name: Locality Hastings → Locality Hastings and Rother; base postcode: TN34 1AA → TN34 1AB');
    assert.equal((await admin.get(`/admin/teams/${MISSING}`)).statusCode, 404);
    assert.equal((await admin.get('/admin/teams/nope')).statusCode, 404);
    await admin.get('/admin/teams');
    assert.equal((await admin.post(`/admin/teams/${MISSING}`, { name: 'x', serviceId, basePostcode: 'BN7 1UE' })).statusCode, 404);
  });
});
