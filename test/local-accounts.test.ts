import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { applicationJobs, redactedUrl } from '../src/app.ts';
import { queueEmail } from '../src/platform/email/outbox.ts';
import { OUTBOX_JOB } from '../src/platform/email/worker.ts';
import { startScheduler, type Scheduler, type Timers } from '../src/platform/scheduler/scheduler.ts';
import { appForSuite, Agent, signedIn, textOf } from './support/app.ts';
import { describeEachEngine } from './support/databases.ts';
import { linkIn, startMailServer, type TestMailServer } from './support/smtp.ts';
import { createTeam, createUser, TEST_PASSWORD } from './support/users.ts';

/** Timers that never fire: the tests run the outbox job themselves, with runNow. */
const stillTimers: Timers = { after: () => () => {}, every: () => () => {} };
const CHOSEN = 'harbour quilt 94 amber';

test('the single-use token in a link never reaches the request log', () => {
  assert.equal(redactedUrl('/account/invitation?token=abc-DEF_123'), '/account/invitation?token=[redacted]');
  assert.equal(redactedUrl('/account/reset-password?x=1&token=abc#top'), '/account/reset-password?x=1&token=[redacted]#top');
  assert.equal(redactedUrl('/children?q=smith'), '/children?q=smith');
});

/**
 * Local accounts end to end, with a real SMTP server on loopback: an
 * administrator invites, the person chooses a password from the link in the
 * email that arrived, resets it from another, and leavers lose access. Every
 * refusal, and every email sent exactly once.
 */
