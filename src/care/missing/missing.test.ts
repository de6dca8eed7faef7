import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { recordTeam } from '../../../test/support/record-team.ts';
import { createUser } from '../../../test/support/users.ts';

// TEST_TODAY is Monday 23 November 2026.
describeEachEngine('missing from care or home on a child’s record, and across a team', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let workerId: string;
  let worker: Agent;
  let outsider: Agent;
  let manager: Agent;
  let iro: Agent;
  let runner: string;
  let returner: string;
  let secret: string;

  before(async () => {
    let teamId: string;
    ({ teamId, workerId, worker, outsider } = await recordTeam(t.app, db(), { prefix: 'mi', team: 'Missing team', worker: 'Mo Worker', outsider: 'Olu Outsider' }));
    await createUser(db(), { email: 'mi-manager@example.org', role: 'team_manager', teamId, name: 'Tam Manager' });
    const iroId = await createUser(db(), { email: 'mi-iro@example.org', role: 'iro', name: 'Ira Reviewer' });
    manager = await signedIn(t.app, 'mi-manager@example.org');
    iro = await signedIn(t.app, 'mi-iro@example.org');
    const child = async (la: string, forename: string, restricted = false) =>
      (
        await db()
          .insertInto('people')
          .values({ is_child: true, la_child_id: la, forename, surname: 'Tester', date_of_birth: '2011-03-14', sex: 'M', restricted, restriction_reason: restricted ? 'A relative of a member of staff' : null })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    runner = await child('MI0001', 'Rory');
    returner = await child('MI0002', 'Rhea');
    secret = await child('MI0003', 'Sami', true);
    await db()
      .insertInto('allocations')
      .values([
        { child_id: runner, role: 'lead', team_id: teamId, worker_id: workerId, start_date: '2026-01-05' },
        { child_id: runner, role: 'iro', team_id: teamId, worker_id: iroId, start_date: '2026-01-05' },
        { child_id: returner, role: 'lead', team_id: teamId, worker_id: workerId, start_date: '2026-01-05' },
        { child_id: secret, role: 'lead', team_id: teamId, worker_id: workerId, start_date: '2026-01-05' },
      ])
      .execute();
    await db().insertInto('restricted_access').values({ child_id: secret, user_id: workerId, granted_by: null }).execute();
    // The restricted child has gone missing three times since September and is missing now.
    const at = new Date('2026-11-01T12:00:00Z');
    await db()
      .insertInto('missing_episodes')
      .values([
        { child_id: secret, kind: 'M', start_date: '2026-09-10', end_date: '2026-09-11', reported_to_police: true, recorded_by: workerId, recorded_at: at },
        { child_id: secret, kind: 'A', start_date: '2026-10-02', end_date: '2026-10-02', reported_to_police: false, recorded_by: workerId, recorded_at: at },
        { child_id: secret, kind: 'M', start_date: '2026-11-20', reported_to_police: true, recorded_by: workerId, recorded_at: at },
      ])
      .execute();
  });

  const episodeForm = (overrides: Record<string, string> = {}) => ({
    kind: 'M',
    ...dateFields('startDate', '2026-11-21'),
    startTime: '22:15',
    reportedToPolice: 'yes',
    'endDate-day': '',
    'endDate-month': '',
    'endDate-year': '',
    endTime: '',
    whereFound: '',
    ...overrides,
  });
  const countEpisodes = async (childId: string) => (await db().selectFrom('missing_episodes').select('id').where('child_id', '=', childId).execute()).length;

  test('recording an episode while the child is missing shows it on the record, is audited, and a second open episode is refused', async () => {
    await worker.get(`/children/${runner}/care/missing/new`);
    const saved = await worker.post(`/children/${runner}/care/missing/new`, episodeForm());
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `/children/${runner}/care/missing?done=episode`);
    const page = textOf((await worker.get(`/children/${runner}/care/missing?done=episode`)).body);
    assert.match(page, /Rory is missing now: since 21 November 2026 at 22:15/);
    assert.match(page, /Missing: whereabouts unknown/);
    const audit = await db().selectFrom('audit_events').select(['outcome', 'reason']).where('subject_id', '=', runner).where('action', '=', 'child.missing.create').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.outcome, 'allowed');
    assert.match(audit[0]!.reason ?? '', /missing episode [0-9a-f-]{36}/);

    await worker.get(`/children/${runner}/care/missing/new`);
    const second = await worker.post(`/children/${runner}/care/missing/new`, episodeForm({ ...dateFields('startDate', '2026-11-22') }));
    assert.equal(second.statusCode, 400);
    assert.match(textOf(second.body), /An episode is already open, from 21 November 2026 at 22:15: record that return before a new episode/);
    assert.equal(await countEpisodes(runner), 1, 'nothing stored');
    const failed = await db().selectFrom('audit_events').select('reason').where('subject_id', '=', runner).where('action', '=', 'child.missing.create').where('outcome', '=', 'failed').execute();
    assert.match(failed[0]?.reason ?? '', /refused, nothing stored: startDate-day/);
  });

  test('impossible dates are refused naming the field, and nothing is stored', async () => {
    const refused = async (form: Record<string, string>, message: RegExp) => {
      await worker.get(`/children/${returner}/care/missing/new`);
      const response = await worker.post(`/children/${returner}/care/missing/new`, episodeForm(form));
      assert.equal(response.statusCode, 400);
      assert.match(textOf(response.body), /There is a problem/);
      assert.match(textOf(response.body), message);
    };
    await refused(dateFields('startDate', '2026-11-24'), /The date they went missing must be today or in the past/);
    await refused(dateFields('startDate', '2011-03-13'), /The date they went missing must be on or after their date of birth, 14 March 2011/);
    await refused({ ...dateFields('endDate', '2026-11-20') }, /The return must be after they went missing, 21 November 2026 at 22:15/);
    await refused({ ...dateFields('startDate', '2026-11-21'), ...dateFields('endDate', '2026-11-21'), endTime: '21:00' }, /The return must be after they went missing/);
    await refused({ kind: 'X' }, /What happened must be one of the options listed/);
    assert.equal(await countEpisodes(returner), 0);

    await worker.get(`/children/${returner}/care/missing/new`);
    const past = await worker.post(`/children/${returner}/care/missing/new`, episodeForm({ ...dateFields('startDate', '2026-11-10'), startTime: '', ...dateFields('endDate', '2026-11-12'), whereFound: 'At a friend’s flat' }));
    assert.equal(past.statusCode, 303);
    await refused({ ...dateFields('startDate', '2026-11-11'), startTime: '', ...dateFields('endDate', '2026-11-13') }, /This overlaps the episode from 10 November 2026, to 12 November 2026/);
    assert.equal(await countEpisodes(returner), 1);
  });

  test('the return interview is due within 72 hours of the return; an interview before the return or held before it was offered is refused', async () => {
    const [episode] = await db().selectFrom('missing_episodes').select('id').where('child_id', '=', runner).execute();
    const base = `/children/${runner}/care/missing/${episode!.id}`;
    await worker.get(`${base}/return`);
    const returned = await worker.post(`${base}/return`, { ...dateFields('endDate', '2026-11-19'), endTime: '07:00', whereFound: '' });
    assert.equal(returned.statusCode, 400, 'a return before the episode began is refused');
    assert.match(textOf(returned.body), /The return must be after they went missing, 21 November 2026 at 22:15/);
    await worker.get(`${base}/return`);
    assert.equal((await worker.post(`${base}/return`, { ...dateFields('endDate', '2026-11-22'), endTime: '07:00', whereFound: 'Found by police at the station' })).statusCode, 303);

    const page = textOf((await worker.get(`/children/${runner}/care/missing`)).body);
    assert.match(page, /Return interviews due\s+Due by 25 November 2026, returned 22 November 2026, missing from 21 November 2026\s+Due this week/);
    const interviewsOnMyWork = async () => textOf((await worker.get('/work')).body).match(/Return interview \(after missing\)/g)?.length ?? 0;
    assert.equal(await interviewsOnMyWork(), 2, 'Rory’s, due this week, and Rhea’s, overdue since 15 November');

    const interview = (overrides: Record<string, string>) => ({
      ...dateFields('offeredOn', '2026-11-22'),
      offeredBy: 'Jo Bloggs, return interview service',
      independent: 'yes',
      outcome: 'held',
      ...dateFields('heldOn', '2026-11-23'),
      learned: 'Went to see an older friend; no harm; safety plan agreed.',
      ...overrides,
    });
    await worker.get(`${base}/interview`);
    const early = await worker.post(`${base}/interview`, interview(dateFields('offeredOn', '2026-11-21')));
    assert.equal(early.statusCode, 400);
    assert.match(textOf(early.body), /The interview must be offered on or after the child’s return, 22 November 2026 at 07:00/);
    await worker.get(`${base}/interview`);
    const beforeOffer = await worker.post(`${base}/interview`, interview({ ...dateFields('offeredOn', '2026-11-23'), ...dateFields('heldOn', '2026-11-22') }));
    assert.equal(beforeOffer.statusCode, 400);
    assert.match(textOf(beforeOffer.body), /The interview cannot take place before it was offered, 23 November 2026/);
    const stored = await db().selectFrom('missing_episodes').select('interview_outcome').where('id', '=', episode!.id).executeTakeFirstOrThrow();
    assert.equal(stored.interview_outcome, null, 'nothing stored');

    await worker.get(`${base}/interview`);
    assert.equal((await worker.post(`${base}/interview`, interview({}))).statusCode, 303);
    assert.equal(await interviewsOnMyWork(), 1, 'the stored due items were forgotten when the interview was recorded: only Rhea’s is left');
    const after = textOf((await worker.get(`/children/${runner}/care/missing`)).body);
    assert.doesNotMatch(after, /Return interviews due/);
    assert.match(after, /Return interview\s+Held/);
    assert.match(after, /Jo Bloggs, return interview service \(independent\)/);

    const chronology = textOf((await worker.get(`/children/${runner}/chronology`)).body);
    assert.match(chronology, /21 November 2026\s+Went missing\s+From 21 November 2026 at 22:15; reported to the police\s+Missing/);
    assert.match(chronology, /Returned after being missing\s+22 November 2026 at 07:00; Found by police at the station/);
    assert.match(chronology, /Return interview with Jo Bloggs/);
  });

  test('someone who may not see the child gets 404, audited; an IRO who may see it may not record (403)', async () => {
    assert.equal((await outsider.get(`/children/${runner}/care/missing`)).statusCode, 404);
    await outsider.get('/work');
    assert.equal((await outsider.post(`/children/${runner}/care/missing/new`, episodeForm())).statusCode, 404);
    const denied = await db().selectFrom('audit_events').select('action').where('subject_id', '=', runner).where('outcome', '=', 'denied').execute();
    assert.ok(denied.some((d) => d.action === 'child.view.missing'));
    assert.ok(denied.some((d) => d.action === 'child.missing.create'));

    assert.equal((await iro.get(`/children/${runner}/care/missing`)).statusCode, 200);
    assert.equal((await iro.get(`/children/${runner}/care/missing/new`)).statusCode, 403);
    const before = await countEpisodes(runner);
    await iro.get(`/children/${runner}/care/missing`);
    assert.equal((await iro.post(`/children/${runner}/care/missing/new`, episodeForm({ ...dateFields('startDate', '2026-11-23') }))).statusCode, 403);
    assert.equal(await countEpisodes(runner), before);
  });

  test('the team page lists children missing now, going missing repeatedly and with interviews overdue; a restricted child is neither shown nor counted for someone not named', async () => {
    const mine = textOf((await worker.get('/care/missing')).body);
    assert.match(mine, /Your children/);
    assert.match(mine, /Missing now: 1\s/);
    assert.match(mine, /Sami Tester/);
    assert.match(mine, /Going missing repeatedly: 1\s/);

    const team = await manager.get('/care/missing');
    assert.equal(team.statusCode, 200);
    const text = textOf(team.body);
    assert.match(text, /Missing team/);
    assert.doesNotMatch(text, /Sami/);
    assert.match(text, /Missing now: 0\s/);
    assert.match(text, /Going missing repeatedly: 0\s/);
    assert.match(text, /Return interviews overdue: 1\s+Return interviews overdue, by surname.*Rhea Tester.*Due 15 November 2026, overdue by 8 days/);
    assert.doesNotMatch(text, /whose records you do not hold/);
  });
});
