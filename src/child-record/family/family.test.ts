import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, Agent, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { createTeam, createUser, TEST_PASSWORD } from '../../../test/support/users.ts';
import { insertChild } from '../../../test/support/records.ts';

type Form = Record<string, string | string[]>;

describeEachEngine("a child's family and contacts", (use) => {
  const t = appForSuite(use, { SESSION_IDLE_MINUTES: '600' });
  let teamId: string;
  let otherTeamId: string;
  const ids = {} as Record<'worker' | 'manager' | 'outsider' | 'otherWorker' | 'admin', string>;
  const agents = {} as Record<keyof typeof ids, Agent>;
  let serial = 0;

  before(async () => {
    ({ teamId } = await createTeam(db(), 'Family team'));
    ({ teamId: otherTeamId } = await createTeam(db(), 'Other family team'));
    const people = {
      worker: { role: 'social_worker', teamId, name: 'Wyn Worker' },
      manager: { role: 'team_manager', teamId, name: 'Meg Manager' },
      outsider: { role: 'social_worker', teamId, name: 'Oli Outsider' },
      otherWorker: { role: 'social_worker', teamId: otherTeamId, name: 'Ray Remote' },
      admin: { role: 'system_admin', name: 'Ada Admin' },
    } as const;
    for (const [key, values] of Object.entries(people)) {
      const email = `fam-${key.toLowerCase()}@example.org`;
      ids[key as keyof typeof ids] = await createUser(db(), { email, ...values });
      const agent = new Agent(t.app);
      assert.equal((await agent.signIn(email, TEST_PASSWORD)).statusCode, 303, `${key} signs in`);
      agents[key as keyof typeof ids] = agent;
    }
  });

  function db() {
    return use().db;
  }

  /** A child led by `workerId` (the worker unless said), born 2016-04-01, living at 12 Harbour Road since 2020. */
  async function newChild(values: { forename?: string; surname?: string; workerId?: string; team?: string } = {}): Promise<string> {
    serial += 1;
    const childId = await insertChild(db(), { laChildId: `FAM${String(serial).padStart(4, '0')}`, forename: values.forename ?? 'Ava', surname: values.surname ?? `Family${serial}`, dateOfBirth: '2016-04-01', sex: 'F' });
    await db()
      .insertInto('allocations')
      .values({ child_id: childId, role: 'lead', team_id: values.team ?? teamId, worker_id: values.workerId ?? ids.worker, start_date: '2024-01-01' })
      .execute();
    await db().insertInto('addresses').values({ person_id: childId, line1: '12 Harbour Road', town: 'Eastbourne', postcode: 'BN21 4AB', start_date: '2020-01-01' }).execute();
    return childId;
  }
  async function adult(forename: string, surname: string): Promise<string> {
    return (await db().insertInto('people').values({ is_child: false, forename, surname }).returning('id').executeTakeFirstOrThrow()).id;
  }
  async function relate(personId: string, relatedPersonId: string, type: string, livesWith = false, pr = false) {
    return (
      await db()
        .insertInto('relationships')
        .values({ person_id: personId, related_person_id: relatedPersonId, type, lives_with: livesWith, parental_responsibility: pr })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }
  async function family(...personIds: string[]) {
    const f = await db().insertInto('families').values({ name: 'Test family' }).returning('id').executeTakeFirstOrThrow();
    for (const personId of personIds) await db().insertInto('family_members').values({ family_id: f.id, person_id: personId }).execute();
    return f.id;
  }
  async function counts() {
    const n = async (table: 'people' | 'addresses' | 'relationships' | 'family_members' | 'families' | 'professional_contacts') =>
      Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return {
      people: await n('people'),
      addresses: await n('addresses'),
      relationships: await n('relationships'),
      members: await n('family_members'),
      families: await n('families'),
      contacts: await n('professional_contacts'),
    };
  }
  const audits = (childId: string, action: string) =>
    db().selectFrom('audit_events').selectAll().where('subject_id', '=', childId).where('action', '=', action).orderBy('id').execute();
  async function submit(agent: Agent, path: string, form: Form) {
    assert.equal((await agent.get(path)).statusCode, 200, `GET ${path}`);
    return agent.post(path, form);
  }
  const addressesOf = (personId: string) =>
    db().selectFrom('addresses').select(['line1', 'town', 'postcode', 'start_date', 'end_date']).where('person_id', '=', personId).orderBy('start_date').execute();

  // --- The family page -----------------------------------------------------------------

  test("the family page shows relationships from the child's point of view, siblings, households, addresses and professionals, and is audited", async () => {
    const childId = await newChild({ forename: 'Ava', surname: 'Harbour' });
    const sister = await newChild({ forename: 'Bea', surname: 'Harbour' });
    const mother = await adult('Jane', 'Smith');
    const grandad = await adult('George', 'Harbour');
    await relate(mother, childId, 'mother', true, true);
    await relate(childId, grandad, 'carer');
    await relate(sister, childId, 'sibling', true);
    await family(childId, sister, mother);
    await db().insertInto('addresses').values({ person_id: childId, line1: '3 Old Street', town: 'Hastings', postcode: 'TN34 1AA', start_date: '2016-04-01', end_date: '2020-01-01' }).execute();
    await db().insertInto('addresses').values({ person_id: mother, line1: '12 Harbour Road', postcode: 'BN21 4AB', start_date: '2019-01-01' }).execute();
    await db().insertInto('addresses').values({ person_id: grandad, line1: '7 Cliff Way', town: 'Seaford', postcode: 'BN25 1AA', start_date: '2001-01-01' }).execute();
    await db().insertInto('professional_contacts').values({ child_id: childId, name: 'Dr Pat Lee', role: 'GP', organisation: 'Harbour Surgery', phone: '01323 000000', email: 'pat.lee@example.org' }).execute();

    const page = await agents.worker.get(`/children/${childId}/family`);
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Mother: Jane Smith, lives with child, parental responsibility/);
    assert.match(text, /Cared for by the child: George Harbour/, 'a relationship in which the child is the person reads the other way round');
    assert.match(text, /Sibling: Bea Harbour, lives with child/);
    assert.match(page.body, new RegExp(`<a class="govuk-link" href="/children/${sister}">Bea Harbour</a>`), 'a sibling the viewer may see is linked');
    assert.match(text, /Ava's household 12 Harbour Road, Eastbourne, BN21 4AB Ava Harbour Jane Smith \(Mother\) Bea Harbour \(Sibling\)/);
    assert.match(text, /Another household 7 Cliff Way, Seaford, BN25 1AA George Harbour \(Cared for by the child\)/);
    const current = text.indexOf('12 Harbour Road, Eastbourne BN21 4AB');
    const previous = text.indexOf('3 Old Street, Hastings TN34 1AA');
    assert.ok(current >= 0 && previous > current, 'the current address comes first');
    assert.match(text, /12 Harbour Road, Eastbourne BN21 4AB 1 January 2020 Current address/);
    assert.match(text, /3 Old Street, Hastings TN34 1AA 1 April 2016 1 January 2020/);
    assert.match(text, /Dr Pat Lee GP Harbour Surgery 01323 000000 pat\.lee@example\.org/);
    assert.equal((await audits(childId, 'child.view.family')).at(-1)?.outcome, 'allowed');
  });

  test('a sibling whose record the viewer may not see is shown without name, link, date of birth or address', async () => {
    const childId = await newChild({ forename: 'Ivy', surname: 'Openrecord' });
    const related = await newChild({ forename: 'Cleo', surname: 'Secretsibling', workerId: ids.otherWorker, team: otherTeamId });
    const grouped = await newChild({ forename: 'Dan', surname: 'Hiddensibling', workerId: ids.otherWorker, team: otherTeamId });
    await db().insertInto('addresses').values({ person_id: related, line1: '1 Placement Lane', postcode: 'TN1 1AA', start_date: '2024-01-01' }).execute();
    await relate(related, childId, 'half_sibling');
    await family(childId, grouped);

    const page = await agents.worker.get(`/children/${childId}/family`);
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Half-sibling \(record not shared with you\)/);
    assert.match(text, /Brothers and sisters Half-sibling \(record not shared with you\) Sibling \(record not shared with you\)/);
    assert.doesNotMatch(page.body, /Secretsibling|Hiddensibling|Cleo|Dan |Placement Lane|TN1 1AA/);
    assert.doesNotMatch(page.body, new RegExp(`${related}|${grouped}`), 'no link or id of a record not shared');
    assert.doesNotMatch(page.body, /Change or remove<span class="govuk-visually-hidden"> half-sibling/);

    // From the other side, Cleo's worker may not see Ivy, so Ivy is not named to them either.
    const theirs = textOf((await agents.otherWorker.get(`/children/${related}/family`)).body);
    assert.match(theirs, /Half-sibling \(record not shared with you\)/);
    assert.doesNotMatch(theirs, /Openrecord/);

    // A manager of Ivy's team cannot see Cleo either (another team): unnamed for them too.
    const manager = await agents.manager.get(`/children/${childId}/family`);
    assert.equal(manager.statusCode, 200);
    assert.doesNotMatch(textOf(manager.body), /Secretsibling/);

    // Nor can the relationship be opened, changed or removed by someone who may not see the sibling.
    const relationshipId = (await db().selectFrom('relationships').select('id').where('person_id', '=', related).executeTakeFirstOrThrow()).id;
    assert.equal((await agents.worker.get(`/children/${childId}/family/relationships/${relationshipId}`)).statusCode, 403);
    await agents.worker.get(`/children/${childId}/family`);
    assert.equal((await agents.worker.post(`/children/${childId}/family/relationships/${relationshipId}/remove`)).statusCode, 403);
    assert.ok(await db().selectFrom('relationships').select('id').where('id', '=', relationshipId).executeTakeFirst(), 'still there');
    assert.equal((await audits(childId, 'child.relationship.remove')).at(-1)?.outcome, 'denied');

    // And the family-group search never offers them.
    const search = await agents.worker.get(`/children/${childId}/family/relationships/new?name=sibling`);
    assert.doesNotMatch(search.body, /Secretsibling|Hiddensibling/);
  });

  // --- Relatives and relationships ---------------------------------------------------------

  test('adding a new relative creates the adult, relates them to the child and puts them in a family group made for the child', async () => {
    const childId = await newChild({ surname: 'Newgroup' });
    const response = await submit(agents.worker, `/children/${childId}/family/relatives/new`, {
      forename: 'Tom',
      surname: 'Newdad',
      ...dateFields('dob', '1988-07-09'),
      type: 'father',
      parentalResponsibility: 'yes',
    });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, `/children/${childId}/family?done=relative`);
    const person = await db().selectFrom('people').selectAll().where('surname', '=', 'Newdad').executeTakeFirstOrThrow();
    assert.deepEqual([person.is_child, person.forename, person.date_of_birth, person.la_child_id], [false, 'Tom', '1988-07-09', null]);
    const relationship = await db().selectFrom('relationships').selectAll().where('person_id', '=', person.id).executeTakeFirstOrThrow();
    assert.deepEqual([relationship.related_person_id, relationship.type, relationship.lives_with, relationship.parental_responsibility], [childId, 'father', false, true]);
    const groups = await db().selectFrom('family_members').innerJoin('families', 'families.id', 'family_members.family_id').select(['families.id', 'families.name', 'family_members.person_id']).where('family_members.person_id', 'in', [childId, person.id]).execute();
    assert.equal(groups.length, 2);
    assert.equal(new Set(groups.map((g) => g.id)).size, 1, 'in the same family group');
    assert.equal(groups[0]!.name, 'Newgroup family');
    assert.equal((await audits(childId, 'child.relative.create')).at(-1)?.outcome, 'allowed');
    assert.match(textOf((await agents.worker.get(`/children/${childId}/family?done=relative`)).body), /Father: Tom Newdad, parental responsibility/);
  });

  test('a new relative with no name or an unknown relationship is refused, naming the fields, and nothing is stored', async () => {
    const childId = await newChild();
    const before = await counts();
    const response = await submit(agents.worker, `/children/${childId}/family/relatives/new`, { forename: '', surname: 'Nameless', type: 'cousin_twice_removed', ...dateFields('dob', '2030-01-01') });
    assert.equal(response.statusCode, 400);
    const text = textOf(response.body);
    assert.match(text, /Enter the first name/);
    assert.match(text, /Relationship must be one of the options listed/);
    assert.match(text, /Date of birth must be today or in the past/);
    for (const field of ['forename', 'type', 'dob-day']) assert.match(response.body, new RegExp(`href="#${field}"`));
    assert.deepEqual(await counts(), before);
    assert.equal((await audits(childId, 'child.relative.create')).at(-1)?.outcome, 'failed');
  });

  test('a relationship is added with someone found by name in the family group; the same one twice is refused; no one outside the family can be chosen', async () => {
    const childId = await newChild();
    const aunt = await adult('Rosa', 'Auntington');
    const stranger = await adult('Rosa', 'Strangeways');
    await family(childId, aunt);
    const search = await agents.worker.get(`/children/${childId}/family/relationships/new?name=rosa`);
    assert.equal(search.statusCode, 200);
    assert.match(textOf(search.body), /Rosa Auntington/);
    assert.doesNotMatch(textOf(search.body), /Strangeways/, 'only the family group is searched');
    const added = await agents.worker.post(`/children/${childId}/family/relationships/new`, { name: 'rosa', personId: aunt, type: 'aunt_uncle', livesWith: 'yes' });
    assert.equal(added.statusCode, 303);
    const row = await db().selectFrom('relationships').selectAll().where('person_id', '=', aunt).executeTakeFirstOrThrow();
    assert.deepEqual([row.related_person_id, row.type, row.lives_with, row.parental_responsibility], [childId, 'aunt_uncle', true, false]);
    assert.match(textOf((await agents.worker.get(`/children/${childId}/family`)).body), /Aunt or uncle: Rosa Auntington, lives with child/);

    await agents.worker.get(`/children/${childId}/family/relationships/new?name=rosa`);
    const before = await counts();
    const twice = await agents.worker.post(`/children/${childId}/family/relationships/new`, { name: 'rosa', personId: aunt, type: 'aunt_uncle' });
    assert.equal(twice.statusCode, 400);
    assert.match(textOf(twice.body), /Rosa Auntington is already recorded as aunt or uncle/);
    const outsider = await agents.worker.post(`/children/${childId}/family/relationships/new`, { name: 'rosa', personId: stranger, type: 'other' });
    assert.equal(outsider.statusCode, 400);
    assert.match(textOf(outsider.body), /Select a person from the list/);
    assert.match(outsider.body, /href="#personId"/);
    assert.deepEqual(await counts(), before);
  });

  test('a relationship can be changed and removed, and both are audited', async () => {
    const childId = await newChild();
    const father = await adult('Sam', 'Changer');
    const relationshipId = await relate(father, childId, 'father', true, false);
    const page = await agents.worker.get(`/children/${childId}/family/relationships/${relationshipId}`);
    assert.equal(page.statusCode, 200);
    assert.match(textOf(page.body), /Father: Sam Changer, lives with child/);
    const changed = await agents.worker.post(`/children/${childId}/family/relationships/${relationshipId}`, { parentalResponsibility: 'yes' });
    assert.equal(changed.statusCode, 303);
    const row = await db().selectFrom('relationships').selectAll().where('id', '=', relationshipId).executeTakeFirstOrThrow();
    assert.deepEqual([row.lives_with, row.parental_responsibility], [false, true]);
    assert.equal((await audits(childId, 'child.relationship.update')).at(-1)?.outcome, 'allowed');

    await agents.worker.get(`/children/${childId}/family/relationships/${relationshipId}`);
    const removed = await agents.worker.post(`/children/${childId}/family/relationships/${relationshipId}/remove`);
    assert.equal(removed.statusCode, 303);
    assert.equal(await db().selectFrom('relationships').select('id').where('id', '=', relationshipId).executeTakeFirst(), undefined);
    assert.equal((await audits(childId, 'child.relationship.remove')).at(-1)?.outcome, 'allowed');
    const kept = await audits(relationshipId, 'relationship.delete');
    assert.match(kept.at(-1)?.reason ?? '', /was father of/, 'the audit row keeps what the relationship said');
    assert.doesNotMatch(textOf((await agents.worker.get(`/children/${childId}/family`)).body), /Sam Changer/);

    // A relationship of another child cannot be reached through this one.
    const otherChild = await newChild();
    const elsewhere = await relate(father, otherChild, 'father');
    assert.equal((await agents.worker.get(`/children/${childId}/family/relationships/${elsewhere}`)).statusCode, 404);
  });

  // --- Addresses -------------------------------------------------------------------------------

  test("a new current address ends the child's current one on the day they moved", async () => {
    const childId = await newChild();
    const response = await submit(agents.worker, `/children/${childId}/family/addresses/new`, { line1: '4 New Street', town: 'Lewes', postcode: 'bn7 2aa', ...dateFields('startDate', '2026-10-01') });
    assert.equal(response.statusCode, 303);
    assert.deepEqual(await addressesOf(childId), [
      { line1: '12 Harbour Road', town: 'Eastbourne', postcode: 'BN21 4AB', start_date: '2020-01-01', end_date: '2026-10-01' },
      { line1: '4 New Street', town: 'Lewes', postcode: 'BN7 2AA', start_date: '2026-10-01', end_date: null },
    ]);
    assert.equal((await audits(childId, 'child.address.create')).at(-1)?.outcome, 'allowed');
    const text = textOf((await agents.worker.get(`/children/${childId}/family`)).body);
    assert.ok(text.indexOf('4 New Street') < text.indexOf('12 Harbour Road'), 'the new current address is listed first');
  });

  test('a past address is stored with its end date and the current one stays open', async () => {
    const childId = await newChild();
    const response = await submit(agents.worker, `/children/${childId}/family/addresses/new`, { line1: '8 Early Lane', postcode: 'TN34 1AA', ...dateFields('startDate', '2017-01-01'), ...dateFields('endDate', '2019-12-31') });
    assert.equal(response.statusCode, 303);
    assert.deepEqual(await addressesOf(childId), [
      { line1: '8 Early Lane', town: null, postcode: 'TN34 1AA', start_date: '2017-01-01', end_date: '2019-12-31' },
      { line1: '12 Harbour Road', town: 'Eastbourne', postcode: 'BN21 4AB', start_date: '2020-01-01', end_date: null },
    ]);
  });

  const addressRefusals: [string, Form, string, RegExp][] = [
    ['an address that ends before it starts', { ...dateFields('startDate', '2018-05-01'), ...dateFields('endDate', '2018-04-30') }, 'endDate-day', /Date moved out must be the same as or after the date moved in/],
    ['a move-in date in the future', dateFields('startDate', '2026-11-24'), 'startDate-day', /Date moved in must be today or in the past/],
    ['a move-out date in the future', { ...dateFields('startDate', '2018-01-01'), ...dateFields('endDate', '2026-12-01') }, 'endDate-day', /Date moved out must be today or in the past/],
    ['a move-in date before the child was born', { ...dateFields('startDate', '2016-03-31'), ...dateFields('endDate', '2017-01-01') }, 'startDate-day', /on or after the child's date of birth, 1 April 2016/],
    ['a new current address starting before the current one', dateFields('startDate', '2019-06-01'), 'startDate-day', /Date moved in must be after 1 January 2020/],
    ['a past address ending after the current one began', { ...dateFields('startDate', '2019-01-01'), ...dateFields('endDate', '2020-02-01') }, 'endDate-day', /Date moved out must be on or before 1 January 2020/],
    ['a malformed postcode', { postcode: 'XYZ 123', ...dateFields('startDate', '2026-10-01') }, 'postcode', /Postcode must be a real UK postcode/],
    ['no first line', { line1: '', ...dateFields('startDate', '2026-10-01') }, 'line1', /Enter the first line of the address/],
  ];
  for (const [what, overrides, field, message] of addressRefusals) {
    test(`${what} is refused, naming the field, and nothing is stored`, async () => {
      const childId = await newChild();
      const before = await counts();
      const addresses = await addressesOf(childId);
      const response = await submit(agents.worker, `/children/${childId}/family/addresses/new`, { line1: '5 Wrong Way', postcode: 'BN21 4AB', ...overrides });
      assert.equal(response.statusCode, 400);
      assert.match(textOf(response.body), message);
      assert.match(response.body, new RegExp(`href="#${field}"`));
      assert.deepEqual(await counts(), before);
      assert.deepEqual(await addressesOf(childId), addresses, 'the current address is not closed either');
      assert.equal((await audits(childId, 'child.address.create')).at(-1)?.outcome, 'failed');
    });
  }

  // --- Professional contacts ------------------------------------------------------------------

  test('professional contacts are added and removed; a malformed email or phone is refused', async () => {
    const childId = await newChild();
    const before = await counts();
    const bad = await submit(agents.worker, `/children/${childId}/family/contacts/new`, { name: 'Hal Visitor', role: 'Health visitor', email: 'not-an-email', phone: 'call me' });
    assert.equal(bad.statusCode, 400);
    assert.match(textOf(bad.body), /Email address must be in the right format/);
    assert.match(textOf(bad.body), /Phone number must only include numbers/);
    assert.deepEqual(await counts(), before);
    const added = await submit(agents.worker, `/children/${childId}/family/contacts/new`, { name: 'Hal Visitor', role: 'Health visitor', organisation: 'Community health', email: 'hal@example.org', phone: '01273 123456' });
    assert.equal(added.statusCode, 303);
    const contact = await db().selectFrom('professional_contacts').selectAll().where('child_id', '=', childId).executeTakeFirstOrThrow();
    assert.deepEqual([contact.name, contact.role, contact.organisation, contact.phone, contact.email], ['Hal Visitor', 'Health visitor', 'Community health', '01273 123456', 'hal@example.org']);
    assert.match(textOf((await agents.worker.get(`/children/${childId}/family`)).body), /Hal Visitor Health visitor Community health/);
    const removed = await agents.worker.post(`/children/${childId}/family/contacts/${contact.id}/remove`);
    assert.equal(removed.statusCode, 303);
    assert.equal((await db().selectFrom('professional_contacts').select('id').where('child_id', '=', childId).execute()).length, 0);
    assert.equal((await audits(childId, 'child.professional-contact.remove')).at(-1)?.outcome, 'allowed');

    // Another child's contact cannot be removed through this record.
    const otherChild = await newChild();
    const theirs = await db().insertInto('professional_contacts').values({ child_id: otherChild, name: 'Kept', role: 'GP' }).returning('id').executeTakeFirstOrThrow();
    await agents.worker.get(`/children/${childId}/family`);
    assert.equal((await agents.worker.post(`/children/${childId}/family/contacts/${theirs.id}/remove`)).statusCode, 404);
    assert.ok(await db().selectFrom('professional_contacts').select('id').where('id', '=', theirs.id).executeTakeFirst());
  });

  // --- Access -------------------------------------------------------------------------------------

  test('someone without access gets 404 on every family page and form, each refusal is audited, and nothing is stored', async () => {
    const childId = await newChild({ surname: 'Guarded' });
    const mother = await adult('Mia', 'Guarded');
    const relationshipId = await relate(mother, childId, 'mother', true, true);
    const contact = await db().insertInto('professional_contacts').values({ child_id: childId, name: 'Kept', role: 'GP' }).returning('id').executeTakeFirstOrThrow();
    const routes = t.app.routeTable.filter((r) => r.url.startsWith('/children/:childId/family'));
    assert.ok(routes.length >= 12, `the family routes are registered (${routes.length})`);
    const before = await counts();
    await agents.outsider.get('/');
    const forms: Record<string, Form> = {
      relatives: { forename: 'Eve', surname: 'Intruder', type: 'other' },
      relationships: { personId: mother, type: 'other', name: 'Mia' },
      addresses: { line1: '1 Intrusion Road', postcode: 'BN21 4AB', ...dateFields('startDate', '2026-10-01') },
      contacts: { name: 'Eve', role: 'Intruder' },
    };
    for (const { method, url } of routes) {
      const path = url.replace(':childId', childId).replace(':relationshipId', relationshipId).replace(':contactId', contact.id);
      const form = forms[url.split('/')[4] ?? ''] ?? {};
      const response = method === 'GET' ? await agents.outsider.get(path) : await agents.outsider.post(path, form);
      assert.equal(response.statusCode, 404, `${method} ${url}`);
      assert.doesNotMatch(response.body, /Guarded/);
      if (method === 'GET') assert.equal((await agents.admin.get(path)).statusCode, 403, `administrator GET ${url}`);
    }
    const denied = (await db().selectFrom('audit_events').selectAll().where('subject_id', '=', childId).where('outcome', '=', 'denied').execute()).filter(
      (r) => r.actor_user_id === ids.outsider,
    );
    assert.equal(denied.length, routes.length, 'every refusal is audited');
    assert.deepEqual(await counts(), before);
  });
});
