import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, signedIn, textOf, type Agent } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';

// TEST_TODAY is Monday 23 November 2026.
describeEachEngine('the front door: contacts, their decisions and sign-off, and the queue', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let worker: Agent;
  let colleague: Agent;
  let manager: Agent;
  let outsider: Agent;
  let head: Agent;
  let workerId: string;
  let colleagueId: string;
  let managerId: string;
  let newcomer: string;
  let returning: string;
  let secret: string;

  before(async () => {
    const { teamId } = await createTeam(db(), 'Front door team');
    await db().updateTable('teams').set({ front_door: true }).where('id', '=', teamId).execute();
    const { teamId: otherTeam } = await createTeam(db(), 'Long-term team');
    workerId = await createUser(db(), { email: 'fd-worker@example.org', role: 'social_worker', teamId, name: 'Fay Door' });
    colleagueId = await createUser(db(), { email: 'fd-colleague@example.org', role: 'social_worker', teamId, name: 'Cal Door' });
    managerId = await createUser(db(), { email: 'fd-manager@example.org', role: 'team_manager', teamId, name: 'Meg Door' });
    await createUser(db(), { email: 'fd-outsider@example.org', role: 'social_worker', teamId: otherTeam, name: 'Otto Longterm' });
    await createUser(db(), { email: 'fd-head@example.org', role: 'head_of_service', name: 'Hal Head' });
    worker = await signedIn(t.app, 'fd-worker@example.org');
    colleague = await signedIn(t.app, 'fd-colleague@example.org');
    manager = await signedIn(t.app, 'fd-manager@example.org');
    outsider = await signedIn(t.app, 'fd-outsider@example.org');
    head = await signedIn(t.app, 'fd-head@example.org');
    const child = async (la: string, forename: string, restricted = false) =>
      (await db().insertInto('people').values({ is_child: true, la_child_id: la, forename, surname: 'Doortest', date_of_birth: '2016-04-02', sex: 'F', restricted, restriction_reason: restricted ? 'Family member works here' : null }).returning('id').executeTakeFirstOrThrow()).id;
    newcomer = await child('FD0001', 'Nia');
    returning = await child('FD0002', 'Rex');
    secret = await child('FD0003', 'Sky', true);
    // Nia waits, just registered, in the front door team's queue.
    await db().insertInto('allocations').values({ child_id: newcomer, role: 'lead', team_id: teamId, worker_id: null, start_date: '2026-11-20' }).execute();
    // Rex was referred in March and closed in June; a contact came in on Thursday.
    await db().insertInto('referrals').values({ child_id: returning, referral_date: '2026-03-02', source: '2A', primary_need: 'N1', close_date: '2026-06-30', closure_reason: 'RC8' }).execute();
    await db().insertInto('contacts').values({ child_id: returning, contact_date: '2026-11-19', source: '5A', reason: 'Police attended a domestic incident', worried_person: 'PC Lee, Sussex Police', consent: 'not_needed', consent_note: 'Police notification', summary: null, recorded_by: managerId, recorded_at: new Date('2026-11-19T10:00:00Z') }).execute();
    // Sky's record is restricted: only the colleague is named on it.
    await db().insertInto('restricted_access').values({ child_id: secret, user_id: colleagueId, granted_by: null }).execute();
    await db().insertInto('contacts').values({ child_id: secret, contact_date: '2026-11-23', source: '1A', reason: 'Aunt worried about bruising', worried_person: 'Aunt', consent: 'given', consent_note: null, summary: null, recorded_by: colleagueId, recorded_at: new Date('2026-11-23T09:00:00Z') }).execute();
  });

  const contact = (overrides: Record<string, string> = {}) => ({
    ...dateFields('contactDate', '2026-11-23'),
    source: '2A',
    worriedPerson: 'Sam Jones, designated safeguarding lead, Hill Primary',
    reason: 'Nia came to school hungry three days running',
    consent: 'given',
    consentNote: '',
    summary: '',
    ...overrides,
  });
  const decision = (overrides: Record<string, string> = {}) => ({
    ...dateFields('decidedOn', '2026-11-23'),
    thresholdLevel: '3',
    decision: 'referral',
    primaryNeed: 'N2',
    rationale: 'Needs a child and family assessment',
    ...overrides,
  });
  const contactsOf = (childId: string) => db().selectFrom('contacts').selectAll().where('child_id', '=', childId).orderBy('contact_date').execute();
  const referralsOf = (childId: string) => db().selectFrom('referrals').selectAll().where('child_id', '=', childId).orderBy('referral_date').execute();
  const failed = (childId: string, action: string) => db().selectFrom('audit_events').select('id').where('subject_id', '=', childId).where('action', '=', action).where('outcome', '=', 'failed').execute();

  const refused = async (agent: Agent, url: string, body: Record<string, string>, field: string, message: RegExp, childId: string, action: string) => {
    const before = [await contactsOf(childId), await referralsOf(childId)];
    const failedBefore = (await failed(childId, action)).length;
    const res = await agent.post(url, body);
    assert.equal(res.statusCode, 400, JSON.stringify(body));
    assert.match(res.body, new RegExp(`href="#${field}"`), `the error summary links to ${field}`);
    assert.match(textOf(res.body), message);
    assert.deepEqual([await contactsOf(childId), await referralsOf(childId)], before, 'nothing stored');
    assert.equal((await failed(childId, action)).length, failedBefore + 1, 'the refusal is audited');
  };

  test('a front-door worker records the contact of a child just registered; it awaits a decision, and the child is not a closed case', async () => {
    const form = await worker.get(`/children/${newcomer}/protection/contacts/new?done=registered`);
    assert.equal(form.statusCode, 200);
    assert.match(textOf(form.body), /Now record the contact that brought them/);
    const url = `/children/${newcomer}/protection/contacts/new`;
    await refused(worker, url, contact({ reason: '' }), 'reason', /Enter what the worry is/, newcomer, 'child.contact.create');
    await refused(worker, url, contact({ consent: 'not_given' }), 'consentNote', /Enter why consent was not given/, newcomer, 'child.contact.create');
    await refused(worker, url, contact(dateFields('contactDate', '2026-11-24')), 'contactDate-day', /Date of contact must be today or in the past/, newcomer, 'child.contact.create');
    await refused(worker, url, contact(dateFields('contactDate', '2016-01-01')), 'contactDate-day', /on or after the child's date of birth/, newcomer, 'child.contact.create');
    const saved = await worker.post(url, contact());
    assert.equal(saved.statusCode, 303);
    const [row] = await contactsOf(newcomer);
    assert.equal(row!.outcome, null);
    assert.equal(row!.holder_id, workerId, 'the front-door worker who records it holds it');
    assert.equal(row!.consent, 'given');
    const page = textOf((await worker.get(`/children/${newcomer}/protection/contacts/${row!.id}`)).body);
    assert.match(page, /Contact: awaiting decision/, 'the header status');
    assert.doesNotMatch(page, /Case closed/);
    assert.match(page, /Decision due by 24 November 2026/);
    assert.match(textOf((await worker.get(`/children/${newcomer}/timeline`)).body), /Decision: Awaiting decision/);
  });

  test('the queue: oldest first, age in working days, overdue tagged; restricted children only for those named; not for other teams', async () => {
    const mine = textOf((await worker.get('/front-door')).body);
    assert.ok(mine.indexOf('Rex Doortest') < mine.indexOf('Nia Doortest'), 'oldest first');
    assert.match(mine, /Rex Doortest.*Police attended a domestic incident\s+2\s+Overdue/s, 'Thursday’s contact is 2 working days old and overdue');
    assert.doesNotMatch(mine, /Sky Doortest/, 'a restricted child shows only to the people named on them');
    assert.match(textOf((await colleague.get('/front-door')).body), /Sky Doortest/);
    const headPage = textOf((await head.get('/front-door')).body);
    assert.match(headPage, /waiting/, 'a head of service sees the queue');
    assert.doesNotMatch(headPage, /Doortest/, 'but names only children whose records they may open');
    const other = await outsider.get('/front-door');
    assert.equal(other.statusCode, 200);
    assert.match(textOf(other.body), /The front door queue is for the front door’s teams/);
    assert.doesNotMatch(textOf(other.body), /Doortest/);
    assert.equal((await outsider.get(`/children/${returning}/protection/contacts`)).statusCode, 404, 'and their records stay closed to other teams');
  });

  test('a worker takes a contact; a manager assigns one only to a front-door worker; outsiders cannot', async () => {
    const [rex] = await contactsOf(returning);
    const base = `/children/${returning}/protection/contacts/${rex!.id}`;
    assert.equal((await colleague.post(`${base}/take`)).statusCode, 303);
    assert.equal((await contactsOf(returning))[0]!.holder_id, colleagueId);
    assert.equal((await colleague.post(`${base}/assign`, { holderId: workerId })).statusCode, 403, 'a social worker does not assign');
    const wrong = await manager.post(`${base}/assign`, { holderId: '00000000-0000-4000-8000-000000000000' });
    assert.equal(wrong.statusCode, 400);
    assert.match(textOf(wrong.body), /Select a worker in one of the front door’s teams/);
    assert.equal((await manager.post(`${base}/assign`, { holderId: workerId })).statusCode, 303);
    assert.equal((await contactsOf(returning))[0]!.holder_id, workerId);
    assert.equal((await outsider.post(`${base}/take`)).statusCode, 404);
  });

  test('at the decision, earlier referrals show and a referral within 12 months of the last is flagged a re-referral (CIN census)', async () => {
    const [rex] = await contactsOf(returning);
    const page = textOf((await worker.get(`/children/${returning}/protection/contacts/${rex!.id}/decision`)).body);
    assert.match(page, /A referral now would be a re-referral: Rex was referred on 2 March 2026/);
    assert.match(page, /2 March 2026, from .*closed 30 June 2026/);
    const [nia] = await contactsOf(newcomer);
    assert.doesNotMatch(textOf((await worker.get(`/children/${newcomer}/protection/contacts/${nia!.id}/decision`)).body), /re-referral/);
  });

  test('a referral decision opens the referral, dated the day the contact came in, in the same transaction; refusals store nothing', async () => {
    const [rex] = await contactsOf(returning);
    const url = `/children/${returning}/protection/contacts/${rex!.id}/decision`;
    await refused(worker, url, decision(dateFields('decidedOn', '2026-11-18')), 'decidedOn-day', /on or after the date of the contact, 19 November 2026/, returning, 'child.contact.decide');
    await refused(worker, url, decision({ primaryNeed: '' }), 'primaryNeed', /Select the primary need/, returning, 'child.contact.decide');
    await refused(worker, url, decision({ rationale: '' }), 'rationale', /Enter the reasons for the decision/, returning, 'child.contact.decide');
    await refused(worker, url, decision({ thresholdLevel: '9' }), 'thresholdLevel', /Level of need must be one of the options listed/, returning, 'child.contact.decide');
    assert.equal((await worker.post(url, decision())).statusCode, 303);
    const [row] = await contactsOf(returning);
    const referrals = await referralsOf(returning);
    assert.equal(referrals.length, 2);
    const opened = referrals[1]!;
    assert.equal(opened.referral_date, '2026-11-19', 'the referral date is the day the contact was received');
    assert.equal(opened.source, '5A');
    assert.equal(opened.primary_need, 'N2');
    assert.equal(row!.outcome, 'referral');
    assert.equal(row!.referral_id, opened.id);
    assert.equal(row!.decided_by, workerId);
    assert.equal(row!.decided_on, '2026-11-23');
    assert.equal(row!.threshold_level, '3');
    assert.equal((await worker.get(url)).statusCode, 404, 'a decided contact is not decided again');
    assert.match(textOf((await worker.get(`/children/${returning}/protection/contacts/${row!.id}`)).body), /Child in need/, 'the child is open as a child in need');
  });

  test('a second referral decision while the child is open is refused', async () => {
    await db().insertInto('contacts').values({ child_id: returning, contact_date: '2026-11-23', source: '3A', reason: 'GP worried too', worried_person: 'Dr Shah', consent: 'given', consent_note: null, summary: null, recorded_by: managerId, recorded_at: new Date('2026-11-23T11:00:00Z') }).execute();
    const second = (await contactsOf(returning)).find((c) => c.outcome === null)!;
    await refused(worker, `/children/${returning}/protection/contacts/${second.id}/decision`, decision(), 'decision', /already open as a child in need/, returning, 'child.contact.decide');
    assert.equal((await worker.post(`/children/${returning}/protection/contacts/${second.id}/decision`, decision({ decision: 'advice', primaryNeed: '', thresholdLevel: '2' }))).statusCode, 303);
    assert.equal((await contactsOf(returning)).find((c) => c.id === second.id)!.referral_id, null);
  });

  test('sign-off: only a manager, never their own decision; then it leaves the queue, and the chronology shows the decision', async () => {
    const [nia] = await contactsOf(newcomer);
    const base = `/children/${newcomer}/protection/contacts/${nia!.id}`;
    assert.equal((await manager.post(`${base}/decision`, decision({ decision: 'early_help', primaryNeed: '', thresholdLevel: '2', rationale: 'Family agree to family support' }))).statusCode, 303);
    assert.equal((await manager.post(`${base}/sign-off`)).statusCode, 403, 'a manager does not sign off their own decision');
    assert.match(textOf((await manager.get(base)).body), /You made this decision: another manager signs it off/);
    assert.match(textOf((await worker.get('/front-door')).body), /Nia Doortest.*Sign-off: Early help/s);
    const [rex] = await contactsOf(returning);
    const rexBase = `/children/${returning}/protection/contacts/${rex!.id}`;
    assert.equal((await worker.post(`${rexBase}/sign-off`)).statusCode, 403, 'a social worker does not sign off');
    assert.equal((await manager.post(`${rexBase}/sign-off`)).statusCode, 303);
    const signed = (await contactsOf(returning))[0]!;
    assert.equal(signed.signed_off_by, managerId);
    assert.ok(signed.signed_off_at);
    assert.equal((await manager.post(`${rexBase}/sign-off`)).statusCode, 403, 'signed off once');
    const chronology = textOf((await manager.get(`/children/${returning}/chronology`)).body);
    assert.match(chronology, /Contact decided: Referral to children’s social care/);
    assert.match(chronology, /signed off by Meg Door/);
  });
});
