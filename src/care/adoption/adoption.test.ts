import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { recordTeam } from '../../../test/support/record-team.ts';
import { createUser } from '../../../test/support/users.ts';

// TEST_TODAY is Monday 23 November 2026.
describeEachEngine('a child’s adoption on their record, its scorecard timescales and the council’s measure', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let worker: Agent;
  let outsider: Agent;
  let iro: Agent;
  let manager: Agent;
  let workerId: string;
  let ava: string;
  let ben: string;
  let secret: string;

  const child = async (la: string, forename: string, dob: string, careFrom: string, teamId: string, restricted = false) => {
    const id = (
      await db()
        .insertInto('people')
        .values({ is_child: true, la_child_id: la, forename, surname: 'Adoptiontest', date_of_birth: dob, sex: 'F', restricted, restriction_reason: restricted ? 'A relative of a member of staff' : null })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await db()
      .insertInto('care_episodes')
      .values({ child_id: id, start_date: careFrom, reason_new_episode: 'S', legal_status: 'C2', primary_need: 'N1', placement_type: 'U3', placement_provider: 'PR1' })
      .execute();
    await db().insertInto('allocations').values({ child_id: id, role: 'lead', team_id: teamId, worker_id: workerId, start_date: careFrom }).execute();
    return id;
  };

  before(async () => {
    let teamId: string;
    ({ teamId, workerId, worker, outsider } = await recordTeam(t.app, db(), { prefix: 'ad', team: 'Adoption team', worker: 'Ada Worker', outsider: 'Otto Outsider' }));
    await createUser(db(), { email: 'ad-manager@example.org', role: 'team_manager', teamId, name: 'Mo Manager' });
    manager = await signedIn(t.app, 'ad-manager@example.org');
    const iroId = await createUser(db(), { email: 'ad-iro@example.org', role: 'iro', name: 'Ivo Reviewer' });
    iro = await signedIn(t.app, 'ad-iro@example.org');
    ava = await child('AD0001', 'Ava', '2022-02-01', '2024-01-10', teamId);
    ben = await child('AD0002', 'Ben', '2023-04-04', '2025-02-03', teamId);
    secret = await child('AD0003', 'Sami', '2024-03-03', '2025-01-06', teamId, true);
    await db().insertInto('restricted_access').values({ child_id: secret, user_id: workerId, granted_by: null }).execute();
    await db().insertInto('allocations').values({ child_id: ava, role: 'iro', team_id: teamId, worker_id: iroId, start_date: '2024-01-10' }).execute();
  });

  const step = (name: string, on: string, extra: Record<string, string> = {}) => ({ step: name, ...dateFields('on', on), ...extra });
  const adopters = { adoptersCount: '2', adoptersSex: 'MF', adoptersLegalStatus: 'L11', fosterCarers: 'no' };
  const stored = async (childId: string) => db().selectFrom('adoption_decisions').selectAll().where('child_id', '=', childId).orderBy('decided_on').execute();
  const lastAudit = async (childId: string, action: string, outcome: 'allowed' | 'failed') =>
    (await db().selectFrom('audit_events').select('reason').where('subject_id', '=', childId).where('action', '=', action).where('outcome', '=', outcome).orderBy('id').execute()).at(-1)?.reason ?? '';
  const record = async (childId: string, body: Record<string, string>) => {
    await worker.get(`/children/${childId}/care/adoption/step`);
    return worker.post(`/children/${childId}/care/adoption/step`, body);
  };

  test('each step is recorded in order, audited, on the page with the scorecard’s A1 and A2 against their thresholds, and on the chronology', async () => {
    assert.match(textOf((await worker.get(`/children/${ava}/care`)).body), /Adoption and previous permanence/);
    for (const body of [
      step('decision', '2024-06-01'),
      step('placement_order', '2024-09-02'),
      step('matched', '2024-12-10', adopters),
      step('placed', '2025-01-06'),
      step('adopted', '2025-06-20'),
    ]) {
      const res = await record(ava, body);
      assert.equal(res.statusCode, 303, `${body.step}: ${textOf(res.body).slice(0, 300)}`);
      assert.equal(res.headers.location, `/children/${ava}/care/adoption?done=step`);
    }
    const [row] = await stored(ava);
    assert.equal(row!.authority, 'placement_order');
    assert.equal(row!.matched_on, '2024-12-10');
    assert.equal(row!.adopters_sex, 'MF');
    assert.equal(row!.adopters_legal_status, 'L11');
    assert.equal(row!.foster_carers, false);
    assert.equal(row!.adopted_on, '2025-06-20');
    assert.match(await lastAudit(ava, 'child.adoption.step', 'allowed'), /adoption: adopted recorded, [0-9a-f-]{36}/);
    const page = textOf((await worker.get(`/children/${ava}/care/adoption`)).body);
    assert.match(page, /Decision of 1 June 2024: adopted/);
    assert.match(page, /Placement order made 2 September 2024/);
    assert.match(page, /Matched with prospective adopters 10 December 2024 A male and female couple \(MF\); different gender married couple \(L11\)/);
    assert.match(page, /Entering care to moving in \(A1\) 362 days, against the scorecard’s threshold of 426 days: within it/);
    assert.match(page, /Placement order to match \(A2\) 99 days, against the scorecard’s threshold of 121 days: within it/);
    const chronology = textOf((await worker.get(`/children/${ava}/chronology`)).body);
    assert.match(chronology, /1 June 2024 Decision that the child should be placed for adoption Adoption/);
    assert.match(chronology, /20 June 2025 Adoption order made Adoption/);
  });

  test('steps out of order, in the future, before care began or with the adopters not agreeing are refused with a clear message, nothing stored, audited', async () => {
    const refused = async (childId: string, body: Record<string, string>, field: string, message: RegExp) => {
      const before = await stored(childId);
      const res = await record(childId, body);
      assert.equal(res.statusCode, 400, JSON.stringify(body));
      assert.match(res.body, new RegExp(`href="#${field}"`), `the summary links to ${field}`);
      assert.match(textOf(res.body), message);
      assert.deepEqual(await stored(childId), before, 'nothing stored');
      assert.match(await lastAudit(childId, 'child.adoption.step', 'failed'), new RegExp(`refused, nothing stored: .*${field}`));
    };
    await refused(ben, step('matched', '2025-06-01', adopters), 'on-day', /Record the decision that the child should be placed for adoption first/);
    await refused(ben, step('decision', '2025-01-20'), 'on-day', /The decision must be made while the child is looked after: the care timeline shows no period of care on 20 January 2025/);
    await refused(ben, step('decision', '2026-12-01'), 'on-day', /Date must be today or in the past/);
    assert.equal((await record(ben, step('decision', '2025-05-01'))).statusCode, 303);
    await refused(ben, step('decision', '2025-06-01'), 'on-day', /already open \(made 1 May 2025\)/);
    await refused(ben, step('placement_order', '2025-04-30'), 'on-day', /on or after the decision that the child should be placed for adoption, 1 May 2025/);
    await refused(ben, step('matched', '2025-07-01', { ...adopters, adoptersSex: 'FF' }), 'adoptersLegalStatus', /Different gender married couple must be a male and female couple/);
    await refused(ben, step('matched', '2025-07-01', { adoptersCount: '1', adoptersSex: 'MF', adoptersLegalStatus: 'L0', fosterCarers: 'no' }), 'adoptersSex', /A single adopter is a single woman or a single man/);
    await refused(ben, step('matched', '2025-07-01'), 'adoptersCount', /Select how many adopters there are/);
    await refused(ben, step('placement_order', '2025-07-01', { adoptersCount: '2' }), 'adoptersCount', /Leave the adopters’ answers empty/);
    assert.equal((await record(ben, step('matched', '2025-07-01', { ...adopters, fosterCarers: 'yes' }))).statusCode, 303, 'a match before the placement order is allowed');
    await refused(ben, step('placed', '2025-07-05'), 'on-day', /only with a placement order or the parents’ consent/);
    await refused(ben, step('adopted', '2025-07-05'), 'on-day', /only once the child has been placed/);
    await refused(ben, { step: 'moved' , ...dateFields('on', '2025-07-05') }, 'step', /Step must be one of the options listed/);
  });

  test('the decision that the child should no longer be placed for adoption closes it with the SSDA903 reason; a new decision may follow', async () => {
    await worker.get(`/children/${ben}/care/adoption/stop`);
    const early = await worker.post(`/children/${ben}/care/adoption/stop`, { ...dateFields('on', '2025-04-01'), reason: 'RD1' });
    assert.equal(early.statusCode, 400);
    assert.match(textOf(early.body), /Date must be on or after the decision that the child should be placed for adoption, 1 May 2025/);
    const noReason = await worker.post(`/children/${ben}/care/adoption/stop`, dateFields('on', '2025-09-01'));
    assert.equal(noReason.statusCode, 400);
    assert.match(textOf(noReason.body), /Select the reason the child should no longer be placed for adoption/);
    const saved = await worker.post(`/children/${ben}/care/adoption/stop`, { ...dateFields('on', '2025-09-01'), reason: 'RD1' });
    assert.equal(saved.statusCode, 303);
    const [row] = await stored(ben);
    assert.equal(row!.ceased_on, '2025-09-01');
    assert.equal(row!.ceased_reason, 'RD1');
    assert.match(await lastAudit(ben, 'child.adoption.ceased', 'allowed'), /decision reversed \(RD1\)/);
    const page = textOf((await worker.get(`/children/${ben}/care/adoption`)).body);
    assert.match(page, /Decision of 1 May 2025: no longer to be placed for adoption/);
    assert.match(page, /The child’s needs changed after the decision/);
    const again = await worker.post(`/children/${ben}/care/adoption/stop`, { ...dateFields('on', '2025-10-01'), reason: 'RD4' });
    assert.equal(again.statusCode, 400, 'nothing open to reverse');
    assert.match(textOf((await worker.get(`/children/${ben}/chronology`)).body), /1 September 2025 Decision that the child should no longer be placed for adoption/);
  });

  test('previous permanence is recorded once for each start of care, a later save correcting it; an order after care began or a council with no order is refused', async () => {
    const path = `/children/${ben}/care/adoption/previous-permanence`;
    const opened = await worker.get(`${path}?start=2025-02-03`);
    assert.equal(opened.statusCode, 200);
    assert.match(opened.body, /value="2025-02-03" selected/);
    const late = await worker.post(path, { careStartedOn: '2025-02-03', option: 'P2', laCode: '845', ...dateFields('orderOn', '2025-03-01') });
    assert.equal(late.statusCode, 400);
    assert.match(textOf(late.body), /Date of the order must be before 3 February 2025, when the child started to be looked after/);
    const none = await worker.post(path, { careStartedOn: '2025-02-03', option: 'Z1', laCode: '845' });
    assert.equal(none.statusCode, 400);
    assert.match(textOf(none.body), /Leave the council empty when there was no previous order/);
    const notAStart = await worker.post(path, { careStartedOn: '2025-02-04', option: 'Z1' });
    assert.equal(notAStart.statusCode, 400);
    assert.equal((await db().selectFrom('previous_permanence').selectAll().where('child_id', '=', ben).execute()).length, 0, 'nothing stored');
    assert.equal((await worker.post(path, { careStartedOn: '2025-02-03', option: 'P4' })).statusCode, 303);
    assert.equal((await worker.post(path, { careStartedOn: '2025-02-03', option: 'P2', laCode: '845', ...dateFields('orderOn', '2024-06-01') })).statusCode, 303);
    const rows = await db().selectFrom('previous_permanence').selectAll().where('child_id', '=', ben).execute();
    assert.equal(rows.length, 1, 'one answer per start of care');
    assert.equal(rows[0]!.option, 'P2');
    assert.equal(rows[0]!.order_on, '2024-06-01');
    assert.match(await lastAudit(ben, 'child.adoption.previous-permanence', 'allowed'), /previous permanence changed/);
    assert.match(textOf((await worker.get(`/children/${ben}/care/adoption`)).body), /Started to be looked after 3 February 2025 P2: Special guardianship order; arranged by council 845; order made 1 June 2024/);
  });

  test('a placement order with no match is waiting: the match is due 121 days after it, overdue on My work and the adoption page; the council measure counts a restricted child only for those named', async () => {
    for (const body of [step('decision', '2026-03-02'), step('placement_order', '2026-05-01')]) assert.equal((await record(secret, body)).statusCode, 303);
    const page = textOf((await worker.get(`/children/${secret}/care/adoption`)).body);
    assert.match(page, /Waiting for a match past the scorecard’s threshold: the match was due by 30 August 2026/);
    assert.match(page, /Placement order to match \(A2\) 206 days so far, against the scorecard’s threshold of 121 days: over it/);
    assert.match(textOf((await worker.get('/work')).body), /Match with adopters \(adoption scorecard threshold, not a statutory duty\)/);

    const mine = textOf((await worker.get('/care/adoption')).body);
    assert.match(mine, /Children you lead/);
    assert.match(mine, /Sami Adoptiontest/);
    assert.match(mine, /Children you lead 1 362 days 99 days 1/, 'Ava adopted with her A1 and A2; Sami waiting');

    const team = await manager.get('/care/adoption');
    assert.equal(team.statusCode, 200);
    const text = textOf(team.body);
    assert.match(text, /Adoption team/);
    assert.doesNotMatch(text, /Sami/);
    assert.match(text, /Adoption team 1 362 days 99 days 0/, 'the restricted child is not counted for the manager, who is not named');
    assert.match(text, /No child whose record you may open is waiting for a match/);
    assert.equal((await outsider.get('/care/adoption')).statusCode, 200);
  });

  test('someone with no relationship to the child gets 404; an IRO reads but may not record (403), audited', async () => {
    assert.equal((await outsider.get(`/children/${ava}/care/adoption`)).statusCode, 404);
    assert.equal((await outsider.get(`/children/${ava}/care/adoption/step`)).statusCode, 404);
    assert.equal((await manager.get(`/children/${secret}/care/adoption`)).statusCode, 404, 'restricted: only those named see it');
    const read = await iro.get(`/children/${ava}/care/adoption`);
    assert.equal(read.statusCode, 200);
    assert.doesNotMatch(read.body, /Record a step/);
    assert.equal((await iro.get(`/children/${ava}/care/adoption/step`)).statusCode, 403);
    await iro.get(`/children/${ava}/care/adoption`);
    assert.equal((await iro.post(`/children/${ava}/care/adoption/step`, step('decision', '2026-01-01'))).statusCode, 403);
    assert.equal((await iro.post(`/children/${ava}/care/adoption/stop`, { ...dateFields('on', '2026-01-01'), reason: 'RD4' })).statusCode, 403);
    assert.equal((await stored(ava)).length, 1, 'nothing stored');
    const denied = await db().selectFrom('audit_events').select('action').where('subject_id', '=', ava).where('outcome', '=', 'denied').execute();
    assert.ok(denied.some((d) => d.action === 'child.adoption.step'));
    assert.ok(denied.some((d) => d.action === 'child.view.adoption'), 'the outsider’s attempt is audited');
  });
});