describeEachEngine('local accounts: invitations, resets and leavers, by email', (use) => {
  const settings: Record<string, string> = {};
  let mail: TestMailServer;
  before(async () => {
    mail = await startMailServer();
    Object.assign(settings, mail.settings);
  });
  after(async () => mail.close());
  const t = appForSuite(use, settings);
  let scheduler: Scheduler;
  let teamId: string;
  let admin: Agent;

  before(async () => {
    scheduler = startScheduler(applicationJobs(use().db, t.clock, t.config).filter((job) => job.name === OUTBOX_JOB), { info: () => {}, error: () => {} }, stillTimers);
    ({ teamId } = await createTeam(use().db, 'Accounts Team'));
    await createUser(use().db, { email: 'admin@accounts.example', role: 'system_admin', name: 'Ada Admin' });
    admin = await signedIn(t.app, 'admin@accounts.example');
  });
  after(async () => scheduler.stop());

  const sendMail = () => scheduler.runNow(OUTBOX_JOB);
  const audit = (action: string, subjectId?: string) => {
    let query = use().db.selectFrom('audit_events').selectAll().where('action', '=', action);
    if (subjectId) query = query.where('subject_id', '=', subjectId);
    return query.orderBy('id').execute();
  };
  const lastMailTo = (address: string) => [...mail.messages].reverse().find((m) => m.to.includes(address));

  async function invite(email: string, name: string): Promise<string> {
    await admin.get('/admin/users/new');
    const response = await admin.post('/admin/users/new', { email, name, role: 'social_worker', teamId, fte: '1', 'qualifiedOn-day': '1', 'qualifiedOn-month': '9', 'qualifiedOn-year': '2020' });
    assert.equal(response.statusCode, 303, textOf(response.body));
    return String(response.headers.location).split('/')[3]!.split('?')[0]!;
  }

  test('the add form asks for no password; an invitation arrives by email once, naming no child, and its link lets the person choose a password', async () => {
    const form = await admin.get('/admin/users/new');
    assert.doesNotMatch(form.body, /type="password"/, 'an administrator never types a password');
    const id = await invite('nina@accounts.example', 'Nina New');
    const page = textOf((await admin.get(`/admin/users/${id}?done=created`)).body);
    assert.match(page, /An invitation has been emailed to them/);
    assert.match(page, /Not yet chosen \(invited\)/);

    await sendMail();
    await sendMail();
    const sent = mail.messages.filter((m) => m.to.includes('nina@accounts.example'));
    assert.equal(sent.length, 1, 'sent once, however often the worker runs');
    assert.equal(sent[0]!.subject, 'Your Steadfast account');
    assert.match(sent[0]!.text, /Hello Nina New/);
    const row = await use().db.selectFrom('email_outbox').selectAll().where('recipient', '=', 'nina@accounts.example').executeTakeFirstOrThrow();
    assert.ok(row.sent_at);
    assert.equal(row.body_text, null, 'the body and its link are erased once sent');
    assert.equal(row.link, null);

    const link = linkIn(sent[0]!);
    assert.match(link, /^\/account\/invitation\?token=[\w-]{43}$/);
    const agent = new Agent(t.app);
    const opened = await agent.get(link);
    assert.equal(opened.statusCode, 200);
    assert.match(textOf(opened.body), /Choose your password For your account nina@accounts\.example/);

    const token = decodeURIComponent(link.split('token=')[1]!);
    for (const [why, password, confirm, message] of [
      ['too short', 'short one', 'short one', /at least 12 characters/],
      ['common', 'password1234', 'password1234', /too common/],
      ['weak', 'aaaaaaaaaaab', 'aaaaaaaaaaab', /too easy to guess|repeated/],
      ['containing the email', 'nina-secret-lantern', 'nina-secret-lantern', /email address/],
      ['typed differently twice', CHOSEN, `${CHOSEN}x`, /same password twice/],
    ] as const) {
      const refused = await agent.post('/account/invitation', { token, password, confirm });
      assert.equal(refused.statusCode, 400, why);
      assert.match(refused.body, /govuk-error-summary/, why);
      assert.match(textOf(refused.body), message, why);
      assert.ok(!refused.body.includes(password), `${why}: the password is not sent back`);
    }
    const chosen = await agent.post('/account/invitation', { token, password: CHOSEN, confirm: CHOSEN });
    assert.equal(chosen.statusCode, 303);
    assert.equal(chosen.headers.location, '/sign-in?passwordSet=1');
    assert.match(textOf((await agent.get('/sign-in?passwordSet=1')).body), /Your password has been saved/);

    const reused = await agent.get(link);
    assert.equal(reused.statusCode, 410);
    assert.match(textOf(reused.body), /This link has already been used/);
    assert.equal((await agent.post('/account/invitation', { token, password: CHOSEN, confirm: CHOSEN })).statusCode, 410, 'a used link cannot set a password again');

    assert.equal((await agent.signIn('nina@accounts.example', CHOSEN)).statusCode, 303);
    const accepted = await audit('user.invitation-accept', id);
    assert.deepEqual(accepted.map((r) => r.outcome), ['failed', 'failed', 'failed', 'failed', 'failed', 'allowed']);
    assert.ok(accepted.every((r) => r.actor_user_id === id && !String(r.reason).includes(CHOSEN)));
    assert.deepEqual((await audit('user.invite', id)).length, 1);
  });

  test('an expired, revoked or unknown invitation link gets a clear page; a new invitation works', async () => {
    const id = await invite('olly@accounts.example', 'Olly Old');
    await sendMail();
    const first = linkIn(lastMailTo('olly@accounts.example')!);
    const agent = new Agent(t.app);
    t.clock.advanceMinutes(7 * 24 * 60 + 1);
    try {
      const expired = await agent.get(first);
      assert.equal(expired.statusCode, 410);
      assert.match(textOf(expired.body), /This link has expired Invitation links work for 7 days/);
    } finally {
      t.clock.advanceMinutes(-(7 * 24 * 60 + 1));
    }
    const unknown = await agent.get('/account/invitation?token=not-a-real-token');
    assert.equal(unknown.statusCode, 404);
    assert.match(textOf(unknown.body), /This link does not work/);

    await admin.get(`/admin/users/${id}`);
    assert.equal((await admin.post(`/admin/users/${id}/invite`)).statusCode, 303);
    assert.equal((await agent.get(first)).statusCode, 410, 'the earlier link stops working when a new one is sent');
    await sendMail();
    const second = linkIn(lastMailTo('olly@accounts.example')!);
    assert.notEqual(second, first);
    assert.equal((await agent.get(second)).statusCode, 200);
    await admin.get(`/admin/users/${id}`);
    assert.equal((await admin.post(`/admin/users/${id}/revoke-invitation`)).statusCode, 303);
    assert.equal((await agent.get(second)).statusCode, 410, 'a revoked link stops working');
    assert.deepEqual((await audit('user.invite-revoke', id)).length, 1);
    assert.equal(mail.messages.filter((m) => m.to.includes('olly@accounts.example')).length, 2);
  });

  test('forgotten password: the same answer for any address, a link that works once for an hour, other sessions ended, throttled', async () => {
    const id = await createUser(use().db, { email: 'rita@accounts.example', role: 'social_worker', teamId, name: 'Rita Reset' });
    const elsewhere = await signedIn(t.app, 'rita@accounts.example');
    const before = mail.messages.length;

    const visitor = new Agent(t.app);
    const signIn = await visitor.get('/sign-in');
    assert.match(signIn.body, /href="\/account\/forgotten-password"/);
    await visitor.get('/account/forgotten-password');
    const blank = await visitor.post('/account/forgotten-password', { email: '' });
    assert.equal(blank.statusCode, 400);
    assert.match(blank.body, /govuk-error-summary/);
    const unknown = await visitor.post('/account/forgotten-password', { email: 'nobody@accounts.example' });
    const known = await visitor.post('/account/forgotten-password', { email: 'RITA@accounts.example' });
    assert.equal(unknown.statusCode, 303);
    assert.deepEqual([known.statusCode, known.headers.location], [unknown.statusCode, unknown.headers.location], 'no account enumeration');
    assert.equal(textOf((await visitor.get('/account/forgotten-password/sent')).body).includes('If an account uses the address you gave'), true);
    await sendMail();
    assert.equal(mail.messages.length, before + 1, 'one email, to the account only');
    const email = lastMailTo('rita@accounts.example')!;
    assert.equal(email.subject, 'Reset your Steadfast password');
    const link = linkIn(email);
    assert.match(link, /^\/account\/reset-password\?token=/);
    const token = decodeURIComponent(link.split('token=')[1]!);

    // An hour later the link has expired.
    t.clock.advanceMinutes(61);
    try {
      const expired = await visitor.get(link);
      assert.equal(expired.statusCode, 410);
      assert.match(textOf(expired.body), /Reset links work for 60 minutes/);
    } finally {
      t.clock.advanceMinutes(-61);
    }
    assert.equal((await visitor.get(link)).statusCode, 200);
    assert.equal((await visitor.post('/account/reset-password', { token, password: 'qwerty123456', confirm: 'qwerty123456' })).statusCode, 400);
    const reset = await visitor.post('/account/reset-password', { token, password: CHOSEN, confirm: CHOSEN });
    assert.equal(reset.statusCode, 303);
    const kicked = await elsewhere.get('/');
    assert.equal(kicked.statusCode, 302, 'the session signed in elsewhere has ended');
    assert.equal((await new Agent(t.app).signIn('rita@accounts.example', TEST_PASSWORD)).statusCode, 401, 'the old password no longer works');
    assert.equal((await new Agent(t.app).signIn('rita@accounts.example', CHOSEN)).statusCode, 303);
    assert.equal((await visitor.get(link)).statusCode, 410, 'used once only');

    const requests = await audit('user.password-reset-request');
    assert.deepEqual(requests.map((r) => [r.outcome, r.subject_id]), [['denied', null], ['allowed', id]]);
    const resets = await audit('user.password-reset', id);
    assert.deepEqual(resets.map((r) => r.outcome), ['failed', 'allowed']);
    assert.match(String(resets[1]!.reason), /1 session ended/);

    // Three links an hour at most; a fourth request gets the same answer and sends nothing.
    for (let i = 0; i < 3; i++) assert.equal((await visitor.post('/account/forgotten-password', { email: 'rita@accounts.example' })).statusCode, 303);
    await sendMail();
    const sentToRita = mail.messages.filter((m) => m.to.includes('rita@accounts.example')).length;
    assert.equal(sentToRita, 3, 'the first link and two more: the fourth request in the hour sent nothing');
    assert.match(String((await audit('user.password-reset-request', id)).at(-1)!.reason), /3 reset links sent in the last hour; nothing sent/);
  });

  test('a message queued twice for one event is sent once, even with two workers at once', async () => {
    const db = use().db;
    const message = { idempotencyKey: 'test:once', to: 'once@accounts.example', userId: null, subject: 'Once', text: 'Only once.', link: null };
    assert.equal(await queueEmail(db, message, t.clock.now()), true);
    assert.equal(await queueEmail(db, message, t.clock.now()), false, 'the same event queues nothing more');
    const second = startScheduler(applicationJobs(db, t.clock, t.config).filter((job) => job.name === OUTBOX_JOB), { info: () => {}, error: () => {} }, stillTimers);
    await Promise.all([sendMail(), second.runNow(OUTBOX_JOB), sendMail()]);
    await second.stop();
    assert.equal(mail.messages.filter((m) => m.to.includes('once@accounts.example')).length, 1);
  });

  test('a failed email is listed for administrators with its error, never its text, and can be tried again (audited)', async () => {
    const db = use().db;
    const now = t.clock.now();
    const row = await db
      .insertInto('email_outbox')
      .values({ idempotency_key: 'test:failed', recipient: 'failed@accounts.example', subject: 'Your Steadfast account', body_text: 'Private text', link: null, created_at: now, next_attempt_at: now, attempts: 8, failed_at: now, last_error: '550 mailbox unavailable' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const page = await admin.get('/admin/emails');
    assert.match(textOf(page.body), /Not sent after every try \(1\) .*failed@accounts\.example Your Steadfast account 8 .*550 mailbox unavailable/);
    assert.ok(!page.body.includes('Private text'));
    assert.equal((await admin.post(`/admin/emails/${row.id}/retry`)).statusCode, 303);
    assert.equal((await admin.post(`/admin/emails/${row.id}/retry`)).statusCode, 404, 'only a failed email can be tried again');
    await sendMail();
    assert.equal(mail.messages.filter((m) => m.to.includes('failed@accounts.example')).length, 1);
    assert.equal((await audit('email.retry', row.id)).length, 1);
  });

  test('leavers: a leaving date in the workforce records ends their sessions at once and sign-in is refused as a wrong password is', async () => {
    const db = use().db;
    const managerId = await createUser(db, { email: 'manager@accounts.example', role: 'team_manager', teamId, name: 'Mo Manager' });
    const leaverId = await createUser(db, { email: 'leaver@accounts.example', role: 'social_worker', teamId, lineManagerId: managerId, name: 'Lee Leaver', qualifiedOn: '2020-09-01' });
    const leaver = await signedIn(t.app, 'leaver@accounts.example');
    assert.equal((await leaver.get('/')).statusCode, 200);

    const manager = await signedIn(t.app, 'manager@accounts.example');
    await manager.get(`/workforce/staff/${leaverId}/edit`);
    const saved = await manager.post(`/workforce/staff/${leaverId}/edit`, {
      employmentType: 'permanent',
      'leftOn-day': '23',
      'leftOn-month': '11',
      'leftOn-year': '2026',
      leavingReason: '1',
      leavingDestination: '1',
    });
    assert.equal(saved.statusCode, 303, textOf(saved.body));
    const sessions = await db.selectFrom('sessions').select('user_id').where('user_id', '=', leaverId).execute();
    assert.equal(sessions.length, 0, 'their sessions ended in the same transaction');
    assert.equal((await leaver.get('/')).statusCode, 302);
    const refused = await new Agent(t.app).signIn('leaver@accounts.example', TEST_PASSWORD);
    assert.equal(refused.statusCode, 401);
    assert.match(textOf(refused.body), /Enter a correct email address and password/);
    const ended = await audit('user.access-ended', leaverId);
    assert.equal(ended.length, 1);
    assert.match(String(ended[0]!.reason), /leaving date 2026-11-23 recorded.*1 session ended/);
    const signIns = await audit('sign-in', leaverId);
    assert.match(String(signIns.at(-1)!.reason), /left on 2026-11-23/);

    // No reset link for a leaver either; the answer is the same.
    const before = mail.messages.length;
    const visitor = new Agent(t.app);
    await visitor.get('/account/forgotten-password');
    assert.equal((await visitor.post('/account/forgotten-password', { email: 'leaver@accounts.example' })).statusCode, 303);
    await sendMail();
    assert.equal(mail.messages.length, before);

    // A leaving date still to come leaves access alone until that day, then ends it.
    const laterId = await createUser(db, { email: 'later@accounts.example', role: 'social_worker', teamId, lineManagerId: managerId, name: 'Lou Later', qualifiedOn: '2020-09-01' });
    const later = await signedIn(t.app, 'later@accounts.example');
    await manager.get(`/workforce/staff/${laterId}/edit`);
    const future = await manager.post(`/workforce/staff/${laterId}/edit`, { employmentType: 'permanent', 'leftOn-day': '24', 'leftOn-month': '11', 'leftOn-year': '2026', leavingReason: '1', leavingDestination: '1' });
    assert.equal(future.statusCode, 303, textOf(future.body));
    assert.equal((await later.get('/')).statusCode, 200, 'still at work today');
    t.clock.advanceMinutes(24 * 60);
    try {
      assert.equal((await later.get('/')).statusCode, 302, 'signed out on the leaving day');
      assert.equal((await db.selectFrom('sessions').select('user_id').where('user_id', '=', laterId).execute()).length, 0);
    } finally {
      t.clock.advanceMinutes(-24 * 60);
    }
  });

  test('an administrator disabling someone ends their sessions and refuses sign-in with the same answer', async () => {
    const id = await createUser(use().db, { email: 'dan@accounts.example', role: 'social_worker', teamId, name: 'Dan Disabled' });
    const dan = await signedIn(t.app, 'dan@accounts.example');
    await admin.get(`/admin/users/${id}`);
    assert.equal((await admin.post(`/admin/users/${id}/disable`)).statusCode, 303);
    assert.equal((await dan.get('/')).statusCode, 302);
    const refused = await new Agent(t.app).signIn('dan@accounts.example', TEST_PASSWORD);
    assert.equal(refused.statusCode, 401);
    assert.match(textOf(refused.body), /Enter a correct email address and password/);
  });
});
