import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, Agent, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { TEST_TODAY } from '../../../test/support/environment.ts';
import { createTeam, createUser, TEST_PASSWORD } from '../../../test/support/users.ts';
import { generateNhsNumber, generateUpn } from '../record/identifiers.ts';
import { insertChild } from '../../../test/support/records.ts';
import { allocate } from '../../../test/support/caseload-helpers.ts';

/** A valid NHS number in the NHS's test range, different for each `k` from 0 to 9. */
const nhs = (k: number) => generateNhsNumber(() => k);
const VALID_UPN = generateUpn((min) => min, '845');

type Form = Record<string, string | string[]>;

const aChild = (overrides: Form = {}): Form => ({
  forename: 'Rowan',
  surname: 'Testfield',
  otherNames: '',
  ...dateFields('dob', '2019-05-14'),
  sex: 'F',
  ethnicity: 'WBRI',
  nhsNumber: '',
  upn: '',
  upnUnknownReason: '',
  uasc: 'no',
  immigrationStatus: '',
  addressLine1: '1 Seaview Road',
  addressTown: 'Eastbourne',
  addressPostcode: 'bn21 4ab',
  ...dateFields('addressStart', '2024-02-01'),
  ...overrides,
});

describeEachEngine("registering a child and changing a child's details", (use) => {
  const t = appForSuite(use, { SESSION_IDLE_MINUTES: '600' });
  let teamA: { teamId: string; serviceId: string };
  let teamB: { teamId: string; serviceId: string };
  const ids = {} as Record<'worker' | 'manager' | 'colleagueManager' | 'serviceManager' | 'analyst' | 'outsider' | 'admin', string>;
  const agents = {} as Record<keyof typeof ids, Agent>;
  let serial = 0;

  before(async () => {
    const db = use().db;
    teamA = await createTeam(db, 'Details team A');
    teamB = await createTeam(db, 'Details team B');
    const people = {
      worker: { role: 'social_worker', teamId: teamA.teamId, name: 'Wren Worker' },
      manager: { role: 'team_manager', teamId: teamA.teamId, name: 'Mona Manager' },
      colleagueManager: { role: 'team_manager', teamId: teamA.teamId, name: 'Colin Colleague' },
      serviceManager: { role: 'service_manager', serviceId: teamA.serviceId, name: 'Sian Service' },
      analyst: { role: 'performance_analyst', name: 'Ana Analyst' },
      outsider: { role: 'social_worker', teamId: teamB.teamId, name: 'Otto Outsider' },
      admin: { role: 'system_admin', name: 'Adam Admin' },
    } as const;
    for (const [key, values] of Object.entries(people)) {
      const email = `cd-${key.toLowerCase()}@example.org`;
      ids[key as keyof typeof ids] = await createUser(db, { email, ...values });
      const agent = new Agent(t.app);
      assert.equal((await agent.signIn(email, TEST_PASSWORD)).statusCode, 303, `${key} signs in`);
      agents[key as keyof typeof ids] = agent;
    }
  });

  const db = () => use().db;
  async function counts() {
    const n = async (table: 'people' | 'addresses' | 'allocations' | 'person_disabilities' | 'restricted_access') =>
      Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return {
      people: await n('people'),
      addresses: await n('addresses'),
      allocations: await n('allocations'),
      disabilities: await n('person_disabilities'),
      named: await n('restricted_access'),
    };
  }
  const audits = (action: string) => db().selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('id').execute();
  const childAudits = (childId: string, action: string) =>
    db().selectFrom('audit_events').selectAll().where('subject_id', '=', childId).where('action', '=', action).orderBy('id').execute();

  async function register(agent: Agent, form: Form) {
    assert.equal((await agent.get('/children/new')).statusCode, 200);
    return agent.post('/children/new', form);
  }
  const childIdFrom = (location: unknown) => /^\/children\/([0-9a-f-]{36})\/protection\/contacts\/new\?done=registered$/.exec(String(location))?.[1];

  /** A child held by the worker in team A, with a current address. */
  async function newChild(values: { nhs_number?: string; surname?: string } = {}): Promise<string> {
    serial += 1;
    const childId = await insertChild(db(), { laChildId: `CD${String(serial).padStart(4, '0')}`, forename: 'Kit', surname: values.surname ?? `Details${serial}`, dateOfBirth: '2015-03-01', sex: 'M', ethnicity: 'WBRI', nhsNumber: values.nhs_number ?? null });
    await allocate(db(), { childId, teamId: teamA.teamId, workerId: ids.worker, start: '2024-01-01' });
    await db().insertInto('addresses').values({ person_id: childId, line1: '9 Quay Street', postcode: 'BN21 4AB', start_date: '2015-03-01' }).execute();
    return childId;
  }

  const editForm = (overrides: Form = {}): Form => ({
    forename: 'Kit',
    surname: 'Renamed',
    otherNames: 'Kitty',
    ...dateFields('dob', '2015-03-01'),
    sex: 'M',
    ethnicity: 'MWBC',
    nhsNumber: '',
    upn: '',
    upnUnknownReason: 'UN3',
    disabilities: 'NONE',
    uasc: 'no',
    immigrationStatus: '',
    ...overrides,
  });
  async function edit(agent: Agent, childId: string, form: Form) {
    assert.equal((await agent.get(`/children/${childId}/details/edit`)).statusCode, 200);
    return agent.post(`/children/${childId}/details/edit`, form);
  }

  // --- Registering -----------------------------------------------------------------

  test('a team manager registers a child: an LA child id is issued, everything is stored, the child waits in the team queue, and it is audited', async () => {
    const page = await agents.manager.get('/children/new');
    assert.equal(page.statusCode, 200);
    assert.match(textOf(page.body), /Register a child/);
    assert.match(page.body, /<option value="WBRI">White British<\/option>/, 'ethnicity offered with its English label');
    assert.doesNotMatch(page.body, /name="teamId"/, 'someone in a team does not choose one');
    const response = await agents.manager.post(
      '/children/new',
      aChild({ nhsNumber: '943 476 5919', upn: VALID_UPN.toLowerCase(), disabilities: ['HEAR', 'LD'], uasc: 'yes', immigrationStatus: 'Refugee Status', otherNames: 'Ro' }),
    );
    assert.equal(response.statusCode, 303);
    const childId = childIdFrom(response.headers.location);
    assert.ok(childId, `redirected to the family page: ${response.headers.location}`);
    const person = await db().selectFrom('people').selectAll().where('id', '=', childId).executeTakeFirstOrThrow();
    assert.match(person.la_child_id!, /^ESC\d{6}$/);
    assert.deepEqual(
      [person.is_child, person.forename, person.surname, person.other_names, person.date_of_birth, person.expected_date_of_birth, person.sex, person.ethnicity],
      [true, 'Rowan', 'Testfield', 'Ro', '2019-05-14', null, 'F', 'WBRI'],
    );
    assert.deepEqual([person.nhs_number, person.upn, person.uasc, person.immigration_status, person.restricted], ['9434765919', VALID_UPN, true, 'Refugee Status', false]);
    const disabilities = await db().selectFrom('person_disabilities').select('code').where('person_id', '=', childId).orderBy('code').execute();
    assert.deepEqual(disabilities.map((d) => d.code), ['HEAR', 'LD']);
    const address = await db().selectFrom('addresses').selectAll().where('person_id', '=', childId).executeTakeFirstOrThrow();
    assert.deepEqual([address.line1, address.town, address.postcode, address.start_date, address.end_date], ['1 Seaview Road', 'Eastbourne', 'BN21 4AB', '2024-02-01', null]);
    const allocation = await db().selectFrom('allocations').selectAll().where('child_id', '=', childId).executeTakeFirstOrThrow();
    assert.deepEqual([allocation.role, allocation.team_id, allocation.worker_id, allocation.start_date, allocation.end_date, allocation.recorded_by], ['lead', teamA.teamId, null, TEST_TODAY, null, ids.manager]);
    const audit = (await childAudits(childId, 'child.create')).at(-1);
    assert.equal(audit?.outcome, 'allowed');
    assert.equal(audit?.actor_user_id, ids.manager);
    assert.match(audit?.reason ?? '', new RegExp(`${person.la_child_id}.*Details team A`));

    const family = await agents.manager.get(String(response.headers.location));
    assert.equal(family.statusCode, 200);
    assert.match(textOf(family.body), /Child registered/);
    assert.match(textOf(family.body), new RegExp(`LA child ID ${person.la_child_id}`));
    assert.match(textOf(family.body), /Not allocated – waiting in Details team A/);
  });

  test('the LA child id follows on from the highest one issued', async () => {
    await db().insertInto('people').values({ is_child: true, la_child_id: 'ESC000500', forename: 'Earlier', surname: 'Child', date_of_birth: '2012-01-01' }).execute();
    await db().insertInto('people').values({ is_child: true, la_child_id: 'OLD999999', forename: 'Migrated', surname: 'Child', date_of_birth: '2012-01-01' }).execute();
    const first = await register(agents.manager, aChild({ forename: 'Next' }));
    const second = await register(agents.manager, aChild({ forename: 'Following' }));
    const idOf = async (location: unknown) =>
      (await db().selectFrom('people').select('la_child_id').where('id', '=', childIdFrom(location)!).executeTakeFirstOrThrow()).la_child_id;
    assert.equal(await idOf(first.headers.location), 'ESC000501');
    assert.equal(await idOf(second.headers.location), 'ESC000502');
  });

  test("a social worker registers a child into their team's queue, which they cannot open, and is told where the child went", async () => {
    const response = await register(agents.worker, aChild({ forename: 'Quinn', surname: 'Queued' }));
    assert.equal(response.statusCode, 303);
    const laChildId = /^\/children\/new\?registered=(ESC\d{6})$/.exec(String(response.headers.location))?.[1];
    assert.ok(laChildId, `told the LA child id: ${response.headers.location}`);
    const banner = await agents.worker.get(String(response.headers.location));
    assert.match(textOf(banner.body), new RegExp(`Child registered with LA child ID ${laChildId}`));
    const child = await db().selectFrom('people').select('id').where('la_child_id', '=', laChildId).executeTakeFirstOrThrow();
    assert.equal((await agents.worker.get(`/children/${child.id}`)).statusCode, 404, 'a social worker does not see the unallocated queue');
    assert.equal((await agents.manager.get(`/children/${child.id}`)).statusCode, 200, "the team's manager does");
  });

  test('an unborn child is registered with an expected date of birth', async () => {
    const response = await register(agents.manager, aChild({ forename: 'Baby', 'dob-day': '', 'dob-month': '', 'dob-year': '', ...dateFields('edd', '2027-03-02'), sex: 'U', ethnicity: 'NOBT' }));
    assert.equal(response.statusCode, 303);
    const childId = childIdFrom(response.headers.location)!;
    const person = await db().selectFrom('people').selectAll().where('id', '=', childId).executeTakeFirstOrThrow();
    assert.deepEqual([person.date_of_birth, person.expected_date_of_birth, person.sex], [null, '2027-03-02', 'U']);
    assert.match(textOf((await agents.manager.get(`/children/${childId}/family`)).body), /Unborn, expected 2 March 2027/);

    // Once born, the date of birth is recorded and the expected date kept as it was.
    const born = await edit(agents.manager, childId, editForm({ forename: 'Baby', ...dateFields('dob', '2026-11-20'), sex: 'M' }));
    assert.equal(born.statusCode, 303);
    const after = await db().selectFrom('people').selectAll().where('id', '=', childId).executeTakeFirstOrThrow();
    assert.deepEqual([after.date_of_birth, after.expected_date_of_birth, after.sex], ['2026-11-20', '2027-03-02', 'M']);
  });

  test("someone without a team chooses one of their service's teams", async () => {
    const page = await agents.serviceManager.get('/children/new');
    assert.match(page.body, new RegExp(`<option value="${teamA.teamId}">Details team A</option>`));
    assert.doesNotMatch(page.body, new RegExp(teamB.teamId), "another service's team is not offered");
    const before = await counts();
    const none = await agents.serviceManager.post('/children/new', aChild());
    assert.equal(none.statusCode, 400);
    assert.match(textOf(none.body), /Select the team whose unallocated queue the child goes into/);
    const other = await agents.serviceManager.post('/children/new', aChild({ teamId: teamB.teamId }));
    assert.equal(other.statusCode, 400);
    assert.match(textOf(other.body), /Team must be one of the teams listed/);
    assert.deepEqual(await counts(), before);
    const ok = await agents.serviceManager.post('/children/new', aChild({ teamId: teamA.teamId }));
    assert.equal(ok.statusCode, 303);
    const childId = childIdFrom(ok.headers.location)!;
    const allocation = await db().selectFrom('allocations').select('team_id').where('child_id', '=', childId).executeTakeFirstOrThrow();
    assert.equal(allocation.team_id, teamA.teamId);
  });

  test('people in other roles cannot register a child: 403, audited, nothing stored', async () => {
    const before = await counts();
    for (const key of ['analyst', 'admin'] as const) {
      assert.equal((await agents[key].get('/children/new')).statusCode, 403, `${key} GET`);
      await agents[key].get('/');
      assert.equal((await agents[key].post('/children/new', aChild())).statusCode, 403, `${key} POST`);
      const denied = (await audits('route.access')).filter((r) => r.actor_user_id === ids[key] && r.outcome === 'denied');
      assert.ok(denied.some((r) => r.subject_id === 'POST /children/new'), `${key} refusal audited`);
    }
    assert.deepEqual(await counts(), before);
  });

  test('practitioners who register children have a link to it; others do not', async () => {
    assert.match((await agents.worker.get('/')).body, /href="\/children\/new"/);
    assert.doesNotMatch((await agents.analyst.get('/')).body, /href="\/children\/new"/);
  });

  const refusals: [string, Form, string, RegExp][] = [
    ['an NHS number of the wrong length', { nhsNumber: '943 476 591' }, 'nhsNumber', /NHS number must be 10 digits/],
    ['an NHS number whose check digit is wrong', { nhsNumber: '943 476 5918' }, 'nhsNumber', /NHS number check digit does not match/],
    ['a UPN whose check letter is wrong', { upn: `${VALID_UPN[0] === 'A' ? 'B' : 'A'}${VALID_UPN.slice(1)}` }, 'upn', /UPN check letter does not match/],
    ['a UPN of the wrong pattern', { upn: 'A8451000' }, 'upn', /UPN must be 13 characters/],
    ['a UPN and a reason it is unknown together', { upn: VALID_UPN, upnUnknownReason: 'UN1' }, 'upnUnknownReason', /Enter a UPN or choose why it is not known, not both/],
    ['a date of birth in the future', dateFields('dob', '2026-11-24'), 'dob-day', /Date of birth must be today or in the past/],
    ['a date of birth that does not exist', { 'dob-day': '30', 'dob-month': '2', 'dob-year': '2019' }, 'dob-day', /Date of birth must be a real date/],
    ['an unknown ethnicity code', { ethnicity: 'XXXX' }, 'ethnicity', /Ethnicity must be one of the options listed/],
    ['an unknown disability code', { disabilities: ['HEAR', 'WINGS'] }, 'disabilities', /Disability must be one of the options listed/],
    ['"None" with a disability', { disabilities: ['NONE', 'HEAR'] }, 'disabilities', /Select "None", or the disabilities the child has, not both/],
    ['a malformed postcode', { addressPostcode: 'BN21 ABC' }, 'addressPostcode', /Postcode must be a real UK postcode/],
    ['an address started before the child was born', dateFields('addressStart', '2019-05-13'), 'addressStart-day', /must be on or after the date of birth, 14 May 2019/],
    ['an address start in the future', dateFields('addressStart', '2026-12-01'), 'addressStart-day', /Date the child started living at this address must be today or in the past/],
    ['an expected date of birth long past', { 'dob-day': '', 'dob-month': '', 'dob-year': '', ...dateFields('edd', '2025-01-01') }, 'edd-day', /if the baby has been born, enter the date of birth/],
    ['both a date of birth and an expected one', dateFields('edd', '2027-01-01'), 'edd-day', /Enter the date of birth or, for an unborn child, the expected date of birth, not both/],
    ['neither a date of birth nor an expected one', { 'dob-day': '', 'dob-month': '', 'dob-year': '' }, 'dob-day', /Enter the date of birth, or the expected date of birth for an unborn child/],
    ['no last name', { surname: '' }, 'surname', /Enter the last name/],
  ];
  for (const [what, overrides, field, message] of refusals) {
    test(`registration with ${what} is refused, naming the field, and nothing is stored`, async () => {
      const before = await counts();
      const failedBefore = (await audits('child.create')).filter((r) => r.outcome === 'failed').length;
      const response = await register(agents.manager, aChild(overrides));
      assert.equal(response.statusCode, 400);
      assert.match(textOf(response.body), /There is a problem/);
      assert.match(textOf(response.body), message);
      assert.match(response.body, new RegExp(`href="#${field}"`), 'the error summary links to the field');
      assert.match(response.body, /value="Rowan"/, 'what was typed is shown again');
      assert.deepEqual(await counts(), before);
      const failed = (await audits('child.create')).filter((r) => r.outcome === 'failed');
      assert.equal(failed.length, failedBefore + 1, 'the refusal is audited');
      assert.match(failed.at(-1)!.reason!, new RegExp(field));
    });
  }

  test("a duplicate NHS number is refused without revealing the other child's record", async () => {
    const number = nhs(3);
    await db().insertInto('people').values({ is_child: true, la_child_id: 'HID0001', forename: 'Hidden', surname: 'Zanzibarova', date_of_birth: '2013-01-01', nhs_number: number }).execute();
    const before = await counts();
    const response = await register(agents.worker, aChild({ nhsNumber: `${number.slice(0, 3)} ${number.slice(3, 6)} ${number.slice(6)}` }));
    assert.equal(response.statusCode, 400);
    const text = textOf(response.body);
    assert.match(text, /A child with this NHS number is already recorded\. Search for them, or ask for access with a reason\./);
    assert.match(response.body, /href="#nhsNumber"/);
    assert.doesNotMatch(text, /Zanzibarova|Hidden|HID0001/);
    assert.deepEqual(await counts(), before);
  });

  // --- Changing details --------------------------------------------------------------

  test("the allocated worker changes the child's details; disabilities are replaced; it is audited", async () => {
    const childId = await newChild({ nhs_number: nhs(5) });
    await db().insertInto('person_disabilities').values({ person_id: childId, code: 'HEAR' }).execute();
    const page = await agents.worker.get(`/children/${childId}/details/edit`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /value="Kit"/);
    assert.doesNotMatch(page.body, /name="restriction"/, 'a social worker is not offered the restriction');
    const response = await agents.worker.post(`/children/${childId}/details/edit`, editForm({ nhsNumber: nhs(5), ...dateFields('dod', '2026-11-01'), disabilities: ['VIS', 'MOB'] }));
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, `/children/${childId}`);
    const person = await db().selectFrom('people').selectAll().where('id', '=', childId).executeTakeFirstOrThrow();
    assert.deepEqual(
      [person.surname, person.other_names, person.ethnicity, person.upn_unknown_reason, person.date_of_death, person.nhs_number, person.la_child_id],
      ['Renamed', 'Kitty', 'MWBC', 'UN3', '2026-11-01', nhs(5), `CD${String(serial).padStart(4, '0')}`],
    );
    const disabilities = await db().selectFrom('person_disabilities').select('code').where('person_id', '=', childId).orderBy('code').execute();
    assert.deepEqual(disabilities.map((d) => d.code), ['MOB', 'VIS']);
    assert.equal((await childAudits(childId, 'child.details.update')).at(-1)?.outcome, 'allowed');
    assert.match(textOf((await agents.worker.get(`/children/${childId}`)).body), /This child died on 1 November 2026/);
  });

  const unchanged = async (childId: string) => db().selectFrom('people').selectAll().where('id', '=', childId).executeTakeFirstOrThrow();

  const editRefusals: [string, Form, string, RegExp][] = [
    ['a date of death before the date of birth', dateFields('dod', '2015-02-28'), 'dod-day', /Date of death must be on or after the date of birth, 1 March 2015/],
    ['a date of death in the future', dateFields('dod', '2026-11-24'), 'dod-day', /Date of death must be today or in the past/],
    ['an NHS number whose check digit is wrong', { nhsNumber: '9434765918' }, 'nhsNumber', /NHS number check digit does not match/],
    ['an unknown ethnicity code', { ethnicity: 'Martian' }, 'ethnicity', /Ethnicity must be one of the options listed/],
  ];
  for (const [what, overrides, field, message] of editRefusals) {
    test(`a change with ${what} is refused, naming the field, and nothing changes`, async () => {
      const childId = await newChild();
      const before = await unchanged(childId);
      const response = await edit(agents.worker, childId, editForm(overrides));
      assert.equal(response.statusCode, 400);
      assert.match(textOf(response.body), message);
      assert.match(response.body, new RegExp(`href="#${field}"`));
      assert.deepEqual(await unchanged(childId), before);
      assert.equal((await childAudits(childId, 'child.details.update')).at(-1)?.outcome, 'failed');
    });
  }

  test("changing to another person's NHS number is refused without naming them", async () => {
    await newChild({ nhs_number: nhs(7), surname: 'Quixotica' });
    const childId = await newChild();
    const before = await unchanged(childId);
    const response = await edit(agents.worker, childId, editForm({ nhsNumber: nhs(7) }));
    assert.equal(response.statusCode, 400);
    assert.match(textOf(response.body), /A child with this NHS number is already recorded/);
    assert.doesNotMatch(textOf(response.body), /Quixotica/);
    assert.deepEqual(await unchanged(childId), before);
  });

  // --- Restricted records ---------------------------------------------------------------

  test('a social worker cannot restrict a record: 403, audited, and nothing changes', async () => {
    const childId = await newChild();
    const before = await unchanged(childId);
    const response = await edit(agents.worker, childId, editForm({ restrictionShown: 'yes', restriction: 'adoption' }));
    assert.equal(response.statusCode, 403);
    assert.deepEqual(await unchanged(childId), before);
    const denied = (await childAudits(childId, 'child.details.update')).at(-1);
    assert.equal(denied?.outcome, 'denied');
    assert.equal(denied?.actor_user_id, ids.worker);
  });

  test('a team manager restricts a record: they and the allocated worker are named, a manager not named gets 404, and named people can be added and removed', async () => {
    const childId = await newChild();
    const form = await agents.manager.get(`/children/${childId}/details/edit`);
    assert.match(form.body, /name="restriction"/);
    assert.match(form.body, /value="none" checked/, 'shown as not restricted');
    const response = await agents.manager.post(`/children/${childId}/details/edit`, editForm({ restrictionShown: 'yes', restriction: 'adoption' }));
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, `/children/${childId}/details/restricted-access?done=restricted`);
    const person = await unchanged(childId);
    assert.deepEqual([person.restricted, person.restriction_reason], [true, 'Adoption']);
    const named = await db().selectFrom('restricted_access').select(['user_id', 'granted_by']).where('child_id', '=', childId).execute();
    assert.deepEqual(named.map((n) => n.user_id).sort(), [ids.manager, ids.worker].sort());
    assert.ok(named.every((n) => n.granted_by === ids.manager));
    assert.equal((await childAudits(childId, 'child.restrict')).length, 1);

    for (const path of ['', '/details/edit', '/family', '/details/restricted-access']) {
      assert.equal((await agents.colleagueManager.get(`/children/${childId}${path}`)).statusCode, 404, `a manager of the team who is not named: ${path}`);
    }
    assert.ok((await childAudits(childId, 'child.view.summary')).some((r) => r.actor_user_id === ids.colleagueManager && r.outcome === 'denied'));
    assert.equal((await agents.worker.get(`/children/${childId}`)).statusCode, 200, 'the named worker still sees it');
    assert.equal((await agents.manager.get(`/children/${childId}`)).statusCode, 200, 'the manager who restricted it still sees it');

    const list = await agents.manager.get(`/children/${childId}/details/restricted-access?done=restricted`);
    assert.match(textOf(list.body), /The record is now restricted/);
    assert.match(textOf(list.body), /Wren Worker/);
    const search = await agents.manager.get(`/children/${childId}/details/restricted-access?name=colin`);
    assert.match(textOf(search.body), /Colin Colleague/);
    const added = await agents.manager.post(`/children/${childId}/details/restricted-access/add`, { userId: ids.colleagueManager });
    assert.equal(added.statusCode, 303);
    assert.equal((await agents.colleagueManager.get(`/children/${childId}`)).statusCode, 200, 'once named, the colleague sees it');
    assert.equal((await childAudits(ids.colleagueManager, 'child.restricted-access.named')).length, 1);

    await agents.manager.get(`/children/${childId}/details/restricted-access`);
    const self = await agents.manager.post(`/children/${childId}/details/restricted-access/remove`, { userId: ids.manager });
    assert.equal(self.statusCode, 400);
    assert.match(textOf(self.body), /You cannot remove yourself/);
    const removed = await agents.manager.post(`/children/${childId}/details/restricted-access/remove`, { userId: ids.colleagueManager });
    assert.equal(removed.statusCode, 303);
    assert.equal((await agents.colleagueManager.get(`/children/${childId}`)).statusCode, 404, 'removed again');

    // The named social worker may see the record but not change who is named.
    await agents.worker.get(`/children/${childId}/details/restricted-access`);
    const before = await counts();
    assert.equal((await agents.worker.post(`/children/${childId}/details/restricted-access/add`, { userId: ids.colleagueManager })).statusCode, 403);
    assert.deepEqual(await counts(), before);
  });

  test('restricting for another reason needs the reason written', async () => {
    const childId = await newChild();
    const empty = await edit(agents.manager, childId, editForm({ restrictionShown: 'yes', restriction: 'other', restrictionOther: '' }));
    assert.equal(empty.statusCode, 400);
    assert.match(textOf(empty.body), /Enter why the record is restricted/);
    assert.equal((await unchanged(childId)).restricted, false);
    const written = await edit(agents.manager, childId, editForm({ restrictionShown: 'yes', restriction: 'other', restrictionOther: 'Child of a councillor' }));
    assert.equal(written.statusCode, 303);
    assert.equal((await unchanged(childId)).restriction_reason, 'Child of a councillor');
  });

  test('lifting a restriction forgets who was named, and the team can see the record again', async () => {
    const childId = await newChild();
    await edit(agents.manager, childId, editForm({ restrictionShown: 'yes', restriction: 'staff_relative' }));
    assert.equal((await unchanged(childId)).restriction_reason, 'Relative of a member of staff');
    assert.equal((await agents.colleagueManager.get(`/children/${childId}`)).statusCode, 404);
    const lifted = await edit(agents.manager, childId, editForm({ restrictionShown: 'yes', restriction: 'none' }));
    assert.equal(lifted.statusCode, 303);
    const person = await unchanged(childId);
    assert.deepEqual([person.restricted, person.restriction_reason], [false, null]);
    assert.equal((await db().selectFrom('restricted_access').select('user_id').where('child_id', '=', childId).execute()).length, 0);
    assert.equal((await childAudits(childId, 'child.unrestrict')).length, 1);
    assert.equal((await agents.colleagueManager.get(`/children/${childId}`)).statusCode, 200);
  });

  // --- Access -----------------------------------------------------------------------------

  test('someone without access gets 404 on every details page and form, each refusal is audited, and nothing changes', async () => {
    const childId = await newChild();
    const routes = t.app.routeTable.filter((r) => r.url.startsWith('/children/:childId/details'));
    assert.ok(routes.length >= 5, 'the details routes are registered');
    const before = await counts();
    const personBefore = await unchanged(childId);
    await agents.outsider.get('/');
    for (const { method, url } of routes) {
      const path = url.replace(':childId', childId);
      const response = method === 'GET' ? await agents.outsider.get(path) : await agents.outsider.post(path, { ...editForm(), userId: ids.outsider });
      assert.equal(response.statusCode, 404, `${method} ${url}`);
      assert.doesNotMatch(response.body, /Kit Details/);
      if (method === 'GET') assert.equal((await agents.admin.get(path)).statusCode, 403, `administrator GET ${url}`);
    }
    const denied = (await db().selectFrom('audit_events').selectAll().where('subject_id', '=', childId).where('outcome', '=', 'denied').execute()).filter(
      (r) => r.actor_user_id === ids.outsider,
    );
    assert.equal(denied.length, routes.length, 'every refusal is audited');
    assert.deepEqual(await counts(), before);
    assert.deepEqual(await unchanged(childId), personBefore);
  });
});
