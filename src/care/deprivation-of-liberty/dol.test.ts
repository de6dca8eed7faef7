import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { recordTeam } from '../../../test/support/record-team.ts';
import { createUser } from '../../../test/support/users.ts';

// TEST_TODAY is Monday 23 November 2026.
describeEachEngine('deprivation of liberty orders on a child’s record', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let workerId: string;
  let worker: Agent;
  let outsider: Agent;
  let iro: Agent;
  let child: string;
  let secret: string;

  before(async () => {
    let teamId: string;
    ({ teamId, workerId, worker, outsider } = await recordTeam(t.app, db(), { prefix: 'dl', team: 'Liberty team', worker: 'Di Worker', outsider: 'Oz Outsider' }));
    const iroId = await createUser(db(), { email: 'dl-iro@example.org', role: 'iro', name: 'Ivy Reviewer' });
    iro = await signedIn(t.app, 'dl-iro@example.org');
    const person = async (la: string, forename: string, restricted = false) =>
      (
        await db()
          .insertInto('people')
          .values({ is_child: true, la_child_id: la, forename, surname: 'Liberty', date_of_birth: '2010-02-11', sex: 'F', restricted, restriction_reason: restricted ? 'A relative of a member of staff' : null })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    child = await person('DL0001', 'Lena');
    secret = await person('DL0002', 'Sara', true);
    await db()
      .insertInto('allocations')
      .values([
        { child_id: child, role: 'lead', team_id: teamId, worker_id: workerId, start_date: '2025-01-06' },
        { child_id: child, role: 'iro', team_id: teamId, worker_id: iroId, start_date: '2025-01-06' },
        { child_id: secret, role: 'lead', team_id: teamId, worker_id: workerId, start_date: '2025-01-06' },
      ])
      .execute();
    await db().insertInto('restricted_access').values({ child_id: secret, user_id: workerId, granted_by: null }).execute();
  });

  const orderForm = (overrides: Record<string, string> = {}) => ({
    court: 'high_court',
    ...dateFields('madeOn', '2025-09-01'),
    ...dateFields('startDate', '2025-09-01'),
    'endDate-day': '',
    'endDate-month': '',
    'endDate-year': '',
    ...dateFields('reviewBy', '2026-03-01'),
    notes: 'Locked door at night; one-to-one staffing.',
    ...overrides,
  });
  const noReview = { 'reviewBy-day': '', 'reviewBy-month': '', 'reviewBy-year': '' };
  const orders = async (childId: string) => db().selectFrom('deprivation_of_liberty_orders').selectAll().where('child_id', '=', childId).orderBy('start_date').execute();
  const post = async (agent: Agent, path: string, form: Record<string, string>) => {
    await agent.get(path);
    return agent.post(path, form);
  };

  test('recording an order shows it in force on the record, linked from the care page, audited', async () => {
    assert.match(textOf((await worker.get(`/children/${child}/care`)).body), /Deprivation of liberty orders/);
    const saved = await post(worker, `/children/${child}/care/deprivation-of-liberty/new`, orderForm());
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `/children/${child}/care/deprivation-of-liberty?done=order`);
    const page = textOf((await worker.get(`/children/${child}/care/deprivation-of-liberty?done=order`)).body);
    assert.match(page, /Order recorded/);
    assert.match(page, /Lena is subject to an order of the High Court \(inherent jurisdiction\) since 1 September 2025, to be reviewed or expire by 1 March 2026/);
    const audit = await db().selectFrom('audit_events').select(['outcome', 'reason']).where('subject_id', '=', child).where('action', '=', 'child.deprivation-of-liberty.create').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.outcome, 'allowed');
    assert.match(audit[0]!.reason ?? '', /deprivation of liberty order [0-9a-f-]{36}/);
  });

  test('impossible dates are refused with an error summary naming the field, and nothing is stored', async () => {
    const refused = async (form: Record<string, string>, message: RegExp) => {
      const response = await post(worker, `/children/${child}/care/deprivation-of-liberty/new`, orderForm(form));
      assert.equal(response.statusCode, 400);
      assert.match(textOf(response.body), /There is a problem/);
      assert.match(textOf(response.body), message);
    };
    const earlier = { ...dateFields('madeOn', '2025-01-06'), ...dateFields('reviewBy', '2025-04-01') };
    await refused({ ...earlier, ...dateFields('startDate', '2010-02-10') }, /The date the order started must be on or after their date of birth, 11 February 2010/);
    await refused({ ...dateFields('madeOn', '2026-11-24'), ...dateFields('startDate', '2026-11-24'), ...noReview }, /The date the order started must be today or in the past/);
    await refused({ ...earlier, ...dateFields('startDate', '2025-01-06'), ...dateFields('endDate', '2025-01-05') }, /The order cannot end before it started, 6 January 2025/);
    await refused({ ...earlier, ...dateFields('startDate', '2025-01-06') }, /Another order covers these dates, from 1 September 2025, still in force: end or correct that order first/);
    await refused({ court: 'magistrates' }, /Which court made the order must be one of the options listed/);
    assert.equal((await orders(child)).length, 1);
    const ok = await post(worker, `/children/${child}/care/deprivation-of-liberty/new`, orderForm({ ...earlier, court: 'court_of_protection', ...dateFields('startDate', '2025-01-06'), ...dateFields('endDate', '2025-04-01') }));
    assert.equal(ok.statusCode, 303, 'an earlier order that ended before is kept');
    assert.equal((await orders(child)).length, 2);
  });

  test('ending an order: not before it started nor in the future, once; correcting one keeps it clear of the others', async () => {
    const [earlier, current] = await orders(child);
    const endPath = `/children/${child}/care/deprivation-of-liberty/${current!.id}/end`;
    const early = await post(worker, endPath, dateFields('endDate', '2025-08-31'));
    assert.equal(early.statusCode, 400);
    assert.match(textOf(early.body), /The order cannot end before it started, 1 September 2025/);
    const future = await post(worker, endPath, dateFields('endDate', '2026-11-24'));
    assert.match(textOf(future.body), /The date the order ended must be today or in the past/);
    assert.equal((await post(worker, endPath, dateFields('endDate', '2026-04-30'))).statusCode, 303);
    const again = await post(worker, endPath, dateFields('endDate', '2026-05-30'));
    assert.match(textOf(again.body), /The order already ended, on 30 April 2026/);

    const correctPath = `/children/${child}/care/deprivation-of-liberty/${earlier!.id}/correct`;
    assert.match((await worker.get(correctPath)).body, /value="2025"/);
    const overlapping = await post(worker, correctPath, orderForm({ court: 'court_of_protection', ...dateFields('madeOn', '2025-01-06'), ...dateFields('startDate', '2025-01-06'), ...dateFields('endDate', '2025-09-02'), ...noReview }));
    assert.equal(overlapping.statusCode, 400);
    assert.match(textOf(overlapping.body), /Another order covers these dates, from 1 September 2025, to 30 April 2026/);
    const corrected = await post(worker, correctPath, orderForm({ court: 'court_of_protection', ...dateFields('madeOn', '2025-01-06'), ...dateFields('startDate', '2025-01-06'), ...dateFields('endDate', '2025-05-01'), ...noReview }));
    assert.equal(corrected.statusCode, 303);
    assert.equal((await orders(child))[0]!.end_date, '2025-05-01');
    const actions = await db().selectFrom('audit_events').select('action').where('subject_id', '=', child).where('outcome', '=', 'allowed').execute();
    assert.ok(actions.some((a) => a.action === 'child.deprivation-of-liberty.end'));
    assert.ok(actions.some((a) => a.action === 'child.deprivation-of-liberty.correct'));

    const chronology = textOf((await worker.get(`/children/${child}/chronology`)).body);
    assert.match(chronology, /Deprivation of liberty order started\s+High Court \(inherent jurisdiction\); made 1 September 2025; review or expiry by 1 March 2026/);
    assert.match(chronology, /30 April 2026\s+Deprivation of liberty order ended/);
  });

  test('someone who may not see the child gets 404, audited; an IRO may read but not record (403); a restricted child stays restricted', async () => {
    assert.equal((await outsider.get(`/children/${child}/care/deprivation-of-liberty`)).statusCode, 404);
    await outsider.get('/work');
    assert.equal((await outsider.post(`/children/${child}/care/deprivation-of-liberty/new`, orderForm())).statusCode, 404);
    const denied = await db().selectFrom('audit_events').select('action').where('subject_id', '=', child).where('outcome', '=', 'denied').execute();
    assert.ok(denied.some((d) => d.action === 'child.view.deprivation-of-liberty'));
    assert.ok(denied.some((d) => d.action === 'child.deprivation-of-liberty.create'));

    assert.equal((await iro.get(`/children/${child}/care/deprivation-of-liberty`)).statusCode, 200);
    assert.equal((await iro.get(`/children/${child}/care/deprivation-of-liberty/new`)).statusCode, 403);
    const before = (await orders(child)).length;
    assert.equal((await iro.post(`/children/${child}/care/deprivation-of-liberty/new`, orderForm({ ...dateFields('madeOn', '2026-11-01'), ...dateFields('startDate', '2026-11-01') }))).statusCode, 403);
    assert.equal((await orders(child)).length, before);

    assert.equal((await worker.get(`/children/${secret}/care/deprivation-of-liberty`)).statusCode, 200, 'the named worker opens the restricted child');
    assert.equal((await iro.get(`/children/${secret}/care/deprivation-of-liberty`)).statusCode, 404);
    assert.equal((await outsider.get(`/children/${secret}/care/deprivation-of-liberty`)).statusCode, 404);
  });
});
