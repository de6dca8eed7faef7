import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Agent, appForSuite, signedIn, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { insertChild } from '../../../test/support/records.ts';
import { createTeam, createUser } from '../../../test/support/users.ts';

describeEachEngine('feedback from children, families and partners: a single-use link made by staff, answered without an account, read by the team’s managers', (use) => {
  const t = appForSuite(use, { FEEDBACK_LINK_DAYS: '14' });
  const db = () => use().db;
  let worker: Agent;
  let manager: Agent;
  let otherManager: Agent;
  let teamId: string;
  let childId: string;

  before(async () => {
    const a = await createTeam(db(), 'Listening team');
    const b = await createTeam(db(), 'Far team');
    teamId = a.teamId;
    const workerId = await createUser(db(), { email: 'fb-w@example.org', role: 'social_worker', teamId: a.teamId, name: 'Fern Worker' });
    await createUser(db(), { email: 'fb-tm@example.org', role: 'team_manager', teamId: a.teamId, name: 'Flo Manager' });
    await createUser(db(), { email: 'fb-otm@example.org', role: 'team_manager', teamId: b.teamId, name: 'Fay Far' });
    childId = await insertChild(db(), { laChildId: 'FB-1', forename: 'Milo', surname: 'Feedbackchild', dateOfBirth: '2014-02-02' });
    await db().insertInto('allocations').values({ child_id: childId, role: 'lead', team_id: a.teamId, worker_id: workerId, start_date: '2026-01-05' }).execute();
    worker = await signedIn(t.app, 'fb-w@example.org');
    manager = await signedIn(t.app, 'fb-tm@example.org');
    otherManager = await signedIn(t.app, 'fb-otm@example.org');
  });

  const answer = (overrides: Record<string, string> = {}) => ({ respondent: 'parent_carer', listened: '4', thingsBetter: 'a_little', wentWell: 'She rang back when she said she would.', couldBeBetter: '', ...overrides });
  const makeLink = async (form: Record<string, string>) => {
    await worker.get('/quality/feedback/new');
    const made = await worker.post('/quality/feedback/new', { teamId, childId: '', email: '', ...form });
    assert.equal(made.statusCode, 200, textOf(made.body).slice(0, 400));
    const link = /value="(http[^"]+\/f\/[A-Za-z0-9_-]{43})"/.exec(made.body)?.[1];
    assert.ok(link, 'the link is shown to copy');
    return { path: new URL(link).pathname, body: made.body };
  };

  test('a worker makes a link about a child’s case and has it emailed; only the token’s hash is kept; the email names no child', async () => {
    const { path, body } = await makeLink({ childId, email: 'parent@example.org' });
    assert.match(textOf(body), /It works once, until 7 December 2026/);
    const [stored] = await db().selectFrom('feedback_invitations').selectAll().execute();
    assert.equal(stored!.child_id, childId);
    assert.notEqual(stored!.token_hash, path.slice(3));
    assert.match(stored!.token_hash, /^[0-9a-f]{64}$/);
    const [email] = await db().selectFrom('email_outbox').select(['recipient', 'body_text', 'subject', 'link']).where('idempotency_key', '=', `feedback:${stored!.id}`).execute();
    assert.equal(email!.recipient, 'parent@example.org');
    assert.ok(email!.link!.endsWith(path));
    assert.doesNotMatch(`${email!.subject} ${email!.body_text}`, /Milo|Feedbackchild|Listening team/);
  });

  test('the public form shows nothing from the record; bad answers are refused with every problem named; a good answer is stored once, and the link then refuses like any unknown link', async () => {
    const { path } = await makeLink({});
    const visitor = new Agent(t.app);
    const form = await visitor.get(path);
    assert.equal(form.statusCode, 200);
    assert.doesNotMatch(form.body, /Milo|Feedbackchild|Listening team|Fern Worker/);
    assert.match(form.body, /Tell us how we did/);
    const bad = await visitor.post(path, answer({ respondent: 'partner_agency', listened: '9', thingsBetter: '' }));
    assert.equal(bad.statusCode, 400);
    const text = textOf(bad.body);
    assert.match(text, /Select the kind of agency you work for/);
    assert.match(text, /How well we listened must be one of the options listed/);
    assert.match(text, /Select whether things got better/);
    assert.equal((await db().selectFrom('feedback_responses').selectAll().execute()).length, 0);
    const ok = await visitor.post(path, answer());
    assert.equal(ok.statusCode, 200);
    assert.match(textOf(ok.body), /Thank you/);
    const [stored] = await db().selectFrom('feedback_responses').selectAll().execute();
    assert.deepEqual([stored!.respondent, stored!.listened, stored!.things_better, stored!.agency_type, stored!.team_id], ['parent_carer', 4, 'a_little', null, teamId]);
    const again = await visitor.post(path, answer({ listened: '1' }));
    const unknown = await visitor.get(`/f/${'A'.repeat(43)}`);
    assert.equal(again.statusCode, 404);
    assert.equal(unknown.statusCode, 404);
    assert.equal(textOf(again.body).replace(/<[^>]+>/g, ''), textOf(unknown.body).replace(/<[^>]+>/g, ''), 'a used link and an unknown one get the same page');
    assert.equal((await db().selectFrom('feedback_responses').selectAll().execute()).length, 1);
    const refusals = await db().selectFrom('audit_events').select('reason').where('action', 'in', ['quality.feedback.answer', 'quality.feedback.open']).where('outcome', '=', 'denied').execute();
    assert.ok(refusals.some((r) => /used/.test(r.reason ?? '')) && refusals.some((r) => /unknown/.test(r.reason ?? '')));
  });

  test('a link stops working after FEEDBACK_LINK_DAYS', async () => {
    const { path } = await makeLink({});
    const made = t.clock.now();
    t.clock.set(new Date(made.getTime() + 14 * 86_400_000 - 1000));
    assert.equal((await new Agent(t.app).get(path)).statusCode, 200, 'a second before the fourteenth day ends');
    t.clock.set(new Date(made.getTime() + 14 * 86_400_000));
    assert.equal((await new Agent(t.app).get(path)).statusCode, 404);
    t.clock.set(made);
  });

  test('the team’s manager reads the answers, anonymous; another team’s manager does not; bad input on the link form is refused', async () => {
    const page = textOf((await manager.get('/quality/feedback')).body);
    assert.match(page, /1 answer, 1 positive/);
    assert.match(page, /She rang back when she said she would/);
    assert.doesNotMatch(page, /Milo/);
    assert.doesNotMatch(textOf((await otherManager.get('/quality/feedback')).body), /She rang back/);
    await worker.get('/quality/feedback/new');
    const bad = await worker.post('/quality/feedback/new', { teamId: '', childId: 'not-an-id', email: 'nope' });
    assert.equal(bad.statusCode, 400);
    assert.match(textOf(bad.body), /Select the team the feedback is about.*Child must be one of the options listed.*Enter an email address in the correct format/);
  });
});
