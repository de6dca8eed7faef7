import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { validateXML } from 'xmllint-wasm';
import { textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { caseloadWorldForSuite } from '../../../test/support/caseload-world.ts';

/**
 * The workforce dashboard, the census return and staff records, on the small
 * caseload council. Everyone started in their role on 6 January 2020 with a
 * registration number, except Dee Dunn (North B), who has none. North A has
 * 7 funded posts and 5.5 FTE in post (workers A, B at half time, C and R,
 * the team manager and the practice supervisor): 1.5 vacancies, 21.4%.
 */
describeEachEngine('workforce dashboard, census and staff records', (use) => {
  const { w, as } = caseloadWorldForSuite(use);
  const db = () => use().db;

  before(async () => {
    let n = 0;
    for (const [key, user] of Object.entries(w.users)) {
      n += 1;
      await db()
        .insertInto('staff_records')
        .values({
          user_id: user.id,
          start_in_role: '2020-01-06',
          swe_number: key === 'workerD' ? null : `SW${100100 + n}`,
          qualification_institution: 'University of Sussex',
          start_origin: '2',
        })
        .execute();
    }
    await db().insertInto('team_establishment').values({ team_id: w.teams.northA, effective_from: '2025-01-01', funded_fte: 7 }).execute();
    await db()
      .insertInto('staff_absences')
      .values({ user_id: w.users.workerA.id, reason: 'SIC', start_date: '2026-11-02', end_date: '2026-11-04', working_days_lost: 3 })
      .execute();
  });

  test('the dashboard: heads of service and analysts the council, a service manager their service, a team manager their team; workers 403', async () => {
    const head = textOf((await (await as('head')).get('/workforce')).body);
    assert.match(head, /Workforce: the council/);
    assert.match(head, /Figures behind the chart, by year to 30 September/);
    const team = await (await as('head')).get(`/workforce?team=${w.teams.northA}`);
    assert.match(textOf(team.body), /Workforce: North A .*Headcount \(employed\) 6 FTE \(employed\) 5\.5 .*Vacancies 1\.5 FTE, vacancy rate 21\.4%/);
    assert.match(textOf(team.body), /Sickness days lost 3 \(0\.5 per FTE\)/);
    // Nobody in North A has been supervised (six supervised roles) and all started in 2020: everyone is overdue.
    assert.match(textOf(team.body), /Supervision in time 0% of 6 supervised staff \(6 overdue\)/);
    assert.match(textOf((await (await as('analyst')).get('/workforce')).body), /Workforce: the council/);
    assert.match(textOf((await (await as('smNorth')).get(`/workforce?service=${w.services.south}`)).body), /Workforce: North service/, 'another service is not offered');
    assert.match(textOf((await (await as('tmA')).get(`/workforce?team=${w.teams.south}`)).body), /Workforce: North A/);
    for (const user of ['workerA', 'admin'] as const) assert.equal((await (await as(user)).get('/workforce')).statusCode, 403, user);
  });

  test('the census summary lists what will be sent and what is missing; the download is valid against the DfE schema', async () => {
    const head = await as('head');
    const summary = textOf((await head.get('/workforce/census?year=2026')).body);
    assert.match(summary, /year to 30 September 2026/);
    assert.match(summary, /Dee Dunn SWENo No Social Work England registration number: left out of the return/);
    const download = await head.get('/workforce/census/download?year=2026');
    assert.equal(download.statusCode, 200);
    assert.match(String(download.headers['content-disposition']), /attachment; filename="social-work-workforce-845-2026.xml"/);
    const schema = readFileSync(new URL('./schema/social_work_workforce_2022.xsd', import.meta.url), 'utf8');
    const result = await validateXML({ xml: [{ fileName: 'census.xml', contents: download.body }], schema: [schema] });
    assert.deepEqual(result.errors.map((e) => e.message), []);
    assert.match(download.body, /<SWENo>SW0000100\d{3}<\/SWENo>/);
    assert.doesNotMatch(download.body, /Dee Dunn/);
    const audit = await db().selectFrom('audit_events').select('reason').where('action', '=', 'workforce.export.census').execute();
    assert.equal(audit.length, 1);
    for (const user of ['tmA', 'smNorth', 'workerA'] as const) {
      assert.equal((await (await as(user)).get('/workforce/census')).statusCode, 403, user);
      assert.equal((await (await as(user)).get('/workforce/census/download')).statusCode, 403, user);
    }
  });

  test('a staff record: the person sees their own without absence reasons; their managers see the reasons; others 404', async () => {
    const url = `/workforce/staff/${w.users.workerA.id}`;
    const own = textOf((await (await as('workerA')).get(url)).body);
    assert.match(own, /Staff record: Alex Able/);
    assert.match(own, /reasons are shown to managers only/);
    assert.doesNotMatch(own, /Sickness/);
    const manager = textOf((await (await as('tmA')).get(url)).body);
    assert.match(manager, /2 November 2026 4 November 2026 Sickness 3/);
    for (const user of ['workerB', 'tmB', 'smSouth', 'analyst'] as const) {
      const response = await (await as(user)).get(url);
      assert.equal(response.statusCode, 404, user);
    }
  });

  test('managers change a staff record; a bad registration number is refused and nothing changes; the person cannot change their own', async () => {
    const url = `/workforce/staff/${w.users.workerA.id}/edit`;
    const worker = await as('workerA');
    assert.equal((await worker.get(url)).statusCode, 403);
    assert.equal((await worker.post(url, { employmentType: 'agency' })).statusCode, 403);
    const tm = await as('tmA');
    assert.equal((await tm.get(url)).statusCode, 200);
    const bad = await tm.post(url, { employmentType: 'permanent', sweNumber: 'AB12', 'leftOn-day': '1', 'leftOn-month': '1', 'leftOn-year': '2019', 'startInRole-day': '6', 'startInRole-month': '1', 'startInRole-year': '2020' });
    assert.equal(bad.statusCode, 400);
    const text = textOf(bad.body);
    assert.match(text, /There is a problem/);
    assert.match(text, /Social Work England registration number must be SW followed by up to 10 digits/);
    assert.match(text, /Leaving date must be on or after the start date in the role/);
    const unchanged = await db().selectFrom('staff_records').selectAll().where('user_id', '=', w.users.workerA.id).executeTakeFirstOrThrow();
    assert.equal(unchanged.left_on, null);
    const taken = await db().selectFrom('staff_records').select('swe_number').where('user_id', '=', w.users.workerB.id).executeTakeFirstOrThrow();
    const clash = await tm.post(url, { employmentType: 'permanent', sweNumber: taken.swe_number!, 'leftOn-day': '20', 'leftOn-month': '11', 'leftOn-year': '2026' });
    assert.match(textOf(clash.body), /Select the reason for leaving.*Select where they went/);
    const clash2 = await tm.post(url, { employmentType: 'permanent', sweNumber: taken.swe_number! });
    assert.match(textOf(clash2.body), /Another member of staff already has this Social Work England registration number/);

    const saved = await tm.post(url, {
      grade: 'Senior social worker',
      employmentType: 'permanent',
      contractedHours: '37',
      'startInRole-day': '6',
      'startInRole-month': '1',
      'startInRole-year': '2020',
      startOrigin: '2',
      sweNumber: 'sw 654321',
      qualificationInstitution: 'University of Brighton',
      'leftOn-day': '20',
      'leftOn-month': '11',
      'leftOn-year': '2026',
      leavingReason: '1',
      leavingDestination: '1',
    });
    assert.equal(saved.statusCode, 303);
    const row = await db().selectFrom('staff_records').selectAll().where('user_id', '=', w.users.workerA.id).executeTakeFirstOrThrow();
    assert.deepEqual([row.swe_number, row.left_on, row.leaving_reason, row.grade, Number(row.contracted_hours)], ['SW654321', '2026-11-20', '1', 'Senior social worker', 37]);
    const page = textOf((await tm.get(`/workforce/staff/${w.users.workerA.id}`)).body);
    assert.match(page, /Left 20 November 2026: Resignation; went to: Social work role in a different local authority in England/);
    const audit = await db().selectFrom('audit_events').select('outcome').where('action', '=', 'workforce.staff.update').where('subject_id', '=', w.users.workerA.id).execute();
    assert.deepEqual(audit.map((a) => a.outcome).sort(), ['denied', 'failed', 'failed', 'failed', 'allowed'].sort());
  });

  test('a manager records when a worker’s ASYE began; before they qualified, or for someone who is not a social worker, is refused', async () => {
    const tm = await as('tmA');
    const form = (extra: Record<string, string>) => ({ employmentType: 'permanent', 'startInRole-day': '6', 'startInRole-month': '1', 'startInRole-year': '2020', ...extra });
    const asyeOn = (day: string, month: string, year: string) => ({ 'asyeStartedOn-day': day, 'asyeStartedOn-month': month, 'asyeStartedOn-year': year });
    const early = await tm.post(`/workforce/staff/${w.users.workerC.id}/edit`, form(asyeOn('1', '8', '2026')));
    assert.equal(early.statusCode, 400);
    assert.match(textOf(early.body), /ASYE start date must be on or after the day they qualified, 1 September 2026/);
    const notSocialWorker = await tm.post(`/workforce/staff/${w.users.psA.id}/edit`, form(asyeOn('5', '10', '2026')));
    assert.match(textOf(notSocialWorker.body), /Only a social worker has an ASYE/);
    const saved = await tm.post(`/workforce/staff/${w.users.workerC.id}/edit`, form(asyeOn('5', '10', '2026')));
    assert.equal(saved.statusCode, 303);
    const row = await db().selectFrom('users').select(['asye_started_on', 'qualified_on']).where('id', '=', w.users.workerC.id).executeTakeFirstOrThrow();
    assert.deepEqual([row.qualified_on, row.asye_started_on], ['2026-09-01', '2026-10-05']);
    assert.match(textOf((await tm.get(`/workforce/staff/${w.users.workerC.id}`)).body), /ASYE began\s+5 October 2026 \(in their ASYE year\)/);
    const audit = await db().selectFrom('audit_events').select('action').where('action', '=', 'workforce.staff.update').where('subject_id', '=', w.users.workerC.id).where('outcome', '=', 'allowed').execute();
    assert.equal(audit.length, 1);
  });

  test('managers record absence; bad dates are refused and nothing is stored', async () => {
    const url = `/workforce/staff/${w.users.workerB.id}/absences`;
    const count = async () => (await db().selectFrom('staff_absences').select('id').where('user_id', '=', w.users.workerB.id).execute()).length;
    const ps = await as('psA');
    await ps.get(`/workforce/staff/${w.users.workerB.id}`);
    const bad = await ps.post(url, { reason: 'SIC', 'absenceStart-day': '10', 'absenceStart-month': '11', 'absenceStart-year': '2026', 'absenceEnd-day': '9', 'absenceEnd-month': '11', 'absenceEnd-year': '2026' });
    assert.equal(bad.statusCode, 400);
    assert.match(textOf(bad.body), /Last day of the absence must be on or after its first day/);
    assert.equal(await count(), 0);
    assert.equal((await (await as('workerB')).post(url, { reason: 'SIC', 'absenceStart-day': '10', 'absenceStart-month': '11', 'absenceStart-year': '2026' })).statusCode, 403);
    const ok = await ps.post(url, { reason: 'TRN', 'absenceStart-day': '10', 'absenceStart-month': '11', 'absenceStart-year': '2026', 'absenceEnd-day': '11', 'absenceEnd-month': '11', 'absenceEnd-year': '2026', workingDaysLost: '2' });
    assert.equal(ok.statusCode, 303);
    assert.equal(await count(), 1);
  });

  test('funded posts: the service manager records them and the vacancies follow; the team manager reads them; other services get 404', async () => {
    const url = `/workforce/teams/${w.teams.northA}/establishment`;
    const form = { fundedFte: '8', 'effectiveFrom-day': '1', 'effectiveFrom-month': '11', 'effectiveFrom-year': '2026' };
    const tm = await as('tmA');
    assert.match(textOf((await tm.get(url)).body), /7 FTE funded/);
    assert.equal((await tm.post(url, form)).statusCode, 403);
    assert.equal((await (await as('smSouth')).get(url)).statusCode, 404);
    const sm = await as('smNorth');
    await sm.get(url);
    const bad = await sm.post(url, { fundedFte: 'lots' });
    assert.equal(bad.statusCode, 400);
    assert.match(textOf(bad.body), /There is a problem Funded posts must be a number of full-time equivalents.*Enter date the figure applies from/);
    assert.equal((await sm.post(url, form)).statusCode, 303);
    const rows = await db().selectFrom('team_establishment').select(['effective_from', 'funded_fte']).where('team_id', '=', w.teams.northA).orderBy('effective_from').execute();
    assert.deepEqual(rows.map((r) => [r.effective_from, Number(r.funded_fte)]), [['2025-01-01', 7], ['2026-11-01', 8]]);
    // Alex Able left on 20 November (an earlier test recorded it): 4.5 FTE in post of 8 funded.
    assert.match(textOf((await sm.get(`/workforce?team=${w.teams.northA}`)).body), /Vacancies 3\.5 FTE, vacancy rate 43\.8%/);
  });
});
