import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { recordTeam } from '../../../test/support/record-team.ts';
import { createUser } from '../../../test/support/users.ts';

// TEST_TODAY is Monday 23 November 2026: the latest year that has ended is the year to 31 March 2026.
describeEachEngine('a looked-after child’s health and wellbeing each year (SSDA903 OC2) on their record', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let worker: Agent;
  let outsider: Agent;
  let iro: Agent;
  let teen: string;
  let toddler: string;
  let newcomer: string;
  let shortBreaks: string;

  before(async () => {
    let teamId: string;
    let workerId: string;
    ({ teamId, workerId, worker, outsider } = await recordTeam(t.app, db(), { prefix: 'hy', team: 'Health team', worker: 'Hana Worker', outsider: 'Omar Outsider' }));
    const iroId = await createUser(db(), { email: 'hy-iro@example.org', role: 'iro', name: 'Ivy Reviewer' });
    iro = await signedIn(t.app, 'hy-iro@example.org');
    const child = async (la: string, forename: string, dob: string) =>
      (await db().insertInto('people').values({ is_child: true, la_child_id: la, forename, surname: 'Healthtest', date_of_birth: dob, sex: 'F' }).returning('id').executeTakeFirstOrThrow()).id;
    teen = await child('HY0001', 'Tia', '2011-03-14');
    toddler = await child('HY0002', 'Remi', '2023-06-01');
    newcomer = await child('HY0003', 'Nell', '2012-02-02');
    shortBreaks = await child('HY0004', 'Sami', '2013-07-07');
    const episode = (childId: string, start: string, legalStatus = 'C2') => ({
      child_id: childId,
      start_date: start,
      reason_new_episode: 'S',
      legal_status: legalStatus,
      primary_need: 'N1',
      placement_type: 'U4',
      placement_postcode: 'BN21 4AB',
    });
    // Looked after continuously since January 2024: in the OC2 cohort at 31 March 2025 and 2026.
    // Nell since September 2025 (less than 12 months at 31 March 2026); Sami only under short breaks (V3).
    await db()
      .insertInto('care_episodes')
      .values([episode(teen, '2024-01-05'), episode(toddler, '2024-01-05'), episode(newcomer, '2025-09-01'), episode(shortBreaks, '2020-05-01', 'V3')])
      .execute();
    await db()
      .insertInto('allocations')
      .values([
        { child_id: teen, role: 'lead', team_id: teamId, worker_id: workerId, start_date: '2024-01-05' },
        { child_id: teen, role: 'iro', team_id: teamId, worker_id: iroId, start_date: '2024-01-05' },
        { child_id: toddler, role: 'lead', team_id: teamId, worker_id: workerId, start_date: '2024-01-05' },
        { child_id: newcomer, role: 'lead', team_id: teamId, worker_id: workerId, start_date: '2024-01-05' },
        { child_id: shortBreaks, role: 'lead', team_id: teamId, worker_id: workerId, start_date: '2024-01-05' },
      ])
      .execute();
    await db()
      .insertInto('case_events')
      .values({ child_id: teen, kind: 'health_assessment', event_date: '2025-06-10', recorded_by: workerId, recorded_at: new Date('2025-06-10T12:00:00Z') })
      .execute();
  });

  const form = (overrides: Record<string, string> = {}) => ({
    yearEnding: '2026',
    sdqScore: '14',
    sdqReason: '',
    convicted: 'no',
    healthCheck: '',
    immunisations: 'yes',
    teethCheck: 'yes',
    healthAssessment: 'yes',
    substanceMisuse: 'no',
    interventionReceived: '',
    interventionOffered: '',
    ...overrides,
  });
  const stored = async (childId: string) => db().selectFrom('care_health_years').selectAll().where('child_id', '=', childId).orderBy('year_ending').execute();
  const audits = async (childId: string, outcome: 'allowed' | 'failed') =>
    db().selectFrom('audit_events').select(['reason']).where('subject_id', '=', childId).where('action', '=', 'child.health-year.record').where('outcome', '=', outcome).orderBy('id').execute();

  test('recording a year shows it on the record, audited; the care page links to it; the health assessment is offered as the record has it', async () => {
    const care = textOf((await worker.get(`/children/${teen}/care`)).body);
    assert.match(care, /Health and wellbeing each year/);
    const opened = await worker.get(`/children/${teen}/care/health/record?year=2026`);
    assert.equal(opened.statusCode, 200);
    assert.match(opened.body, /Year to 31 March 2026:<\/span> 10 June 2025/);
    assert.match(opened.body, /value="yes" checked/, 'the health assessment answer starts from the record');
    const saved = await worker.post(`/children/${teen}/care/health/record`, form());
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `/children/${teen}/care/health?done=year`);
    const page = await worker.get(`/children/${teen}/care/health?done=year`);
    assert.match(page.body, /steadfast-record-nav__item--current[^>]*>\s*<a[^>]*>Care/);
    const text = textOf(page.body);
    assert.match(text, /Year to 31 March 2026 \(aged 15 on 31 March\)/);
    assert.match(text, /Strengths and difficulties score 14/);
    assert.doesNotMatch(text, /no health assessment is on the record/);
    const rows = await stored(teen);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.year_ending, '2026-03-31');
    assert.equal(rows[0]!.sdq_score, 14);
    assert.equal(rows[0]!.health_check, null);
    assert.match((await audits(teen, 'allowed'))[0]?.reason ?? '', /health year 2026 recorded, [0-9a-f-]{36}/);
    const viewed = await db().selectFrom('audit_events').select('action').where('subject_id', '=', teen).where('action', '=', 'child.view.health-years').execute();
    assert.ok(viewed.length >= 1, 'the view is audited');
  });

  test('a second save for the same year corrects it, audited as a change; an answer that disagrees with the record is saved with a warning', async () => {
    await worker.get(`/children/${teen}/care/health/record?year=2026`);
    const saved = await worker.post(
      `/children/${teen}/care/health/record`,
      form({ sdqScore: '', sdqReason: 'SDQ5', healthAssessment: 'no', substanceMisuse: 'yes', interventionReceived: 'no', interventionOffered: 'yes' }),
    );
    assert.equal(saved.statusCode, 303);
    const rows = await stored(teen);
    assert.equal(rows.length, 1, 'one row per child per year');
    assert.equal(rows[0]!.sdq_score, null);
    assert.equal(rows[0]!.sdq_reason, 'SDQ5');
    assert.equal(rows[0]!.intervention_offered, true);
    assert.match((await audits(teen, 'allowed')).at(-1)?.reason ?? '', /health year 2026 changed, [0-9a-f-]{36}/);
    const text = textOf((await worker.get(`/children/${teen}/care/health`)).body);
    assert.match(text, /Recorded as not had, but a health assessment on 10 June 2025 is on the record/);
    assert.match(text, /Yes: offered an intervention and refused it/);
  });

  test('each impossible answer is refused with a clear message, nothing stored and the attempt audited', async () => {
    const refused = async (childId: string, overrides: Record<string, string>, field: string, message: RegExp) => {
      const before = await stored(childId);
      await worker.get(`/children/${childId}/care/health/record`);
      const res = await worker.post(`/children/${childId}/care/health/record`, form(overrides));
      assert.equal(res.statusCode, 400, JSON.stringify(overrides));
      assert.match(res.body, new RegExp(`href="#${field}"`), `the summary links to ${field}`);
      assert.match(textOf(res.body), message);
      assert.deepEqual(await stored(childId), before, 'nothing stored');
      assert.match((await audits(childId, 'failed')).at(-1)?.reason ?? '', new RegExp(`refused, nothing stored: .*${field}`));
    };
    await refused(toddler, { yearEnding: '2027', healthCheck: 'yes' }, 'yearEnding', /The year must have ended: the latest year that can be recorded is the year to 31 March 2026/);
    await refused(toddler, { yearEnding: '2023', healthCheck: 'yes' }, 'yearEnding', /The year must end on or after the child's date of birth, 1 June 2023/);
    await refused(toddler, { sdqScore: '41', healthCheck: 'yes' }, 'sdqScore', /Strengths and difficulties score must be a whole number from 0 to 40/);
    await refused(toddler, { sdqScore: '12.5', healthCheck: 'yes' }, 'sdqScore', /Strengths and difficulties score must be a whole number from 0 to 40/);
    await refused(toddler, { sdqScore: '-1', healthCheck: 'yes' }, 'sdqScore', /whole number from 0 to 40/);
    await refused(toddler, { sdqReason: 'SDQ1', healthCheck: 'yes' }, 'sdqReason', /Enter a score or a reason there is no score, not both/);
    await refused(toddler, { sdqScore: '', healthCheck: 'yes' }, 'sdqScore', /Enter the strengths and difficulties score, or select why there is none/);
    await refused(toddler, {}, 'healthCheck', /Select whether the child’s health surveillance and promotion checks were up to date/);
    await refused(teen, { yearEnding: '2025', sdqScore: '', sdqReason: 'SDQ1' }, 'sdqReason', /The child was 14 on 31 March 2025: the under 4 or over 16 reason does not apply/);
    await refused(teen, { yearEnding: '2025', interventionReceived: 'yes' }, 'interventionReceived', /Leave the intervention unanswered: no substance misuse problem is recorded/);
    await refused(teen, { yearEnding: '2025', substanceMisuse: 'yes', interventionReceived: 'yes', interventionOffered: 'yes' }, 'interventionOffered', /cannot be both received and offered but refused/);
    await refused(teen, { yearEnding: '2025', healthCheck: 'no' }, 'healthCheck', /Leave health checks unanswered: they are asked about only for children under 5, and the child was 14 on 31 March 2025/);
    await refused(teen, { yearEnding: '2025', sdqReason: 'SDQ9', sdqScore: '' }, 'sdqReason', /Reason there is no score must be one of the options listed/);
  });

  test('the OC2 cohort (DfE SSDA903 guide; validation rules 185, 190, 198): a year is refused for a child not looked after continuously for 12 months at 31 March, or looked after only under short breaks', async () => {
    const page = textOf((await worker.get(`/children/${teen}/care/health`)).body);
    assert.match(page, /Year to 31 March 2026: In the return: looked after continuously since 5 January 2024/);
    assert.match(page, /Year to 31 March 2024: Not in the return: looked after from 5 January 2024: less than 12 months on 31 March 2024/);
    const refusedYear = async (childId: string, message: RegExp) => {
      await worker.get(`/children/${childId}/care/health/record`);
      const res = await worker.post(`/children/${childId}/care/health/record`, form());
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /href="#yearEnding"/);
      assert.match(textOf(res.body), message);
      assert.deepEqual(await stored(childId), [], 'nothing stored');
      assert.match((await audits(childId, 'failed')).at(-1)?.reason ?? '', /refused, nothing stored: .*yearEnding/);
    };
    await refusedYear(newcomer, /The year to 31 March 2026 cannot be recorded: the DfE asks about children looked after continuously for 12 months at 31 March, and this child was not \(looked after from 1 September 2025: less than 12 months on 31 March 2026\)/);
    await refusedYear(shortBreaks, /this child was not \(not looked after on 31 March 2026 \(short breaks only, which do not count\)\)/);
    const form2024 = await worker.get(`/children/${teen}/care/health/record`);
    assert.match(form2024.body, /Year to 31 March 2024 \(not in the return\)/);
  });

  test('a child under 5 is recorded with health checks and the under-4 reason', async () => {
    await worker.get(`/children/${toddler}/care/health/record`);
    const saved = await worker.post(`/children/${toddler}/care/health/record`, form({ sdqScore: '', sdqReason: 'SDQ1', healthCheck: 'yes', healthAssessment: 'yes' }));
    assert.equal(saved.statusCode, 303);
    const rows = await stored(toddler);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.health_check, true);
    const text = textOf((await worker.get(`/children/${toddler}/care/health`)).body);
    assert.match(text, /Recorded as had, but no health assessment is on the record between 1 April 2025 and 31 March 2026/);
  });

  test('someone with no relationship to the child gets 404; an IRO may read but not record (403), audited', async () => {
    assert.equal((await outsider.get(`/children/${teen}/care/health`)).statusCode, 404);
    assert.equal((await outsider.get(`/children/${teen}/care/health/record`)).statusCode, 404);
    await worker.get(`/children/${teen}/care/health`);
    assert.equal((await outsider.post(`/children/${teen}/care/health/record`, form({ yearEnding: '2024' }))).statusCode, 404);
    assert.equal((await iro.get(`/children/${teen}/care/health`)).statusCode, 200);
    assert.doesNotMatch((await iro.get(`/children/${teen}/care/health`)).body, /Record a year/);
    assert.equal((await iro.get(`/children/${teen}/care/health/record`)).statusCode, 403);
    await iro.get(`/children/${teen}/care/health`);
    assert.equal((await iro.post(`/children/${teen}/care/health/record`, form({ yearEnding: '2024' }))).statusCode, 403);
    assert.equal((await stored(teen)).filter((r) => r.year_ending === '2024-03-31').length, 0, 'nothing stored');
    const denied = await db().selectFrom('audit_events').select('action').where('subject_id', '=', teen).where('outcome', '=', 'denied').execute();
    assert.ok(denied.some((d) => d.action === 'child.health-year.record'));
    assert.ok(denied.some((d) => d.action === 'child.view.health-years'), 'the outsider’s attempt is audited');
  });
});
