import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { recordTeam } from '../../../test/support/record-team.ts';
import { createUser } from '../../../test/support/users.ts';

// TEST_TODAY is Monday 23 November 2026.
describeEachEngine('the neglect profile: the council’s versions, completions on a child’s record, the chart and when it is due', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let worker: Agent;
  let outsider: Agent;
  let head: Agent;
  let child: string;
  let secret: string;

  before(async () => {
    let teamId: string;
    let workerId: string;
    ({ teamId, workerId, worker, outsider } = await recordTeam(t.app, db(), { prefix: 'np', team: 'Neglect profile team', worker: 'Nia Worker', outsider: 'Oli Outsider' }));
    await createUser(db(), { email: 'np-head@example.org', role: 'head_of_service', name: 'Hal Head' });
    head = await signedIn(t.app, 'np-head@example.org');
    const person = async (la: string, forename: string, restricted = false) =>
      (await db().insertInto('people').values({ is_child: true, la_child_id: la, forename, surname: 'Nptest', date_of_birth: '2019-03-04', sex: 'M', restricted, restriction_reason: restricted ? 'Adoption placement' : null }).returning('id').executeTakeFirstOrThrow()).id;
    child = await person('NP0001', 'Noah');
    secret = await person('NP0002', 'Sol', true);
    await db().insertInto('allocations').values([child, secret].map((id) => ({ child_id: id, role: 'lead' as const, team_id: teamId, worker_id: workerId, start_date: '2025-01-05' }))).execute();
    await db().insertInto('restricted_access').values([{ child_id: secret, user_id: workerId, granted_by: null }]).execute();
    const referral = await db().insertInto('referrals').values({ child_id: child, referral_date: '2026-04-01', source: '6', primary_need: 'N1' }).returning('id').executeTakeFirstOrThrow();
    await db().insertInto('cp_plans').values({ child_id: child, referral_id: referral.id, start_date: '2026-06-01', initial_category: 'NEG', latest_category: 'NEG' }).execute();
    await db()
      .insertInto('case_events')
      .values([
        { child_id: child, kind: 'icpc', event_date: '2026-06-01', recorded_by: workerId, recorded_at: new Date('2026-06-01T12:00:00Z') },
        { child_id: child, kind: 'cp_review', event_date: '2026-09-01', recorded_by: workerId, recorded_at: new Date('2026-09-01T12:00:00Z') },
      ])
      .execute();
  });

  const descriptors = (name: string) => Object.fromEntries([1, 2, 3, 4, 5].map((g) => [g, `${name}: what grade ${g} looks like.`]));
  const slot = (n: number, name: string, key = '') => ({
    [`domain${n}Key`]: key,
    [`domain${n}Name`]: name,
    ...Object.fromEntries(Object.entries(descriptors(name)).map(([g, text]) => [`domain${n}Grade${g}`, text])),
  });
  const completion = (grades: Record<string, string>, overrides: Record<string, string> = {}) => ({
    version: '1',
    ...dateFields('completedOn', '2026-08-20'),
    withFamily: 'yes',
    tookPart: 'Kim (mother), Noah, Lee (health visitor)',
    ...Object.fromEntries(Object.entries(grades).map(([key, grade]) => [`grade-${key}`, grade])),
    'evidence-nutrition': 'Cupboards bare on two visits; Noah hungry at school.',
    summary: 'Care is inconsistent, worst around food.',
    nextSteps: 'Food bank referral; health visitor weekly.',
    ...overrides,
  });
  const profiles = (childId: string) => db().selectFrom('neglect_profiles').selectAll().where('child_id', '=', childId).orderBy('completed_on').execute();
  const audits = (subject: string, action: string, outcome: 'allowed' | 'failed' | 'denied') =>
    db().selectFrom('audit_events').select(['reason']).where('subject_id', '=', subject).where('action', '=', action).where('outcome', '=', outcome).execute();

  test('before the council sets it up, the form says so and refuses to save; the child’s page already says it is due', async () => {
    assert.match(textOf((await worker.get(`/children/${child}/neglect-profile/new`)).body), /The council has not set up its neglect profile yet/);
    const response = await worker.post(`/children/${child}/neglect-profile/new`, completion({}));
    assert.equal(response.statusCode, 400);
    assert.deepEqual(await profiles(child), []);
    const page = textOf((await worker.get(`/children/${child}/neglect-profile`)).body);
    assert.match(page, /The neglect profile is overdue: it was due by 1 June 2026 \(at the start of the child protection plan for neglect, 1 June 2026\)/);
  });

  test('a head of service sets up the profile; a worker may read it but not change it, and a refused form stores nothing', async () => {
    assert.equal((await worker.get('/direct-work/neglect-profile/edit')).statusCode, 403);
    await head.get('/direct-work/neglect-profile/edit');
    const missing = await head.post('/direct-work/neglect-profile/edit', { changeNote: 'First version.', ...slot(1, 'Nutrition'), domain2Name: 'Home conditions', domain2Grade1: 'Warm and safe.' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /govuk-error-summary/);
    assert.match(missing.body, /href="#domain2Grade2"/);
    assert.match(textOf(missing.body), /Enter Home conditions’s descriptor for grade 2/);
    assert.equal((await db().selectFrom('neglect_profile_versions').selectAll().execute()).length, 0, 'nothing stored');
    const saved = await head.post('/direct-work/neglect-profile/edit', { changeNote: 'First version.', ...slot(1, 'Nutrition'), ...slot(2, 'Home conditions') });
    assert.equal(saved.statusCode, 303);
    const page = textOf((await worker.get('/direct-work/neglect-profile')).body);
    assert.match(page, /Version 1, from 23 November 2026 Nutrition Grade Descriptor 1: Needs met well Nutrition: what grade 1 looks like./);
    assert.doesNotMatch(page, /Change the profile/, 'a worker reads it only');
    assert.equal((await audits('1', 'direct-work.neglect-profile.version', 'allowed')).length, 1);
  });

  test('a worker completes a profile with the family: stored whole, with the descriptors of the grades given, shown on the page and audited', async () => {
    const form = await worker.get(`/children/${child}/neglect-profile/new`);
    assert.equal(form.statusCode, 200);
    assert.match(textOf(form.body), /Grade for Nutrition 1: Needs met well Nutrition: what grade 1 looks like./);
    const response = await worker.post(`/children/${child}/neglect-profile/new`, completion({ nutrition: '4', 'home-conditions': '3' }));
    assert.equal(response.statusCode, 303, textOf(response.body).slice(0, 600));
    assert.equal(response.headers.location, `/children/${child}/neglect-profile?done=recorded`);
    const [stored] = await profiles(child);
    assert.equal(stored!.version, 1);
    assert.equal(stored!.with_family, true);
    const grades = await db().selectFrom('neglect_profile_grades').selectAll().where('profile_id', '=', stored!.id).orderBy('position').execute();
    assert.deepEqual(
      grades.map((g) => [g.domain_key, g.domain_name, g.grade, g.descriptor, g.evidence]),
      [
        ['nutrition', 'Nutrition', 4, 'Nutrition: what grade 4 looks like.', 'Cupboards bare on two visits; Noah hungry at school.'],
        ['home-conditions', 'Home conditions', 3, 'Home conditions: what grade 3 looks like.', null],
      ],
    );
    const page = textOf((await worker.get(response.headers.location as string)).body);
    assert.match(page, /Neglect profile saved/);
    assert.match(page, /The neglect profile is overdue: it was due by 20 November 2026 \(3 months after the last profile, completed on 20 August 2026\)/);
    assert.match(page, /Nutrition 4: Needs often not met Nutrition: what grade 4 looks like. Evidence: Cupboards bare on two visits/);
    assert.equal((await audits(child, 'child.neglect-profile.record', 'allowed')).length, 1);
  });

  test('refused: a date in the future or before birth, a domain left ungraded, a version changed while the form was open; nothing is stored', async () => {
    const before = await profiles(child);
    const failed = (await audits(child, 'child.neglect-profile.record', 'failed')).length;
    await worker.get(`/children/${child}/neglect-profile/new`);
    const cases: [Record<string, string>, string, RegExp][] = [
      [completion({ nutrition: '3', 'home-conditions': '3' }, dateFields('completedOn', '2026-11-24')), 'completedOn-day', /The date completed must be today or in the past/],
      [completion({ nutrition: '3', 'home-conditions': '3' }, dateFields('completedOn', '2019-03-03')), 'completedOn-day', /The date completed must be on or after the child's date of birth, 4 March 2019/],
      [completion({ nutrition: '3' }), 'grade-home-conditions', /Select a grade for Home conditions/],
      [completion({ nutrition: '3', 'home-conditions': '6' }), 'grade-home-conditions', /The grade for Home conditions must be one of the options listed/],
      [completion({ nutrition: '3', 'home-conditions': '3' }, { version: '0' }), 'version', /changed to version 1 while this form was open/],
      [completion({ nutrition: '3', 'home-conditions': '3' }, { withFamily: '' }), 'withFamily', /Select yes if the profile was completed with the family/],
    ];
    for (const [form, field, message] of cases) {
      const response = await worker.post(`/children/${child}/neglect-profile/new`, form);
      assert.equal(response.statusCode, 400, field);
      assert.match(response.body, /govuk-error-summary/);
      assert.match(response.body, new RegExp(`href="#${field}"`), field);
      assert.match(textOf(response.body), message);
    }
    assert.deepEqual(await profiles(child), before, 'nothing stored');
    assert.equal((await audits(child, 'child.neglect-profile.record', 'failed')).length, failed + cases.length);
  });

  test('a new version: a domain reworded in its slot keeps its line on the chart; the earlier completion keeps its own version', async () => {
    const edit = await head.get('/direct-work/neglect-profile/edit');
    assert.match(edit.body, /name="domain1Key" value="nutrition"/);
    const saved = await head.post('/direct-work/neglect-profile/edit', { changeNote: 'Food reworded; safety added.', ...slot(1, 'Food and drink', 'nutrition'), ...slot(2, 'Home conditions', 'home-conditions'), ...slot(3, 'Safety and supervision') });
    assert.equal(saved.statusCode, 303);
    await worker.get(`/children/${child}/neglect-profile/new`);
    const response = await worker.post(`/children/${child}/neglect-profile/new`, completion({ nutrition: '2', 'home-conditions': '4', 'safety-and-supervision': '2' }, { version: '2', ...dateFields('completedOn', '2026-11-20') }));
    assert.equal(response.statusCode, 303, textOf(response.body).slice(0, 600));
    const page = textOf((await worker.get(`/children/${child}/neglect-profile`)).body);
    assert.match(page, /The next neglect profile is due by 20 February 2027/);
    assert.match(page, /Grades at each profile Domain 20 August 2026 20 November 2026 Change Food and drink 4 2 Better than the profile before Home conditions 3 4 Worse than the profile before Safety and supervision – 2 First profile/);
    assert.match(page, /1 June 2026: Initial child protection conference 1 June 2026: Start of the child protection plan \(neglect\) 20 August 2026: Neglect profile completed 1 September 2026: Child protection review conference 20 November 2026: Neglect profile completed/);
    assert.match(page, /Nutrition 4: Needs often not met/, 'the first completion keeps its version’s names and descriptors');
    const svgs = (await worker.get(`/children/${child}/neglect-profile`)).body.match(/<svg[^>]*role="img"/g) ?? [];
    assert.equal(svgs.length, 3, 'a chart for each domain');
    const council = textOf((await worker.get('/direct-work/neglect-profile')).body);
    assert.match(council, /Versions Version Made What changed Domains Profiles completed with it 2 23 November 2026, Hal Head Food reworded; safety added. 3 1 1 23 November 2026, Hal Head First version. 2 1/);
  });

  test('the Direct work tab links to the profile and says when it is due; the chronology shows each completion', async () => {
    const tab = textOf((await worker.get(`/children/${child}/direct-work`)).body);
    assert.match(tab, /Neglect profile : the council’s graded profile of Noah’s care, its chart and every completion. Due by 20 February 2027./);
    const chronology = textOf((await worker.get(`/children/${child}/chronology`)).body);
    assert.match(chronology, /20 November 2026 Neglect profile completed With the family \(Kim \(mother\), Noah, Lee \(health visitor\)\). Grades: Food and drink 2, Home conditions 4, Safety and supervision 2; recorded by Nia Worker Direct work/);
    assert.doesNotMatch(chronology, /Cupboards bare/, 'the evidence stays on the profile');
  });

  test('an outsider and a restricted child: page not found on every page, nothing stored', async () => {
    for (const url of [`/children/${child}/neglect-profile`, `/children/${child}/neglect-profile/new`, `/children/${secret}/neglect-profile`]) {
      const response = await outsider.get(url);
      assert.equal(response.statusCode, 404, url);
      assert.doesNotMatch(response.body, /Noah|Sol/);
    }
    await outsider.get('/');
    const before = await profiles(child);
    assert.equal((await outsider.post(`/children/${child}/neglect-profile/new`, completion({ nutrition: '1', 'home-conditions': '1', 'safety-and-supervision': '1' }, { version: '2' }))).statusCode, 404);
    assert.deepEqual(await profiles(child), before);
    assert.equal((await worker.get(`/children/${secret}/neglect-profile`)).statusCode, 200, 'named on the restricted record, the worker sees it');
    assert.equal((await head.get(`/children/${child}/neglect-profile/new`)).statusCode, 404, 'a head of service holds no record without a reason');
  });
});
