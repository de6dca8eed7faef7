import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Agent, appForSuite, signedIn, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { recordTeam } from '../../../test/support/record-team.ts';
import { createUser } from '../../../test/support/users.ts';
import { hashLinkToken, hashPrefix } from '../../platform/public-links/index.ts';
import { queueNotificationEmails } from '../../platform/notifications/notifications.ts';

// TEST_TODAY is Monday 23 November 2026; the clock starts at 09:00.
describeEachEngine('the child’s own link: made by the worker, used once by the child, seen by the worker and their manager', (use) => {
  const t = appForSuite(use);
  const db = () => use().db;
  let worker: Agent;
  let outsider: Agent;
  let manager: Agent;
  let head: Agent;
  let child: string;
  let address = 0;
  /** A phone: not signed in, and its own address, so the per-address limit is the test's own. */
  const phone = () => new Agent(t.app, `10.9.0.${++address}`);

  before(async () => {
    let teamId: string;
    let workerId: string;
    ({ teamId, workerId, worker, outsider } = await recordTeam(t.app, db(), { prefix: 'cv', team: 'Voice team', worker: 'Vera Worker', outsider: 'Otto Outsider' }));
    await createUser(db(), { email: 'cv-manager@example.org', role: 'team_manager', teamId, name: 'Mina Manager' });
    await createUser(db(), { email: 'cv-head@example.org', role: 'head_of_service', name: 'Hal Head' });
    manager = await signedIn(t.app, 'cv-manager@example.org');
    head = await signedIn(t.app, 'cv-head@example.org');
    child = (await db().insertInto('people').values({ is_child: true, la_child_id: 'CV0001', forename: 'Robin', surname: 'Cvtest', date_of_birth: '2016-05-01', sex: 'M' }).returning('id').executeTakeFirstOrThrow()).id;
    await db().insertInto('allocations').values({ child_id: child, role: 'lead', team_id: teamId, worker_id: workerId, start_date: '2025-01-05' }).execute();
  });

  const linkForm = (overrides: Record<string, string> = {}) => ({ scenario: 'placement', easyRead: 'no', language: 'en', usesAllowed: '1', email: '', ...overrides });

  /** Makes a link as the worker and returns its token, read from the page that shows it once. */
  async function makeLink(overrides: Record<string, string> = {}): Promise<string> {
    await worker.get(`/children/${child}/direct-work/voice/new`);
    const response = await worker.post(`/children/${child}/direct-work/voice/new`, linkForm(overrides));
    assert.equal(response.statusCode, 200, textOf(response.body).slice(0, 600));
    const token = /\/v\/([A-Za-z0-9_-]{43})/.exec(response.body)?.[1];
    assert.ok(token, 'the link is shown');
    return token;
  }

  const statements = () => db().selectFrom('child_voice_statements').selectAll().where('child_id', '=', child).orderBy('received_at').execute();
  const answer = (overrides: Record<string, string> = {}) => ({ feeling: 'good', words: 'I like my bedroom. I miss my brother.', worried: 'no', ...overrides });

  test('the worker makes a link: it is shown once, only its hash is kept, and making it is audited', async () => {
    const token = await makeLink();
    assert.equal(Buffer.from(token, 'base64url').length, 32, '256 bits');
    const row = await db().selectFrom('child_voice_links').selectAll().where('child_id', '=', child).executeTakeFirstOrThrow();
    assert.equal(row.token_hash, hashLinkToken(token));
    assert.equal(row.expires_at.toISOString(), '2026-12-07T09:00:00.000Z', 'CHILD_VOICE_LINK_DAYS: 14 days by default');
    assert.equal(row.uses_allowed, 1);
    const audit = await db().selectFrom('audit_events').select(['reason', 'outcome']).where('action', '=', 'child.child-voice.link.make').execute();
    assert.equal(audit.length, 1);
    assert.ok(!JSON.stringify(await db().selectFrom('audit_events').select(['reason', 'subject_id']).execute()).includes(token), 'the token is never in the audit log');
    const page = textOf((await worker.get(`/children/${child}/direct-work/voice`)).body);
    assert.match(page, /My placement, English .* Can be used/);
    assert.doesNotMatch((await worker.get(`/children/${child}/direct-work/voice`)).body, new RegExp(token), 'the link is not shown again');
  });

  test('bad input to the link form is refused with the error summary and nothing is made', async () => {
    const before = (await db().selectFrom('child_voice_links').select('id').execute()).length;
    await worker.get(`/children/${child}/direct-work/voice/new`);
    const response = await worker.post(`/children/${child}/direct-work/voice/new`, linkForm({ scenario: '', usesAllowed: '11', email: 'not an email' }));
    assert.equal(response.statusCode, 400);
    assert.match(textOf(response.body), /There is a problem Select what the link is about .* How many times it can be used must be a whole number from 1 to 10 .* Enter an email address in the correct format/);
    assert.equal((await db().selectFrom('child_voice_links').select('id').execute()).length, before);
  });

  test('the child opens the link on a phone: the form shows nothing from the record and says what will happen and who to call', async () => {
    const token = await makeLink();
    const response = await phone().get(`/v/${token}`);
    assert.equal(response.statusCode, 200);
    const text = textOf(response.body);
    assert.doesNotMatch(text, /Robin|Cvtest|CV0001|Vera Worker/, 'nothing from the record');
    assert.doesNotMatch(text, /Sign out|Children|Search/, 'no way into the service');
    assert.match(text, /How do you feel about where you live\?/);
    assert.match(text, /Really good .* Good .* Okay .* Not good .* Really bad/, 'each picture is named in words');
    assert.match(text, /Are you feeling worried or unsafe\?/);
    assert.match(text, /your worker and their manager will be told straight away/);
    assert.match(text, /call 999/);
    assert.match(text, /Childline free on 0800 1111/);
    assert.match(String(response.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.ok(!response.headers['set-cookie']?.toString().includes('steadfast_session'), 'no session is given');
  });

  test('the child’s form refuses a send with nothing chosen, in words a child reads, and stores nothing', async () => {
    const token = await makeLink();
    const child_ = phone();
    await child_.get(`/v/${token}`);
    const response = await child_.post(`/v/${token}`, { words: '' });
    assert.equal(response.statusCode, 400);
    assert.match(textOf(response.body), /There is a problem Choose how you feel Write something in your own words Choose yes or no/);
    assert.equal((await statements()).length, 0);
    const link = await db().selectFrom('child_voice_links').select('uses_made').where('token_hash', '=', hashLinkToken(token)).executeTakeFirstOrThrow();
    assert.equal(link.uses_made, 0, 'a refused send does not use the link');
  });

  test('what the child sends lands on their record in their own words, with the date and scenario; the chronology shows it without the words', async () => {
    const token = await makeLink();
    const child_ = phone();
    await child_.get(`/v/${token}`);
    const response = await child_.post(`/v/${token}`, answer());
    assert.equal(response.statusCode, 200, textOf(response.body).slice(0, 400));
    assert.match(textOf(response.body), /Thank you/);
    const [stored] = await statements();
    assert.equal(stored!.words, 'I like my bedroom. I miss my brother.');
    assert.equal(stored!.scenario, 'placement');
    assert.equal(stored!.worried, false);
    const page = textOf((await worker.get(`/children/${child}/direct-work/voice`)).body);
    assert.match(page, /23 November 2026: My placement How they feel Good In Robin’s words I like my bedroom. I miss my brother. Worried or unsafe No/);
    const chronology = textOf((await worker.get(`/children/${child}/chronology`)).body);
    assert.match(chronology, /The child’s own words: my placement/);
    assert.doesNotMatch(chronology, /miss my brother/);
    const audit = await db().selectFrom('audit_events').select(['subject_id', 'reason']).where('action', '=', 'child-voice.link.send').where('outcome', '=', 'allowed').execute();
    assert.equal(audit.at(-1)!.subject_id, child);
  });

  test('a used link cannot be used twice: the same neutral page as for an unknown link, 404, audited with the hash prefix only', async () => {
    const token = await makeLink();
    const child_ = phone();
    await child_.get(`/v/${token}`);
    assert.equal((await child_.post(`/v/${token}`, answer())).statusCode, 200);
    const count = (await statements()).length;
    const again = await child_.post(`/v/${token}`, answer({ words: 'Second go' }));
    assert.equal(again.statusCode, 404);
    assert.equal((await statements()).length, count, 'nothing more is stored');
    const reopened = await phone().get(`/v/${token}`);
    const unknown = await phone().get(`/v/${'A'.repeat(43)}`);
    const malformed = await phone().get('/v/not-a-link');
    for (const r of [reopened, unknown, malformed]) {
      assert.equal(r.statusCode, 404);
      assert.match(textOf(r.body), /This link cannot be used The link may have been copied wrongly, or it may have stopped working/);
    }
    const strip = (html: string) => html.replace(/name="_csrf" value="[^"]*"/g, '').replace(/nonce="[^"]*"/g, '');
    assert.equal(strip(reopened.body), strip(unknown.body), 'no hint which');
    const denied = await db().selectFrom('audit_events').select(['subject_id', 'reason']).where('action', 'in', ['child-voice.link.open', 'child-voice.link.send']).where('outcome', '=', 'denied').execute();
    assert.ok(denied.some((d) => d.subject_id === hashPrefix(hashLinkToken(token)) && d.reason === 'link used'));
    assert.ok(denied.some((d) => d.reason === 'unknown link'));
    assert.ok(!JSON.stringify(denied).includes(token));
  });

  test('a link set for three uses works three times, then no more', async () => {
    const token = await makeLink({ usesAllowed: '3' });
    for (let i = 0; i < 3; i += 1) {
      const child_ = phone();
      await child_.get(`/v/${token}`);
      assert.equal((await child_.post(`/v/${token}`, answer({ words: `Go ${i}` }))).statusCode, 200);
    }
    assert.equal((await phone().get(`/v/${token}`)).statusCode, 404);
  });

  test('a link does not work after it expires', async () => {
    const token = await makeLink();
    const child_ = phone();
    await child_.get(`/v/${token}`);
    t.clock.set('2026-12-07T09:00:00Z');
    try {
      assert.equal((await child_.post(`/v/${token}`, answer())).statusCode, 404);
      assert.equal((await phone().get(`/v/${token}`)).statusCode, 404);
      const denied = await db().selectFrom('audit_events').select('reason').where('subject_id', '=', hashPrefix(hashLinkToken(token))).where('outcome', '=', 'denied').execute();
      assert.ok(denied.every((d) => d.reason === 'link expired') && denied.length === 2);
    } finally {
      t.clock.set('2026-11-23T09:00:00Z');
    }
  });

  test('a withdrawn link stops working at once; withdrawing is audited', async () => {
    const token = await makeLink();
    const row = await db().selectFrom('child_voice_links').select('id').where('token_hash', '=', hashLinkToken(token)).executeTakeFirstOrThrow();
    await worker.get(`/children/${child}/direct-work/voice`);
    const response = await worker.post(`/children/${child}/direct-work/voice/links/${row.id}/withdraw`);
    assert.equal(response.statusCode, 303);
    assert.equal((await phone().get(`/v/${token}`)).statusCode, 404);
    assert.equal((await db().selectFrom('audit_events').select('id').where('action', '=', 'child.child-voice.link.withdraw').where('outcome', '=', 'allowed').execute()).length, 1);
  });

  test('the link gives access to nothing else', async () => {
    const token = await makeLink();
    const child_ = phone();
    await child_.get(`/v/${token}`);
    const record = await child_.get(`/children/${child}`);
    assert.equal(record.statusCode, 302);
    assert.equal(record.headers.location, '/sign-in');
    assert.equal((await child_.get(`/children/${child}/direct-work/voice`)).statusCode, 302);
    assert.equal((await child_.get(`/v/${token}/anything`)).statusCode, 404);
  });

  test('a link is rate-limited: too many tries at one link are refused', async () => {
    const token = await makeLink();
    let last = 0;
    for (let i = 0; i < 11; i += 1) last = (await phone().get(`/v/${token}`)).statusCode;
    assert.equal(last, 429);
  });

  test('a worried child: the worker and their manager see it on their home page at once, and are emailed without the child’s details, until a response is recorded', async () => {
    const token = await makeLink({ scenario: 'missing', easyRead: 'yes' });
    const child_ = phone();
    const form = await child_.get(`/v/${token}`);
    assert.match(textOf(form.body), /How are you now\?/, 'the easier version');
    const sent = await child_.post(`/v/${token}`, answer({ feeling: 'bad', words: 'I am scared at home.', worried: 'yes' }));
    assert.equal(sent.statusCode, 200);
    assert.match(textOf(sent.body), /Your worker and their manager have been told/);
    for (const agent of [worker, manager]) assert.match(textOf((await agent.get('/')).body), /A child has told us they are worried Robin Cvtest/);
    assert.doesNotMatch(textOf((await outsider.get('/')).body), /told us they are worried/);
    await queueNotificationEmails(db(), { serviceName: 'Steadfast', councilName: 'Test Council', publicUrl: 'https://steadfast.example.org' }, t.clock.now());
    const emails = await db()
      .selectFrom('email_outbox')
      .select(['recipient', 'subject', 'body_text'])
      .where('idempotency_key', 'like', 'notification:%')
      .where('subject', '=', 'A child has told us they are worried or feel unsafe')
      .execute();
    assert.deepEqual(emails.map((e) => e.recipient).sort(), ['cv-manager@example.org', 'cv-worker@example.org']);
    assert.ok(emails.every((e) => !/Robin|Cvtest|scared/.test(`${e.subject} ${e.body_text}`)));
    const reviews = textOf((await worker.get(`/children/${child}/care/reviews`)).body);
    assert.match(reviews, /What Robin told us since the last review, through their own link .* I am scared at home\./, 'offered to whoever prepares the next review');

    const statement = (await statements()).find((s) => s.worried)!;
    const url = `/children/${child}/direct-work/voice/statements/${statement.id}/response`;
    await worker.get(url);
    const early = await worker.post(url, { response: 'Visited.', ...dateFields('respondedOn', '2026-11-22') });
    assert.equal(early.statusCode, 400, 'not before the child sent it');
    t.clock.set('2026-11-23T09:20:00Z');
    try {
      const done = await worker.post(url, { response: 'Visited Robin at school the same day; safety plan agreed.', ...dateFields('respondedOn', '2026-11-23') });
      assert.equal(done.statusCode, 303);
    } finally {
      t.clock.set('2026-11-23T09:00:00Z');
    }
    assert.doesNotMatch(textOf((await worker.get('/')).body), /told us they are worried/);
    assert.doesNotMatch(textOf((await manager.get('/')).body), /told us they are worried/);
    assert.equal((await db().selectFrom('audit_events').select('id').where('action', '=', 'child.child-voice.respond').where('outcome', '=', 'allowed').execute()).length, 1);

    const measures = textOf((await manager.get('/direct-work/voice')).body);
    assert.match(measures, /Voice team/);
    assert.match(measures, /After going missing 1 1/);
    assert.match(measures, /Middle time to a response 20 minutes/);
    assert.equal((await head.get('/direct-work/voice')).statusCode, 200);
    assert.equal((await worker.get('/direct-work/voice')).statusCode, 403);
  });

  test('someone without access to the child cannot make a link (page not found), and it is audited', async () => {
    assert.equal((await outsider.get(`/children/${child}/direct-work/voice/new`)).statusCode, 404);
    assert.equal((await outsider.get(`/children/${child}/direct-work/voice`)).statusCode, 404);
  });

  test('two sends racing for a link’s one use: one wins, the other finds it used', async () => {
    const token = await makeLink();
    const a = phone();
    const b = phone();
    await a.get(`/v/${token}`);
    await b.get(`/v/${token}`);
    const before = (await statements()).length;
    const results = await Promise.all([a.post(`/v/${token}`, answer({ words: 'First' })), b.post(`/v/${token}`, answer({ words: 'Second' }))]);
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 404]);
    assert.equal((await statements()).length, before + 1);
    const link = await db().selectFrom('child_voice_links').select('uses_made').where('token_hash', '=', hashLinkToken(token)).executeTakeFirstOrThrow();
    assert.equal(link.uses_made, 1);
  });
});
