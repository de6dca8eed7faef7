import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { runCliOn } from '../../../test/support/cli.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';
import { SSD_OBJECT_NAMES, SSD_OBJECTS } from './objects.ts';
import { modelCodes } from './model.ts';

// TEST_TODAY is 23 November 2026.

describeEachEngine('the Standard Safeguarding Dataset export: the model\'s objects from the record, for those who make returns, audited', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let analyst: Agent;
  let admin: Agent;
  let worker: Agent;
  let manager: Agent;
  let workerId: string;
  let dataOfficerId: string;

  before(async () => {
    const { teamId } = await createTeam(db(), 'SSD Team');
    workerId = await createUser(db(), { email: 'ssd-sw@example.org', role: 'social_worker', teamId, name: 'Sid Worker' });
    const managerId = await createUser(db(), { email: 'ssd-tm@example.org', role: 'team_manager', teamId, name: 'Tam Manager' });
    await createUser(db(), { email: 'ssd-pa@example.org', role: 'performance_analyst', name: 'Pia Analyst' });
    await createUser(db(), { email: 'ssd-admin@example.org', role: 'system_admin', name: 'Ada Admin' });
    dataOfficerId = await createUser(db(), { email: 'ssd-data@example.org', role: 'system_admin', name: 'Dot Data' });
    const at = new Date('2026-01-10T10:00:00Z');
    const child = async (id: string, restricted = false) =>
      (
        await db()
          .insertInto('people')
          .values({ is_child: true, la_child_id: id, forename: 'Sky', surname: `Dataset${id}`, date_of_birth: '2015-04-05', sex: 'F', ethnicity: 'WBRI', upn_unknown_reason: 'UN1', restricted, restriction_reason: restricted ? 'A relative of a member of staff' : null })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const open = await child('SSD1');
    const hidden = await child('SSD2', true);
    await db().insertInto('person_disabilities').values({ person_id: open, code: 'HEAR' }).execute();
    await db().insertInto('addresses').values({ person_id: open, line1: '1 Sea Road', town: 'Hastings', postcode: 'tn34 1aa', start_date: '2020-01-01' }).execute();
    await db().insertInto('contacts').values({ child_id: open, contact_date: '2025-09-01', source: '2A', outcome: 'referral' }).execute();
    const referral = await db().insertInto('referrals').values({ child_id: open, referral_date: '2025-09-02', source: '2A', primary_need: 'N1' }).returning('id').executeTakeFirstOrThrow();
    const authorised = await db().insertInto('case_events').values({ child_id: open, kind: 'assessment', event_date: '2025-10-01', recorded_by: managerId, recorded_at: at }).returning('id').executeTakeFirstOrThrow();
    await db()
      .insertInto('assessments')
      .values({
        child_id: open, referral_id: referral.id, start_date: '2025-09-03', child_seen: true, child_seen_on: '2025-09-04', seen_alone: true, outcome: 'cin_plan',
        submitted_on: '2025-09-30', submitted_by: workerId, authorised_on: '2025-10-01', authorised_by: managerId, authorised_at: at, case_event_id: authorised.id,
        created_by: workerId, created_at: at, updated_by: workerId, updated_at: at,
      })
      .execute();
    await db().insertInto('cp_plans').values({ child_id: open, referral_id: referral.id, start_date: '2025-10-20', initial_category: 'NEG', latest_category: 'EMO' }).execute();
    for (const [id, start, end, rne, ls] of [
      [open, '2025-11-01', '2025-12-01', 'S', 'V2'],
      [open, '2025-12-01', null, 'L', 'C2'],
      [hidden, '2024-05-01', null, 'S', 'C2'],
    ] as const) {
      await db()
        .insertInto('care_episodes')
        .values({ child_id: id, start_date: start, end_date: end, reason_ceased: end ? 'X1' : null, reason_new_episode: rne, legal_status: ls, primary_need: 'N1', placement_type: 'U4', placement_provider: 'PR1', placement_postcode: 'BN21 4AB' })
        .execute();
    }
    await db().insertInto('missing_episodes').values({ child_id: open, kind: 'M', start_date: '2026-01-02', end_date: '2026-01-03', reported_to_police: true, interview_offered_on: '2026-01-04', interview_outcome: 'held', interview_held_on: '2026-01-05', recorded_by: workerId, recorded_at: at }).execute();
    await db().insertInto('allocations').values({ child_id: open, role: 'lead', team_id: teamId, worker_id: workerId, start_date: '2025-09-02' }).execute();
    analyst = await signedIn(t.app, 'ssd-pa@example.org');
    admin = await signedIn(t.app, 'ssd-admin@example.org');
    worker = await signedIn(t.app, 'ssd-sw@example.org');
    manager = await signedIn(t.app, 'ssd-tm@example.org');
  });

  const csv = async (agent: Agent, object: string) => {
    const response = await agent.get(`/returns/ssd/${object}.csv`);
    assert.equal(response.statusCode, 200, object);
    assert.match(String(response.headers['content-type']), /^text\/csv/);
    return { header: response.body.split('\n')[0]!.trim(), rows: parse(response.body, { columns: true }) as Record<string, string>[] };
  };

  test('each object\'s CSV has the model\'s field names in the model\'s order as its header', async () => {
    for (const name of SSD_OBJECT_NAMES) assert.equal((await csv(analyst, name)).header, SSD_OBJECTS[name].fields.join(','), name);
  });

  test('the record\'s rows come out with the model\'s codes (its category sets), ISO dates and Y/N flags; restricted children are in it', async () => {
    const people = (await csv(analyst, 'ssd_person')).rows;
    assert.deepEqual(people.map((p) => p.pers_person_id).sort(), ['SSD1', 'SSD2'], 'the restricted child SSD2 is in the dataset');
    assert.equal(people[0]!.pers_dob, '2015-04-05');
    assert.equal(people[0]!.pers_sex, 'F', 'pers_sex takes F, M or U, as its guidance says');
    assert.ok(modelCodes('upn_unknown').has(people[0]!.pers_upn_unknown!));
    assert.ok(modelCodes('disability').has((await csv(analyst, 'ssd_disability')).rows[0]!.disa_disability_code!));
    const address = (await csv(analyst, 'ssd_address')).rows[0]!;
    assert.equal(address.addr_address_postcode, 'TN341AA', 'postcodes without spaces, as the model asks');
    assert.equal(JSON.parse(address.addr_address_json!).STREET, '1 Sea Road');
    const contact = (await csv(analyst, 'ssd_contacts')).rows[0]!;
    assert.ok(modelCodes('contact_source').has(contact.cont_contact_source_code!));
    assert.equal(contact.cont_contact_source_desc, 'SCHOOLS');
    assert.equal(JSON.parse(contact.cont_contact_outcome_json!).NEW_REFERRAL_FLAG, 'Y');
    const referral = (await csv(analyst, 'ssd_cin_episodes')).rows[0]!;
    assert.ok(modelCodes('referral_source').has(referral.cine_referral_source_code!));
    assert.ok(modelCodes('primary_need').has(referral.cine_cin_primary_need_code!));
    assert.equal(JSON.parse(referral.cine_referral_outcome_json!).SINGLE_ASSESSMENT_FLAG, 'Y');
    const assessment = (await csv(analyst, 'ssd_cin_assessments')).rows[0]!;
    assert.deepEqual([assessment.cina_assessment_child_seen, assessment.cina_assessment_auth_date, assessment.cina_assessment_outcome_nfa, assessment.cina_assessment_team], ['Y', '2025-10-01', 'N', 'SSD Team']);
    const plan = (await csv(analyst, 'ssd_cp_plans')).rows[0]!;
    assert.ok(modelCodes('category_of_abuse').has(plan.cppl_cp_plan_initial_category!), 'NEG is written as the model\'s "Neglect"');
    assert.equal(plan.cppl_cp_plan_latest_category, 'Emotional Abuse');
    const episodes = (await csv(analyst, 'ssd_cla_episodes')).rows.filter((e) => e.clae_person_id === 'SSD1');
    assert.equal(episodes.length, 2);
    assert.equal(episodes[1]!.clae_cla_id, episodes[0]!.clae_cla_episode_id, 'a change of legal status stays in the same period of care');
    assert.equal(episodes[1]!.clae_entered_care_date, '2025-11-01');
    for (const status of (await csv(analyst, 'ssd_legal_status')).rows) assert.ok(modelCodes('legal_status').has(status.lega_legal_status!));
    const missing = (await csv(analyst, 'ssd_missing')).rows[0]!;
    assert.ok(modelCodes('missing').has(missing.miss_missing_episode_type!));
    assert.deepEqual([missing.miss_missing_rhi_offered, missing.miss_missing_rhi_accepted], ['Y', 'Y']);
    const involvement = (await csv(analyst, 'ssd_involvements')).rows[0]!;
    assert.deepEqual([involvement.invo_professional_id, involvement.invo_professional_role_id, involvement.invo_professional_team], [workerId, 'Allocated Case Worker', 'SSD Team']);
    const professional = (await csv(analyst, 'ssd_professionals')).rows.find((p) => p.prof_professional_id === workerId)!;
    assert.equal(professional.prof_professional_name, 'Sid Worker');
    assert.ok((await csv(analyst, 'ssd_department')).rows.some((d) => d.dept_team_name === 'SSD Team'));
  });

  test('the page lists each object with its rows and empty fields and the objects not covered, and names no child', async () => {
    const page = await analyst.get('/returns/ssd');
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /ssd_person\s+Each child on the record, from the child's details\s+2\s+pers_gender/);
    assert.match(text, /ssd_cla_episodes\s+.*?\s+3\s+/);
    assert.match(text, /Objects not produced yet/);
    assert.match(text, /ssd_send\s+Education records/);
    assert.doesNotMatch(page.body, /Dataset SSD|DatasetSSD/, 'no child is named on the page');
    assert.match((await analyst.get('/returns')).body, /href="\/returns\/ssd"/, 'the returns page links to it');
    assert.equal((await analyst.get('/returns/ssd/ssd_nothing.csv')).statusCode, 404);
  });

  test('generation, page and each download are audited with what they contained', async () => {
    await analyst.get('/returns/ssd');
    await analyst.get('/returns/ssd/ssd_person.csv');
    const rows = await db().selectFrom('audit_events').select(['action', 'reason', 'subject_id']).where('action', 'like', 'returns.ssd.%').where('actor_email', '=', 'ssd-pa@example.org').execute();
    assert.ok(rows.some((r) => r.action === 'returns.ssd.download' && r.subject_id === 'ssd' && r.reason === 'Standard Safeguarding Dataset as at 2026-11-23: ssd_person 2 rows'));
    assert.ok(rows.some((r) => r.action === 'returns.ssd.view' && /^Standard Safeguarding Dataset as at 2026-11-23: ssd_person 2, ssd_disability 1, ssd_address 1, .*ssd_cla_episodes 3, /.test(r.reason ?? '')));
  });

  test('a social worker, a team manager and a system administrator without the permission are refused, and the refusals audited', async () => {
    for (const agent of [worker, manager, admin]) {
      assert.equal((await agent.get('/returns/ssd')).statusCode, 403);
      assert.equal((await agent.get('/returns/ssd/ssd_person.csv')).statusCode, 403);
    }
    const denied = await db().selectFrom('audit_events').select(['actor_email', 'subject_id']).where('outcome', '=', 'denied').where('subject_id', 'like', 'GET /returns/ssd%').execute();
    for (const email of ['ssd-sw@example.org', 'ssd-tm@example.org', 'ssd-admin@example.org']) assert.ok(denied.some((d) => d.actor_email === email), email);
  });

  test('a system administrator grants the returns administrator permission, audited; with it a person makes returns, and without it again is refused', async () => {
    const dataOfficer = await signedIn(t.app, 'ssd-data@example.org');
    assert.equal((await dataOfficer.get('/returns/ssd/ssd_person.csv')).statusCode, 403);
    assert.doesNotMatch((await dataOfficer.get('/')).body, /href="\/returns"/);
    const granted = await admin.post(`/admin/users/${dataOfficerId}/grant-returns-administrator`);
    assert.equal(granted.statusCode, 303);
    assert.match(textOf((await admin.get(`/admin/users/${dataOfficerId}`)).body), /Dot Data is a returns administrator/);
    assert.equal((await dataOfficer.get('/returns/ssd/ssd_person.csv')).statusCode, 200);
    assert.equal((await dataOfficer.get('/returns/ssda903/2026/Header.csv')).statusCode, 200, 'the 903 too');
    assert.match((await dataOfficer.get('/returns')).body, /as CSV/, 'they see every table and error, as those who make returns do');
    assert.match((await dataOfficer.get('/')).body, /href="\/returns"/, 'the navigation offers the returns');
    await admin.post(`/admin/users/${dataOfficerId}/withdraw-returns-administrator`);
    assert.equal((await dataOfficer.get('/returns/ssd/ssd_person.csv')).statusCode, 403);
    const audit = await db().selectFrom('audit_events').select(['action', 'actor_email', 'reason']).where('subject_id', '=', dataOfficerId).where('action', 'like', 'user.returns_administrator.%').orderBy('id').execute();
    assert.deepEqual(
      audit.map((a) => [a.action, a.actor_email, a.reason]),
      [
        ['user.returns_administrator.grant', 'ssd-admin@example.org', 'granted the returns administrator permission to ssd-data@example.org'],
        ['user.returns_administrator.withdraw', 'ssd-admin@example.org', 'withdrew the returns administrator permission from ssd-data@example.org'],
      ],
    );
  });

  test('a social worker cannot be made a returns administrator: refused with a clear message, nothing stored', async () => {
    const refused = await admin.post(`/admin/users/${workerId}/grant-returns-administrator`);
    assert.equal(refused.statusCode, 400);
    assert.match(textOf(refused.body), /There is a problem\s+Sid Worker cannot be made a returns administrator: .*front-line work \(Social worker\)/);
    const row = await db().selectFrom('users').select('returns_administrator').where('id', '=', workerId).executeTakeFirstOrThrow();
    assert.equal(row.returns_administrator, false);
    assert.equal((await analyst.post(`/admin/users/${dataOfficerId}/grant-returns-administrator`)).statusCode, 403, 'only system administrators grant it');
  });

  test('the CLI writes one CSV per covered object and prints the counts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ssd-'));
    try {
      const run = await runCliOn(use(), ['returns', 'ssd', '--out', dir]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /Standard Safeguarding Dataset as at 2026-11-23 written to .*:\n {2}ssd_person: 2 rows\n/);
      assert.match(run.stdout, /Not produced yet: ssd_permanence, /);
      assert.deepEqual((await readdir(dir)).sort(), SSD_OBJECT_NAMES.map((n) => `${n}.csv`).sort());
      assert.match(await readFile(join(dir, 'ssd_disability.csv'), 'utf8'), /^disa_person_id,disa_table_id,disa_disability_code\nSSD1,SSD1-HEAR,HEAR\n$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
